/* Paths of a prefix: set, replace and remove them in preference order. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rib/rib_table.h"
#include "rib/rib_track.h"

#define LABEL_MAX 0xfffffu

static bool attrs_valid(uint8_t plen, const struct rib_attrs *ra)
{
	if (plen > 32 || ra->ra_source >= RIB_SRC_COUNT || ra->ra_nnh == 0 || ra->ra_nnh > RIB_MAX_NEXTHOPS)
		return false;
	for (unsigned i = 0; i < ra->ra_nnh; i++) {
		const struct rib_nexthop *nh = &ra->ra_nh[i];
		if (nh->rn_nlabels > RIB_MAX_LABELS || (!nh->rn_ifname && nh->rn_gw.s_addr == 0))
			return false;
		for (unsigned l = 0; l < nh->rn_nlabels; l++)
			if (nh->rn_labels[l] > LABEL_MAX)
				return false;
	}
	return true;
}

/* A path from the attributes, interface names interned; NULL if out of memory. */
static struct rib_path *path_new(struct rib *rib, const struct rib_attrs *ra, bool derived)
{
	struct rib_path *p = calloc(1, sizeof(*p) + ra->ra_nnh * sizeof(p->rp_nh[0]));

	if (!p)
		return NULL;
	p->rp_source = (uint8_t)ra->ra_source;
	p->rp_distance = ra->ra_distance ? ra->ra_distance : rib_source_distance(ra->ra_source);
	p->rp_derived = derived;
	p->rp_nnh = ra->ra_nnh;
	p->rp_metric = ra->ra_metric;
	p->rp_tag = ra->ra_tag;
	p->rp_from = ra->ra_from;
	p->rp_since = rib_now();
	for (unsigned i = 0; i < ra->ra_nnh; i++) {
		struct rib_nexthop *nh = &p->rp_nh[i];
		*nh = ra->ra_nh[i];
		if (nh->rn_ifname && !(nh->rn_ifname = rib_intern(rib, nh->rn_ifname))) {
			free(p);
			return NULL;
		}
	}
	return p;
}

static bool nexthop_eq(const struct rib_nexthop *a, const struct rib_nexthop *b)
{
	return a->rn_gw.s_addr == b->rn_gw.s_addr && a->rn_ifname == b->rn_ifname && a->rn_global == b->rn_global &&
	       a->rn_nlabels == b->rn_nlabels && !memcmp(a->rn_labels, b->rn_labels, a->rn_nlabels * sizeof(uint32_t));
}

static bool path_eq(const struct rib_path *a, const struct rib_path *b)
{
	if (a->rp_metric != b->rp_metric || a->rp_tag != b->rp_tag || a->rp_from.s_addr != b->rp_from.s_addr ||
	    a->rp_nnh != b->rp_nnh)
		return false;
	for (unsigned i = 0; i < a->rp_nnh; i++)
		if (!nexthop_eq(&a->rp_nh[i], &b->rp_nh[i]))
			return false;
	return true;
}

static bool same_key(const struct rib_path *p, uint8_t source, uint8_t distance, bool derived)
{
	return p->rp_source == source && p->rp_distance == distance && p->rp_derived == derived;
}

/* Preference: lower distance, then lower metric; equal ones keep their arrival order. */
static bool better(const struct rib_path *a, const struct rib_path *b)
{
	return a->rp_distance < b->rp_distance || (a->rp_distance == b->rp_distance && a->rp_metric < b->rp_metric);
}

static void path_link(struct rib_entry *e, struct rib_path *p)
{
	struct rib_path **pp = &e->re_paths;

	while (*pp && !better(p, *pp))
		pp = &(*pp)->rp_next;
	p->rp_next = *pp;
	*pp = p;
}

/* Unlinks the path with this key; returns it, or NULL. */
static struct rib_path *path_unlink(struct rib_entry *e, uint8_t source, uint8_t distance, bool derived)
{
	for (struct rib_path **pp = &e->re_paths; *pp; pp = &(*pp)->rp_next) {
		struct rib_path *p = *pp;
		if (same_key(p, source, distance, derived)) {
			*pp = p->rp_next;
			return p;
		}
	}
	return NULL;
}

static struct rib_entry *entry_get(struct rib_table *t, uint32_t addr, uint8_t plen)
{
	struct rib_entry *e = rib_exact(t, addr, plen);

	if (e)
		return e;
	if (!(e = calloc(1, sizeof(*e))))
		return NULL;
	e->re_node.ln_addr = addr;
	e->re_node.ln_plen = plen;
	if (lpm_insert(&t->rtb_lpm, &e->re_node) < 0) {
		free(e);
		return NULL;
	}
	return e;
}

static void entry_put(struct rib_table *t, struct rib_entry *e)
{
	if (e->re_paths)
		return;
	lpm_remove(&t->rtb_lpm, &e->re_node);
	free(e);
}

static int path_store(struct rib *rib, struct rib_table *t, uint32_t addr, uint8_t plen, struct rib_path *p)
{
	struct rib_entry *e = entry_get(t, addr, plen);
	struct rib_path *old;

	if (!e) {
		free(p);
		return -1;
	}
	old = path_unlink(e, p->rp_source, p->rp_distance, p->rp_derived);
	if (old && path_eq(old, p)) {
		path_link(e, old);
		free(p);
		return 0;
	}
	if (old)
		rib_track_path(rib, t, old, -1);
	free(old);
	path_link(e, p);
	rib_track_path(rib, t, p, 1);
	rib_changed(rib, t, addr, plen);
	return 0;
}

int rib_path_set(struct rib *rib, const char *vrf, uint32_t addr, uint8_t plen, const struct rib_attrs *ra,
		 bool derived)
{
	struct rib_table *t;
	struct rib_path *p;

	if (!attrs_valid(plen, ra)) {
		errno = EINVAL;
		return -1;
	}
	if (!(t = rib_table_get(rib, vrf)) || !(p = path_new(rib, ra, derived)))
		return -1;
	return path_store(rib, t, addr & lpm_mask(plen), plen, p);
}

/* The entry of a prefix given with host bits, or NULL. */
static struct rib_entry *entry_find(const struct rib_table *t, uint32_t addr, uint8_t plen)
{
	return plen <= 32 ? rib_exact(t, addr & lpm_mask(plen), plen) : NULL;
}

void rib_path_del(struct rib *rib, const char *vrf, uint32_t addr, uint8_t plen, enum rib_source src, uint8_t distance,
		  bool derived)
{
	struct rib_table *t = rib_table_of(rib, vrf);
	struct rib_entry *e = entry_find(t, addr, plen);
	struct rib_path *p = e ? path_unlink(e, (uint8_t)src, distance, derived) : NULL;

	if (!p)
		return;
	rib_track_path(rib, t, p, -1);
	free(p);
	rib_changed(rib, t, e->re_node.ln_addr, e->re_node.ln_plen);
	entry_put(t, e);
}

int rib_update(struct rib *rib, const char *vrf, struct in_addr prefix, uint8_t plen, const struct rib_attrs *ra)
{
	return rib_path_set(rib, vrf, ntohl(prefix.s_addr), plen, ra, false);
}

void rib_withdraw(struct rib *rib, const char *vrf, struct in_addr prefix, uint8_t plen, enum rib_source src)
{
	struct rib_table *t = rib_table_of(rib, vrf);
	struct rib_entry *e = entry_find(t, ntohl(prefix.s_addr), plen);

	if (!e)
		return;
	for (struct rib_path **pp = &e->re_paths; *pp;) {
		struct rib_path *p = *pp;
		if (p->rp_source == src && !p->rp_derived) {
			*pp = p->rp_next;
			rib_track_path(rib, t, p, -1);
			free(p);
			rib_changed(rib, t, e->re_node.ln_addr, e->re_node.ln_plen);
		} else {
			pp = &p->rp_next;
		}
	}
	entry_put(t, e);
}
