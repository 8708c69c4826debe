/* The label BGP advertises a local VRF route with, by the VRF's label mode (see label_mode.h). */
#include <arpa/inet.h>

#include "mpls/label_mode.h"
#include "rib/rib_table.h"

/*
 * Whether the route gets a label of its own: per-prefix mode and a best path
 * with a next hop to pop toward. Connected routes and routes to an
 * interface or Null0 need the lookup the aggregate label does.
 */
static bool own_label(const struct config *cfg, const char *vrf, const struct rib_entry *e)
{
	const struct rib_path *rp = e->re_paths;

	return mpls_label_mode_of(cfg, vrf) == MFI_PER_PREFIX && rp && rp->rp_source != RIB_SRC_CONNECTED &&
	       rp->rp_nnh && rp->rp_nh[0].rn_gw.s_addr != 0;
}

static struct in_addr prefix_of(const struct rib_entry *e)
{
	return (struct in_addr){.s_addr = htonl(e->re_node.ln_addr)};
}

uint32_t mpls_local_label(struct mfi *m, const struct config *cfg, const char *vrf, const struct rib_entry *e,
			  enum mfi_owner owner)
{
	if (!own_label(cfg, vrf, e))
		return mfi_vrf_label(m, vrf, owner);
	/* no outgoing side of its own: the LFIB follows the route to the prefix (pop, forward) */
	return mfi_prefix_label(m, vrf, prefix_of(e), e->re_node.ln_plen, owner);
}

bool mpls_local_label_is(const struct mfi *m, const struct config *cfg, const char *vrf, const struct rib_entry *e,
			 uint32_t label)
{
	const struct mfi_label *l = own_label(cfg, vrf, e)
					? mfi_prefix_binding(m, vrf, prefix_of(e), e->re_node.ln_plen)
					: mfi_vrf_binding(m, vrf);

	return l && l->ml_label == label;
}
