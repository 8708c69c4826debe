/*
 * What changed in the RIB since the FIB last looked, for rib_path.c: the
 * prefixes whose paths changed, and whether a change may have moved a
 * recursive next hop (the FIB then resolves every route again).
 */
#ifndef FERRY_RIB_RIB_TRACK_H
#define FERRY_RIB_RIB_TRACK_H

#include "rib/rib_table.h"

/* A path of a prefix of t was added, replaced or removed. */
void rib_changed(struct rib *rib, struct rib_table *t, uint32_t addr, uint8_t plen);
/* A path of table t comes (delta 1) or goes (delta -1): counts its recursive next hops. */
void rib_track_path(struct rib *rib, struct rib_table *t, const struct rib_path *p, int delta);

#endif
