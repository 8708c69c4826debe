/*
 * The BLOCK policies of protected tunnels (kn_xfrm_block.h): which links get
 * them, their messages read back with libmnl, and the sweep's decoder
 * recognising them (and only them) as ferryd's.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

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

static void assert_selector(const struct xfrm_selector *sel, const char *src, uint8_t src_plen, const char *dst)
{
	assert_int_equal(sel->family, AF_INET);
	assert_int_equal(sel->proto, 47);
	assert_int_equal(sel->saddr.a4, a4(src).s_addr);
	assert_int_equal(sel->prefixlen_s, src_plen);
	assert_int_equal(sel->daddr.a4, a4(dst).s_addr);
	assert_int_equal(sel->prefixlen_d, 32);
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

static void test_protected_tunnel_add(void **state)
{
	struct dp_op op = tunnel_op(DP_LINK_ADD), pol[KN_BLOCK_DIRS];
	struct xfrm_userpolicy_info pi;
	struct kn_msgs m;

	assert_int_equal(kn_block_ops(&op, pol), 2);
	pi = block_add(&m, &pol[0], XFRM_POLICY_OUT);
	assert_selector(&pi.sel, "172.16.1.103", 32, "172.16.0.1");
	pi = block_add(&m, &pol[1], XFRM_POLICY_IN);
	assert_selector(&pi.sel, "172.16.0.1", 32, "172.16.1.103");
}

static void test_protected_tunnel_delete(void **state)
{
	struct dp_op op = tunnel_op(DP_LINK_DEL), pol[KN_BLOCK_DIRS];
	const struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_userpolicy_id id;
	struct kn_msgs m;

	assert_int_equal(kn_block_ops(&op, pol), 2);
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
	assert_selector(&id.sel, "172.16.0.1", 32, "172.16.1.103");
}

/* A Virtual-Access that sources from its IKE session's address: any source. */
static void test_any_source(void **state)
{
	struct dp_op op = tunnel_op(DP_LINK_ADD), pol[KN_BLOCK_DIRS];
	struct xfrm_userpolicy_info pi;
	struct kn_msgs m;

	op.op_link.dl_local.s_addr = 0;
	assert_int_equal(kn_block_ops(&op, pol), 2);
	pi = block_add(&m, &pol[0], XFRM_POLICY_OUT);
	assert_selector(&pi.sel, "0.0.0.0", 0, "172.16.0.1");
}

static void test_links_without_block(void **state)
{
	struct dp_op op = tunnel_op(DP_LINK_ADD), pol[KN_BLOCK_DIRS];

	op.op_link.dl_protected = false;
	assert_int_equal(kn_block_ops(&op, pol), 0);
	op = tunnel_op(DP_LINK_ADD);
	op.op_link.dl_kind = DP_LINK_MGRE; /* multipoint: no destination to name */
	op.op_link.dl_remote.s_addr = 0;
	assert_int_equal(kn_block_ops(&op, pol), 0);
	op = tunnel_op(DP_LINK_ADD);
	op.op_link.dl_kind = DP_LINK_VLAN;
	assert_int_equal(kn_block_ops(&op, pol), 0);
	op = tunnel_op(DP_ADDR_ADD);
	assert_int_equal(kn_block_ops(&op, pol), 0);
}

/* Tunnel_op's BLOCK policy K (0 out, 1 in) as a policy dump shows it. */
static struct nlmsghdr *dumped_block(struct kn_msgs *m, unsigned k)
{
	struct dp_op op = tunnel_op(DP_LINK_ADD), pol[KN_BLOCK_DIRS];
	struct nlmsghdr *nlh;

	assert_int_equal(kn_block_ops(&op, pol), 2);
	block_add(m, &pol[k], k == 0 ? XFRM_POLICY_OUT : XFRM_POLICY_IN);
	nlh = msg_at(m, 0);
	nlh->nlmsg_type = XFRM_MSG_NEWPOLICY;
	return nlh;
}

/* The sweep: a dumped BLOCK policy of ferryd's comes back as the delete that removes it. */
static void test_sweep_recognises_block(void **state)
{
	struct xfrm_userpolicy_info *pi;
	struct kn_msgs m;
	struct nlmsghdr *nlh = dumped_block(&m, 0);
	struct dp_op del;

	assert_int_equal(kn_parse_policy(nlh, &del), 1);
	assert_int_equal(del.op_type, DP_POLICY_DEL);
	assert_true(kn_policy_is_block(&del.op_policy));
	assert_int_equal(del.op_policy.dpo_dir, DP_POLICY_OUT);
	assert_int_equal(del.op_policy.dpo_src.s_addr, a4("172.16.1.103").s_addr);
	assert_int_equal(del.op_policy.dpo_dst.s_addr, a4("172.16.0.1").s_addr);
	assert_int_equal(del.op_policy.dpo_proto, 47);
	pi = mnl_nlmsg_get_payload(nlh);
	pi->sel.prefixlen_s = 0;			 /* any source, as a Virtual-Access's */
	assert_int_equal(kn_parse_policy(nlh, &del), 0); /* ... but with an address: not ferryd's */
	pi->sel.saddr.a4 = 0;
	assert_int_equal(kn_parse_policy(nlh, &del), 1);
	assert_int_equal(del.op_policy.dpo_src.s_addr, 0);
}

/* Another program's BLOCK policies stay: each of action, priority and mark must be ferryd's. */
static void test_sweep_leaves_others(void **state)
{
	struct kn_msgs m;
	struct nlmsghdr *nlh = dumped_block(&m, 1);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_protected_tunnel_add),
	    cmocka_unit_test(test_protected_tunnel_delete),
	    cmocka_unit_test(test_any_source),
	    cmocka_unit_test(test_links_without_block),
	    cmocka_unit_test(test_sweep_recognises_block),
	    cmocka_unit_test(test_sweep_leaves_others),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
