/* The userspace dataplane builder: applying dp_op batches to the intended state. */
#include "dataplane/userspace/us_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/us_build_int.h"

static bool us_same_vrf(const void *a, const void *b)
{
	return strcmp(((const struct dp_vrf *)a)->dv_name, ((const struct dp_vrf *)b)->dv_name) == 0;
}

static bool us_same_link(const void *a, const void *b)
{
	return strcmp(((const struct dp_link *)a)->dl_name, ((const struct dp_link *)b)->dl_name) == 0;
}

static bool us_same_addr(const void *a, const void *b)
{
	const struct dp_addr *x = a, *y = b;

	return strcmp(x->da_dev, y->da_dev) == 0 && x->da_addr.s_addr == y->da_addr.s_addr && x->da_plen == y->da_plen;
}

static bool us_same_neigh(const void *a, const void *b)
{
	const struct dp_neigh *x = a, *y = b;

	return strcmp(x->dnb_dev, y->dnb_dev) == 0 && x->dnb_overlay.s_addr == y->dnb_overlay.s_addr;
}

static bool us_same_policy(const void *a, const void *b)
{
	const struct dp_policy *x = a, *y = b;

	return x->dpo_src.s_addr == y->dpo_src.s_addr && x->dpo_dst.s_addr == y->dpo_dst.s_addr &&
	       x->dpo_proto == y->dpo_proto && x->dpo_dir == y->dpo_dir;
}

/* The operations kept in a struct us_vec of their own payload: where, and what makes two the same. */
struct us_vec_op {
	size_t vo_vec; /* offset of the us_vec in struct us_build */
	us_same_fn *vo_same;
	const char *vo_what;
};

static const struct us_vec_op *us_vec_op_of(enum dp_op_type type)
{
	static const struct us_vec_op ops[] = {
	    [DP_VRF_ADD] = {offsetof(struct us_build, b_vrfs), us_same_vrf, "VRF"},
	    [DP_VRF_DEL] = {offsetof(struct us_build, b_vrfs), us_same_vrf, "VRF"},
	    [DP_LINK_ADD] = {offsetof(struct us_build, b_links), us_same_link, "link"},
	    [DP_LINK_DEL] = {offsetof(struct us_build, b_links), us_same_link, "link"},
	    [DP_ADDR_ADD] = {offsetof(struct us_build, b_addrs), us_same_addr, "address"},
	    [DP_ADDR_DEL] = {offsetof(struct us_build, b_addrs), us_same_addr, "address"},
	    [DP_NEIGH_ADD] = {offsetof(struct us_build, b_neighs), us_same_neigh, "neighbour"},
	    [DP_NEIGH_DEL] = {offsetof(struct us_build, b_neighs), us_same_neigh, "neighbour"},
	    [DP_POLICY_ADD] = {offsetof(struct us_build, b_policies), us_same_policy, "policy"},
	    [DP_POLICY_DEL] = {offsetof(struct us_build, b_policies), us_same_policy, "policy"},
	};

	if ((size_t)type >= sizeof(ops) / sizeof(ops[0]) || !ops[type].vo_same)
		return NULL;
	return &ops[type];
}

static bool us_op_is_del(enum dp_op_type type)
{
	return type == DP_VRF_DEL || type == DP_LINK_DEL || type == DP_ADDR_DEL || type == DP_ROUTE_DEL ||
	       type == DP_LABEL_DEL || type == DP_NEIGH_DEL || type == DP_SA_DEL || type == DP_POLICY_DEL;
}

static int us_apply_vec(struct us_build *b, const struct us_vec_op *vo, const struct dp_op *op, char *err,
			size_t errlen)
{
	struct us_vec *v = (struct us_vec *)((char *)b + vo->vo_vec);
	const void *payload = &op->op_vrf; /* every member of the union starts here */
	void *found;

	if (!us_op_is_del(op->op_type))
		return us_vec_put(v, payload, vo->vo_same) ? 0 : us_build_fail(err, errlen, "out of memory");
	found = us_vec_find(v, payload, vo->vo_same);
	if (!found)
		return us_build_fail(err, errlen, "no such %s", vo->vo_what);
	us_vec_remove(v, (size_t)((char *)found - (char *)v->v_items) / v->v_size);
	return 0;
}

static int us_apply_one(struct us_build *b, const struct dp_op *op, char *err, size_t errlen)
{
	const struct us_vec_op *vo = us_vec_op_of(op->op_type);

	if (vo)
		return us_apply_vec(b, vo, op, err, errlen);
	switch (op->op_type) {
	case DP_ROUTE_ADD:
	case DP_ROUTE_DEL:
		return us_build_route(b, &op->op_route, op->op_type == DP_ROUTE_DEL, err, errlen);
	case DP_LABEL_ADD:
	case DP_LABEL_DEL:
		return us_build_label(b, &op->op_label, op->op_type == DP_LABEL_DEL, err, errlen);
	case DP_SA_ADD:
	case DP_SA_DEL:
		return us_build_sa(b, &op->op_sa, op->op_type == DP_SA_DEL, err, errlen);
	default:
		return us_build_fail(err, errlen, "unknown operation %d", (int)op->op_type);
	}
}

/* A link or label added gets its counters now: compiling a snapshot only looks them up. */
static int us_apply_stats(struct us_build *b, const struct dp_op *op, char *err, size_t errlen)
{
	if ((op->op_type == DP_LINK_ADD && !us_stats_link(&b->b_stats, op->op_link.dl_name)) ||
	    (op->op_type == DP_LABEL_ADD && !us_stats_label(&b->b_stats, op->op_label.dlb_in)))
		return us_build_fail(err, errlen, "out of memory");
	return 0;
}

int us_build_apply(struct us_build *b, const struct dp_op *ops, size_t n, size_t *failed, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		if (us_apply_one(b, &ops[i], err, errlen) < 0 || us_apply_stats(b, &ops[i], err, errlen) < 0) {
			*failed = i;
			return -1;
		}
	}
	return 0;
}

int us_build_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

void us_build_init(struct us_build *b)
{
	*b = (struct us_build){
	    .b_vrfs = US_VEC_INIT(struct dp_vrf),
	    .b_links = US_VEC_INIT(struct dp_link),
	    .b_addrs = US_VEC_INIT(struct dp_addr),
	    .b_neighs = US_VEC_INIT(struct dp_neigh),
	    .b_policies = US_VEC_INIT(struct dp_policy),
	    .b_sas = US_VEC_INIT(struct us_build_sa),
	    .b_tables = US_VEC_INIT(struct us_build_table),
	    .b_retired = US_VEC_INIT(struct esp_sa *),
	};
	us_stats_init(&b->b_stats);
}
