/* The routes the dataplane should have, compared with what it was given. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/dp_names.h"
#include "rib/fib_int.h"
#include "vrf/vrf.h"
#include "vrf/vrf_table.h"

/* The device of interface ifname into dev (DP_DEVLEN bytes); false if it has none. */
static bool hop_device(struct fib_devname *c, const char *ifname, char *dev)
{
	size_t n = strlen(ifname);

	if (n >= sizeof(c->fdn_ios))
		return dp_name_device(ifname, dev, DP_DEVLEN) == 0; /* too long to remember */
	if (!c->fdn_valid || strcmp(c->fdn_ios, ifname) != 0) {
		memcpy(c->fdn_ios, ifname, n + 1);
		memset(c->fdn_dev, 0, sizeof(c->fdn_dev)); /* routes compare byte for byte: no old tail */
		c->fdn_ok = dp_name_device(ifname, c->fdn_dev, sizeof(c->fdn_dev)) == 0;
		c->fdn_valid = true;
	}
	if (c->fdn_ok)
		memcpy(dev, c->fdn_dev, DP_DEVLEN);
	return c->fdn_ok;
}

/* A dataplane next hop from a resolved one; false if its interface has no device name. */
static bool dp_hop(struct fib_pass *fp, const struct rib_hop *h, struct dp_nexthop *nh)
{
	if (!hop_device(&fp->fp_devname, h->rh_ifname, nh->dn_dev))
		return false;
	nh->dn_gw = h->rh_gw;
	memcpy(nh->dn_labels, h->rh_labels, h->rh_nlabels * sizeof(h->rh_labels[0]));
	nh->dn_nlabels = h->rh_nlabels;
	return true;
}

/*
 * The route entry e should have in the dataplane, into a zeroed buffer (so
 * that equal routes compare equal byte for byte); false for none: no path
 * resolves, or the best one is connected or local (the dataplane derives
 * those from the interface addresses).
 */
static bool wanted_route(struct fib_pass *fp, const struct rib_table *t, const struct rib_entry *e,
			 union fib_route_buf *buf)
{
	struct fib_route *r = &buf->rb_route;
	struct rib_res res;

	memset(buf, 0, sizeof(*buf));
	rib_resolve(&fp->fp_rv, t, e, &res);
	if (res.rr_kind == RIB_RES_NONE || res.rr_kind == RIB_RES_RECEIVE ||
	    res.rr_path->rp_source == RIB_SRC_CONNECTED)
		return false;
	if (res.rr_kind == RIB_RES_DISCARD) {
		r->fr_kind = DP_ROUTE_BLACKHOLE;
		return true;
	}
	r->fr_kind = DP_ROUTE_UNICAST;
	for (unsigned i = 0; i < res.rr_nhops; i++)
		if (dp_hop(fp, &res.rr_hops[i], &r->fr_nh[r->fr_nnh]))
			r->fr_nnh++;
	return r->fr_nnh > 0;
}

static size_t route_size(const struct fib_route *r)
{
	return sizeof(*r) + r->fr_nnh * sizeof(r->fr_nh[0]);
}

static bool route_eq(const struct fib_route *a, const struct fib_route *b)
{
	return a->fr_kind == b->fr_kind && a->fr_nnh == b->fr_nnh &&
	       memcmp(a->fr_nh, b->fr_nh, a->fr_nnh * sizeof(a->fr_nh[0])) == 0;
}

uint32_t fib_table_number(const struct config *cfg, const struct rib_table *t)
{
	if (!t->rtb_vrf)
		return VRF_TABLE_MAIN;
	return vrf_lookup(cfg, t->rtb_vrf) ? vrf_table_id(cfg, t->rtb_vrf) : 0;
}

/* Plans a prefix of t (its entry e, or NULL when it has none any more) against what was applied. */
static void plan_prefix(struct fib_pass *fp, const struct rib_table *t, uint32_t table, uint64_t key,
			const struct rib_entry *e)
{
	struct fib *fb = fp->fp_fib;
	struct keymap *applied = fib_applied_table(fb, table, false);
	struct fib_route *have = applied ? keymap_get(applied, key) : NULL, *neu;
	union fib_route_buf want;

	if (have)
		have->fr_gen = fb->fb_gen; /* decided here: the sweep leaves it alone */
	if (!e || !wanted_route(fp, t, e, &want)) {
		if (have)
			fib_plan_add(&fp->fp_plan, false, table, key, NULL);
		return;
	}
	want.rb_route.fr_gen = fb->fb_gen;
	if (have && route_eq(have, &want.rb_route))
		return;
	if (!(neu = malloc(route_size(&want.rb_route)))) {
		fp->fp_plan.pl_failed = true;
		return;
	}
	memcpy(neu, &want, route_size(&want.rb_route));
	fib_plan_add(&fp->fp_plan, false, table, key, neu);
}

/* Every prefix of the table (full), or those whose paths changed. */
static void plan_table(struct fib_pass *fp, const struct rib_table *t)
{
	uint32_t table = fib_table_number(fp->fp_cfg, t);
	const struct keymap_slot *s;
	struct lpm_iter it = {0};
	struct lpm_node *n;

	if (t->rtb_vrf && !table)
		return; /* a VRF that is not configured has no table */
	if (fp->fp_full) {
		while ((n = lpm_next(&t->rtb_lpm, &it)))
			plan_prefix(fp, t, table, rib_prefix_key(n->ln_addr, n->ln_plen), (const struct rib_entry *)n);
		return;
	}
	for (size_t i = 0; (s = keymap_next(&t->rtb_dirty, &i));)
		plan_prefix(fp, t, table, s->ks_key, rib_exact(t, rib_key_addr(s->ks_key), rib_key_plen(s->ks_key)));
}

/* Applied routes a full pass did not decide on: their tables or prefixes are gone. */
static void plan_removals(struct fib_pass *fp)
{
	struct fib *fb = fp->fp_fib;
	const struct keymap_slot *t, *s;

	for (size_t i = 0; (t = keymap_next(&fb->fb_tables, &i));)
		for (size_t j = 0; (s = keymap_next(t->ks_val, &j));)
			if (((const struct fib_route *)s->ks_val)->fr_gen != fb->fb_gen)
				fib_plan_add(&fp->fp_plan, false, (uint32_t)t->ks_key, s->ks_key, NULL);
}

void fib_plan_routes(struct fib_pass *fp)
{
	plan_table(fp, &fp->fp_fib->fb_rib->rib_global);
	for (struct omap_iter it = omap_begin(fp->fp_fib->fb_rib->rib_vrfs); omap_next(&it);)
		plan_table(fp, it.oi_val);
	if (fp->fp_full)
		plan_removals(fp);
}
