/*
 * The BLOCK policies of protected tunnels (kn_xfrm_block.h): which links get
 * them, their messages read back with libmnl, the sweep's decoder
 * recognising them (and only them) as ferryd's, and the use count that
 * keeps a pair while a tunnel with the same ends still needs it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <linux/xfrm.h>

#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_parse.h"
#include "dataplane/kernel/kn_xfrm_block.h"
#include "nl_fixture.h"

static struct dp_op tunnel_op(enum dp_op_type type)
{
	struct dp_op op = {.op_type = type};
	struct dp_link *l = &op.op_link;

	snprintf(l->dl_name, sizeof(l->dl_name), "fy-tu0");
	l->dl_key = 1;
	l->dl_has_key = true;
	l->dl_kind = DP_LINK_GRE;
	l->dl_local = a4("172.16.1.103");
	l->dl_remote = a4("172.16.0.1");
	l->dl_protected = true;
	return op;
}

/* The mark attribute, byte by byte: value 0, mask 0x80000000, host order (struct xfrm_mark). */
static void assert_block_mark(const struct nlattr *mark)
{
	const struct xfrm_mark want = {.v = 0, .m = 0x80000000u};

	assert_non_null(mark);
	assert_attr_bytes(mark, &want, sizeof(want));
}

/* An end as "A.B.C.D/LEN". */
static void assert_end(uint32_t addr, uint8_t plen, const char *want)
{
	char got[24];

	snprintf(got, sizeof(got), "%s/%u", inet_ntoa((struct in_addr){.s_addr = addr}), plen);
	assert_string_equal(got, want);
}

static void assert_selector(const struct xfrm_selector *sel, const char *src, const char *dst)
{
	assert_int_equal(sel->family, AF_INET);
	assert_int_equal(sel->proto, 47);
	assert_end(sel->saddr.a4, sel->prefixlen_s, src);
	assert_end(sel->daddr.a4, sel->prefixlen_d, dst);
}

/* Builds a BLOCK policy add and checks its one message; the message is left in m. */
static struct xfrm_userpolicy_info block_add(struct kn_msgs *m, const struct dp_op *op, uint8_t dir)
{
	const struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_userpolicy_info pi;

	build_ok(m, op, 1);
	assert_int_equal(msg_at(m, 0)->nlmsg_type, XFRM_MSG_UPDPOLICY);
	memcpy(&pi, mnl_nlmsg_get_payload(msg_at(m, 0)), sizeof(pi));
	assert_int_equal(pi.dir, dir);
	assert_int_equal(pi.action, XFRM_POLICY_BLOCK);
	assert_int_equal(pi.priority, 241000);
	assert_true(pi.lft.hard_byte_limit == XFRM_INF && pi.lft.hard_packet_limit == XFRM_INF);
	attrs_of(msg_at(m, 0), sizeof(pi), tb, XFRMA_MAX);
	assert_block_mark(tb[XFRMA_MARK]);
	assert_null(tb[XFRMA_TMPL]); /* nothing to require: the packet is dropped */
	return pi;
}

static int users_setup(void **state)
{
	static struct kn_block_users users;

	*state = &users;
	return kn_block_users_init(&users);
}

static int users_teardown(void **state)
{
	kn_block_users_fini(*state);
	return 0;
}

/* The policy operations op brings, checked to be n adds or deletes (add) into pol. */
static void ops_are(void **state, const struct dp_op *op, int n, bool add, struct dp_op pol[KN_BLOCK_OPS_MAX])
{
	assert_int_equal(kn_block_ops(*state, op, pol), n);
	for (int k = 0; k < n; k++)
		assert_int_equal(pol[k].op_type, add ? DP_POLICY_ADD : DP_POLICY_DEL);
}

/* Parses a built add back as the sweep's dump shows it: the delete that removes it. */
static void assert_swept(struct kn_msgs *m, enum dp_policy_dir dir, const char *src, const char *dst)
{
	struct nlmsghdr *nlh = msg_at(m, 0);
	struct dp_op del;

	nlh->nlmsg_type = XFRM_MSG_NEWPOLICY;
	assert_int_equal(kn_parse_policy(nlh, &del), 1);
	assert_int_equal(del.op_type, DP_POLICY_DEL);
	assert_true(kn_policy_is_block(&del.op_policy));
	assert_int_equal(del.op_policy.dpo_dir, dir);
	assert_end(del.op_policy.dpo_src.s_addr, del.op_policy.dpo_src.s_addr ? 32 : 0, src);
	assert_end(del.op_policy.dpo_dst.s_addr, del.op_policy.dpo_dst.s_addr ? 32 : 0, dst);
}

/* Op's pair: its out and in adds, each with the selector given and read back by the sweep. */
static void assert_pair_added(void **state, const struct dp_op *op, const char *out_src, const char *out_dst)
{
	struct dp_op pol[KN_BLOCK_OPS_MAX];
	struct xfrm_userpolicy_info pi;
	struct kn_msgs m;

	ops_are(state, op, 2, true, pol);
	pi = block_add(&m, &pol[0], XFRM_POLICY_OUT);
	assert_selector(&pi.sel, out_src, out_dst);
	assert_swept(&m, DP_POLICY_OUT, out_src, out_dst);
	pi = block_add(&m, &pol[1], XFRM_POLICY_IN);
	assert_selector(&pi.sel, out_dst, out_src);
	assert_swept(&m, DP_POLICY_IN, out_dst, out_src);
}

static void test_protected_tunnel_add(void **state)
{
	struct dp_op op = tunnel_op(DP_LINK_ADD);

	assert_pair_added(state, &op, "172.16.1.103/32", "172.16.0.1/32");
}

static void test_protected_tunnel_delete(void **state)
{
	struct dp_op op = tunnel_op(DP_LINK_ADD), pol[KN_BLOCK_OPS_MAX];
	const struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_userpolicy_id id;
	struct kn_msgs m;

	ops_are(state, &op, 2, true, pol);
	op.op_type = DP_LINK_DEL;
	ops_are(state, &op, 2, false, pol);
	for (unsigned k = 0; k < 2; k++) {
		build_ok(&m, &pol[k], 1);
		assert_int_equal(msg_at(&m, 0)->nlmsg_type, XFRM_MSG_DELPOLICY);
		assert_int_equal(m.km_tolerate[0], KN_GONE_OK);
		memcpy(&id, mnl_nlmsg_get_payload(msg_at(&m, 0)), sizeof(id));
		assert_int_equal(id.dir, k == 0 ? XFRM_POLICY_OUT : XFRM_POLICY_IN);
		/* without the mark the kernel would delete the IKE policy of the same selector */
		attrs_of(msg_at(&m, 0), sizeof(id), tb, XFRMA_MAX);
		assert_block_mark(tb[XFRMA_MARK]);
	}
	assert_selector(&id.sel, "172.16.0.1/32", "172.16.1.103/32");
}

/* A Virtual-Access that sources from its IKE session's address: any source out, any
 * destination in; the sweep finds both (a crash leaves neither behind). */
static void test_any_source(void **state)
{
	struct dp_op op = tunnel_op(DP_LINK_ADD);

	op.op_link.dl_local.s_addr = 0;
	assert_pair_added(state, &op, "0.0.0.0/0", "172.16.0.1/32");
}

/* mGRE: no destination; its source to any address out, any address to it in. */
static void test_multipoint(void **state)
{
	struct dp_op op = tunnel_op(DP_LINK_ADD), pol[KN_BLOCK_OPS_MAX];

	op.op_link.dl_kind = DP_LINK_MGRE;
	op.op_link.dl_remote.s_addr = 0;
	assert_pair_added(state, &op, "172.16.1.103/32", "0.0.0.0/0");
	op.op_type = DP_LINK_DEL;
	ops_are(state, &op, 2, false, pol);
	assert_int_equal(pol[0].op_policy.dpo_dst.s_addr, 0);
}

/* Two tunnels with the same ends (other keys) share the pair: it goes with the second. */
static void test_shared_ends(void **state)
{
	struct dp_op tu0 = tunnel_op(DP_LINK_ADD), tu1 = tu0, pol[KN_BLOCK_OPS_MAX];

	snprintf(tu1.op_link.dl_name, sizeof(tu1.op_link.dl_name), "fy-tu1");
	tu1.op_link.dl_key = 2;
	ops_are(state, &tu0, 2, true, pol);
	ops_are(state, &tu1, 2, true, pol); /* an update of the same policies: harmless */
	tu0.op_type = tu1.op_type = DP_LINK_DEL;
	ops_are(state, &tu0, 0, false, pol);
	ops_are(state, &tu1, 2, false, pol);
}

/* An apply that failed is planned again: the same link's add or delete counts once. */
static void test_repeated_ops(void **state)
{
	struct dp_op tu0 = tunnel_op(DP_LINK_ADD), tu1 = tu0, pol[KN_BLOCK_OPS_MAX];

	snprintf(tu1.op_link.dl_name, sizeof(tu1.op_link.dl_name), "fy-tu1");
	ops_are(state, &tu0, 2, true, pol);
	ops_are(state, &tu0, 2, true, pol);
	ops_are(state, &tu1, 2, true, pol);
	tu0.op_type = DP_LINK_DEL;
	ops_are(state, &tu0, 0, false, pol);
	ops_are(state, &tu0, 0, false, pol); /* not a second user gone: tu1 keeps the pair */
	tu1.op_type = DP_LINK_DEL;
	ops_are(state, &tu1, 2, false, pol);
	ops_are(state, &tu1, 0, false, pol); /* unknown: nothing of ours left to remove */
}

/* A link added again with other ends leaves its old pair (the last user: deletes) for the new. */
static void test_moved_ends(void **state)
{
	struct dp_op op = tunnel_op(DP_LINK_ADD), pol[KN_BLOCK_OPS_MAX];

	ops_are(state, &op, 2, true, pol);
	op.op_link.dl_remote = a4("172.16.0.2");
	assert_int_equal(kn_block_ops(*state, &op, pol), 4);
	assert_int_equal(pol[0].op_type, DP_POLICY_DEL);
	assert_int_equal(pol[0].op_policy.dpo_dst.s_addr, a4("172.16.0.1").s_addr);
	assert_int_equal(pol[2].op_type, DP_POLICY_ADD);
	assert_int_equal(pol[2].op_policy.dpo_dst.s_addr, a4("172.16.0.2").s_addr);
	op.op_link.dl_protected = false; /* protection removed: the pair goes */
	ops_are(state, &op, 2, false, pol);
}

/* A link delete the kernel refused takes nothing from the count (kn_apply.c asks for the
 * delete's policies only once the link is gone): the link still uses the pair, a tunnel with the
 * same ends going leaves it, and the retried delete brings the pair's deletes. */
static void test_refused_delete_keeps_pair(void **state)
{
	struct dp_op tu0 = tunnel_op(DP_LINK_ADD), tu1 = tu0, pol[KN_BLOCK_OPS_MAX];

	snprintf(tu1.op_link.dl_name, sizeof(tu1.op_link.dl_name), "fy-tu1");
	assert_false(kn_block_uses(*state, "fy-tu0"));
	ops_are(state, &tu0, 2, true, pol);
	ops_are(state, &tu1, 2, true, pol);
	assert_true(kn_block_uses(*state, "fy-tu0"));
	/* fy-tu0's delete refused: kn_block_ops not called, fy-tu0 still counted */
	tu1.op_type = DP_LINK_DEL;
	ops_are(state, &tu1, 0, false, pol);
	assert_false(kn_block_uses(*state, "fy-tu1"));
	assert_true(kn_block_uses(*state, "fy-tu0"));
	tu0.op_type = DP_LINK_DEL;
	ops_are(state, &tu0, 2, false, pol);
	assert_false(kn_block_uses(*state, "fy-tu0"));
}

/* Links that never had a pair: their deletes (a sweep's) need no commit of their own. */
static void test_uses_only_protected(void **state)
{
	struct dp_op op = tunnel_op(DP_LINK_ADD), pol[KN_BLOCK_OPS_MAX];

	op.op_link.dl_protected = false;
	ops_are(state, &op, 0, true, pol);
	assert_false(kn_block_uses(*state, "fy-tu0"));
}

static void test_links_without_block(void **state)
{
	struct dp_op op = tunnel_op(DP_LINK_ADD), pol[KN_BLOCK_OPS_MAX];

	op.op_link.dl_protected = false;
	ops_are(state, &op, 0, true, pol);
	op = tunnel_op(DP_LINK_ADD);
	op.op_link.dl_kind = DP_LINK_MGRE; /* without a source: it would block all GRE */
	op.op_link.dl_local.s_addr = op.op_link.dl_remote.s_addr = 0;
	ops_are(state, &op, 0, true, pol);
	op = tunnel_op(DP_LINK_ADD);
	op.op_link.dl_kind = DP_LINK_VLAN;
	ops_are(state, &op, 0, true, pol);
	op = tunnel_op(DP_ADDR_ADD);
	ops_are(state, &op, 0, true, pol);
}

/* Tunnel_op's BLOCK policy K (0 out, 1 in) as a policy dump shows it. */
static struct nlmsghdr *dumped_block(void **state, struct kn_msgs *m, unsigned k)
{
	struct dp_op op = tunnel_op(DP_LINK_ADD), pol[KN_BLOCK_OPS_MAX];
	struct nlmsghdr *nlh;

	ops_are(state, &op, 2, true, pol);
	block_add(m, &pol[k], k == 0 ? XFRM_POLICY_OUT : XFRM_POLICY_IN);
	nlh = msg_at(m, 0);
	nlh->nlmsg_type = XFRM_MSG_NEWPOLICY;
	return nlh;
}

/* The sweep: an end of 0/0 is ferryd's any, an address with length 0 is not ferryd's. */
static void test_sweep_any_needs_zero(void **state)
{
	struct kn_msgs m;
	struct nlmsghdr *nlh = dumped_block(state, &m, 0);
	struct xfrm_userpolicy_info *pi = mnl_nlmsg_get_payload(nlh);
	struct dp_op del;

	pi->sel.prefixlen_s = 0;
	assert_int_equal(kn_parse_policy(nlh, &del), 0);
	pi->sel.saddr.a4 = 0;
	assert_int_equal(kn_parse_policy(nlh, &del), 1);
	pi->sel.prefixlen_d = 0;
	assert_int_equal(kn_parse_policy(nlh, &del), 0);
	pi->sel.daddr.a4 = 0;
	assert_int_equal(kn_parse_policy(nlh, &del), 1);
	pi->sel.prefixlen_d = 24; /* ferryd writes no other length */
	assert_int_equal(kn_parse_policy(nlh, &del), 0);
}

/* Another program's BLOCK policies stay: each of action, priority and mark must be ferryd's. */
static void test_sweep_leaves_others(void **state)
{
	struct kn_msgs m;
	struct nlmsghdr *nlh = dumped_block(state, &m, 1);
	struct xfrm_userpolicy_info *pi;
	struct xfrm_mark *mark;
	struct dp_op del;

	pi = mnl_nlmsg_get_payload(nlh);
	mark = mnl_attr_get_payload((struct nlattr *)((char *)pi + MNL_ALIGN(sizeof(*pi))));
	pi->priority = 0;
	assert_int_equal(kn_parse_policy(nlh, &del), 0);
	pi->priority = KN_BLOCK_PRIORITY;
	pi->action = XFRM_POLICY_ALLOW;
	assert_int_equal(kn_parse_policy(nlh, &del), 0);
	pi->action = XFRM_POLICY_BLOCK;
	mark->m = 0xffffffffu;
	assert_int_equal(kn_parse_policy(nlh, &del), 0);
	mark->m = KN_BLOCK_MASK;
	assert_int_equal(kn_parse_policy(nlh, &del), 1);
	assert_int_equal(del.op_policy.dpo_dir, DP_POLICY_IN);
}

#define USERS_TEST(f) cmocka_unit_test_setup_teardown(f, users_setup, users_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    USERS_TEST(test_protected_tunnel_add),
	    USERS_TEST(test_protected_tunnel_delete),
	    USERS_TEST(test_any_source),
	    USERS_TEST(test_multipoint),
	    USERS_TEST(test_shared_ends),
	    USERS_TEST(test_repeated_ops),
	    USERS_TEST(test_moved_ends),
	    USERS_TEST(test_links_without_block),
	    USERS_TEST(test_refused_delete_keeps_pair),
	    USERS_TEST(test_uses_only_protected),
	    USERS_TEST(test_sweep_any_needs_zero),
	    USERS_TEST(test_sweep_leaves_others),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
