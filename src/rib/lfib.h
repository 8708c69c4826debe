/*
 * The LFIB: what each local label does, computed from the MFI's bindings
 * and the RIB. A per-VRF label pops and looks the packet up in its VRF; a
 * per-prefix label follows its owner's outgoing side (mfi_set_out) or,
 * without one, the best route to its prefix: swap to the route's labels,
 * pop when the route has none, look up in the VRF when the prefix is
 * directly connected or local.
 */
#ifndef FERRY_RIB_LFIB_H
#define FERRY_RIB_LFIB_H

#include "dataplane/dataplane.h"
#include "mpls/mfi.h"
#include "rib/rib_resolve.h"

struct lfib_entry {
	const struct mfi_label *le_label;
	enum dp_label_action le_action;
	uint32_t le_out;       /* the outgoing label shown: a number, MFI_LABEL_IMPLICIT_NULL (Pop Label),
				  MFI_LABEL_NONE (No Label); for DP_LABEL_POP_LOOKUP unused */
	struct rib_hop le_hop; /* SWAP and POP_FORWARD: the way out and the whole stack pushed */
};

/* The entry of a bound label; false when it cannot forward (its route does not resolve). */
bool lfib_entry(struct rib_resolver *rv, const struct mfi_label *l, struct lfib_entry *out);

#endif
