/*
 * mpls label mode {vrf NAME | all-vrfs} protocol bgp-vpnv4 {per-prefix |
 * per-vrf}: how BGP labels the local routes of a VRF it advertises as VPNv4.
 *
 * Per-VRF, one aggregate label per VRF pops and looks the packet up in the
 * VRF (the seed's "aggregate(cust1)"). Per-prefix, a route with a next hop
 * gets a label of its own (MFI_OWNER_BGP) that pops and forwards to that next
 * hop without a lookup; connected routes and routes to an interface or
 * Null0 keep the aggregate label, as on IOS (they need the lookup).
 *
 * Default: IOS defaults to per-prefix, but Ferry keeps per-VRF unless told
 * otherwise: that is what it did before this command existed, what the seed's
 * sample output shows for its routes, and one label per VRF keeps the LFIB
 * small on a hub. A line for one VRF wins over the all-vrfs line. Every line
 * entered prints back as entered, so an IOS configuration that spells out its
 * mode round-trips whichever it is.
 */
#ifndef FERRY_MPLS_LABEL_MODE_H
#define FERRY_MPLS_LABEL_MODE_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "mpls/mfi.h"
#include "parser/cli.h"

struct rib_entry;

/* The kind of label BGP gives the local routes of the VRF (its name). */
enum mfi_kind mpls_label_mode_of(const struct config *cfg, const char *vrf);

/*
 * The label a local route of the VRF is advertised with, one of owner's
 * references taken on it: its own per-prefix label or the VRF's aggregate
 * one, as the mode and the route's path say. MFI_LABEL_NONE if out of labels.
 */
uint32_t mpls_local_label(struct mfi *m, const struct config *cfg, const char *vrf, const struct rib_entry *e,
			  enum mfi_owner owner);
/* Whether label is the one mpls_local_label would give the route now (no reference taken). */
bool mpls_local_label_is(const struct mfi *m, const struct config *cfg, const char *vrf, const struct rib_entry *e,
			 uint32_t label);

/* The commands (called by mpls_cli_init). */
void mpls_label_mode_init(struct cli_tree *t);

#endif
