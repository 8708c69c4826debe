/*
 * The kernel backend's nexthop objects for routes that push labels
 * (kn_nexthop.h): the messages, the ids, and that every such route gets an
 * object of its own, since a route carrying its label itself walks one
 * kernel hash chain of all such routes (the bench's 100,000 VPN routes did
 * not finish in ten minutes).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <linux/lwtunnel.h>
#include <linux/mpls_iptunnel.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_nexthop.h"
#include "nl_fixture.h"

#define REQ_ACK (NLM_F_REQUEST | NLM_F_ACK)

/* Labels 19 then 20: label << 12, bottom of stack (0x100) on the last; TC and TTL 0. */
static const uint8_t stack_19_20[] = {0x00, 0x01, 0x30, 0x00, 0x00, 0x01, 0x41, 0x00};

static struct dp_route labelled(void)
{
	struct dp_route r = {.dr_table = 101, .dr_plen = 24, .dr_metric = 20, .dr_nnh = 1};

	r.dr_dst = a4("192.168.114.0");
	r.dr_nh[0].dn_gw = a4("10.0.0.1");
	strcpy(r.dr_nh[0].dn_dev, "fy-tu0");
	r.dr_nh[0].dn_labels[0] = 19;
	r.dr_nh[0].dn_labels[1] = 20;
	r.dr_nh[0].dn_nlabels = 2;
	return r;
}

/* Builds a route operation, which must succeed with n messages. */
static void route_ok(struct kn_msgs *m, struct kn_nexthops *nx, const struct dp_route *r, bool add, unsigned n)
{
	kn_msgs_init(m, fake_ifindex, NULL);
	assert_int_equal(kn_nexthop_route(m, nx, r, add), 0);
	kn_msgs_close(m);
	assert_string_equal(m->km_err, "");
	assert_int_equal(m->km_count, n);
}

/* Message i is an RTM_NEWNEXTHOP of object id with flags, through fy-tu0 (20) to 10.0.0.1. */
static void assert_object(struct kn_msgs *m, unsigned i, uint32_t id, uint16_t flags, const void *stack, size_t len)
{
	const struct nlattr *tb[NHA_MAX + 1], *mpls[MPLS_IPTUNNEL_MAX + 1];
	const struct nhmsg *nhm = mnl_nlmsg_get_payload(msg_at(m, i));
	struct in_addr gw = a4("10.0.0.1");

	assert_int_equal(msg_at(m, i)->nlmsg_type, RTM_NEWNEXTHOP);
	assert_int_equal(msg_at(m, i)->nlmsg_flags, REQ_ACK | flags);
	assert_int_equal(nhm->nh_family, AF_INET);
	assert_int_equal(nhm->nh_protocol, RTPROT_FERRY);
	attrs_of(msg_at(m, i), sizeof(*nhm), tb, NHA_MAX);
	assert_attr_u32(tb[NHA_ID], id);
	assert_attr_u32(tb[NHA_OIF], 20);
	assert_attr_bytes(tb[NHA_GATEWAY], &gw, 4);
	assert_int_equal(mnl_attr_get_u16(tb[NHA_ENCAP_TYPE]), LWTUNNEL_ENCAP_MPLS);
	nested_of(tb[NHA_ENCAP], mpls, MPLS_IPTUNNEL_MAX);
	assert_attr_bytes(mpls[MPLS_IPTUNNEL_DST], stack, len);
}

/* Message i is a route naming object id (0: carrying its next hop itself) and nothing else of a next hop. */
static void assert_route_names(struct kn_msgs *m, unsigned i, uint16_t type, uint32_t id)
{
	const struct nlattr *tb[RTA_MAX + 1];

	assert_int_equal(msg_at(m, i)->nlmsg_type, type);
	attrs_of(msg_at(m, i), sizeof(struct rtmsg), tb, RTA_MAX);
	assert_attr_u32(tb[RTA_TABLE], 101);
	if (!id) {
		assert_null(tb[RTA_NH_ID]);
		return;
	}
	assert_attr_u32(tb[RTA_NH_ID], id);
	assert_null(tb[RTA_OIF]);
	assert_null(tb[RTA_GATEWAY]);
	assert_null(tb[RTA_ENCAP]);
	assert_null(tb[RTA_MULTIPATH]);
}

static void assert_object_del(struct kn_msgs *m, unsigned i, uint32_t id)
{
	const struct nlattr *tb[NHA_MAX + 1];

	assert_int_equal(msg_at(m, i)->nlmsg_type, RTM_DELNEXTHOP);
	assert_int_equal(msg_at(m, i)->nlmsg_flags, REQ_ACK);
	attrs_of(msg_at(m, i), sizeof(struct nhmsg), tb, NHA_MAX);
	assert_attr_u32(tb[NHA_ID], id);
}

static void test_labelled_route_names_its_object(void **state)
{
	struct kn_nexthops nx = {0};
	struct dp_route r = labelled();
	struct kn_msgs m;

	route_ok(&m, &nx, &r, true, 2);
	assert_object(&m, 0, KN_NHID_MIN, NLM_F_CREATE | NLM_F_EXCL, stack_19_20, sizeof(stack_19_20));
	assert_route_names(&m, 1, RTM_NEWROUTE, KN_NHID_MIN);
	assert_int_equal(kn_nexthop_of(&nx, &r), KN_NHID_MIN);

	r.dr_nh[0].dn_labels[0] = 20; /* a change: the same object, replaced in place */
	r.dr_nh[0].dn_nlabels = 1;
	route_ok(&m, &nx, &r, true, 2);
	assert_object(&m, 0, KN_NHID_MIN, NLM_F_CREATE | NLM_F_REPLACE, stack_19_20 + 4, 4);
	assert_route_names(&m, 1, RTM_NEWROUTE, KN_NHID_MIN);

	route_ok(&m, &nx, &r, false, 2); /* the route, then the object nothing names any more */
	assert_route_names(&m, 0, RTM_DELROUTE, 0);
	assert_object_del(&m, 1, KN_NHID_MIN);
	assert_int_equal(kn_nexthop_of(&nx, &r), 0);

	route_ok(&m, &nx, &r, true, 2); /* ids are not reused at once */
	assert_object(&m, 0, KN_NHID_MIN + 1, NLM_F_CREATE | NLM_F_EXCL, stack_19_20 + 4, 4);
	kn_nexthops_free(&nx);
}

static void test_route_losing_its_labels_drops_the_object(void **state)
{
	struct kn_nexthops nx = {0};
	struct dp_route r = labelled();
	const struct nlattr *tb[RTA_MAX + 1];
	struct kn_msgs m;

	route_ok(&m, &nx, &r, true, 2);
	r.dr_nh[0].dn_nlabels = 0;
	route_ok(&m, &nx, &r, true, 2);
	assert_route_names(&m, 0, RTM_NEWROUTE, 0);
	attrs_of(msg_at(&m, 0), sizeof(struct rtmsg), tb, RTA_MAX);
	assert_attr_u32(tb[RTA_OIF], 20);
	assert_object_del(&m, 1, KN_NHID_MIN);
	route_ok(&m, &nx, &r, false, 1); /* no object left to delete */
	kn_nexthops_free(&nx);
}

/* Routes that carry their next hops themselves: one message, no object. */
static void assert_plain(struct kn_nexthops *nx, const struct dp_route *r)
{
	struct kn_msgs m;

	route_ok(&m, nx, r, true, 1);
	assert_route_names(&m, 0, RTM_NEWROUTE, 0);
	assert_int_equal(kn_nexthop_of(nx, r), 0);
}

static void test_routes_without_objects(void **state)
{
	struct kn_nexthops nx = {0};
	struct dp_route r = labelled();

	r.dr_nh[0].dn_nlabels = 0;
	assert_plain(&nx, &r);
	r.dr_nh[0].dn_labels[0] = 3; /* implicit null alone pushes nothing */
	r.dr_nh[0].dn_nlabels = 1;
	assert_plain(&nx, &r);
	r = labelled();
	r.dr_nh[1] = r.dr_nh[0]; /* multipath */
	r.dr_nnh = 2;
	assert_plain(&nx, &r);
	r = labelled();
	r.dr_nh[0].dn_dev[0] = '\0'; /* an object needs a device */
	assert_plain(&nx, &r);
	r = labelled();
	nx.nx_off = true; /* a kernel without nexthop objects */
	assert_plain(&nx, &r);
	kn_nexthops_free(&nx);
}

/*
 * The guard against the quadratic install coming back: 1,000 routes through one device and
 * gateway, a label each (a VPN feed), each get an object of their own, at two messages an add
 * and two a delete, and leave nothing behind.
 */
#define FEED_ROUTES 1000
static void test_each_labelled_route_has_its_own_object(void **state)
{
	struct kn_nexthops nx = {0};
	struct dp_route r = labelled();
	struct kn_msgs m;

	r.dr_nh[0].dn_nlabels = 1;
	for (uint32_t i = 0; i < FEED_ROUTES; i++) {
		r.dr_dst.s_addr = htonl(0x0b000000u + (i << 8));
		r.dr_nh[0].dn_labels[0] = 16 + i;
		uint32_t entry = htonl((16 + i) << 12 | 0x100); /* label, bottom of stack */
		route_ok(&m, &nx, &r, true, 2);
		assert_object(&m, 0, KN_NHID_MIN + i, NLM_F_CREATE | NLM_F_EXCL, &entry, sizeof(entry));
		assert_route_names(&m, 1, RTM_NEWROUTE, KN_NHID_MIN + i);
	}
	for (uint32_t i = 0; i < FEED_ROUTES; i++) {
		r.dr_dst.s_addr = htonl(0x0b000000u + (i << 8));
		assert_int_equal(kn_nexthop_of(&nx, &r), KN_NHID_MIN + i);
		route_ok(&m, &nx, &r, false, 2);
		assert_object_del(&m, 1, KN_NHID_MIN + i);
	}
	for (uint32_t i = 0; i < FEED_ROUTES; i++) {
		r.dr_dst.s_addr = htonl(0x0b000000u + (i << 8));
		assert_int_equal(kn_nexthop_of(&nx, &r), 0);
	}
	kn_nexthops_free(&nx);
}

static void test_ids_wrap_within_ferryds_range(void **state)
{
	struct kn_nexthops nx = {.nx_next = 0xffffffffu};
	struct dp_route r = labelled();
	struct kn_msgs m;

	route_ok(&m, &nx, &r, true, 2);
	assert_int_equal(kn_nexthop_of(&nx, &r), 0xffffffffu);
	r.dr_plen = 23;
	route_ok(&m, &nx, &r, true, 2);
	assert_int_equal(kn_nexthop_of(&nx, &r), KN_NHID_MIN);
	kn_nexthop_forget(&nx, &r); /* a refused add: the next one takes a new id */
	assert_int_equal(kn_nexthop_of(&nx, &r), 0);
	route_ok(&m, &nx, &r, true, 2);
	assert_int_equal(kn_nexthop_of(&nx, &r), KN_NHID_MIN + 1);
	kn_nexthops_free(&nx);
}

/* A dumped nexthop object: RTM_NEWNEXTHOP, struct nhmsg, then NHA_ID if with_id. */
static struct nlmsghdr *dumped(char *buf, unsigned char protocol, bool with_id)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nhmsg *nhm = mnl_nlmsg_put_extra_header(nlh, sizeof(*nhm));

	nlh->nlmsg_type = RTM_NEWNEXTHOP;
	nhm->nh_family = AF_INET;
	nhm->nh_protocol = protocol;
	if (with_id)
		mnl_attr_put_u32(nlh, NHA_ID, KN_NHID_MIN + 5);
	mnl_attr_put_u32(nlh, NHA_OIF, 20);
	return nlh;
}

static void test_parse_dumped_objects(void **state)
{
	_Alignas(struct nlmsghdr) char buf[256] = {0};
	struct nlmsghdr *nlh = dumped(buf, RTPROT_FERRY, true);
	uint32_t id = 0;

	assert_int_equal(kn_parse_nexthop(nlh, &id), 1);
	assert_int_equal(id, KN_NHID_MIN + 5);
	assert_int_equal(kn_parse_nexthop(dumped(buf, RTPROT_BOOT, true), &id), 0); /* not ferryd's */
	assert_int_equal(kn_parse_nexthop(dumped(buf, RTPROT_FERRY, false), &id), -1);
	nlh = dumped(buf, RTPROT_FERRY, true);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 4; /* shorter than struct nhmsg */
	assert_int_equal(kn_parse_nexthop(nlh, &id), -1);
	nlh->nlmsg_type = RTM_NEWROUTE;
	assert_int_equal(kn_parse_nexthop(nlh, &id), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_labelled_route_names_its_object),
	    cmocka_unit_test(test_route_losing_its_labels_drops_the_object),
	    cmocka_unit_test(test_routes_without_objects),
	    cmocka_unit_test(test_each_labelled_route_has_its_own_object),
	    cmocka_unit_test(test_ids_wrap_within_ferryds_range),
	    cmocka_unit_test(test_parse_dumped_objects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
