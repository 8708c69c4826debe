/* Best path selection and recursive next-hop resolution. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mpls/mfi.h"
#include "rib/rib_resolve.h"

void rib_resolver_init(struct rib_resolver *rv, const struct rib *rib)
{
	memset(rv, 0, sizeof(*rv));
	rv->rv_rib = rib;
}

void rib_resolver_fini(struct rib_resolver *rv)
{
	const struct keymap_slot *s;

	for (size_t i = 0; (s = keymap_next(&rv->rv_memo, &i));)
		free(s->ks_val);
	keymap_clear(&rv->rv_memo);
}

const struct rib_entry *rib_nexthop_entry(const struct rib *rib, const struct rib_table *t, const struct rib_entry *e,
					  const struct rib_nexthop *nh, const struct rib_table **via)
{
	const struct rib_table *vt = nh->rn_global ? &rib->rib_global : t;
	uint32_t a = ntohl(nh->rn_gw.s_addr);
	const struct rib_entry *r = rib_longest(vt, a, 32);

	/* a route never resolves through itself: the next less specific one may carry it */
	if (e && r == e)
		r = e->re_node.ln_plen ? rib_longest(vt, a, (uint8_t)(e->re_node.ln_plen - 1)) : NULL;
	*via = vt;
	return r;
}

/* Appends a hop: the resolving route's labels outside, the path's own inside. */
static void add_hop(struct rib_res *out, struct in_addr gw, const char *ifname, const struct rib_hop *outer,
		    const struct rib_nexthop *nh)
{
	struct rib_hop h = {.rh_gw = gw, .rh_ifname = ifname};

	if (out->rr_nhops == RIB_MAX_NEXTHOPS)
		return;
	if (outer) {
		memcpy(h.rh_labels, outer->rh_labels, outer->rh_nlabels * sizeof(uint32_t));
		h.rh_nlabels = outer->rh_nlabels;
	}
	for (unsigned i = 0; i < nh->rn_nlabels; i++) {
		if (nh->rn_labels[i] == MFI_LABEL_IMPLICIT_NULL)
			continue;
		if (h.rh_nlabels == RIB_MAX_LABELS)
			return; /* deeper than the dataplane pushes: this way out is unusable */
		h.rh_labels[h.rh_nlabels++] = nh->rn_labels[i];
	}
	out->rr_hops[out->rr_nhops++] = h;
}

static bool on_stack(const struct rib_resolver *rv, const struct rib_entry *e)
{
	for (unsigned i = 0; i < rv->rv_depth; i++)
		if (rv->rv_stack[i] == e)
			return true;
	return false;
}

static void resolve_paths(struct rib_resolver *rv, const struct rib_table *t, const struct rib_entry *e,
			  struct rib_res *out);

/* The resolution of an entry a next hop goes through: remembered unless a loop cut it short. */
static const struct rib_res *resolve_via(struct rib_resolver *rv, const struct rib_table *t, const struct rib_entry *e,
					 struct rib_res *tmp)
{
	const struct rib_res *known = keymap_get(&rv->rv_memo, (uint64_t)(uintptr_t)e);
	bool cut_before = rv->rv_cut;
	struct rib_res *copy;

	if (known)
		return known;
	if (on_stack(rv, e) || rv->rv_depth == RIB_MAX_DEPTH) {
		rv->rv_cut = true;
		return NULL;
	}
	rv->rv_stack[rv->rv_depth++] = e;
	rv->rv_cut = false;
	resolve_paths(rv, t, e, tmp);
	rv->rv_depth--;
	if (!rv->rv_cut && (copy = malloc(sizeof(*copy)))) {
		*copy = *tmp;
		if (keymap_put(&rv->rv_memo, (uint64_t)(uintptr_t)e, copy) < 0)
			free(copy);
	}
	rv->rv_cut |= cut_before;
	return tmp;
}

/* Adds where one next hop leads; *discard when it leads to Null0. */
static void resolve_nexthop(struct rib_resolver *rv, const struct rib_table *t, const struct rib_entry *e,
			    const struct rib_nexthop *nh, struct rib_res *out, bool *discard)
{
	const struct rib_table *vt;
	const struct rib_entry *via;
	const struct rib_res *r;
	struct rib_res tmp;

	if (nh->rn_ifname) {
		if (strcasecmp(nh->rn_ifname, "Null0") == 0)
			*discard = true;
		else
			add_hop(out, nh->rn_gw, nh->rn_ifname, NULL, nh);
		return;
	}
	if (!(via = rib_nexthop_entry(rv->rv_rib, t, e, nh, &vt)) || !(r = resolve_via(rv, vt, via, &tmp)))
		return;
	if (r->rr_kind == RIB_RES_DISCARD)
		*discard = true;
	if (r->rr_kind != RIB_RES_FORWARD)
		return;
	for (unsigned i = 0; i < r->rr_nhops; i++) {
		const struct rib_hop *h = &r->rr_hops[i];
		add_hop(out, h->rh_gw.s_addr ? h->rh_gw : nh->rn_gw, h->rh_ifname, h, nh);
	}
}

static bool resolve_path(struct rib_resolver *rv, const struct rib_table *t, const struct rib_entry *e,
			 const struct rib_path *p, struct rib_res *out)
{
	bool discard = false;

	memset(out, 0, sizeof(*out));
	out->rr_path = p;
	if (p->rp_source == RIB_SRC_LOCAL) {
		out->rr_kind = RIB_RES_RECEIVE;
		add_hop(out, p->rp_nh[0].rn_gw, p->rp_nh[0].rn_ifname, NULL, &p->rp_nh[0]);
		return true;
	}
	for (unsigned i = 0; i < p->rp_nnh; i++)
		resolve_nexthop(rv, t, e, &p->rp_nh[i], out, &discard);
	if (out->rr_nhops)
		out->rr_kind = RIB_RES_FORWARD;
	else if (discard)
		out->rr_kind = RIB_RES_DISCARD;
	return out->rr_kind != RIB_RES_NONE;
}

static void resolve_paths(struct rib_resolver *rv, const struct rib_table *t, const struct rib_entry *e,
			  struct rib_res *out)
{
	for (const struct rib_path *p = e->re_paths; p; p = p->rp_next)
		if (resolve_path(rv, t, e, p, out))
			return;
	memset(out, 0, sizeof(*out));
}

void rib_resolve(struct rib_resolver *rv, const struct rib_table *t, const struct rib_entry *e, struct rib_res *out)
{
	const struct rib_res *known = keymap_get(&rv->rv_memo, (uint64_t)(uintptr_t)e);

	if (known) {
		*out = *known;
		return;
	}
	rv->rv_stack[0] = e;
	rv->rv_depth = 1;
	rv->rv_cut = false;
	resolve_paths(rv, t, e, out);
	rv->rv_depth = 0;
}

void rib_resolve_nexthop(struct rib_resolver *rv, const struct rib_table *t, const struct rib_nexthop *nh,
			 struct rib_res *out)
{
	bool discard = false;

	memset(out, 0, sizeof(*out));
	rv->rv_depth = 0;
	rv->rv_cut = false;
	resolve_nexthop(rv, t, NULL, nh, out, &discard);
	if (out->rr_nhops)
		out->rr_kind = RIB_RES_FORWARD;
	else if (discard)
		out->rr_kind = RIB_RES_DISCARD;
}
