/* A batch of routes for one peer into UPDATE messages (RFC 4271 §4.3, RFC 4760, RFC 8277 for VPNv4 labels). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_adv.h"

/* Routes whose UPDATEs share their attributes: the same stored attributes, family, next hop and sets. */
struct bgp_adv_group {
	const struct bgp_path *ag_path; /* where the attributes come from */
	enum bgp_family ag_family;
	uint32_t ag_next_hop;
	const struct rmap_entry *ag_sets; /* the route-map out entry whose sets they get; NULL: none */
	struct bgp_nlri_list ag_nlri;
};

bool bgp_adv_rewrites_next_hop(const struct bgp_adv_policy *ap, enum bgp_family f, const struct bgp_path *pa)
{
	return !pa->pa_src || ap->ap_ebgp || ap->ap_next_hop_self[f];
}

static void nlri_of(const struct bgp_dest *d, struct bgp_nlri *n)
{
	memset(n, 0, sizeof(*n));
	n->bn_prefix = d->de_prefix;
	n->bn_plen = d->de_plen;
	if (d->de_family == BGP_FAMILY_VPNV4)
		n->bn_rd = d->de_rd;
}

static struct bgp_adv_group *group_get(struct bgp_adv_batch *b, const struct bgp_path *pa, enum bgp_family f,
				       uint32_t nh, const struct rmap_entry *sets)
{
	char key[80];
	struct bgp_adv_group *g;

	snprintf(key, sizeof(key), "%d/%p/%08x/%p", (int)f, (const void *)pa->pa_attr, nh, (const void *)sets);
	if (!b->ab_groups && !(b->ab_groups = omap_new(false)))
		return NULL;
	if ((g = omap_get(b->ab_groups, key)))
		return g;
	if (!(g = calloc(1, sizeof(*g))))
		return NULL;
	g->ag_path = pa;
	g->ag_family = f;
	g->ag_next_hop = nh;
	g->ag_sets = sets;
	if (omap_put(b->ab_groups, key, g) < 0) {
		free(g);
		return NULL;
	}
	return g;
}

int bgp_adv_batch_add(struct bgp_adv_batch *b, const struct bgp_adv_policy *ap, const struct bgp_dest *d,
		      const struct bgp_path *pa, uint32_t label, const struct rmap_entry *sets)
{
	enum bgp_family f = d->de_family;
	uint32_t nh = bgp_adv_rewrites_next_hop(ap, f, pa) ? ap->ap_local_addr : pa->pa_next_hop;
	struct bgp_adv_group *g = group_get(b, pa, f, nh, sets);
	struct bgp_nlri n;

	nlri_of(d, &n);
	if (f == BGP_FAMILY_VPNV4) {
		n.bn_nlabels = 1;
		n.bn_labels[0] = label;
	}
	return g ? bgp_nlri_list_add(&g->ag_nlri, &n) : -1;
}

int bgp_adv_batch_withdraw(struct bgp_adv_batch *b, const struct bgp_dest *d)
{
	struct bgp_nlri n;

	nlri_of(d, &n);
	return bgp_nlri_list_add(&b->ab_withdrawn[d->de_family], &n);
}

/* eBGP: our AS goes first, into the leading AS_SEQUENCE when it has room (RFC 4271 §5.1.2). */
static int aspath_out(const struct bgp_adv_policy *ap, const struct bgp_aspath *in, struct bgp_aspath *out)
{
	const uint32_t *asns = in->bap_asns;
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	if (ap->ap_ebgp) {
		uint32_t first[UINT8_MAX];
		size_t n = in->bap_nsegs ? in->bap_segs[0].bas_count : 0;
		bool merge = n && in->bap_segs[0].bas_type == BGP_AS_SEQUENCE && n < UINT8_MAX;
		first[0] = ap->ap_local_as;
		if (merge)
			memcpy(first + 1, asns, n * sizeof(*asns));
		if (bgp_aspath_add_segment(out, BGP_AS_SEQUENCE, first, merge ? n + 1 : 1) < 0)
			return -1;
		if (merge) {
			asns += n;
			i = 1;
		}
	}
	for (; i < in->bap_nsegs; asns += in->bap_segs[i].bas_count, i++)
		if (bgp_aspath_add_segment(out, in->bap_segs[i].bas_type, asns, in->bap_segs[i].bas_count) < 0)
			return -1;
	return 0;
}

static void aspath_free(struct bgp_aspath *p)
{
	free(p->bap_segs);
	free(p->bap_asns);
	memset(p, 0, sizeof(*p));
}

#define HAS(a, t) (((a)->ba_has & (1u << (t))) != 0)

/* The group's sets of the route-map out; LOCAL_PREF stays out toward eBGP, extended communities without
 * send-community extended, whatever they say. */
static int attrs_set(const struct bgp_adv_policy *ap, const struct bgp_adv_group *g, struct bgp_attrs *o,
		     struct bgp_ext_community **owned)
{
	enum bgp_family f = g->ag_family;

	*owned = NULL;
	if (!g->ag_sets)
		return 0;
	if (bgp_policy_set(g->ag_sets, o, owned) < 0)
		return -1;
	if (ap->ap_ebgp)
		o->ba_has &= ~(1u << BGP_ATTR_LOCAL_PREF);
	if (!(ap->ap_send_community[f] & BGP_COMM_EXTENDED)) {
		o->ba_has &= ~(1u << BGP_ATTR_EXT_COMMUNITIES);
		o->ba_ext = NULL;
		o->ba_next = 0;
	}
	return 0;
}

/* What the peer gets of the stored attributes; the AS path is o's own (and *owned, the route-map's extended
 * communities), the rest borrowed. */
static int attrs_out(const struct bgp_adv_policy *ap, const struct bgp_adv_group *g, struct bgp_attrs *o,
		     struct bgp_ext_community **owned)
{
	const struct bgp_path *pa = g->ag_path;
	const struct bgp_attrs *a = &pa->pa_attr->pat_attrs;
	uint8_t comm = ap->ap_send_community[g->ag_family];
	uint32_t keep = 1u << BGP_ATTR_ATOMIC_AGGREGATE | 1u << BGP_ATTR_AGGREGATOR;

	memset(o, 0, sizeof(*o));
	o->ba_has = (a->ba_has & keep) | 1u << BGP_ATTR_ORIGIN | 1u << BGP_ATTR_AS_PATH;
	o->ba_origin = a->ba_origin;
	o->ba_aggregator = a->ba_aggregator;
	if (g->ag_family == BGP_FAMILY_IPV4_UNICAST) {
		o->ba_has |= 1u << BGP_ATTR_NEXT_HOP;
		o->ba_next_hop = g->ag_next_hop;
	}
	if (HAS(a, BGP_ATTR_MED) && (!ap->ap_ebgp || !pa->pa_src)) { /* a received MED stays in its AS */
		o->ba_has |= 1u << BGP_ATTR_MED;
		o->ba_med = a->ba_med;
	}
	if (!ap->ap_ebgp) {
		o->ba_has |= 1u << BGP_ATTR_LOCAL_PREF;
		o->ba_local_pref = bgp_pattr_local_pref(pa->pa_attr);
	}
	if ((comm & BGP_COMM_STANDARD) && a->ba_ncommunities) {
		o->ba_has |= 1u << BGP_ATTR_COMMUNITIES;
		o->ba_communities = a->ba_communities;
		o->ba_ncommunities = a->ba_ncommunities;
	}
	if ((comm & BGP_COMM_EXTENDED) && a->ba_next) {
		o->ba_has |= 1u << BGP_ATTR_EXT_COMMUNITIES;
		o->ba_ext = a->ba_ext;
		o->ba_next = a->ba_next;
	}
	o->ba_raw = a->ba_raw;
	o->ba_nraw = a->ba_nraw;
	if (attrs_set(ap, g, o, owned) < 0)
		return -1;
	return aspath_out(ap, &a->ba_as_path, &o->ba_as_path);
}

/* Sends u in as many messages as it takes: 0, -1 when a send failed, 1 when u cannot be encoded. */
static int encode_all(const struct bgp_update *u, const struct bgp_codec *c, bgp_adv_send_fn *send, void *arg)
{
	struct bgp_update_cursor cur = {0};
	uint8_t buf[BGP_MSG_MAX];
	size_t len;

	while (!bgp_update_encoded(u, &cur)) {
		if (bgp_update_encode(u, c, &cur, buf, sizeof(buf), &len) < 0)
			return 1;
		if (send(arg, buf, len) < 0)
			return -1;
	}
	return 0;
}

static int send_withdrawals(const struct bgp_adv_batch *b, const struct bgp_codec *c, bgp_adv_send_fn *send, void *arg)
{
	const struct bgp_nlri_list *v4 = &b->ab_withdrawn[BGP_FAMILY_IPV4_UNICAST];
	const struct bgp_nlri_list *vpn = &b->ab_withdrawn[BGP_FAMILY_VPNV4];
	struct bgp_update u;

	memset(&u, 0, sizeof(u));
	u.bu_withdrawn = *v4;
	if (vpn->bnl_n) {
		u.bu_mp_unreach.bmp_present = true;
		u.bu_mp_unreach.bmp_family = BGP_FAMILY_VPNV4;
		u.bu_mp_unreach.bmp_nlri = *vpn;
	}
	return v4->bnl_n || vpn->bnl_n ? encode_all(&u, c, send, arg) : 0;
}

static int send_group(const struct bgp_adv_group *g, const struct bgp_adv_policy *ap, const struct bgp_codec *c,
		      bgp_adv_send_fn *send, void *arg)
{
	struct bgp_ext_community *owned;
	struct bgp_update u;
	int rc;

	memset(&u, 0, sizeof(u));
	rc = attrs_out(ap, g, &u.bu_attrs, &owned);
	if (rc == 0 && !c->bc_as4)
		rc = bgp_attrs_as4_for_old(&u.bu_attrs);
	if (g->ag_family == BGP_FAMILY_VPNV4) {
		u.bu_mp_reach.bmp_present = true;
		u.bu_mp_reach.bmp_family = BGP_FAMILY_VPNV4;
		u.bu_mp_reach.bmp_next_hop = g->ag_next_hop;
		u.bu_mp_reach.bmp_nlri = g->ag_nlri;
	} else {
		u.bu_nlri = g->ag_nlri;
	}
	rc = rc < 0 ? 1 : encode_all(&u, c, send, arg); /* an AS path too long to prepend cannot be sent either */
	aspath_free(&u.bu_attrs.ba_as_path);
	aspath_free(&u.bu_attrs.ba_as4_path);
	free(owned);
	return rc;
}

int bgp_adv_batch_send(const struct bgp_adv_batch *b, const struct bgp_adv_policy *ap, const struct bgp_codec *c,
		       bgp_adv_send_fn *send, void *arg)
{
	int rc = send_withdrawals(b, c, send, arg), dropped = rc > 0;

	if (rc < 0)
		return -1;
	for (struct omap_iter it = b->ab_groups ? omap_begin(b->ab_groups) : (struct omap_iter){0}; omap_next(&it);) {
		if ((rc = send_group(it.oi_val, ap, c, send, arg)) < 0)
			return -1;
		dropped += rc;
	}
	return dropped;
}

static void group_free(void *val)
{
	struct bgp_adv_group *g = val;

	free(g->ag_nlri.bnl_v);
	free(g);
}

void bgp_adv_batch_free(struct bgp_adv_batch *b)
{
	omap_free(b->ab_groups, group_free);
	for (size_t i = 0; i < 2; i++)
		free(b->ab_withdrawn[i].bnl_v);
	memset(b, 0, sizeof(*b));
}

int bgp_adv_send_eor(const struct bgp_adv_policy *ap, const struct bgp_codec *c, bgp_adv_send_fn *send, void *arg)
{
	struct bgp_update u;

	memset(&u, 0, sizeof(u));
	if (ap->ap_family[BGP_FAMILY_IPV4_UNICAST] && encode_all(&u, c, send, arg) < 0)
		return -1;
	u.bu_mp_unreach.bmp_present = true;
	u.bu_mp_unreach.bmp_family = BGP_FAMILY_VPNV4;
	return ap->ap_family[BGP_FAMILY_VPNV4] ? encode_all(&u, c, send, arg) : 0;
}
