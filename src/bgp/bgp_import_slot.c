/*
 * The destinations importing into one RIB table at one prefix, and which
 * of them the RIB gets. A VRF can import the same prefix under several
 * RDs (two sites of a customer, two PEs): as on IOS, the VRF's table runs
 * best path among all of them, so a withdrawal of one leaves the others.
 * The RIB holds one path per source, so BGP hands it only the winner.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_run.h"
#include "rib/rib_table.h"

struct import_slot {
	const struct bgp_dest *is_chosen; /* whose best path the RIB holds; NULL: none */
	uint8_t is_src;			  /* enum rib_source it went in as */
	size_t is_n;
	struct bgp_dest *is_dests[]; /* in the order they came */
};

static uint64_t table_key(const char *table)
{
	return (uint64_t)(uintptr_t)table; /* RIB-interned: one pointer per table; NULL: global */
}

/* The slots of one table (created if asked); NULL if none or out of memory. */
static struct keymap *table_slots(struct keymap *slots, const char *table, bool create)
{
	struct keymap *m = keymap_get(slots, table_key(table));

	if (m || !create)
		return m;
	if (!(m = calloc(1, sizeof(*m))))
		return NULL;
	if (keymap_put(slots, table_key(table), m) == 0)
		return m;
	free(m);
	return NULL;
}

int bgp_import_slot_join(struct keymap *slots, const char *table, struct bgp_dest *d)
{
	struct keymap *m = table_slots(slots, table, true);
	uint64_t key = rib_prefix_key(d->de_prefix, d->de_plen);
	struct import_slot *old = m ? keymap_get(m, key) : NULL, *s;
	size_t n = old ? old->is_n : 0;

	if (!m)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (old->is_dests[i] == d)
			return 0;
	if (!(s = realloc(old, sizeof(*s) + (n + 1) * sizeof(s->is_dests[0]))))
		return -1;
	if (!old)
		*s = (struct import_slot){0};
	s->is_dests[s->is_n++] = d;
	if (keymap_put(m, key, s) == 0)
		return 0;
	free(s); /* a new slot: keymap_put fails only when adding a key */
	return -1;
}

void bgp_import_slot_leave(struct keymap *slots, const char *table, const struct bgp_dest *d)
{
	struct keymap *m = table_slots(slots, table, false);
	struct import_slot *s = m ? keymap_get(m, rib_prefix_key(d->de_prefix, d->de_plen)) : NULL;

	for (size_t i = 0; s && i < s->is_n; i++)
		if (s->is_dests[i] == d) {
			memmove(&s->is_dests[i], &s->is_dests[i + 1], (s->is_n - i - 1) * sizeof(s->is_dests[0]));
			s->is_n--;
			return;
		}
}

static const struct bgp_dest *slot_best(const struct import_slot *s)
{
	const struct bgp_dest *best = NULL;

	for (size_t i = 0; i < s->is_n; i++) {
		const struct bgp_dest *d = s->is_dests[i];
		if (d->de_best && (!best || bgp_path_cmp(d->de_best, best->de_best) < 0))
			best = d;
	}
	return best;
}

static enum rib_source source_of(const struct bgp_dest *d)
{
	return d->de_best->pa_ebgp ? RIB_SRC_EBGP : RIB_SRC_IBGP;
}

/* The RIB's view of the path: eBGP or iBGP, from the peer, through the next hop with the route's labels. */
static void rib_put(struct rib *rib, const struct bgp_dest *d, const char *table, enum rib_source src)
{
	const struct bgp_path *best = d->de_best;
	struct rib_nexthop nh = {.rn_gw.s_addr = htonl(best->pa_next_hop),
				 .rn_global = d->de_family == BGP_FAMILY_VPNV4,
				 .rn_nlabels = best->pa_nlabels};
	struct rib_attrs ra = {.ra_source = src, .ra_from.s_addr = htonl(best->pa_from), .ra_nnh = 1, .ra_nh = &nh};
	struct in_addr prefix = {.s_addr = htonl(d->de_prefix)};

	memcpy(nh.rn_labels, best->pa_labels, sizeof(nh.rn_labels));
	rib_update(rib, table, prefix, d->de_plen, &ra);
}

/* A table without slots goes. */
static void drop_slot(struct keymap *slots, struct keymap *m, const char *table, uint64_t key)
{
	free(keymap_del(m, key));
	if (m->km_count)
		return;
	keymap_clear(m);
	free(keymap_del(slots, table_key(table)));
}

void bgp_import_slot_elect(struct keymap *slots, const char *table, const struct bgp_dest *d, struct rib *rib)
{
	struct keymap *m = table_slots(slots, table, false);
	uint64_t key = rib_prefix_key(d->de_prefix, d->de_plen);
	struct import_slot *s = m ? keymap_get(m, key) : NULL;
	struct in_addr prefix = {.s_addr = htonl(d->de_prefix)};
	const struct bgp_dest *best;

	if (!s)
		return;
	best = slot_best(s);
	if (s->is_chosen && (!best || source_of(best) != s->is_src))
		rib_withdraw(rib, table, prefix, d->de_plen, (enum rib_source)s->is_src);
	s->is_chosen = best;
	if (best) {
		s->is_src = (uint8_t)source_of(best);
		rib_put(rib, best, table, source_of(best));
	} else if (!s->is_n) {
		drop_slot(slots, m, table, key);
	}
}

void bgp_import_slots_clear(struct keymap *slots)
{
	const struct keymap_slot *t, *s;

	for (size_t i = 0; (t = keymap_next(slots, &i));) {
		for (size_t j = 0; (s = keymap_next(t->ks_val, &j));)
			free(s->ks_val);
		keymap_clear(t->ks_val);
		free(t->ks_val);
	}
	keymap_clear(slots);
}
