/* The kernel backend's route, label route, address and neighbour messages, read back with libmnl. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <linux/if_addr.h>
#include <linux/lwtunnel.h>
#include <linux/mpls_iptunnel.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "dataplane/kernel/kn_mark.h"
#include "nl_fixture.h"

#define REQ_ACK (NLM_F_REQUEST | NLM_F_ACK)

static const struct rtmsg *rtm_of(const struct nlmsghdr *nlh)
{
	return mnl_nlmsg_get_payload(nlh);
}

static struct dp_op route_op(void)
{
	struct dp_op op = {.op_type = DP_ROUTE_ADD};
	struct dp_route *r = &op.op_route;

	r->dr_table = 101;
	r->dr_dst = a4("192.168.114.0");
	r->dr_plen = 24;
	r->dr_metric = 20;
	r->dr_nnh = 1;
	r->dr_nh[0].dn_gw = a4("10.0.0.1");
	strcpy(r->dr_nh[0].dn_dev, "fy-tu0");
	r->dr_nh[0].dn_labels[0] = 19;
	r->dr_nh[0].dn_labels[1] = 20;
	r->dr_nh[0].dn_nlabels = 2;
	return op;
}

/* Labels 19 then 20: label << 12, bottom of stack (0x100) on the last; TC and TTL 0. */
static const uint8_t stack_19_20[] = {0x00, 0x01, 0x30, 0x00, 0x00, 0x01, 0x41, 0x00};

static void assert_encap(const struct nlattr **tb, const void *stack, size_t len)
{
	const struct nlattr *mpls[MPLS_IPTUNNEL_MAX + 1];

	assert_non_null(tb[RTA_ENCAP_TYPE]);
	assert_int_equal(mnl_attr_get_u16(tb[RTA_ENCAP_TYPE]), LWTUNNEL_ENCAP_MPLS);
	nested_of(tb[RTA_ENCAP], mpls, MPLS_IPTUNNEL_MAX);
	assert_attr_bytes(mpls[MPLS_IPTUNNEL_DST], stack, len);
}

static void test_route_with_labels(void **state)
{
	struct dp_op op = route_op();
	const struct nlattr *tb[RTA_MAX + 1];
	struct in_addr dst = a4("192.168.114.0"), gw = a4("10.0.0.1");
	struct kn_msgs m;
	const struct rtmsg *rtm;

	build_ok(&m, &op, 1);
	assert_int_equal(msg_at(&m, 0)->nlmsg_type, RTM_NEWROUTE);
	assert_int_equal(msg_at(&m, 0)->nlmsg_flags, REQ_ACK | NLM_F_CREATE | NLM_F_REPLACE);
	rtm = rtm_of(msg_at(&m, 0));
	assert_int_equal(rtm->rtm_family, AF_INET);
	assert_int_equal(rtm->rtm_dst_len, 24);
	assert_int_equal(rtm->rtm_table, 101);
	assert_int_equal(rtm->rtm_protocol, RTPROT_FERRY);
	assert_int_equal(rtm->rtm_scope, RT_SCOPE_UNIVERSE);
	assert_int_equal(rtm->rtm_type, RTN_UNICAST);
	attrs_of(msg_at(&m, 0), sizeof(struct rtmsg), tb, RTA_MAX);
	assert_attr_u32(tb[RTA_TABLE], 101);
	assert_attr_bytes(tb[RTA_DST], &dst, 4);
	assert_attr_u32(tb[RTA_PRIORITY], 20);
	assert_attr_u32(tb[RTA_OIF], 20);
	assert_attr_bytes(tb[RTA_GATEWAY], &gw, 4);
	assert_encap(tb, stack_19_20, sizeof(stack_19_20));
	assert_null(tb[RTA_MULTIPATH]);
}

static void test_route_tables_and_labels(void **state)
{
	struct dp_op op = route_op();
	const struct nlattr *tb[RTA_MAX + 1];
	struct kn_msgs m;

	op.op_route.dr_table = 1000; /* only RTA_TABLE holds it */
	build_ok(&m, &op, 1);
	assert_int_equal(rtm_of(msg_at(&m, 0))->rtm_table, RT_TABLE_UNSPEC);
	attrs_of(msg_at(&m, 0), sizeof(struct rtmsg), tb, RTA_MAX);
	assert_attr_u32(tb[RTA_TABLE], 1000);

	op.op_route.dr_table = 0;	       /* the main table */
	op.op_route.dr_nh[0].dn_labels[0] = 3; /* implicit null is never pushed */
	op.op_route.dr_nh[0].dn_nlabels = 1;
	op.op_route.dr_metric = 0;
	build_ok(&m, &op, 1);
	assert_int_equal(rtm_of(msg_at(&m, 0))->rtm_table, RT_TABLE_MAIN);
	attrs_of(msg_at(&m, 0), sizeof(struct rtmsg), tb, RTA_MAX);
	assert_attr_u32(tb[RTA_TABLE], RT_TABLE_MAIN);
	assert_null(tb[RTA_ENCAP]);
	assert_null(tb[RTA_ENCAP_TYPE]);
	assert_null(tb[RTA_PRIORITY]);

	op.op_route.dr_nh[0].dn_labels[0] = 0x100000;
	build_fails(&op, EINVAL, "label 1048576");
	op = route_op();
	strcpy(op.op_route.dr_nh[0].dn_dev, "fy-tu9");
	build_fails(&op, ENODEV, "fy-tu9");
	op.op_route.dr_nnh = 0;
	build_fails(&op, EINVAL, "next hop");
	op.op_route.dr_plen = 33;
	build_fails(&op, EINVAL, "prefix length");
}

/* The next hops inside RTA_MULTIPATH: struct rtnexthop, then its attributes. */
static void test_multipath(void **state)
{
	struct dp_op op = route_op();
	const struct nlattr *tb[RTA_MAX + 1], *hop[RTA_MAX + 1];
	const struct rtnexthop *rtnh;
	struct in_addr gw2 = a4("10.0.0.5");
	struct kn_msgs m;
	size_t left;

	op.op_route.dr_nnh = 2;
	op.op_route.dr_nh[1].dn_gw = gw2;
	strcpy(op.op_route.dr_nh[1].dn_dev, "eth0");
	build_ok(&m, &op, 1);
	attrs_of(msg_at(&m, 0), sizeof(struct rtmsg), tb, RTA_MAX);
	assert_null(tb[RTA_OIF]);
	assert_null(tb[RTA_GATEWAY]);
	assert_non_null(tb[RTA_MULTIPATH]);
	rtnh = mnl_attr_get_payload(tb[RTA_MULTIPATH]);
	left = mnl_attr_get_payload_len(tb[RTA_MULTIPATH]);

	assert_true(left >= sizeof(*rtnh) && rtnh->rtnh_len <= left);
	assert_int_equal(rtnh->rtnh_ifindex, 20);
	memset(hop, 0, sizeof(hop));
	for (const struct nlattr *a = (const void *)(rtnh + 1); (const char *)a < (const char *)rtnh + rtnh->rtnh_len;
	     a = mnl_attr_next(a))
		hop[mnl_attr_get_type(a)] = a;
	assert_encap(hop, stack_19_20, sizeof(stack_19_20));
	left -= RTNH_ALIGN(rtnh->rtnh_len);
	rtnh = (const void *)((const char *)rtnh + RTNH_ALIGN(rtnh->rtnh_len));

	assert_true(left >= sizeof(*rtnh) && rtnh->rtnh_len == left);
	assert_int_equal(rtnh->rtnh_ifindex, 2);
	assert_int_equal(rtnh->rtnh_len, sizeof(*rtnh) + 8); /* the gateway alone: no labels */
	assert_memory_equal((const char *)(rtnh + 1) + 4, &gw2, 4);
}

static void test_blackhole_attached_and_delete(void **state)
{
	struct dp_op op = route_op();
	const struct nlattr *tb[RTA_MAX + 1];
	struct kn_msgs m;

	op.op_route.dr_kind = DP_ROUTE_BLACKHOLE;
	op.op_route.dr_nnh = 0;
	build_ok(&m, &op, 1);
	assert_int_equal(rtm_of(msg_at(&m, 0))->rtm_type, RTN_BLACKHOLE);
	attrs_of(msg_at(&m, 0), sizeof(struct rtmsg), tb, RTA_MAX);
	assert_null(tb[RTA_OIF]);
	assert_null(tb[RTA_ENCAP]);

	op = route_op();
	op.op_route.dr_nh[0].dn_gw.s_addr = 0;
	build_ok(&m, &op, 1);
	assert_int_equal(rtm_of(msg_at(&m, 0))->rtm_scope, RT_SCOPE_LINK);

	/* a delete: ferryd's protocol, any scope and type, no next hops */
	op.op_type = DP_ROUTE_DEL;
	build_ok(&m, &op, 1);
	assert_int_equal(msg_at(&m, 0)->nlmsg_type, RTM_DELROUTE);
	assert_int_equal(msg_at(&m, 0)->nlmsg_flags, REQ_ACK);
	assert_int_equal(m.km_tolerate[0], KN_GONE_OK);
	assert_int_equal(rtm_of(msg_at(&m, 0))->rtm_protocol, RTPROT_FERRY);
	assert_int_equal(rtm_of(msg_at(&m, 0))->rtm_scope, RT_SCOPE_NOWHERE);
	assert_int_equal(rtm_of(msg_at(&m, 0))->rtm_type, RTN_UNSPEC);
	attrs_of(msg_at(&m, 0), sizeof(struct rtmsg), tb, RTA_MAX);
	assert_attr_u32(tb[RTA_TABLE], 101);
	assert_attr_u32(tb[RTA_PRIORITY], 20);
	assert_null(tb[RTA_OIF]);
	assert_null(tb[RTA_ENCAP]);
}

static struct dp_op label_op(enum dp_label_action action)
{
	struct dp_op op = {.op_type = DP_LABEL_ADD};

	op.op_label.dlb_in = 16;
	op.op_label.dlb_action = action;
	strcpy(op.op_label.dlb_vrf, "fy-v-cust1");
	op.op_label.dlb_nh.dn_gw = a4("10.1.1.4");
	strcpy(op.op_label.dlb_nh.dn_dev, "fy-tu0");
	op.op_label.dlb_nh.dn_labels[0] = 25;
	op.op_label.dlb_nh.dn_nlabels = 1;
	return op;
}

static const uint8_t label_16[] = {0x00, 0x01, 0x01, 0x00}; /* 16 << 12, bottom of stack */

static void test_label_pop_lookup(void **state)
{
	struct dp_op op = label_op(DP_LABEL_POP_LOOKUP);
	const struct nlattr *tb[RTA_MAX + 1];
	struct kn_msgs m;
	const struct rtmsg *rtm;

	build_ok(&m, &op, 1);
	rtm = rtm_of(msg_at(&m, 0));
	assert_int_equal(rtm->rtm_family, AF_MPLS);
	assert_int_equal(rtm->rtm_dst_len, 20);
	assert_int_equal(rtm->rtm_protocol, RTPROT_FERRY);
	assert_int_equal(rtm->rtm_table, RT_TABLE_MAIN);
	attrs_of(msg_at(&m, 0), sizeof(struct rtmsg), tb, RTA_MAX);
	assert_attr_bytes(tb[RTA_DST], label_16, 4);
	assert_attr_u32(tb[RTA_OIF], 10); /* the VRF device: pop, then look up in its table */
	assert_null(tb[RTA_VIA]);
	assert_null(tb[RTA_NEWDST]);
}

static void test_label_swap_and_pop_forward(void **state)
{
	struct dp_op op = label_op(DP_LABEL_SWAP);
	const struct nlattr *tb[RTA_MAX + 1];
	/* struct rtvia: family AF_INET (2) in host order, then 10.1.1.4 */
	const uint8_t via[] = {AF_INET & 0xff, AF_INET >> 8, 10, 1, 1, 4};
	const uint8_t label_25[] = {0x00, 0x01, 0x91, 0x00};
	struct kn_msgs m;

	build_ok(&m, &op, 1);
	attrs_of(msg_at(&m, 0), sizeof(struct rtmsg), tb, RTA_MAX);
	assert_attr_bytes(tb[RTA_NEWDST], label_25, 4);
	assert_attr_bytes(tb[RTA_VIA], via, sizeof(via));
	assert_attr_u32(tb[RTA_OIF], 20);

	op = label_op(DP_LABEL_POP_FORWARD);
	op.op_label.dlb_nh.dn_gw.s_addr = 0; /* a point-to-point tunnel: no via */
	build_ok(&m, &op, 1);
	attrs_of(msg_at(&m, 0), sizeof(struct rtmsg), tb, RTA_MAX);
	assert_null(tb[RTA_NEWDST]);
	assert_null(tb[RTA_VIA]);
	assert_attr_u32(tb[RTA_OIF], 20);

	op.op_type = DP_LABEL_DEL;
	build_ok(&m, &op, 1);
	assert_int_equal(msg_at(&m, 0)->nlmsg_type, RTM_DELROUTE);
	attrs_of(msg_at(&m, 0), sizeof(struct rtmsg), tb, RTA_MAX);
	assert_attr_bytes(tb[RTA_DST], label_16, 4);
	assert_null(tb[RTA_OIF]);

	op = label_op(DP_LABEL_SWAP);
	op.op_label.dlb_in = 15;
	build_fails(&op, EINVAL, "reserved");
	op = label_op(DP_LABEL_POP_LOOKUP);
	strcpy(op.op_label.dlb_vrf, "fy-v-cust2");
	build_fails(&op, ENODEV, "fy-v-cust2");
}

static void test_address(void **state)
{
	struct dp_op op = {.op_type = DP_ADDR_ADD};
	const struct nlattr *tb[IFA_MAX + 1];
	struct in_addr addr = a4("10.1.1.3");
	const struct ifaddrmsg *ifa;
	struct kn_msgs m;

	strcpy(op.op_addr.da_dev, "fy-tu0");
	op.op_addr.da_addr = addr;
	op.op_addr.da_plen = 24;
	build_ok(&m, &op, 1);
	assert_int_equal(msg_at(&m, 0)->nlmsg_type, RTM_NEWADDR);
	assert_int_equal(msg_at(&m, 0)->nlmsg_flags, REQ_ACK | NLM_F_CREATE | NLM_F_REPLACE);
	ifa = mnl_nlmsg_get_payload(msg_at(&m, 0));
	assert_int_equal(ifa->ifa_family, AF_INET);
	assert_int_equal(ifa->ifa_prefixlen, 24);
	assert_int_equal(ifa->ifa_index, 20);
	attrs_of(msg_at(&m, 0), sizeof(*ifa), tb, IFA_MAX);
	assert_attr_bytes(tb[IFA_LOCAL], &addr, 4);
	assert_attr_bytes(tb[IFA_ADDRESS], &addr, 4);
	assert_attr_bytes(tb[IFA_PROTO], "\xf1", 1); /* RTPROT_FERRY */

	op.op_type = DP_ADDR_DEL;
	build_ok(&m, &op, 1);
	assert_int_equal(msg_at(&m, 0)->nlmsg_type, RTM_DELADDR);
	assert_int_equal(m.km_tolerate[0], KN_GONE_OK);
	strcpy(op.op_addr.da_dev, "eth7");
	build_fails(&op, ENODEV, "eth7");
}

static void test_neighbour(void **state)
{
	struct dp_op op = {.op_type = DP_NEIGH_ADD};
	const struct nlattr *tb[NDA_MAX + 1];
	struct in_addr overlay = a4("10.1.1.4"), nbma = a4("172.16.1.104");
	const struct ndmsg *ndm;
	struct kn_msgs m;

	strcpy(op.op_neigh.dnb_dev, "fy-tu0");
	op.op_neigh.dnb_overlay = overlay;
	op.op_neigh.dnb_nbma = nbma;
	build_ok(&m, &op, 1);
	assert_int_equal(msg_at(&m, 0)->nlmsg_type, RTM_NEWNEIGH);
	ndm = mnl_nlmsg_get_payload(msg_at(&m, 0));
	assert_int_equal(ndm->ndm_family, AF_INET);
	assert_int_equal(ndm->ndm_ifindex, 20);
	assert_int_equal(ndm->ndm_state, NUD_PERMANENT);
	attrs_of(msg_at(&m, 0), sizeof(*ndm), tb, NDA_MAX);
	assert_attr_bytes(tb[NDA_DST], &overlay, 4);
	assert_attr_bytes(tb[NDA_LLADDR], &nbma, 4); /* a GRE device's link-layer address is the far end */
	assert_attr_bytes(tb[NDA_PROTOCOL], "\xf1", 1);

	op.op_type = DP_NEIGH_DEL;
	build_ok(&m, &op, 1);
	assert_int_equal(msg_at(&m, 0)->nlmsg_type, RTM_DELNEIGH);
	attrs_of(msg_at(&m, 0), sizeof(*ndm), tb, NDA_MAX);
	assert_null(tb[NDA_LLADDR]);
}

/* The largest route the interface can express still fits one message. */
static void test_largest_route_fits(void **state)
{
	struct dp_op op = route_op();
	struct kn_msgs m;

	op.op_route.dr_nnh = DP_MAX_NEXTHOPS;
	for (unsigned i = 0; i < DP_MAX_NEXTHOPS; i++) {
		op.op_route.dr_nh[i] = op.op_route.dr_nh[0];
		op.op_route.dr_nh[i].dn_nlabels = DP_MAX_LABELS;
		for (unsigned k = 0; k < DP_MAX_LABELS; k++)
			op.op_route.dr_nh[i].dn_labels[k] = 0xfffff;
	}
	build_ok(&m, &op, 1);
	assert_true(msg_at(&m, 0)->nlmsg_len < KN_MSG_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_route_with_labels),
	    cmocka_unit_test(test_route_tables_and_labels),
	    cmocka_unit_test(test_multipath),
	    cmocka_unit_test(test_blackhole_attached_and_delete),
	    cmocka_unit_test(test_label_pop_lookup),
	    cmocka_unit_test(test_label_swap_and_pop_forward),
	    cmocka_unit_test(test_address),
	    cmocka_unit_test(test_neighbour),
	    cmocka_unit_test(test_largest_route_fits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
