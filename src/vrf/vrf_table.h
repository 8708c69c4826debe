/*
 * Routing table numbers of VRFs: one scheme for every subsystem (the FIB
 * puts a VRF's routes in it, the dataplane binds the VRF device to it).
 *
 * The number depends on the VRF's name, not on creation order, so a VRF
 * keeps its table across reloads and restarts and when other VRFs come and
 * go: 1000 + 16 * (FNV-1a hash of the name mod 2^24) + rank, where rank
 * counts the configured VRFs whose names hash alike and sort before it
 * (two names share a hash about once in 16 million pairs). The numbers
 * stay clear of the kernel's reserved tables (253-255) and of 0 (main).
 * Each VRF keeps its number, set when it is created and changed only when
 * a VRF whose name hashes alike comes or goes: the FIB asks for every
 * VRF's number on every sync, which must not cost VRFs squared.
 */
#ifndef FERRY_VRF_VRF_TABLE_H
#define FERRY_VRF_VRF_TABLE_H

#include <stdint.h>

#include "config/config.h"

#define VRF_TABLE_MAIN	0 /* the global table */
#define VRF_TABLE_BASE	1000
#define VRF_TABLE_RANKS 16 /* names per hash value */

/* The table of VRF name (NULL: the global table); 0 for a VRF past VRF_TABLE_RANKS colliding names. */
uint32_t vrf_table_id(const struct config *cfg, const char *name);

struct vrf;
/* The VRF was created (vrf_create): its number is set, those of the VRFs whose names hash alike renumbered. */
void vrf_table_joined(struct config *cfg, struct vrf *v);
/* A VRF whose name hashed to name_hash was deleted: the others hashing alike are renumbered. */
void vrf_table_left(struct config *cfg, uint32_t name_hash);

#endif
