/* The kernel backend's VRF and link messages, read back with libmnl. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/rtnetlink.h>

#include "nl_fixture.h"

#define REQ_ACK (NLM_F_REQUEST | NLM_F_ACK)

static const struct ifinfomsg *ifi_of(const struct nlmsghdr *nlh)
{
	return mnl_nlmsg_get_payload(nlh);
}

/* The create message's kind and (optionally) its data attributes. */
static void kind_of(const struct nlattr *linkinfo, const char *kind, const struct nlattr **data, uint16_t max)
{
	const struct nlattr *info[IFLA_INFO_MAX + 1];

	nested_of(linkinfo, info, IFLA_INFO_MAX);
	assert_attr_strz(info[IFLA_INFO_KIND], kind);
	if (data)
		nested_of(info[IFLA_INFO_DATA], data, max);
	else
		assert_null(info[IFLA_INFO_DATA]);
}

static struct dp_op vrf_op(enum dp_op_type type)
{
	struct dp_op op = {.op_type = type};

	strcpy(op.op_vrf.dv_name, "fy-v-cust1");
	strcpy(op.op_vrf.dv_descr, "cust1");
	op.op_vrf.dv_table = 101;
	return op;
}

static void test_vrf_add(void **state)
{
	struct dp_op op = vrf_op(DP_VRF_ADD);
	const struct nlattr *tb[IFLA_MAX + 1], *data[IFLA_VRF_MAX + 1];
	struct kn_msgs m;
	struct nlmsghdr *create, *settle;

	build_ok(&m, &op, 2);
	create = msg_at(&m, 0);
	assert_int_equal(create->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(create->nlmsg_flags, REQ_ACK | NLM_F_CREATE | NLM_F_EXCL);
	assert_int_equal(m.km_tolerate[0], KN_EXISTS_OK);
	assert_int_equal(ifi_of(create)->ifi_index, 0);
	attrs_of(create, sizeof(struct ifinfomsg), tb, IFLA_MAX);
	assert_attr_strz(tb[IFLA_IFNAME], "fy-v-cust1");
	kind_of(tb[IFLA_LINKINFO], "vrf", data, IFLA_VRF_MAX);
	assert_attr_u32(data[IFLA_VRF_TABLE], 101);

	settle = msg_at(&m, 1);
	assert_int_equal(settle->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(settle->nlmsg_flags, REQ_ACK);
	assert_int_equal(m.km_tolerate[1], KN_STRICT);
	assert_int_equal(ifi_of(settle)->ifi_change, IFF_UP);
	assert_int_equal(ifi_of(settle)->ifi_flags, IFF_UP);
	attrs_of(settle, sizeof(struct ifinfomsg), tb, IFLA_MAX);
	assert_attr_strz(tb[IFLA_IFNAME], "fy-v-cust1");
	assert_attr_bytes(tb[IFLA_IFALIAS], "ferry:cust1", 11);
	assert_null(tb[IFLA_MASTER]); /* a VRF has no master */
	assert_null(tb[IFLA_MTU]);
}

static void test_vrf_del_and_errors(void **state)
{
	struct dp_op op = vrf_op(DP_VRF_DEL);
	const struct nlattr *tb[IFLA_MAX + 1];
	struct kn_msgs m;

	build_ok(&m, &op, 1);
	assert_int_equal(msg_at(&m, 0)->nlmsg_type, RTM_DELLINK);
	assert_int_equal(msg_at(&m, 0)->nlmsg_flags, REQ_ACK);
	assert_int_equal(m.km_tolerate[0], KN_GONE_OK);
	attrs_of(msg_at(&m, 0), sizeof(struct ifinfomsg), tb, IFLA_MAX);
	assert_attr_strz(tb[IFLA_IFNAME], "fy-v-cust1");
	assert_null(tb[IFLA_LINKINFO]);

	op = vrf_op(DP_VRF_ADD);
	op.op_vrf.dv_table = 0;
	build_fails(&op, EINVAL, "table");
	op = vrf_op(DP_VRF_ADD);
	memset(op.op_vrf.dv_name, 'x', sizeof(op.op_vrf.dv_name)); /* no room for the NUL */
	build_fails(&op, EINVAL, "device name");
	op.op_vrf.dv_name[0] = '\0';
	build_fails(&op, EINVAL, "device name");
}

static struct dp_op gre_op(void)
{
	struct dp_op op = {.op_type = DP_LINK_ADD};
	struct dp_link *l = &op.op_link;

	strcpy(l->dl_name, "fy-tu1");
	strcpy(l->dl_descr, "Tunnel1");
	l->dl_kind = DP_LINK_GRE;
	strcpy(l->dl_parent, "eth0");
	l->dl_local = a4("172.16.1.103");
	l->dl_remote = a4("172.16.0.1");
	l->dl_key = 42;
	l->dl_has_key = true;
	l->dl_ttl = 64;
	strcpy(l->dl_vrf, "fy-v-cust1");
	l->dl_up = true;
	l->dl_mtu = 1400;
	return op;
}

static void test_gre_point_to_point(void **state)
{
	struct dp_op op = gre_op();
	const struct nlattr *tb[IFLA_MAX + 1], *gre[IFLA_GRE_MAX + 1];
	struct in_addr local = a4("172.16.1.103"), remote = a4("172.16.0.1");
	uint16_t keyflag = GRE_KEY;
	uint32_t key = htonl(42);
	struct kn_msgs m;

	build_ok(&m, &op, 2);
	/* no NLM_F_EXCL: GRE parameters of an existing tunnel change in place */
	assert_int_equal(msg_at(&m, 0)->nlmsg_flags, REQ_ACK | NLM_F_CREATE);
	assert_int_equal(m.km_tolerate[0], KN_STRICT);
	attrs_of(msg_at(&m, 0), sizeof(struct ifinfomsg), tb, IFLA_MAX);
	assert_attr_strz(tb[IFLA_IFNAME], "fy-tu1");
	kind_of(tb[IFLA_LINKINFO], "gre", gre, IFLA_GRE_MAX);
	assert_attr_bytes(gre[IFLA_GRE_LOCAL], &local, 4);
	assert_attr_bytes(gre[IFLA_GRE_REMOTE], &remote, 4);
	assert_attr_bytes(gre[IFLA_GRE_TTL], "\x40", 1);
	assert_attr_bytes(gre[IFLA_GRE_IKEY], &key, 4);
	assert_attr_bytes(gre[IFLA_GRE_OKEY], &key, 4);
	assert_attr_bytes(gre[IFLA_GRE_IFLAGS], &keyflag, 2);
	assert_attr_bytes(gre[IFLA_GRE_OFLAGS], &keyflag, 2);
	assert_attr_u32(gre[IFLA_GRE_LINK], 2);

	attrs_of(msg_at(&m, 1), sizeof(struct ifinfomsg), tb, IFLA_MAX);
	assert_attr_bytes(tb[IFLA_IFALIAS], "ferry:Tunnel1", 13);
	assert_attr_u32(tb[IFLA_MASTER], 10);
	assert_attr_u32(tb[IFLA_MTU], 1400);
}

static void test_gre_multipoint_and_errors(void **state)
{
	struct dp_op op = gre_op();
	const struct nlattr *tb[IFLA_MAX + 1], *gre[IFLA_GRE_MAX + 1];
	struct kn_msgs m;

	op.op_link.dl_kind = DP_LINK_MGRE;
	op.op_link.dl_has_key = false;
	op.op_link.dl_parent[0] = '\0';
	op.op_link.dl_vrf[0] = '\0';
	op.op_link.dl_descr[0] = '\0';
	build_ok(&m, &op, 2);
	attrs_of(msg_at(&m, 0), sizeof(struct ifinfomsg), tb, IFLA_MAX);
	kind_of(tb[IFLA_LINKINFO], "gre", gre, IFLA_GRE_MAX);
	assert_non_null(gre[IFLA_GRE_LOCAL]);
	assert_null(gre[IFLA_GRE_REMOTE]); /* remotes come from neighbour entries */
	assert_null(gre[IFLA_GRE_IKEY]);
	assert_null(gre[IFLA_GRE_IFLAGS]);
	assert_null(gre[IFLA_GRE_LINK]);
	attrs_of(msg_at(&m, 1), sizeof(struct ifinfomsg), tb, IFLA_MAX);
	assert_attr_bytes(tb[IFLA_IFALIAS], "ferry:fy-tu1", 12); /* no description: the device name */
	assert_attr_u32(tb[IFLA_MASTER], 0);			 /* global: out of any VRF */

	op = gre_op();
	op.op_link.dl_remote.s_addr = 0;
	build_fails(&op, EINVAL, "destination");
	op = gre_op();
	strcpy(op.op_link.dl_vrf, "fy-v-none");
	build_fails(&op, ENODEV, "no device \"fy-v-none\"");
}

static struct dp_op vlan_op(void)
{
	struct dp_op op = {.op_type = DP_LINK_ADD};

	strcpy(op.op_link.dl_name, "fy-et0-1.10");
	op.op_link.dl_kind = DP_LINK_VLAN;
	strcpy(op.op_link.dl_parent, "eth1");
	op.op_link.dl_vlan = 10;
	return op;
}

static void test_vlan_and_loopback(void **state)
{
	struct dp_op op = vlan_op();
	const struct nlattr *tb[IFLA_MAX + 1], *vlan[IFLA_VLAN_MAX + 1];
	struct kn_msgs m;

	build_ok(&m, &op, 2);
	assert_int_equal(msg_at(&m, 0)->nlmsg_flags, REQ_ACK | NLM_F_CREATE | NLM_F_EXCL);
	attrs_of(msg_at(&m, 0), sizeof(struct ifinfomsg), tb, IFLA_MAX);
	assert_attr_u32(tb[IFLA_LINK], 3);
	kind_of(tb[IFLA_LINKINFO], "vlan", vlan, IFLA_VLAN_MAX);
	assert_attr_bytes(vlan[IFLA_VLAN_ID], "\x0a\x00", 2);  /* host order, as the kernel reads it */
	assert_int_equal(ifi_of(msg_at(&m, 1))->ifi_flags, 0); /* down */
	assert_int_equal(ifi_of(msg_at(&m, 1))->ifi_change, IFF_UP);

	op.op_link.dl_vlan = 4095;
	build_fails(&op, EINVAL, "VLAN 4095");
	op = vlan_op();
	strcpy(op.op_link.dl_parent, "eth9");
	build_fails(&op, ENODEV, "eth9");

	op = vlan_op();
	op.op_link.dl_kind = DP_LINK_LOOPBACK;
	build_ok(&m, &op, 2);
	attrs_of(msg_at(&m, 0), sizeof(struct ifinfomsg), tb, IFLA_MAX);
	kind_of(tb[IFLA_LINKINFO], "dummy", NULL, 0);
	assert_null(tb[IFLA_LINK]);
}

static void test_existing_device(void **state)
{
	struct dp_op op = {.op_type = DP_LINK_ADD};
	const struct nlattr *tb[IFLA_MAX + 1];
	struct kn_msgs m;

	strcpy(op.op_link.dl_name, "eth1");
	strcpy(op.op_link.dl_vrf, "fy-v-cust1");
	op.op_link.dl_up = true;
	build_ok(&m, &op, 1); /* configured only: never created, never marked */
	assert_int_equal(msg_at(&m, 0)->nlmsg_flags, REQ_ACK);
	attrs_of(msg_at(&m, 0), sizeof(struct ifinfomsg), tb, IFLA_MAX);
	assert_attr_strz(tb[IFLA_IFNAME], "eth1");
	assert_null(tb[IFLA_IFALIAS]);
	assert_null(tb[IFLA_LINKINFO]);
	assert_attr_u32(tb[IFLA_MASTER], 10);

	/* deleting it only takes it out of its VRF */
	op.op_type = DP_LINK_DEL;
	build_ok(&m, &op, 1);
	assert_int_equal(msg_at(&m, 0)->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(m.km_tolerate[0], KN_GONE_OK);
	attrs_of(msg_at(&m, 0), sizeof(struct ifinfomsg), tb, IFLA_MAX);
	assert_attr_u32(tb[IFLA_MASTER], 0);

	op = gre_op();
	op.op_type = DP_LINK_DEL;
	build_ok(&m, &op, 1);
	assert_int_equal(msg_at(&m, 0)->nlmsg_type, RTM_DELLINK);
	assert_int_equal(m.km_tolerate[0], KN_GONE_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vrf_add),
	    cmocka_unit_test(test_vrf_del_and_errors),
	    cmocka_unit_test(test_gre_point_to_point),
	    cmocka_unit_test(test_gre_multipoint_and_errors),
	    cmocka_unit_test(test_vlan_and_loopback),
	    cmocka_unit_test(test_existing_device),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
