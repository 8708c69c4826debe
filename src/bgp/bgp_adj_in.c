/*
 * The Adj-RIB-In of soft-reconfiguration inbound: a BGP table per peer
 * holding its routes as received, before the route-map in (a route the
 * route-map denies is kept too), so that `clear ip bgp X soft in` runs a
 * changed policy again without asking the peer for its routes (no
 * ROUTE-REFRESH needed) and `show ip bgp vpnv4 all neighbors X
 * received-routes` shows what came. Kept for the families the neighbor (or
 * its peer group) has soft-reconfiguration inbound in; gone with the session.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_policy.h"
#include "bgp/bgp_session.h"
#include "bgp/bgp_table.h"
#include "core/daemon.h"
#include "core/log.h"

bool bgp_adj_in_wanted(const struct bgp_peer *p, enum bgp_family f)
{
	enum bgp_afi afi = bgp_afi_of(f);

	for (const struct bgp_nbr *nb = bgp_peer_nbr(p, bgp_cfg_get(p->bp_daemon->fd_running)); nb; nb = nb->nb_group)
		if (nb->nb_af[afi].na_soft_reconfig_in)
			return true;
	return false;
}

/* The route into the copy with the attributes as received (raw), or out of it (raw NULL). */
static void take_one(struct bgp_table *t, struct bgp_peer *p, enum bgp_family f, const struct bgp_nlri *n,
		     struct bgp_pattr *raw, uint32_t next_hop)
{
	struct bgp_dest *d = raw ? bgp_table_get(t, f, n) : bgp_table_find(t, f, n);
	struct bgp_path *pa = d && raw ? bgp_path_new(raw) : NULL;

	if (!pa) {
		if (d)
			bgp_dest_del_path(t, d, p); /* withdrawn, or out of memory: no stale copy */
		return;
	}
	bgp_routes_path_fill(pa, p, n, next_hop);
	bgp_dest_set_path(t, d, pa);
}

#define FAMILY_BIT(f) (1u << (f))

void bgp_adj_in_start(struct bgp_peer *p)
{
	p->bp_in_whole = 0;
	for (int f = BGP_FAMILY_IPV4_UNICAST; f <= BGP_FAMILY_VPNV4; f++)
		if (bgp_adj_in_wanted(p, (enum bgp_family)f))
			p->bp_in_whole |= FAMILY_BIT(f);
}

bool bgp_adj_in_ready(const struct bgp_peer *p, enum bgp_family f)
{
	return p->bp_in && (p->bp_in_whole & FAMILY_BIT(f)) && bgp_adj_in_wanted(p, f);
}

/* The family's routes out of the copy. */
static void family_drop(struct bgp_peer *p, enum bgp_family f)
{
	struct bgp_dest *d;

	for (struct bgp_table_iter it = {0}; p->bp_in && (d = bgp_table_next(p->bp_in, &it));)
		if (d->de_family == f)
			bgp_dest_del_path(p->bp_in, d, p);
	if (p->bp_in)
		bgp_table_settle(p->bp_in);
}

void bgp_adj_in_restart(struct bgp_peer *p, enum bgp_family f)
{
	family_drop(p, f);
	p->bp_in_whole |= FAMILY_BIT(f);
}

static void copy_update(struct bgp_peer *p, enum bgp_family f, const struct bgp_nlri_list *l, const struct bgp_attrs *a,
			uint32_t next_hop)
{
	struct bgp_table *t = p->bp_in ? p->bp_in : (p->bp_in = calloc(1, sizeof(*p->bp_in)));
	struct bgp_pattr *raw = a && t ? bgp_pattr_new(a) : NULL;

	if (!t || (a && !raw)) {
		char addr[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &p->bp_addr, addr, sizeof(addr));
		log_msg(SEV_ERR, "BGP", "NOMEM",
			"neighbor %s: out of memory: its soft-reconfiguration copy misses routes", addr);
		return;
	}
	for (size_t i = 0; i < l->bnl_n; i++)
		take_one(t, p, f, &l->bnl_v[i], raw, next_hop);
	bgp_pattr_unref(raw);
	bgp_table_settle(t);
}

void bgp_adj_in_take(struct bgp_peer *p, enum bgp_family f, const struct bgp_nlri_list *l, const struct bgp_attrs *a,
		     uint32_t next_hop)
{
	if (!(p->bp_in_whole & FAMILY_BIT(f)))
		return; /* not asked for since the session came up, or incomplete: a soft in refreshes it first */
	if (bgp_adj_in_wanted(p, f)) {
		copy_update(p, f, l, a, next_hop);
		return;
	}
	family_drop(p, f);
	p->bp_in_whole &= (uint8_t)~FAMILY_BIT(f);
}

static void dest_nlri(const struct bgp_dest *d, const struct bgp_path *pa, struct bgp_nlri *n)
{
	*n = (struct bgp_nlri){.bn_prefix = d->de_prefix, .bn_plen = d->de_plen, .bn_rd = d->de_rd};
	n->bn_nlabels = pa->pa_nlabels;
	memcpy(n->bn_labels, pa->pa_labels, sizeof(n->bn_labels));
}

/* A replay's attributes for the routes that share received attributes and the route-map's verdict. */
struct replay_attrs {
	enum bgp_policy_verdict ra_verdict;
	const struct rmap_entry *ra_entry;
	struct bgp_pattr *ra_attrs; /* NULL: denied */
};

/*
 * The route-map in on the route, its attributes made once for the routes
 * that share them and the verdict (an UPDATE's, as a rule): kept per
 * received attributes, made again when a route of them is decided
 * otherwise. NULL: denied, or out of memory (withdrawn either way).
 */
static struct bgp_pattr *replay_attrs(struct bgp_peer *p, const struct bgp_dest *d, const struct bgp_nlri *n,
				      struct bgp_pattr *raw, struct keymap *seen)
{
	struct replay_attrs *ra = keymap_get(seen, (uintptr_t)raw);
	const struct rmap_entry *re;
	enum bgp_policy_verdict v = bgp_routes_policy_in(p, d->de_family, n, &re);

	if (ra && ra->ra_verdict == v && ra->ra_entry == re)
		return ra->ra_attrs;
	if (!ra && (!(ra = calloc(1, sizeof(*ra))) || keymap_put(seen, (uintptr_t)raw, ra) < 0)) {
		free(ra);
		return NULL;
	}
	bgp_pattr_unref(ra->ra_attrs);
	*ra = (struct replay_attrs){
	    .ra_verdict = v, .ra_entry = re, .ra_attrs = bgp_routes_attrs_in(p, &raw->pat_attrs, v, re)};
	return ra->ra_attrs;
}

static void replay_attrs_free(struct keymap *seen)
{
	const struct keymap_slot *s;

	for (size_t i = 0; (s = keymap_next(seen, &i));) {
		struct replay_attrs *ra = s->ks_val;
		bgp_pattr_unref(ra->ra_attrs);
		free(ra);
	}
	keymap_clear(seen);
}

void bgp_adj_in_replay(struct bgp_peer *p)
{
	bool want[] = {bgp_adj_in_ready(p, BGP_FAMILY_IPV4_UNICAST), bgp_adj_in_ready(p, BGP_FAMILY_VPNV4)};
	struct keymap seen = KEYMAP_INIT;
	struct bgp_dest *d;

	if (!p->bp_in)
		return;
	for (struct bgp_table_iter it = {0}; (d = bgp_table_next(p->bp_in, &it));) {
		const struct bgp_path *pa = want[d->de_family] ? bgp_dest_path_of(d, p) : NULL;
		struct bgp_pattr *attrs;
		struct bgp_nlri n;

		if (!pa)
			continue; /* a family without a whole copy: the peer is asked instead (bgp_clear.c) */
		dest_nlri(d, pa, &n);
		if (!(attrs = replay_attrs(p, d, &n, pa->pa_attr, &seen)))
			bgp_routes_withdraw(p, d->de_family, &n);
		else
			bgp_routes_announce(p, d->de_family, &n, attrs, pa->pa_next_hop);
	}
	replay_attrs_free(&seen);
	bgp_run_schedule(p->bp_daemon);
}

void bgp_adj_in_free(struct bgp_peer *p)
{
	if (!p->bp_in)
		return;
	bgp_table_clear(p->bp_in);
	free(p->bp_in);
	p->bp_in = NULL;
	p->bp_in_whole = 0;
}
