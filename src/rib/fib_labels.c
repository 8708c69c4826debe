/* The LFIB the dataplane should have, compared with what it was given. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/dp_names.h"
#include "rib/fib_int.h"
#include "rib/lfib.h"
#include "rib/lpm.h"
#include "vrf/vrf.h"

/*
 * The dataplane form of a label's entry, zeroed first so that equal ones
 * compare equal; false for none (it cannot forward, or its VRF is not
 * configured and has no table to look up in).
 */
static bool wanted_label(struct fib_pass *fp, const struct mfi_label *l, struct dp_label *dl)
{
	struct lfib_entry le;
	const struct rib_hop *h = &le.le_hop;

	memset(dl, 0, sizeof(*dl));
	if ((l->ml_vrf && !vrf_lookup(fp->fp_cfg, l->ml_vrf)) || !lfib_entry(&fp->fp_rv, l, &le))
		return false;
	dl->dlb_in = l->ml_label;
	dl->dlb_action = le.le_action;
	if (le.le_action == DP_LABEL_POP_LOOKUP)
		return !l->ml_vrf || dp_name_vrf(l->ml_vrf, dl->dlb_vrf, sizeof(dl->dlb_vrf)) == 0;
	if (dp_name_device(h->rh_ifname, dl->dlb_nh.dn_dev, sizeof(dl->dlb_nh.dn_dev)) < 0)
		return false;
	dl->dlb_nh.dn_gw = h->rh_gw;
	memcpy(dl->dlb_nh.dn_labels, h->rh_labels, h->rh_nlabels * sizeof(h->rh_labels[0]));
	dl->dlb_nh.dn_nlabels = h->rh_nlabels;
	return true;
}

/* Plans one label (l: its binding, or NULL when it has none any more) against what was applied. */
static void plan_label(struct fib_pass *fp, uint32_t label, const struct mfi_label *l)
{
	struct fib *fb = fp->fp_fib;
	struct fib_label *have = keymap_get(&fb->fb_labels, label), *neu;
	struct dp_label want;

	fb->fb_labels_planned++;
	if (have)
		have->fl_gen = fb->fb_gen; /* decided here: the sweep leaves it alone */
	if (!l || !wanted_label(fp, l, &want)) {
		if (have)
			fib_plan_add(&fp->fp_plan, true, 0, label, NULL);
		return;
	}
	if (have && memcmp(&have->fl_label, &want, sizeof(want)) == 0)
		return;
	if (!(neu = malloc(sizeof(*neu)))) {
		fp->fp_plan.pl_failed = true;
		return;
	}
	neu->fl_gen = fb->fb_gen;
	memcpy(&neu->fl_label, &want, sizeof(want)); /* padding included: compared with memcmp */
	fib_plan_add(&fp->fp_plan, true, 0, label, neu);
}

static void plan_all(struct fib_pass *fp)
{
	struct fib *fb = fp->fp_fib;
	const struct mfi_label *l;
	const struct keymap_slot *s;

	for (size_t i = 0; (l = mfi_next(fb->fb_mfi, &i));)
		plan_label(fp, l->ml_label, l);
	for (size_t i = 0; (s = keymap_next(&fb->fb_labels, &i));)
		if (((const struct fib_label *)s->ks_val)->fl_gen != fb->fb_gen)
			fib_plan_add(&fp->fp_plan, true, 0, s->ks_key, NULL);
}

static void add_todo(struct fib_pass *fp, struct keymap *todo, uint64_t label)
{
	if (keymap_put(todo, label, todo) < 0)
		fp->fp_plan.pl_failed = true; /* the next sync is a full one */
}

/* The labels bound to the changed prefixes of t; true if there were any. */
static bool todo_prefixes(struct fib_pass *fp, const struct rib_table *t, struct keymap *todo)
{
	const struct keymap_slot *s;

	for (size_t i = 0; (s = keymap_next(&t->rtb_dirty, &i));) {
		struct in_addr p = {.s_addr = htonl(rib_key_addr(s->ks_key))};
		const struct mfi_label *l =
		    mfi_prefix_binding(fp->fp_fib->fb_mfi, t->rtb_vrf, p, rib_key_plen(s->ks_key));
		if (l)
			add_todo(fp, todo, l->ml_label);
	}
	return t->rtb_dirty.km_count > 0;
}

/* Whether a changed prefix of the global table covers addr: one look-up per prefix length. */
static bool covered(const struct rib_table *global, uint32_t addr)
{
	for (uint8_t plen = 0; plen <= 32; plen++)
		if (keymap_get(&global->rtb_dirty, rib_prefix_key(addr & lpm_mask(plen), plen)))
			return true;
	return false;
}

/*
 * Whether changed routes may move owners' outgoing sides: one resolving in a
 * VRF's table when a VRF's routes changed, one resolving in the global table
 * when a changed global prefix covers its next hop (a change further down a
 * recursive resolution covers a route's tracked next hop: the pass is a
 * full one then). Outgoing sides with an interface resolve through no route.
 */
static bool outs_moved(const struct mfi *m, const struct rib *rib, bool vrf_routes)
{
	const struct keymap_slot *s;

	if (m->mf_out_lost || (vrf_routes && m->mf_out_vrf))
		return true;
	for (size_t i = 0; rib->rib_global.rtb_dirty.km_count && (s = keymap_next(&m->mf_out_gws, &i));)
		if (covered(&rib->rib_global, (uint32_t)s->ks_key))
			return true;
	return false;
}

/*
 * The labels changed in the MFI, those bound to changed prefixes and, when
 * changed routes may move them, those with an owner's outgoing side: a feed
 * of VPN routes into VRFs re-plans none of the labels that swap toward a
 * global next hop (with every one re-planned at each change, a feed was
 * quadratic in its swap labels).
 */
static void plan_changed(struct fib_pass *fp)
{
	struct mfi *m = fp->fp_fib->fb_mfi;
	struct rib *rib = fp->fp_fib->fb_rib;
	struct keymap todo = KEYMAP_INIT;
	const struct keymap_slot *s;
	bool vrf_routes = false, moved;

	todo_prefixes(fp, &rib->rib_global, &todo);
	for (struct omap_iter it = omap_begin(rib->rib_vrfs); omap_next(&it);)
		vrf_routes |= todo_prefixes(fp, it.oi_val, &todo);
	for (size_t i = 0; (s = keymap_next(&m->mf_dirty, &i));)
		add_todo(fp, &todo, s->ks_key);
	moved = outs_moved(m, rib, vrf_routes);
	for (size_t i = 0; moved && (s = keymap_next(&m->mf_explicit, &i));)
		add_todo(fp, &todo, s->ks_key);
	for (size_t i = 0; (s = keymap_next(&todo, &i));)
		plan_label(fp, (uint32_t)s->ks_key, mfi_find(m, (uint32_t)s->ks_key));
	keymap_clear(&todo);
}

void fib_plan_labels(struct fib_pass *fp)
{
	fp->fp_fib->fb_labels_planned = 0;
	if (fp->fp_full)
		plan_all(fp);
	else
		plan_changed(fp);
}
