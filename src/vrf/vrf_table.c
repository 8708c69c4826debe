/* Routing table numbers of VRFs from their names. */
#include <string.h>

#include "vrf/vrf.h"
#include "vrf/vrf_table.h"

#define HASH_BITS 24

static uint32_t name_hash(const char *name)
{
	uint32_t h = 2166136261u; /* FNV-1a, 32 bits */

	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h & ((1u << HASH_BITS) - 1);
}

/* The number of a name hashing to h, ranked among the configured VRFs hashing alike. */
static uint32_t number_of(const struct config *cfg, const char *name, uint32_t h)
{
	uint32_t rank = 0;

	for (struct omap_iter it = omap_begin(vrf_all(cfg)); omap_next(&it);) {
		const struct vrf *v = it.oi_val;
		if (v->vrf_name_hash == h && strcmp(v->vrf_name, name) < 0)
			rank++;
	}
	return rank < VRF_TABLE_RANKS ? VRF_TABLE_BASE + h * VRF_TABLE_RANKS + rank : 0;
}

uint32_t vrf_table_id(const struct config *cfg, const char *name)
{
	const struct vrf *v;

	if (!name)
		return VRF_TABLE_MAIN;
	if ((v = vrf_lookup(cfg, name)))
		return v->vrf_table_num;
	return number_of(cfg, name, name_hash(name));
}

/* Every configured VRF hashing to h takes its number anew: one of them came or went. */
static void renumber(const struct config *cfg, uint32_t h)
{
	for (struct omap_iter it = omap_begin(vrf_all(cfg)); omap_next(&it);) {
		struct vrf *v = it.oi_val;
		if (v->vrf_name_hash == h)
			v->vrf_table_num = number_of(cfg, v->vrf_name, h);
	}
}

void vrf_table_joined(struct config *cfg, struct vrf *v)
{
	v->vrf_name_hash = name_hash(v->vrf_name);
	renumber(cfg, v->vrf_name_hash);
}

void vrf_table_left(struct config *cfg, uint32_t h)
{
	renumber(cfg, h);
}
