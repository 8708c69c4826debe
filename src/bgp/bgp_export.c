/*
 * Local routes into the BGP table, per address family as IOS does it: the
 * RIB's connected and static routes of the family's table under
 * "redistribute connected|static [route-map M]" (origin incomplete; a
 * route-map that does not exist permits nothing; the default route only
 * with "default-information originate"), and "network" statements whose
 * prefix is in the RIB (origin IGP). A VRF's routes become VPNv4 paths with
 * its RD, its export route targets and the label of its label mode (the
 * aggregate one by default; mpls/label_mode.h).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp.h"
#include "bgp/bgp_run.h"
#include "mpls/label_mode.h"
#include "mpls/mfi.h"
#include "rib/rib_table.h"
#include "routemap/routemap.h"

/* One address family's export: the global table's IPv4 unicast, or a VRF's VPNv4. */
struct export_scope {
	const struct bgp_af *xs_af;
	const struct vrf *xs_vrf; /* VPNv4 */
	const char *xs_table;	  /* RIB-interned VRF name; NULL: the global table */
	enum bgp_family xs_family;
};

struct export_run {
	struct bgp_table *er_table;
	const struct config *er_cfg;
	struct rib *er_rib;
	struct mfi *er_mfi;
	struct keymap er_seen; /* destinations given a local path this run */
	int er_rc;
	/* The last attributes built: routes of one scope mostly share them, and so their UPDATEs. */
	struct bgp_pattr *er_attrs;
	const struct bgp_af *er_attrs_af;
	uint8_t er_attrs_origin;
	uint32_t er_attrs_med;
};

static enum bgp_asnn_type asnn_type(const struct vrf_asnn *v)
{
	return v->va_ip ? BGP_ASNN_IPV4 : v->va_hi > UINT16_MAX ? BGP_ASNN_AS4 : BGP_ASNN_AS2;
}

void bgp_rd_of(const struct vrf_asnn *v, struct bgp_rd *rd)
{
	memset(rd, 0, sizeof(*rd));
	bgp_rd_set(rd, asnn_type(v), v->va_hi, v->va_lo);
}

void bgp_rt_of(const struct vrf_asnn *v, struct bgp_ext_community *ec)
{
	memset(ec, 0, sizeof(*ec));
	bgp_ext_set_rt(ec, asnn_type(v), v->va_hi, v->va_lo);
}

static const struct bgp_network *network_of(const struct bgp_af *af, const struct lpm_node *n)
{
	for (const struct bgp_network *bn = af->af_networks; bn; bn = bn->bn_next)
		if (ntohl(bn->bn_prefix.s_addr) == n->ln_addr && bn->bn_plen == n->ln_plen)
			return bn;
	return NULL;
}

/* The redistribution that takes a RIB path, or NULL. */
static const struct bgp_redist *redist_of(const struct bgp_af *af, const struct rib_path *rp)
{
	if (rp->rp_source == RIB_SRC_CONNECTED)
		return &af->af_redist[BGP_REDIST_CONNECTED];
	if (rp->rp_source == RIB_SRC_STATIC)
		return &af->af_redist[BGP_REDIST_STATIC];
	return NULL;
}

/* The origin a RIB route is exported with and its MED, or -1 when the address family does not export it. */
static int route_origin(const struct export_scope *xs, const struct config *cfg, const struct rib_entry *e,
			uint32_t *med)
{
	const struct rib_path *rp = e->re_paths;
	const struct bgp_network *bn = rp ? network_of(xs->xs_af, &e->re_node) : NULL;
	const struct bgp_redist *r = rp ? redist_of(xs->xs_af, rp) : NULL;
	struct rmap_route route = {.rr_prefix = e->re_node.ln_addr, .rr_plen = e->re_node.ln_plen};

	if (!rp || rp->rp_source == RIB_SRC_EBGP || rp->rp_source == RIB_SRC_IBGP)
		return -1;
	route.rr_tag = rp->rp_tag;
	*med = rp->rp_metric;
	if (bn)
		return !bn->bn_route_map || routemap_permits(cfg, bn->bn_route_map, &route) ? BGP_ORIGIN_IGP : -1;
	if (!r || !r->rd_on || (e->re_node.ln_plen == 0 && !xs->xs_af->af_default_originate))
		return -1;
	if (r->rd_route_map && !routemap_permits(cfg, r->rd_route_map, &route))
		return -1;
	if (r->rd_metric_set)
		*med = r->rd_metric;
	return BGP_ORIGIN_INCOMPLETE;
}

/* The attributes of a local route: origin, an empty AS path, the MED, the VRF's export route targets. */
static struct bgp_pattr *local_attrs(const struct export_scope *xs, uint8_t origin, uint32_t med)
{
	size_t nrt = xs->xs_vrf ? xs->xs_vrf->vrf_export.rt_n : 0;
	struct bgp_ext_community *ext = nrt ? calloc(nrt, sizeof(*ext)) : NULL;
	struct bgp_attrs a = {.ba_has = 1u << BGP_ATTR_ORIGIN | 1u << BGP_ATTR_AS_PATH | 1u << BGP_ATTR_MED,
			      .ba_origin = origin,
			      .ba_med = med,
			      .ba_ext = ext,
			      .ba_next = nrt};
	struct bgp_pattr *pa;

	if (nrt && !ext)
		return NULL;
	for (size_t i = 0; i < nrt; i++)
		bgp_rt_of(&xs->xs_vrf->vrf_export.rt_v[i], &ext[i]);
	if (nrt)
		a.ba_has |= 1u << BGP_ATTR_EXT_COMMUNITIES;
	pa = bgp_pattr_new(&a);
	free(ext);
	return pa;
}

/* The attributes of a local route of the scope, shared with the previous one when they are the same. */
static struct bgp_pattr *scope_attrs(struct export_run *er, const struct export_scope *xs, uint8_t origin, uint32_t med)
{
	if (!er->er_attrs || er->er_attrs_af != xs->xs_af || er->er_attrs_origin != origin || er->er_attrs_med != med) {
		bgp_pattr_unref(er->er_attrs);
		er->er_attrs = local_attrs(xs, origin, med);
		er->er_attrs_af = xs->xs_af;
		er->er_attrs_origin = origin;
		er->er_attrs_med = med;
	}
	return er->er_attrs ? bgp_pattr_ref(er->er_attrs) : NULL;
}

static bool same_local(const struct bgp_path *old, const char *table, const struct bgp_attrs *a)
{
	const struct bgp_attrs *o = old ? &old->pa_attr->pat_attrs : NULL;

	return o && old->pa_vrf == table && o->ba_has == a->ba_has && o->ba_origin == a->ba_origin &&
	       o->ba_med == a->ba_med && o->ba_next == a->ba_next &&
	       (!a->ba_next || memcmp(o->ba_ext, a->ba_ext, a->ba_next * sizeof(*a->ba_ext)) == 0);
}

/* Whether the old local path has the label the VRF's label mode gives the route now. */
static bool same_label(const struct export_run *er, const struct export_scope *xs, const struct rib_entry *e,
		       const struct bgp_path *old)
{
	if (xs->xs_family != BGP_FAMILY_VPNV4 || !er->er_mfi)
		return true;
	return old->pa_nlabels && mpls_local_label_is(er->er_mfi, er->er_cfg, xs->xs_table, e, old->pa_labels[0]);
}

/* A local path with the label of the VRF's label mode; NULL if out of memory or out of labels. */
static struct bgp_path *local_path(struct export_run *er, const struct export_scope *xs, const struct rib_entry *e,
				   struct bgp_pattr *attrs)
{
	struct bgp_path *pa = bgp_path_new(attrs);

	if (!pa)
		return NULL;
	pa->pa_weight = BGP_WEIGHT_LOCAL;
	pa->pa_vrf = xs->xs_table;
	pa->pa_since = rib_now();
	if (xs->xs_family != BGP_FAMILY_VPNV4 || !er->er_mfi)
		return pa;
	pa->pa_labels[0] = mpls_local_label(er->er_mfi, er->er_cfg, xs->xs_table, e, MFI_OWNER_BGP);
	pa->pa_nlabels = pa->pa_labels[0] != MFI_LABEL_NONE;
	if (!pa->pa_nlabels) {
		bgp_pattr_unref(pa->pa_attr);
		free(pa);
		return NULL;
	}
	return pa;
}

static void export_route(struct export_run *er, const struct export_scope *xs, const struct rib_entry *e)
{
	struct bgp_nlri n = {.bn_prefix = e->re_node.ln_addr, .bn_plen = e->re_node.ln_plen};
	uint32_t med = 0;
	int origin = route_origin(xs, er->er_cfg, e, &med);
	struct bgp_pattr *attrs;
	struct bgp_dest *d;
	struct bgp_path *pa = NULL;
	const struct bgp_path *old;
	bool ok;

	if (origin < 0)
		return;
	if (xs->xs_vrf)
		bgp_rd_of(&xs->xs_vrf->vrf_rd, &n.bn_rd);
	attrs = scope_attrs(er, xs, (uint8_t)origin, med);
	d = attrs ? bgp_table_get(er->er_table, xs->xs_family, &n) : NULL;
	ok = d && keymap_put(&er->er_seen, (uintptr_t)d, d) == 0;
	old = ok ? bgp_dest_path_of(d, NULL) : NULL;
	if (ok && !(same_local(old, xs->xs_table, &attrs->pat_attrs) && same_label(er, xs, e, old))) {
		pa = local_path(er, xs, e, attrs);
		ok = pa != NULL;
	}
	if (pa && bgp_dest_set_path(er->er_table, d, pa) < 0)
		ok = false;
	if (!ok)
		er->er_rc = -1;
	bgp_pattr_unref(attrs);
}

/* Whether the address family takes any local route (a large table is not walked for nothing). */
static bool af_exports(const struct bgp_af *af)
{
	return af->af_networks || af->af_redist[BGP_REDIST_CONNECTED].rd_on || af->af_redist[BGP_REDIST_STATIC].rd_on;
}

static void export_scope(struct export_run *er, const struct export_scope *xs)
{
	const struct rib_table *rt = rib_table_of(er->er_rib, xs->xs_table);
	const struct lpm_node *n;

	if (!rt || !af_exports(xs->xs_af))
		return;
	for (struct lpm_iter it = {0}; (n = lpm_next(&rt->rtb_lpm, &it));)
		export_route(er, xs, (const struct rib_entry *)n);
}

static void export_vrfs(struct export_run *er, const struct bgp_cfg *bgp)
{
	for (struct omap_iter it = omap_begin(bgp->bgp_vrf_afs); omap_next(&it);) {
		const struct bgp_af *af = it.oi_val;
		const struct vrf *v = vrf_lookup(er->er_cfg, af->af_vrf);
		struct export_scope xs = {.xs_af = af, .xs_vrf = v, .xs_family = BGP_FAMILY_VPNV4};
		if (!v || !v->vrf_has_rd)
			continue; /* IOS: no RD, no VPNv4 routes */
		xs.xs_table = rib_intern(er->er_rib, v->vrf_name);
		if (xs.xs_table)
			export_scope(er, &xs);
	}
}

/* Local paths no address family exports any more. */
static void withdraw_unseen(struct export_run *er)
{
	struct bgp_table *t = er->er_table;
	struct bgp_dest **gone = t->bt_local.km_count ? malloc(t->bt_local.km_count * sizeof(*gone)) : NULL;
	const struct keymap_slot *s;
	size_t n = 0;

	if (t->bt_local.km_count && !gone) {
		er->er_rc = -1;
		return;
	}
	for (size_t i = 0; (s = keymap_next(&t->bt_local, &i));)
		if (!keymap_get(&er->er_seen, s->ks_key))
			gone[n++] = s->ks_val;
	for (size_t i = 0; i < n; i++)
		bgp_dest_del_path(t, gone[i], NULL);
	free(gone);
}

int bgp_export_run(struct bgp_table *t, const struct config *cfg, struct rib *rib, struct mfi *mfi)
{
	const struct bgp_cfg *bgp = bgp_cfg_get(cfg);
	struct export_run er = {.er_table = t, .er_cfg = cfg, .er_rib = rib, .er_mfi = mfi};

	if (bgp && bgp->bgp_asn && rib) {
		struct export_scope global = {.xs_af = &bgp->bgp_af_ipv4, .xs_family = BGP_FAMILY_IPV4_UNICAST};
		export_scope(&er, &global);
		export_vrfs(&er, bgp);
	}
	withdraw_unseen(&er);
	keymap_clear(&er.er_seen);
	bgp_pattr_unref(er.er_attrs);
	return er.er_rc;
}
