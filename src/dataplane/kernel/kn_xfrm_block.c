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

static bool needs_block(const struct dp_link *l)
{
	return (l->dl_kind == DP_LINK_GRE || l->dl_kind == DP_LINK_MGRE) && l->dl_protected && l->dl_remote.s_addr;
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

unsigned kn_block_ops(const struct dp_op *op, struct dp_op out[KN_BLOCK_DIRS])
{
	const struct dp_link *l = &op->op_link;
	bool add = op->op_type == DP_LINK_ADD;

	if ((!add && op->op_type != DP_LINK_DEL) || !needs_block(l))
		return 0;
	out[0] = block_op(add, DP_POLICY_OUT, l->dl_local, l->dl_remote);
	out[1] = block_op(add, DP_POLICY_IN, l->dl_remote, l->dl_local);
	return KN_BLOCK_DIRS;
}

void kn_block_queue(struct dp *dp, const struct dp_op *op, size_t i, struct kn_result *res)
{
	struct kn_batch *b = &dp->kd_batch[KN_BUS_XFRM];
	struct dp_op pol[KN_BLOCK_DIRS];
	unsigned n = kn_block_ops(op, pol);
	struct kn_msgs m;
	int rc;

	for (unsigned k = 0; k < n; k++) {
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
