/* Decoders of the kernel's answers: messages as the builders write them (the kernel dumps the same
 * layout back), hand-made ones, and every truncation of each. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/mpls.h>
#include <linux/rtnetlink.h>
#include <linux/xfrm.h>

#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_parse.h"
#include "nl_fixture.h"

/* A device as a link dump shows it: name, ferryd's mark, kind. */
static struct nlmsghdr *dumped_link(char *buf, const char *name, const char *alias, const char *kind)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *info;

	nlh->nlmsg_type = RTM_NEWLINK;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	if (name)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (alias)
		mnl_attr_put_strz(nlh, IFLA_IFALIAS, alias);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	mnl_attr_nest_end(nlh, info);
	return nlh;
}

static void test_links(void **state)
{
	_Alignas(8) char buf[512];
	struct dp_op del;

	assert_int_equal(kn_parse_link(dumped_link(buf, "fy-v-cust1", "ferry:cust1", "vrf"), &del), 1);
	assert_int_equal(del.op_type, DP_VRF_DEL);
	assert_string_equal(del.op_vrf.dv_name, "fy-v-cust1");
	assert_int_equal(kn_parse_link(dumped_link(buf, "fy-tu0", "ferry:Tunnel0", "gre"), &del), 1);
	assert_int_equal(del.op_type, DP_LINK_DEL);
	assert_string_equal(del.op_link.dl_name, "fy-tu0");
	assert_int_not_equal(del.op_link.dl_kind, DP_LINK_EXISTING); /* deleted, not only released */

	assert_int_equal(kn_parse_link(dumped_link(buf, "eth0", NULL, "veth"), &del), 0);
	assert_int_equal(kn_parse_link(dumped_link(buf, "eth0", "uplink", "veth"), &del), 0);
	assert_int_equal(kn_parse_link(dumped_link(buf, "eth0", "ferr", "veth"), &del), 0);
	assert_int_equal(kn_parse_link(dumped_link(buf, NULL, "ferry:x", "dummy"), &del), -1);
	assert_int_equal(kn_parse_link(dumped_link(buf, "0123456789abcdef", "ferry:x", "dummy"), &del), -1);
}

/* The settle message of a created device has what a dump shows: it parses back to its delete. */
static void test_link_round_trip(void **state)
{
	struct dp_op op = {.op_type = DP_LINK_ADD}, del;
	struct kn_msgs m;

	strcpy(op.op_link.dl_name, "fy-lo100");
	op.op_link.dl_kind = DP_LINK_LOOPBACK;
	build_ok(&m, &op, 2);
	assert_int_equal(kn_parse_link(msg_at(&m, 1), &del), 1);
	assert_int_equal(del.op_type, DP_LINK_DEL);
	assert_string_equal(del.op_link.dl_name, "fy-lo100");
	op.op_link.dl_kind = DP_LINK_EXISTING; /* never marked: never swept */
	strcpy(op.op_link.dl_name, "eth0");
	build_ok(&m, &op, 1);
	assert_int_equal(kn_parse_link(msg_at(&m, 0), &del), 0);
}

static void test_route_round_trip(void **state)
{
	struct dp_op op = {.op_type = DP_ROUTE_ADD}, del;
	struct kn_msgs m, again;

	op.op_route.dr_table = 1000;
	op.op_route.dr_dst = a4("192.168.114.0");
	op.op_route.dr_plen = 24;
	op.op_route.dr_metric = 20;
	op.op_route.dr_kind = DP_ROUTE_BLACKHOLE;
	build_ok(&m, &op, 1);
	assert_int_equal(kn_parse_route(msg_at(&m, 0), &del), 1);
	assert_int_equal(del.op_type, DP_ROUTE_DEL);
	assert_int_equal(del.op_route.dr_table, 1000);
	assert_int_equal(del.op_route.dr_dst.s_addr, op.op_route.dr_dst.s_addr);
	assert_int_equal(del.op_route.dr_plen, 24);
	assert_int_equal(del.op_route.dr_metric, 20);
	assert_int_equal(del.op_route.dr_kind, DP_ROUTE_BLACKHOLE);
	/* the parsed delete is the delete of the original */
	op.op_type = DP_ROUTE_DEL;
	build_ok(&m, &op, 1);
	build_ok(&again, &del, 1);
	assert_int_equal(m.km_len, again.km_len);
	assert_memory_equal(m.km_buf, again.km_buf, m.km_len);

	((struct rtmsg *)mnl_nlmsg_get_payload(msg_at(&m, 0)))->rtm_protocol = RTPROT_STATIC;
	assert_int_equal(kn_parse_route(msg_at(&m, 0), &del), 0); /* not ferryd's */
	assert_int_equal(kn_parse_label(msg_at(&m, 0), &del), 0); /* not MPLS */
}

static void test_label(void **state)
{
	struct dp_op op = {.op_type = DP_LABEL_ADD}, del;
	struct kn_msgs m;

	op.op_label.dlb_in = 1048575;
	strcpy(op.op_label.dlb_vrf, "fy-v-cust1");
	build_ok(&m, &op, 1);
	assert_int_equal(kn_parse_route(msg_at(&m, 0), &del), 0);
	assert_int_equal(kn_parse_label(msg_at(&m, 0), &del), 1);
	assert_int_equal(del.op_type, DP_LABEL_DEL);
	assert_int_equal(del.op_label.dlb_in, 1048575);
}

static void test_address(void **state)
{
	struct dp_op op = {.op_type = DP_ADDR_ADD}, del;
	struct nlmsghdr *nlh;
	struct kn_msgs m;

	strcpy(op.op_addr.da_dev, "fy-tu0");
	op.op_addr.da_addr = a4("10.1.1.3");
	op.op_addr.da_plen = 24;
	build_ok(&m, &op, 1);
	nlh = msg_at(&m, 0);
	assert_int_equal(kn_parse_addr(nlh, &del), -1); /* marked, but no label naming the device */
	mnl_attr_put_strz(nlh, IFA_LABEL, "fy-tu0");
	assert_int_equal(kn_parse_addr(nlh, &del), 1);
	assert_int_equal(del.op_type, DP_ADDR_DEL);
	assert_string_equal(del.op_addr.da_dev, "fy-tu0");
	assert_int_equal(del.op_addr.da_addr.s_addr, op.op_addr.da_addr.s_addr);
	assert_int_equal(del.op_addr.da_plen, 24);
	op.op_type = DP_ADDR_DEL; /* no protocol mark */
	build_ok(&m, &op, 1);
	assert_int_equal(kn_parse_addr(msg_at(&m, 0), &del), 0);
}

static void test_sa(void **state)
{
	struct dp_op op = {.op_type = DP_SA_ADD};
	struct xfrm_usersa_info xs;
	struct kn_sa_seen sa;
	struct kn_msgs m;

	op.op_sa.dsa_spi = 0x1102;
	op.op_sa.dsa_src = a4("192.0.2.1");
	op.op_sa.dsa_dst = a4("192.0.2.2");
	op.op_sa.dsa_keylen = 20;
	op.op_sa.dsa_reqid = 3;
	build_ok(&m, &op, 1);
	memcpy(&xs, mnl_nlmsg_get_payload(msg_at(&m, 0)), sizeof(xs));
	xs.curlft.packets = 5;
	xs.curlft.bytes = 700;
	xs.stats.replay = 2;
	xs.stats.integrity_failed = 1;
	memcpy(mnl_nlmsg_get_payload(msg_at(&m, 0)), &xs, sizeof(xs));
	msg_at(&m, 0)->nlmsg_type = XFRM_MSG_NEWSA;
	assert_int_equal(kn_parse_sa(msg_at(&m, 0), &sa), 1);
	assert_int_equal(sa.ss_spi, 0x1102);
	assert_int_equal(sa.ss_reqid, KN_REQID_MIN + 3);
	assert_int_equal(sa.ss_src.s_addr, op.op_sa.dsa_src.s_addr);
	assert_int_equal(sa.ss_dst.s_addr, op.op_sa.dsa_dst.s_addr);
	assert_int_equal(sa.ss_packets, 5);
	assert_int_equal(sa.ss_bytes, 700);
	assert_int_equal(sa.ss_replay_fail, 2);
	assert_int_equal(sa.ss_integrity_fail, 1);
	xs.family = AF_INET6;
	memcpy(mnl_nlmsg_get_payload(msg_at(&m, 0)), &xs, sizeof(xs));
	assert_int_equal(kn_parse_sa(msg_at(&m, 0), &sa), 0);
}

static void test_policy(void **state)
{
	struct dp_op op = {.op_type = DP_POLICY_ADD}, del;
	struct xfrm_userpolicy_info *pi;
	struct xfrm_user_tmpl *t;
	struct nlmsghdr *nlh;
	struct kn_msgs m;

	op.op_policy.dpo_src = a4("192.0.2.1");
	op.op_policy.dpo_dst = a4("192.0.2.2");
	op.op_policy.dpo_proto = 47;
	op.op_policy.dpo_dir = DP_POLICY_IN;
	op.op_policy.dpo_reqid = 3;
	build_ok(&m, &op, 1);
	nlh = msg_at(&m, 0);
	nlh->nlmsg_type = XFRM_MSG_NEWPOLICY; /* as a dump shows it */
	assert_int_equal(kn_parse_policy(nlh, &del), 1);
	assert_int_equal(del.op_type, DP_POLICY_DEL);
	assert_int_equal(del.op_policy.dpo_src.s_addr, op.op_policy.dpo_src.s_addr);
	assert_int_equal(del.op_policy.dpo_dst.s_addr, op.op_policy.dpo_dst.s_addr);
	assert_int_equal(del.op_policy.dpo_proto, 47);
	assert_int_equal(del.op_policy.dpo_dir, DP_POLICY_IN);
	assert_int_equal(del.op_policy.dpo_reqid, KN_REQID_MIN + 3);

	pi = mnl_nlmsg_get_payload(nlh);
	t = mnl_attr_get_payload((struct nlattr *)((char *)pi + MNL_ALIGN(sizeof(*pi))));
	t->reqid = 3; /* strongSwan's, say */
	assert_int_equal(kn_parse_policy(nlh, &del), 0);
	t->reqid = KN_REQID_MIN;
	pi->sel.prefixlen_d = 24; /* not a selector ferryd writes */
	assert_int_equal(kn_parse_policy(nlh, &del), 0);
	pi->sel.prefixlen_d = 32;
	pi->dir = XFRM_POLICY_MAX; /* a socket policy */
	assert_int_equal(kn_parse_policy(nlh, &del), 0);
}

static struct nlmsghdr *mpls_stats(char *buf, size_t stats_len)
{
	struct mpls_link_stats s = {
	    .rx_packets = 7, .rx_bytes = 840, .tx_packets = 6, .tx_bytes = 720, .rx_noroute = 2};
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *spec, *mpls;

	nlh->nlmsg_type = RTM_NEWSTATS;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct if_stats_msg));
	spec = mnl_attr_nest_start(nlh, IFLA_STATS_AF_SPEC);
	mpls = mnl_attr_nest_start(nlh, AF_MPLS);
	mnl_attr_put(nlh, MPLS_STATS_LINK, stats_len, &s);
	mnl_attr_nest_end(nlh, mpls);
	mnl_attr_nest_end(nlh, spec);
	return nlh;
}

static void test_mpls_stats(void **state)
{
	_Alignas(8) char buf[512];
	struct dp_counters c;

	assert_int_equal(kn_parse_mpls_stats(mpls_stats(buf, sizeof(struct mpls_link_stats)), &c), 1);
	assert_int_equal(c.dc_packets_in, 7);
	assert_int_equal(c.dc_bytes_in, 840);
	assert_int_equal(c.dc_packets_out, 6);
	assert_int_equal(c.dc_bytes_out, 720);
	assert_int_equal(c.dc_drops, 2);
	assert_int_equal(kn_parse_mpls_stats(mpls_stats(buf, 16), &c), -1);
	assert_int_equal(kn_parse_link(mpls_stats(buf, 16), &(struct dp_op){0}), 0);
}

/* A decoder's answer: found, not found, or malformed. */
#define assert_verdict(call)                                                                                           \
	do {                                                                                                           \
		int verdict_ = (call);                                                                                 \
		assert_true(verdict_ >= -1 && verdict_ <= 1);                                                          \
	} while (0)

/* Every decoder on every prefix of a message, copied so that a read past it is caught (ASan). */
static void truncations(const struct nlmsghdr *nlh)
{
	struct dp_op del;
	struct kn_sa_seen sa;
	struct dp_counters c;

	for (uint32_t len = MNL_NLMSG_HDRLEN; len <= nlh->nlmsg_len; len++) {
		struct nlmsghdr *cut = malloc(len);
		assert_non_null(cut);
		memcpy(cut, nlh, len);
		cut->nlmsg_len = len;
		assert_verdict(kn_parse_link(cut, &del));
		assert_verdict(kn_parse_route(cut, &del));
		assert_verdict(kn_parse_label(cut, &del));
		assert_verdict(kn_parse_addr(cut, &del));
		assert_verdict(kn_parse_policy(cut, &del));
		assert_verdict(kn_parse_sa(cut, &sa));
		assert_verdict(kn_parse_mpls_stats(cut, &c));
		free(cut);
	}
}

static void test_truncated_answers(void **state)
{
	_Alignas(8) char buf[512];
	struct dp_op policy = {.op_type = DP_POLICY_ADD}, sa = {.op_type = DP_SA_ADD};
	struct kn_msgs m;

	truncations(dumped_link(buf, "fy-tu0", "ferry:Tunnel0", "gre"));
	truncations(mpls_stats(buf, sizeof(struct mpls_link_stats)));
	build_ok(&m, &policy, 1);
	msg_at(&m, 0)->nlmsg_type = XFRM_MSG_NEWPOLICY;
	truncations(msg_at(&m, 0));
	sa.op_sa.dsa_keylen = 20;
	build_ok(&m, &sa, 1);
	truncations(msg_at(&m, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_links),
	    cmocka_unit_test(test_link_round_trip),
	    cmocka_unit_test(test_route_round_trip),
	    cmocka_unit_test(test_label),
	    cmocka_unit_test(test_address),
	    cmocka_unit_test(test_sa),
	    cmocka_unit_test(test_policy),
	    cmocka_unit_test(test_mpls_stats),
	    cmocka_unit_test(test_truncated_answers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
