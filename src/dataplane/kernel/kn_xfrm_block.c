/* BLOCK policies of protected tunnels (kn_xfrm_block.h): which, and queuing them on the xfrm bus. */
#include <linux/xfrm.h>

#include "dataplane/kernel/kn_dp.h"
#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_xfrm_block.h"

bool kn_policy_is_block(const struct dp_policy *p)
{
	return p->dpo_reqid == KN_REQID_BLOCK;
}

void kn_put_block_mark(struct nlmsghdr *nlh)
{
	struct xfrm_mark mark = {.v = KN_BLOCK_MARK, .m = KN_BLOCK_MASK};

	mnl_attr_put(nlh, XFRMA_MARK, sizeof(mark), &mark);
}

bool kn_block_needed(const struct dp_link *l)
{
	if (!l->dl_protected)
		return false;
	/* an mGRE tunnel without a source would block every GRE packet of the host */
	return (l->dl_kind == DP_LINK_GRE && l->dl_remote.s_addr) || (l->dl_kind == DP_LINK_MGRE && l->dl_local.s_addr);
}

static struct dp_op block_op(bool add, enum dp_policy_dir dir, struct in_addr src, struct in_addr dst)
{
	struct dp_op op = {.op_type = add ? DP_POLICY_ADD : DP_POLICY_DEL};

	op.op_policy.dpo_src = src;
	op.op_policy.dpo_dst = dst;
	op.op_policy.dpo_proto = IPPROTO_GRE;
	op.op_policy.dpo_dir = dir;
	op.op_policy.dpo_reqid = KN_REQID_BLOCK;
	return op;
}

unsigned kn_block_pair_ops(bool add, struct in_addr local, struct in_addr remote, struct dp_op out[KN_BLOCK_DIRS])
{
	out[0] = block_op(add, DP_POLICY_OUT, local, remote);
	out[1] = block_op(add, DP_POLICY_IN, remote, local);
	return KN_BLOCK_DIRS;
}

void kn_block_queue(struct dp *dp, const struct dp_op *op, size_t i, struct kn_result *res)
{
	struct kn_batch *b = &dp->kd_batch[KN_BUS_XFRM];
	struct dp_op pol[KN_BLOCK_OPS_MAX];
	int n = kn_block_ops(&dp->kd_block, op, pol);
	struct kn_msgs m;
	int rc;

	if (n < 0)
		kn_result_fail(res, i, -n, "BLOCK policies of %s: out of memory", op->op_link.dl_name);
	for (int k = 0; k < n; k++) {
		kn_msgs_init(&m, NULL, NULL); /* policies name no device */
		if ((rc = kn_build(&m, &pol[k])) < 0) {
			kn_result_fail(res, i, -rc, "%s", m.km_err);
			return;
		}
		if (!kn_batch_room(b, &m))
			kn_sock_commit(&dp->kd_sock[KN_BUS_XFRM], b, res);
		kn_batch_add(b, &m, i);
	}
}
