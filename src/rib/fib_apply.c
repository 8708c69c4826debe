/* Applying the planned differences: sorted, batched, and recorded as they succeed. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "rib/fib_int.h"

void fib_plan_add(struct fib_plan *pl, bool label, uint32_t table, uint64_t key, void *neu)
{
	if (pl->pl_n == pl->pl_cap) {
		size_t cap = pl->pl_cap ? pl->pl_cap * 2 : 256;
		struct fib_change *v = realloc(pl->pl_v, cap * sizeof(*v));
		if (!v) {
			free(neu);
			pl->pl_failed = true;
			return;
		}
		pl->pl_v = v;
		pl->pl_cap = cap;
	}
	pl->pl_v[pl->pl_n++] = (struct fib_change){.fc_label = label, .fc_table = table, .fc_key = key, .fc_new = neu};
}

struct keymap *fib_applied_table(struct fib *fb, uint32_t table, bool create)
{
	struct keymap *m = keymap_get(&fb->fb_tables, table);

	if (m || !create)
		return m;
	if (!(m = calloc(1, sizeof(*m))))
		return NULL;
	if (keymap_put(&fb->fb_tables, table, m) < 0) {
		free(m);
		return NULL;
	}
	return m;
}

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b))

/* Routes table by table, by address then length; labels after them, by number. */
static int change_cmp(const void *pa, const void *pb)
{
	const struct fib_change *a = pa, *b = pb;
	int c = CMP(a->fc_label, b->fc_label);

	if (!c)
		c = CMP(a->fc_table, b->fc_table);
	return c ? c : CMP(a->fc_key, b->fc_key);
}

/* Where a change's applied state lives. */
static struct keymap *change_map(struct fib *fb, const struct fib_change *c, bool create)
{
	return c->fc_label ? &fb->fb_labels : fib_applied_table(fb, c->fc_table, create);
}

static void route_op(const struct fib_change *c, const struct fib_route *r, struct dp_op *op)
{
	struct dp_route *dr = &op->op_route;

	op->op_type = c->fc_new ? DP_ROUTE_ADD : DP_ROUTE_DEL;
	dr->dr_table = c->fc_table;
	dr->dr_dst.s_addr = htonl(rib_key_addr(c->fc_key));
	dr->dr_plen = rib_key_plen(c->fc_key);
	dr->dr_kind = r->fr_kind;
	dr->dr_nnh = r->fr_nnh;
	memcpy(dr->dr_nh, r->fr_nh, r->fr_nnh * sizeof(r->fr_nh[0]));
}

/* The operation of a change; a removal carries what was applied. */
static void change_op(struct fib *fb, const struct fib_change *c, struct dp_op *op)
{
	const void *state = c->fc_new ? c->fc_new : keymap_get(change_map(fb, c, false), c->fc_key);

	memset(op, 0, sizeof(*op));
	if (!c->fc_label) {
		route_op(c, state, op);
		return;
	}
	op->op_type = c->fc_new ? DP_LABEL_ADD : DP_LABEL_DEL;
	op->op_label = ((const struct fib_label *)state)->fl_label;
}

/* Records an applied change: the new state replaces the old one, a removal forgets it. */
static bool commit(struct fib *fb, const struct fib_change *c)
{
	struct keymap *m = change_map(fb, c, c->fc_new != NULL);
	void *old;

	if (!c->fc_new) {
		free(keymap_del(m, c->fc_key));
		return true;
	}
	old = m ? keymap_get(m, c->fc_key) : NULL;
	if (!m || keymap_put(m, c->fc_key, c->fc_new) < 0) {
		free(c->fc_new); /* installed but not remembered: the next sync installs it again */
		return false;
	}
	free(old);
	return true;
}

/* After a refused batch: each operation alone, to keep what went through. */
static void apply_singly(struct fib *fb, struct dataplane *dpl, const struct fib_change *c, const struct dp_op *ops,
			 size_t n)
{
	char err[256];

	for (size_t i = 0; i < n; i++) {
		if (dataplane_apply(dpl, &ops[i], 1, err, sizeof(err)) == 0)
			commit(fb, &c[i]);
		else
			free(c[i].fc_new);
	}
}

static void drop_plan(struct fib_plan *pl)
{
	for (size_t i = 0; i < pl->pl_n; i++)
		free(pl->pl_v[i].fc_new);
	free(pl->pl_v);
}

bool fib_plan_apply(struct fib *fb, struct dataplane *dpl, struct fib_plan *pl)
{
	bool ok = !pl->pl_failed;
	struct dp_op *ops = pl->pl_n ? malloc(FIB_BATCH * sizeof(*ops)) : NULL;
	char err[256];

	if (!ops) {
		drop_plan(pl);
		return ok && pl->pl_n == 0;
	}
	qsort(pl->pl_v, pl->pl_n, sizeof(pl->pl_v[0]), change_cmp);
	for (size_t i = 0, n; i < pl->pl_n; i += n) {
		struct fib_change *c = &pl->pl_v[i];
		n = pl->pl_n - i < FIB_BATCH ? pl->pl_n - i : FIB_BATCH;
		for (size_t j = 0; j < n; j++)
			change_op(fb, &c[j], &ops[j]);
		if (dataplane_apply(dpl, ops, n, err, sizeof(err)) < 0) {
			apply_singly(fb, dpl, c, ops, n);
			ok = false;
			continue;
		}
		for (size_t j = 0; j < n; j++)
			ok = commit(fb, &c[j]) && ok;
	}
	free(ops);
	free(pl->pl_v);
	return ok;
}
