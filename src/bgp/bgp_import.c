/*
 * Best paths into the RIB: a VPNv4 path into each VRF whose route-target
 * import list shares a route target with it (looked up in an index of the
 * import route targets, rebuilt when the configuration changes) (the next hop resolved in the
 * global table, the received label pushed), an IPv4 unicast path into the
 * global table. Locally originated paths came from the RIB: they do not go
 * back. The destination remembers where its path went, so that a withdrawal
 * (which carries no route targets) removes it; where several destinations
 * (RDs) import the same prefix, bgp_import_slot.c picks the one the RIB gets.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_run.h"
#include "config/config.h"
#include "rib/rib_table.h"

#define VRFS_MAX 32 /* VRFs one route is imported into */

/* A route target as an index key: VRF values and received ones of either AS type meet (ASN:NN matches AS2 and AS4). */
static uint64_t rt_key(bool ip, uint32_t admin, uint32_t number)
{
	if (ip)
		return 2ull << 48 | (uint64_t)admin << 16 | (number & 0xffff);
	if (admin <= UINT16_MAX)
		return (uint64_t)admin << 32 | number;
	return 1ull << 48 | (uint64_t)admin << 16 | (number & 0xffff);
}

/* The RIB tables importing one route target. */
struct rt_tables {
	size_t rt_n;
	const char *rt_v[];
};

static int index_add(struct bgp_rt_index *ix, uint64_t key, const char *table)
{
	struct rt_tables *old = keymap_get(&ix->ri_map, key), *t;
	size_t n = old ? old->rt_n : 0;

	if (!(t = realloc(old, sizeof(*t) + (n + 1) * sizeof(t->rt_v[0]))))
		return -1;
	t->rt_n = n + 1;
	t->rt_v[n] = table;
	if (keymap_put(&ix->ri_map, key, t) == 0)
		return 0;
	if (!old)
		free(t);
	return -1;
}

static void rts_clear(struct bgp_rt_index *ix)
{
	const struct keymap_slot *s;

	for (size_t i = 0; (s = keymap_next(&ix->ri_map, &i));)
		free(s->ks_val);
	keymap_clear(&ix->ri_map);
	ix->ri_built = false;
}

void bgp_rt_index_clear(struct bgp_rt_index *ix)
{
	rts_clear(ix);
	bgp_import_slots_clear(&ix->ri_slots);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	for (const unsigned char *c = p; n--; c++)
		h = (h ^ *c) * 1099511628211u;
	return h;
}

/* What the index is built from: every VRF's name and import route targets. */
static uint64_t import_sig(const struct config *cfg)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a, 64 bits */

	for (struct omap_iter it = omap_begin(vrf_all(cfg)); omap_next(&it);) {
		const struct vrf *v = it.oi_val;
		h = fnv(h, v->vrf_name, strlen(v->vrf_name) + 1);
		for (size_t i = 0; i < v->vrf_import.rt_n; i++) {
			const struct vrf_asnn *rt = &v->vrf_import.rt_v[i];
			uint64_t key = rt_key(rt->va_ip, rt->va_hi, rt->va_lo);
			h = fnv(h, &key, sizeof(key));
		}
	}
	return h;
}

int bgp_rt_index_build(struct bgp_rt_index *ix, const struct config *cfg, struct rib *rib)
{
	uint64_t sig = import_sig(cfg);

	if (ix->ri_built && ix->ri_sig == sig)
		return 0;
	rts_clear(ix);
	for (struct omap_iter it = omap_begin(vrf_all(cfg)); omap_next(&it);) {
		const struct vrf *v = it.oi_val;
		const char *table = rib_intern(rib, v->vrf_name);
		for (size_t i = 0; i < v->vrf_import.rt_n; i++) {
			const struct vrf_asnn *rt = &v->vrf_import.rt_v[i];
			if (!table || index_add(ix, rt_key(rt->va_ip, rt->va_hi, rt->va_lo), table) < 0)
				return -1;
		}
	}
	ix->ri_sig = sig;
	ix->ri_built = true;
	return 1;
}

const struct vrf *bgp_vrf_of_rd(const struct config *cfg, const struct bgp_rd *rd)
{
	for (struct omap_iter it = omap_begin(vrf_all(cfg)); omap_next(&it);) {
		const struct vrf *v = it.oi_val;
		struct bgp_rd own;
		if (!v->vrf_has_rd)
			continue;
		bgp_rd_of(&v->vrf_rd, &own);
		if (memcmp(&own, rd, sizeof(own)) == 0)
			return v;
	}
	return NULL;
}

static bool has_table(const char **tables, size_t n, const char *t)
{
	for (size_t i = 0; i < n; i++)
		if (tables[i] == t)
			return true;
	return false;
}

/* The tables the best path goes into: the VRFs importing one of its route targets (VPNv4) or the global table. */
static size_t import_tables(const struct bgp_dest *d, const struct bgp_rt_index *ix, const char **tables)
{
	const struct bgp_path *best = d->de_best;
	const struct bgp_attrs *a = best ? &best->pa_attr->pat_attrs : NULL;
	size_t n = 0;

	if (!best || !best->pa_src)
		return 0;
	if (d->de_family == BGP_FAMILY_IPV4_UNICAST) {
		tables[0] = NULL;
		return 1;
	}
	for (size_t i = 0; i < a->ba_next; i++) {
		const struct bgp_ext_community *ec = &a->ba_ext[i];
		const struct rt_tables *t =
		    bgp_ext_is_rt(ec) ? keymap_get(&ix->ri_map, rt_key(ec->bec_type == BGP_ASNN_IPV4,
								       ec->bec_rt.ban_admin, ec->bec_rt.ban_number))
				      : NULL;
		for (size_t j = 0; t && j < t->rt_n && n < VRFS_MAX; j++)
			if (!has_table(tables, n, t->rt_v[j]))
				tables[n++] = t->rt_v[j];
	}
	return n;
}

/* Out of the tables it is no longer imported into (all of them: kept NULL); their best path is chosen anew. */
static void leave_stale(struct bgp_dest *d, struct bgp_rt_index *ix, struct rib *rib, const char **kept, size_t n)
{
	for (size_t i = 0; i < d->de_nimported; i++)
		if (!kept || !has_table(kept, n, d->de_imported[i])) {
			bgp_import_slot_leave(&ix->ri_slots, d->de_imported[i], d);
			bgp_import_slot_elect(&ix->ri_slots, d->de_imported[i], d, rib);
		}
}

void bgp_import_dest(struct bgp_dest *d, struct bgp_rt_index *ix, struct rib *rib)
{
	const char *tables[VRFS_MAX];
	size_t n = import_tables(d, ix, tables), nkept = 0;
	const char **kept = n ? malloc(n * sizeof(*kept)) : NULL;

	leave_stale(d, ix, rib, kept ? tables : NULL, n); /* out of memory: out of everything */
	free(d->de_imported);
	for (size_t i = 0; kept && i < n; i++)
		if (bgp_import_slot_join(&ix->ri_slots, tables[i], d) == 0) {
			kept[nkept++] = tables[i];
			bgp_import_slot_elect(&ix->ri_slots, tables[i], d, rib);
		}
	d->de_imported = kept;
	d->de_nimported = nkept;
}
