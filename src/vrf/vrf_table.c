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

uint32_t vrf_table_id(const struct config *cfg, const char *name)
{
	uint32_t h, rank = 0;

	if (!name)
		return VRF_TABLE_MAIN;
	h = name_hash(name);
	for (struct omap_iter it = omap_begin(vrf_all(cfg)); omap_next(&it);) {
		const struct vrf *v = it.oi_val;
		if (strcmp(v->vrf_name, name) < 0 && name_hash(v->vrf_name) == h)
			rank++;
	}
	return rank < VRF_TABLE_RANKS ? VRF_TABLE_BASE + h * VRF_TABLE_RANKS + rank : 0;
}
