/*
 * Received routes into the BGP table: each announced route becomes the
 * peer's path to its destination (attributes shared by the routes of one
 * UPDATE, after the neighbor's route-map in: a route it denies is taken as
 * withdrawn), each withdrawn one loses it. With soft-reconfiguration
 * inbound the routes as received go to the peer's Adj-RIB-In too (bgp_adj_in.c). The table's run (bgp_run.c) then
 * picks best paths, imports them into the VRFs and the RIB and tells the
 * other peers.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_policy.h"
#include "bgp/bgp_session.h"
#include "bgp/bgp_table.h"
#include "core/daemon.h"
#include "rib/rib_table.h"

void bgp_routes_withdraw(struct bgp_peer *p, enum bgp_family f, const struct bgp_nlri *n)
{
	struct bgp_table *t = bgp_run_table();
	struct bgp_dest *d = bgp_table_find(t, f, n);

	if (d && bgp_dest_del_path(t, d, p))
		p->bp_pfx_rcvd--;
}

void bgp_routes_path_fill(struct bgp_path *pa, const struct bgp_peer *p, const struct bgp_nlri *n, uint32_t next_hop)
{
	const struct bgp_fsm *f = &p->bp_conn->cn_fsm;

	pa->pa_src = p;
	pa->pa_next_hop = next_hop;
	pa->pa_from = ntohl(p->bp_addr.s_addr);
	pa->pa_from_id = f->fs_peer_id;
	pa->pa_ebgp = f->fs_codec.bc_ebgp;
	pa->pa_nlabels = n->bn_nlabels;
	memcpy(pa->pa_labels, n->bn_labels, sizeof(pa->pa_labels));
	pa->pa_since = rib_now();
}

/* The peer's path to the destination is already this one: an announcement again changes nothing. */
static bool unchanged(const struct bgp_path *old, const struct bgp_nlri *n, const struct bgp_pattr *attrs,
		      uint32_t next_hop)
{
	return old && old->pa_next_hop == next_hop && old->pa_nlabels == n->bn_nlabels &&
	       memcmp(old->pa_labels, n->bn_labels, n->bn_nlabels * sizeof(n->bn_labels[0])) == 0 &&
	       (old->pa_attr == attrs || bgp_attrs_equal(&old->pa_attr->pat_attrs, &attrs->pat_attrs));
}

void bgp_routes_announce(struct bgp_peer *p, enum bgp_family f, const struct bgp_nlri *n, struct bgp_pattr *attrs,
			 uint32_t next_hop)
{
	struct bgp_table *t = bgp_run_table();
	struct bgp_dest *d = bgp_table_get(t, f, n);
	struct bgp_path *pa;

	if (d && unchanged(bgp_dest_path_of(d, p), n, attrs, next_hop))
		return; /* its age, version and what the other peers were sent stay */
	pa = d ? bgp_path_new(attrs) : NULL;

	if (!pa) {
		bgp_routes_withdraw(p, f, n); /* out of memory: an older path must not stand in for it */
		return;
	}
	bgp_routes_path_fill(pa, p, n, next_hop);
	if (!bgp_dest_path_of(d, p))
		p->bp_pfx_rcvd++;
	bgp_dest_set_path(t, d, pa);
}

/* RFC 4271 §9.1.2: a route whose AS_PATH holds our own AS is a loop. */
static bool as_loop(const struct bgp_peer *p, const struct bgp_attrs *a)
{
	for (size_t i = 0; i < a->ba_as_path.bap_nasns; i++)
		if (a->ba_as_path.bap_asns[i] == p->bp_conf.pc_fsm.fc_local_as)
			return true;
	return false;
}

/* The route-map's sets on the table's copy of the attributes; -1 if out of memory. */
static int apply_sets(const struct rmap_entry *re, struct bgp_pattr *pa)
{
	struct bgp_ext_community *received = pa->pat_attrs.ba_ext, *set;

	if (bgp_policy_set(re, &pa->pat_attrs, &set) < 0)
		return -1;
	if (set)
		free(received); /* the copy's array, replaced by the route-map's */
	return 0;
}

static enum bgp_policy_verdict policy_in(const struct config *cfg, const struct bgp_nbr *nb, enum bgp_family f,
					 const struct bgp_nlri *n, const struct rmap_entry **re)
{
	return bgp_policy_decide(cfg, nb, bgp_afi_of(f), false, n->bn_prefix, n->bn_plen, re);
}

enum bgp_policy_verdict bgp_routes_policy_in(const struct bgp_peer *p, enum bgp_family f, const struct bgp_nlri *n,
					     const struct rmap_entry **re)
{
	const struct config *cfg = p->bp_daemon->fd_running;

	return policy_in(cfg, bgp_peer_nbr(p, bgp_cfg_get(cfg)), f, n, re);
}

struct bgp_pattr *bgp_routes_attrs_in(const struct bgp_peer *p, const struct bgp_attrs *a, enum bgp_policy_verdict v,
				      const struct rmap_entry *re)
{
	struct bgp_pattr *pa = v != BGP_POLICY_DENY ? bgp_pattr_new(a) : NULL;

	if (!pa)
		return NULL;
	if ((!p->bp_conn->cn_fsm.fs_codec.bc_as4 && bgp_attrs_as4_merge(&pa->pat_attrs) < 0) ||
	    (v == BGP_POLICY_PERMIT && apply_sets(re, pa) < 0)) {
		bgp_pattr_unref(pa);
		return NULL;
	}
	return pa;
}

/*
 * Announces the list with the attributes (shared, made on first use), or
 * withdraws it (a NULL); the Adj-RIB-In, when kept, takes the routes as
 * received (a route the route-map denies is still there for soft in).
 */
static void nlri_list(struct bgp_peer *p, enum bgp_family f, const struct bgp_nlri_list *l, const struct bgp_attrs *a,
		      uint32_t next_hop)
{
	const struct config *cfg = p->bp_daemon->fd_running;
	const struct bgp_nbr *nb = bgp_peer_nbr(p, bgp_cfg_get(cfg)); /* once per list, not per route */
	struct bgp_pattr *attrs = NULL;
	enum bgp_policy_verdict v, last_v = BGP_POLICY_NONE;
	const struct rmap_entry *re, *last_re = NULL;

	if (l->bnl_n && p->bp_in_whole)
		bgp_adj_in_take(p, f, l, a, next_hop);
	for (size_t i = 0; i < l->bnl_n; i++) {
		/* routes the route-map treats alike share their attributes */
		if (a && ((v = policy_in(cfg, nb, f, &l->bnl_v[i], &re)) != last_v || re != last_re || !i)) {
			bgp_pattr_unref(attrs);
			attrs = bgp_routes_attrs_in(p, a, v, re);
			last_v = v;
			last_re = re;
		}
		if (attrs)
			bgp_routes_announce(p, f, &l->bnl_v[i], attrs, next_hop);
		else
			bgp_routes_withdraw(p, f, &l->bnl_v[i]);
	}
	bgp_pattr_unref(attrs);
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
	p->bp_tbl_ver = bgp_session_table_version();
	bgp_run_schedule(p->bp_daemon);
}

void bgp_routes_flush(struct bgp_peer *p)
{
	struct bgp_table *t = bgp_run_table();
	struct bgp_dest *d;

	for (struct bgp_table_iter it = {0}; (d = bgp_table_next(t, &it));)
		bgp_dest_del_path(t, d, p);
	keymap_clear(&p->bp_out);
	p->bp_out_full = false;
	p->bp_pfx_rcvd = 0;
	bgp_adj_in_free(p);
	bgp_run_schedule(p->bp_daemon);
}
