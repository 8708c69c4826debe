/* Compiling the builder's intended state into a snapshot: names become indexes, routes an LPM per VRF. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/us_build_int.h"

#define US_TABLE_MAIN 254 /* Linux's main table: the global VRF, as table 0 */

size_t us_link_index(const struct us_snap *s, const char *name)
{
	for (size_t i = 0; i < s->sn_nlinks; i++)
		if (strcmp(s->sn_links[i].lk_cfg.dl_name, name) == 0)
			return i;
	return US_NO_LINK;
}

int us_compile_vrfs(struct us_snap *s, const struct us_build *b)
{
	s->sn_nvrfs = 1 + b->b_vrfs.v_n;
	s->sn_vrfs = calloc(s->sn_nvrfs, sizeof(*s->sn_vrfs));
	if (!s->sn_vrfs)
		return -1;
	for (size_t i = 0; i < b->b_vrfs.v_n; i++) {
		const struct dp_vrf *v = us_vec_at(&b->b_vrfs, i);

		memcpy(s->sn_vrfs[i + 1].vr_name, v->dv_name, DP_DEVLEN);
		s->sn_vrfs[i + 1].vr_table = v->dv_table;
	}
	return 0;
}

/*
 * The source of a tunnel configured without one (a Virtual-Access cloned
 * from a template without "tunnel source"): the address its IKE session
 * runs on, which the outbound policy protecting GRE to its far end names
 * (the kernel would pick it by the route to the peer). 0.0.0.0 until then.
 */
static struct in_addr us_link_source(const struct us_build *b, const struct dp_link *l)
{
	for (size_t i = 0; l->dl_kind == DP_LINK_GRE && i < b->b_policies.v_n; i++) {
		const struct dp_policy *p = us_vec_at(&b->b_policies, i);

		if (p->dpo_dir == DP_POLICY_OUT && p->dpo_dst.s_addr == l->dl_remote.s_addr)
			return p->dpo_src;
	}
	return l->dl_local;
}

int us_compile_links(struct us_snap *s, const struct us_build *b, char *err, size_t errlen)
{
	s->sn_nlinks = b->b_links.v_n;
	s->sn_links = calloc(s->sn_nlinks ? s->sn_nlinks : 1, sizeof(*s->sn_links));
	if (!s->sn_links)
		return us_build_fail(err, errlen, "out of memory");
	for (size_t i = 0; i < s->sn_nlinks; i++) {
		struct us_link *l = &s->sn_links[i];

		l->lk_cfg = *(const struct dp_link *)us_vec_at(&b->b_links, i);
		if (l->lk_cfg.dl_local.s_addr == 0)
			l->lk_cfg.dl_local = us_link_source(b, &l->lk_cfg);
		l->lk_vrf = us_snap_vrf(s, l->lk_cfg.dl_vrf);
		if (l->lk_vrf == SIZE_MAX)
			return us_build_fail(err, errlen, "link %s: no VRF %s", l->lk_cfg.dl_name, l->lk_cfg.dl_vrf);
		if (!(l->lk_stats = us_stats_link_find(&b->b_stats, l->lk_cfg.dl_name)))
			return us_build_fail(err, errlen, "link %s: no counters", l->lk_cfg.dl_name);
	}
	return 0;
}

static size_t us_table_vrf(const struct us_snap *s, uint32_t table)
{
	if (table == 0 || table == US_TABLE_MAIN)
		return US_VRF_GLOBAL;
	for (size_t i = 1; i < s->sn_nvrfs; i++)
		if (s->sn_vrfs[i].vr_table == table)
			return i;
	return SIZE_MAX;
}

static int us_compile_nh(const struct us_snap *s, const struct dp_nexthop *d, struct us_nh *nh, char *err,
			 size_t errlen)
{
	nh->nh_gw = d->dn_gw;
	nh->nh_link = us_link_index(s, d->dn_dev);
	if (nh->nh_link == US_NO_LINK)
		return us_build_fail(err, errlen, "next hop via unknown link %s", d->dn_dev);
	if (d->dn_nlabels > DP_MAX_LABELS)
		return us_build_fail(err, errlen, "label stack too deep");
	memcpy(nh->nh_labels, d->dn_labels, sizeof(nh->nh_labels));
	nh->nh_nlabels = d->dn_nlabels;
	return 0;
}

/* Takes the next free route slot for prefix addr/plen (host order) and adds it to the VRF's FIB. */
static struct us_route *us_route_add(struct us_snap *s, size_t vrf, uint32_t addr, uint8_t plen)
{
	struct us_route *r = &s->sn_routes[s->sn_nroutes];

	r->ro_node.ln_addr = addr & lpm_mask(plen);
	r->ro_node.ln_plen = plen;
	if (lpm_insert(&s->sn_vrfs[vrf].vr_fib, &r->ro_node) < 0)
		return NULL;
	s->sn_nroutes++;
	return r;
}

static int us_compile_route(struct us_snap *s, size_t vrf, const struct dp_route *d, char *err, size_t errlen)
{
	struct us_route *r = us_route_add(s, vrf, ntohl(d->dr_dst.s_addr), d->dr_plen);

	if (!r)
		return us_build_fail(err, errlen, "out of memory");
	r->ro_kind = d->dr_kind == DP_ROUTE_BLACKHOLE ? US_ROUTE_BLACKHOLE : US_ROUTE_NEXTHOPS;
	r->ro_nnh = d->dr_nnh;
	for (uint8_t i = 0; i < d->dr_nnh; i++)
		if (us_compile_nh(s, &d->dr_nh[i], &r->ro_nh[i], err, errlen) < 0)
			return -1;
	if (r->ro_kind == US_ROUTE_NEXTHOPS && r->ro_nnh == 0)
		return us_build_fail(err, errlen, "route without next hop");
	return 0;
}

static int us_compile_table(struct us_snap *s, const struct us_build_table *t, char *err, size_t errlen)
{
	size_t vrf = us_table_vrf(s, t->bt_table);
	const struct keymap_slot *slot;

	if (vrf == SIZE_MAX)
		return us_build_fail(err, errlen, "routes in table %u of no VRF", t->bt_table);
	for (size_t pos = 0; (slot = keymap_next(&t->bt_routes, &pos));)
		if (us_compile_route(s, vrf, slot->ks_val, err, errlen) < 0)
			return -1;
	return 0;
}

/*
 * A link's subnet, unless a route already covers that prefix: out of the
 * VRF's TUN for a LAN link, to the destination itself over a tunnel.
 */
static int us_compile_connected(struct us_snap *s, const struct dp_addr *a, char *err, size_t errlen)
{
	size_t link = us_link_index(s, a->da_dev);
	const struct us_link *l;
	struct us_route *r;
	bool tunnel;

	if (link == US_NO_LINK)
		return us_build_fail(err, errlen, "address on unknown link %s", a->da_dev);
	l = &s->sn_links[link];
	if (s->sn_vrfs[l->lk_vrf].vr_addr.s_addr == 0)
		s->sn_vrfs[l->lk_vrf].vr_addr = a->da_addr;
	if (keymap_put(&s->sn_local, (uint64_t)l->lk_vrf << 32 | a->da_addr.s_addr, s) < 0)
		return us_build_fail(err, errlen, "out of memory");
	if (a->da_plen > 32 ||
	    lpm_exact(&s->sn_vrfs[l->lk_vrf].vr_fib, ntohl(a->da_addr.s_addr) & lpm_mask(a->da_plen), a->da_plen))
		return 0;
	r = us_route_add(s, l->lk_vrf, ntohl(a->da_addr.s_addr), a->da_plen);
	if (!r)
		return us_build_fail(err, errlen, "out of memory");
	tunnel = l->lk_cfg.dl_kind == DP_LINK_GRE || l->lk_cfg.dl_kind == DP_LINK_MGRE;
	r->ro_kind = tunnel ? US_ROUTE_NEXTHOPS : US_ROUTE_CONNECTED;
	r->ro_nnh = tunnel ? 1 : 0;
	r->ro_nh[0] = (struct us_nh){.nh_link = link};
	r->ro_src = a->da_addr;
	return 0;
}

int us_compile_routes(struct us_snap *s, const struct us_build *b, char *err, size_t errlen)
{
	size_t n = b->b_addrs.v_n;

	for (size_t i = 0; i < b->b_tables.v_n; i++)
		n += ((const struct us_build_table *)us_vec_at(&b->b_tables, i))->bt_routes.km_count;
	s->sn_routes = calloc(n ? n : 1, sizeof(*s->sn_routes));
	if (!s->sn_routes)
		return us_build_fail(err, errlen, "out of memory");
	for (size_t i = 0; i < b->b_tables.v_n; i++)
		if (us_compile_table(s, us_vec_at(&b->b_tables, i), err, errlen) < 0)
			return -1;
	for (size_t i = 0; i < b->b_addrs.v_n; i++)
		if (us_compile_connected(s, us_vec_at(&b->b_addrs, i), err, errlen) < 0)
			return -1;
	return 0;
}

int us_compile_labels(struct us_snap *s, const struct us_build *b, char *err, size_t errlen)
{
	const struct keymap_slot *slot;
	size_t n = 0;

	s->sn_labels = calloc(b->b_labels.km_count ? b->b_labels.km_count : 1, sizeof(*s->sn_labels));
	if (!s->sn_labels)
		return us_build_fail(err, errlen, "out of memory");
	for (size_t pos = 0; (slot = keymap_next(&b->b_labels, &pos));) {
		const struct dp_label *d = slot->ks_val;
		struct us_label *l = &s->sn_labels[n++];

		l->lb_action = d->dlb_action;
		l->lb_vrf = us_snap_vrf(s, d->dlb_vrf);
		if (!(l->lb_count = us_stats_label_find(&b->b_stats, d->dlb_in)))
			return us_build_fail(err, errlen, "label %u: no counters", d->dlb_in);
		if (d->dlb_action == DP_LABEL_POP_LOOKUP ? l->lb_vrf == SIZE_MAX
							 : us_compile_nh(s, &d->dlb_nh, &l->lb_nh, err, errlen) < 0)
			return us_build_fail(err, errlen, "label %u does not resolve", d->dlb_in);
		if (keymap_put(&s->sn_lfib, d->dlb_in, l) < 0)
			return us_build_fail(err, errlen, "out of memory");
	}
	return 0;
}
