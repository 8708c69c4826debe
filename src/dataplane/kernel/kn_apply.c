/*
 * Applying operations: each is built into messages and queued in its
 * family's batch; a batch goes to the kernel when it is full, when an
 * operation names a device the kernel does not know yet (an operation
 * queued before it may create it), before a sysctl that needs what is
 * queued, before the kernel is asked who has a device ferryd creates
 * (kn_claim.c), and at the end.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "dataplane/kernel/kn_dp.h"

int kn_dp_init(struct dp *dp)
{
	static const int protocols[KN_BUS_COUNT] = {[KN_BUS_ROUTE] = NETLINK_ROUTE, [KN_BUS_XFRM] = NETLINK_XFRM};
	int rc = 0;

	memset(dp, 0, sizeof(*dp));
	rc = kn_block_users_init(&dp->kd_block);
	for (int b = 0; b < KN_BUS_COUNT && rc == 0; b++)
		if ((rc = kn_sock_open(&dp->kd_sock[b], protocols[b])) == 0)
			rc = kn_batch_init(&dp->kd_batch[b]);
	if (rc < 0)
		kn_dp_fini(dp);
	return rc;
}

void kn_dp_fini(struct dp *dp)
{
	for (int b = 0; b < KN_BUS_COUNT; b++) {
		kn_sock_close(&dp->kd_sock[b]);
		kn_batch_free(&dp->kd_batch[b]);
	}
	kn_nexthops_free(&dp->kd_nexthops);
	kn_block_users_fini(&dp->kd_block);
}

void kn_commit(struct dp *dp, struct kn_result *res)
{
	for (int b = 0; b < KN_BUS_COUNT; b++)
		kn_sock_commit(&dp->kd_sock[b], &dp->kd_batch[b], res);
}

static uint32_t cache_find(const struct kn_ifcache *c, const char *name)
{
	for (unsigned i = 0; i < c->kc_count; i++)
		if (strcmp(c->kc_ent[i].ce_name, name) == 0)
			return c->kc_ent[i].ce_index;
	return 0;
}

static void cache_put(struct kn_ifcache *c, const char *name, uint32_t index)
{
	unsigned i = c->kc_count < KN_IFCACHE_SIZE ? c->kc_count++ : c->kc_next++ % KN_IFCACHE_SIZE;

	snprintf(c->kc_ent[i].ce_name, sizeof(c->kc_ent[i].ce_name), "%s", name);
	c->kc_ent[i].ce_index = index;
}

/* Builders' name lookups: the kernel is asked only with nothing queued, so that it cannot
 * answer for a device an operation in the queue deletes or creates. */
static uint32_t resolve(void *ctx, const char *name)
{
	struct dp *dp = ctx;
	uint32_t index = cache_find(&dp->kd_ifcache, name);

	if (index || !kn_batch_empty(&dp->kd_batch[KN_BUS_ROUTE]))
		return index;
	if ((index = if_nametoindex(name)))
		cache_put(&dp->kd_ifcache, name, index);
	return index;
}

/* Routes through kn_nexthop (it keeps which route has which nexthop object); the rest directly. */
static int build_op(struct dp *dp, struct kn_msgs *m, const struct dp_op *op)
{
	int rc;

	kn_msgs_init(m, resolve, dp);
	if (op->op_type != DP_ROUTE_ADD && op->op_type != DP_ROUTE_DEL)
		return kn_build(m, op);
	rc = kn_nexthop_route(m, &dp->kd_nexthops, &op->op_route, op->op_type == DP_ROUTE_ADD);
	kn_msgs_close(m);
	return rc;
}

static int build(struct dp *dp, struct kn_msgs *m, const struct dp_op *op, struct kn_result *res)
{
	int rc;

	if ((rc = build_op(dp, m, op)) != -ENODEV || kn_batch_empty(&dp->kd_batch[KN_BUS_ROUTE]))
		return rc;
	kn_commit(dp, res);
	return build_op(dp, m, op);
}

static bool deletes(enum dp_op_type t)
{
	return t == DP_VRF_DEL || t == DP_LINK_DEL || t == DP_ADDR_DEL || t == DP_ROUTE_DEL || t == DP_LABEL_DEL ||
	       t == DP_NEIGH_DEL || t == DP_SA_DEL || t == DP_POLICY_DEL;
}

static bool changes_devices(enum dp_op_type t)
{
	return t == DP_VRF_ADD || t == DP_VRF_DEL || t == DP_LINK_ADD || t == DP_LINK_DEL;
}

/* A link's BLOCK policies follow the kernel's answer to the link: an add's come once the kernel
 * took the link (a refused add leaves none behind), a delete's go once it deleted the link (a
 * refused delete leaves the link, still protected). Held back rather than put back on a refusal:
 * kn_block_ops counts the link's use as it returns the policies, so the count stays right with
 * nothing to undo. A failure of an earlier operation in the same batch holds them back too: the
 * retried apply deletes the link again (gone: fine) and then the pair. (kn_side_after committed
 * an add already; the commit here makes that this code's own.) */
static void block_after_link(struct dp *dp, const struct dp_op *op, size_t i, struct kn_result *res)
{
	bool del = op->op_type == DP_LINK_DEL;

	/* a delete of a link without a pair (every delete of a sweep) keeps its batch */
	if (op->op_type != DP_LINK_ADD && !(del && kn_block_uses(&dp->kd_block, op->op_link.dl_name)))
		return;
	kn_commit(dp, res);
	if (!res->kr_failed)
		kn_block_queue(dp, op, i, res);
}

/* The operation's messages into its family's batch (sent first when full), then what follows them. */
static void queue(struct dp *dp, const struct dp_op *op, size_t i, const struct kn_msgs *m, struct kn_result *res)
{
	enum kn_bus bus = kn_op_bus(op->op_type);

	if (!kn_batch_room(&dp->kd_batch[bus], m))
		kn_sock_commit(&dp->kd_sock[bus], &dp->kd_batch[bus], res);
	kn_batch_add(&dp->kd_batch[bus], m, i);
	if (changes_devices(op->op_type))
		dp->kd_ifcache.kc_count = 0;
	kn_side_after(dp, op, i, res);
}

static void apply_one(struct dp *dp, const struct dp_op *op, size_t i, struct kn_result *res)
{
	struct kn_msgs m;
	int rc;

	if (kn_side_before(dp, op, i, res) < 0)
		return;
	rc = build(dp, &m, op, res);
	if (rc == -ENODEV && deletes(op->op_type))
		return; /* its device is gone, and what the operation deletes went with it */
	if (rc < 0) {
		kn_result_fail(res, i, -rc, "%s", m.km_err);
		return;
	}
	if (kn_link_claim(dp, op, i, res) < 0)
		return;
	queue(dp, op, i, &m, res);
	block_after_link(dp, op, i, res);
}

int kn_apply(struct dp *dp, const struct dp_op *ops, size_t n, struct kn_result *res)
{
	dp->kd_ifcache.kc_count = 0; /* devices may have changed since the last apply */
	for (size_t i = 0; i < n && !res->kr_failed; i++)
		apply_one(dp, &ops[i], i, res);
	kn_commit(dp, res);
	/* another program's object has that id: the next try takes a new one (any other refusal
	 * keeps it, so that the retry replaces what the kernel may have taken) */
	if (res->kr_failed && res->kr_errno == EEXIST && res->kr_op < n && ops[res->kr_op].op_type == DP_ROUTE_ADD)
		kn_nexthop_forget(&dp->kd_nexthops, &ops[res->kr_op].op_route);
	return res->kr_failed ? -1 : 0;
}
