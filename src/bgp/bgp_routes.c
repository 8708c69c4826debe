/*
 * Received routes into the RIB: VPNv4 routes imported into the VRFs whose
 * route-target import list shares a route target with the route (next hop
 * resolved in the global table, the label pushed), IPv4 unicast routes into
 * the global table. Each peer remembers where its routes went so that a
 * withdrawal (which carries no route targets) or the session's end removes
 * them.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_session.h"
#include "core/daemon.h"
#include "core/omap.h"
#include "rib/fib.h"
#include "rib/rib_table.h"
#include "vrf/vrf.h"

#define ROUTE_KEY_LEN 64
#define VRFS_MAX      32 /* VRFs one route is imported into */

/* Where a received route went: tables by interned name (NULL: the global table). */
struct adj_route {
	struct in_addr ar_prefix;
	uint8_t ar_plen;
	size_t ar_ntables;
	const char *ar_tables[];
};

static void route_key(enum bgp_family f, const struct bgp_nlri *n, char *key)
{
	snprintf(key, ROUTE_KEY_LEN, "%d %u:%u:%u %08x/%u", (int)f, n->bn_rd.brd_type, n->bn_rd.brd_asnn.ban_admin,
		 n->bn_rd.brd_asnn.ban_number, n->bn_prefix, n->bn_plen);
}

static void adj_route_withdraw(struct bgp_peer *p, struct adj_route *ar)
{
	struct rib *rib = rib_of(p->bp_daemon);

	for (size_t i = 0; rib && i < ar->ar_ntables; i++)
		rib_withdraw(rib, ar->ar_tables[i], ar->ar_prefix, ar->ar_plen, RIB_SRC_EBGP);
	free(ar);
}

static void withdraw(struct bgp_peer *p, enum bgp_family f, const struct bgp_nlri *n)
{
	char key[ROUTE_KEY_LEN];
	struct adj_route *ar;

	route_key(f, n, key);
	ar = p->bp_adj ? omap_del(p->bp_adj, key) : NULL;
	if (ar)
		adj_route_withdraw(p, ar);
}

static bool rt_matches(const struct vrf_asnn *rt, const struct bgp_ext_community *ec)
{
	return bgp_ext_is_rt(ec) && rt->va_ip == (ec->bec_type == BGP_ASNN_IPV4) && rt->va_hi == ec->bec_rt.ban_admin &&
	       rt->va_lo == ec->bec_rt.ban_number;
}

static bool imports(const struct vrf *v, const struct bgp_attrs *a)
{
	for (size_t i = 0; i < v->vrf_import.rt_n; i++)
		for (size_t j = 0; j < a->ba_next; j++)
			if (rt_matches(&v->vrf_import.rt_v[i], &a->ba_ext[j]))
				return true;
	return false;
}

/* The tables a route goes into: the importing VRFs (VPNv4) or the global table. */
static size_t route_tables(struct bgp_peer *p, enum bgp_family f, const struct bgp_attrs *a, const char **tables)
{
	struct rib *rib = rib_of(p->bp_daemon);
	size_t n = 0;

	if (f == BGP_FAMILY_IPV4_UNICAST) {
		tables[0] = NULL;
		return 1;
	}
	for (struct omap_iter it = omap_begin(vrf_all(p->bp_daemon->fd_running)); omap_next(&it) && n < VRFS_MAX;) {
		const struct vrf *v = it.oi_val;
		if (imports(v, a) && (tables[n] = rib_intern(rib, v->vrf_name)))
			n++;
	}
	return n;
}

/* The RIB's view of the route: eBGP, from the peer, through the next hop with the route's labels. */
static void rib_attrs_of(const struct bgp_peer *p, const struct bgp_nlri *n, uint32_t next_hop, bool vpn,
			 struct rib_nexthop *nh, struct rib_attrs *ra)
{
	memset(nh, 0, sizeof(*nh));
	nh->rn_gw.s_addr = htonl(next_hop);
	nh->rn_global = vpn;
	nh->rn_nlabels = n->bn_nlabels;
	memcpy(nh->rn_labels, n->bn_labels, sizeof(nh->rn_labels));
	memset(ra, 0, sizeof(*ra));
	ra->ra_source = RIB_SRC_EBGP;
	ra->ra_from = p->bp_addr;
	ra->ra_nnh = 1;
	ra->ra_nh = nh;
}

static struct adj_route *adj_new(const struct bgp_nlri *n, const char **tables, size_t ntables)
{
	struct adj_route *ar = malloc(sizeof(*ar) + ntables * sizeof(ar->ar_tables[0]));

	if (!ar)
		return NULL;
	ar->ar_prefix.s_addr = htonl(n->bn_prefix);
	ar->ar_plen = n->bn_plen;
	ar->ar_ntables = ntables;
	memcpy(ar->ar_tables, tables, ntables * sizeof(tables[0]));
	return ar;
}

static void announce(struct bgp_peer *p, enum bgp_family f, const struct bgp_nlri *n, const struct bgp_attrs *a,
		     uint32_t next_hop)
{
	const char *tables[VRFS_MAX];
	size_t ntables = route_tables(p, f, a, tables);
	struct rib *rib = rib_of(p->bp_daemon);
	struct rib_nexthop nh;
	struct rib_attrs ra;
	struct adj_route *ar;
	char key[ROUTE_KEY_LEN];

	withdraw(p, f, n); /* its route targets may have changed */
	if (!rib || !ntables || (!p->bp_adj && !(p->bp_adj = omap_new(false))))
		return;
	ar = adj_new(n, tables, ntables);
	route_key(f, n, key);
	if (!ar || omap_put(p->bp_adj, key, ar) < 0) {
		free(ar);
		return;
	}
	rib_attrs_of(p, n, next_hop, f == BGP_FAMILY_VPNV4, &nh, &ra);
	for (size_t i = 0; i < ntables; i++)
		rib_update(rib, tables[i], ar->ar_prefix, ar->ar_plen, &ra);
}

/* RFC 4271 §9.1.2: a route whose AS_PATH holds our own AS is a loop. */
static bool as_loop(const struct bgp_peer *p, const struct bgp_attrs *a)
{
	for (size_t i = 0; i < a->ba_as_path.bap_nasns; i++)
		if (a->ba_as_path.bap_asns[i] == p->bp_conf.pc_fsm.fc_local_as)
			return true;
	return false;
}

static void nlri_list(struct bgp_peer *p, enum bgp_family f, const struct bgp_nlri_list *l, const struct bgp_attrs *a,
		      uint32_t next_hop)
{
	for (size_t i = 0; i < l->bnl_n; i++) {
		if (a)
			announce(p, f, &l->bnl_v[i], a, next_hop);
		else
			withdraw(p, f, &l->bnl_v[i]);
	}
}

void bgp_routes_update(struct bgp_peer *p, const struct bgp_update *u, enum bgp_action act)
{
	const struct bgp_attrs *a = &u->bu_attrs;
	/* RFC 7606: treat-as-withdraw and a disabled family remove what the UPDATE would announce */
	bool accept = act < BGP_ACT_TREAT_AS_WITHDRAW && !as_loop(p, a);

	nlri_list(p, BGP_FAMILY_IPV4_UNICAST, &u->bu_withdrawn, NULL, 0);
	if (u->bu_mp_unreach.bmp_present)
		nlri_list(p, u->bu_mp_unreach.bmp_family, &u->bu_mp_unreach.bmp_nlri, NULL, 0);
	if (u->bu_mp_reach.bmp_present)
		nlri_list(p, u->bu_mp_reach.bmp_family, &u->bu_mp_reach.bmp_nlri, accept ? a : NULL,
			  u->bu_mp_reach.bmp_next_hop);
	nlri_list(p, BGP_FAMILY_IPV4_UNICAST, &u->bu_nlri, accept ? a : NULL, a->ba_next_hop);
	p->bp_pfx_rcvd = p->bp_adj ? (uint32_t)omap_count(p->bp_adj) : 0;
	bgp_session_table_bump();
	p->bp_tbl_ver = bgp_session_table_version();
	fib_sync(p->bp_daemon);
}

void bgp_routes_flush(struct bgp_peer *p)
{
	if (!p->bp_adj)
		return;
	for (struct omap_iter it = omap_begin(p->bp_adj); omap_next(&it);)
		adj_route_withdraw(p, it.oi_val);
	omap_free(p->bp_adj, NULL);
	p->bp_adj = NULL;
	p->bp_pfx_rcvd = 0;
	bgp_session_table_bump();
	fib_sync(p->bp_daemon);
}
