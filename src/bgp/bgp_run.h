/*
 * What the BGP table does with the rest of the router, one file each:
 * bgp_export.c (local VRF and global routes in, as redistribute, network and
 * default-information originate say), bgp_import.c (best paths out to the
 * VRFs whose import route targets match, and to the RIB), bgp_label.c (the
 * MPLS labels BGP holds) and bgp_adv.c (UPDATEs to the peers). bgp_run.c
 * calls them in that order on the loop.
 */
#ifndef FERRY_BGP_BGP_RUN_H
#define FERRY_BGP_BGP_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "bgp/bgp_table.h"
#include "vrf/vrf.h"

struct config;
struct rib;
struct mfi;

/*
 * Makes the table's locally originated paths what the configuration and
 * the RIB (connected and static routes, as last derived) say: new ones
 * added, changed ones replaced, the rest withdrawn. VPNv4 paths carry the
 * VRF's RD, its export route targets and its per-VRF label (mfi NULL: no
 * label). -1 if memory ran out (the table holds what could be done).
 */
int bgp_export_run(struct bgp_table *t, const struct config *cfg, struct rib *rib, struct mfi *mfi);

/* The RD and route target encodings of a VRF's values. */
void bgp_rd_of(const struct vrf_asnn *v, struct bgp_rd *rd);
void bgp_rt_of(const struct vrf_asnn *v, struct bgp_ext_community *ec);
/* The VRF whose RD is rd, or NULL. */
const struct vrf *bgp_vrf_of_rd(const struct config *cfg, const struct bgp_rd *rd);

/* Route target -> the RIB tables of the VRFs that import it, and what is imported where. Zeroed: empty. */
struct bgp_rt_index {
	struct keymap ri_map;
	bool ri_built;
	uint64_t ri_sig;	/* of what it was built from */
	struct keymap ri_slots; /* RIB table -> prefix -> the destinations importing there (bgp_import_slot.c) */
};
/* Rebuilds the index from the VRFs of the configuration if they changed: 1 if it did, 0 if nothing changed,
 * -1 if memory ran out (the index is partial and built anew next time). */
int bgp_rt_index_build(struct bgp_rt_index *ix, const struct config *cfg, struct rib *rib);
/* Forgets the index and what was imported (the RIB keeps it). */
void bgp_rt_index_clear(struct bgp_rt_index *ix);
/* Puts the destination's best path (if received from a peer) into the RIB tables it belongs in, out of the others;
 * where other destinations (other RDs) import the same prefix, the RIB gets the best of their best paths. */
void bgp_import_dest(struct bgp_dest *d, struct bgp_rt_index *ix, struct rib *rib);

/* bgp_import_slot.c: the destinations importing into one RIB table (NULL: global) at their prefix. */
/* Adds the destination (once); -1 if out of memory. */
int bgp_import_slot_join(struct keymap *slots, const char *table, struct bgp_dest *d);
void bgp_import_slot_leave(struct keymap *slots, const char *table, const struct bgp_dest *d);
/* Hands the RIB the best of the best paths importing at d's prefix, or takes the prefix out when none is left. */
void bgp_import_slot_elect(struct keymap *slots, const char *table, const struct bgp_dest *d, struct rib *rib);
void bgp_import_slots_clear(struct keymap *slots);

/* The table's bt_path_gone: a local path's aggregate label is released (arg: the struct mfi). */
void bgp_label_path_gone(void *arg, const struct bgp_path *pa);
/*
 * The destination's local label for re-advertising its best path with
 * this router as next hop: bound (per prefix, in the VRF of the route's
 * RD) on first use, swapping to the received label toward the received
 * next hop. MFI_LABEL_NONE if none can be had.
 */
uint32_t bgp_label_readvertise(struct mfi *m, const struct config *cfg, struct bgp_dest *d);
/* A run begins (true) or ends (false): within one, bgp_label_readvertise may remember what it looked up in the
 * configuration, which cannot change before the run ends. */
void bgp_label_run(bool running);
/* After the best path changed: the local label follows it, or goes when it is no longer a received VPNv4 path. */
void bgp_label_follow(struct mfi *m, struct bgp_dest *d);

#endif
