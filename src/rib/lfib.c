/* Local labels to forwarding actions, through the RIB. */
#include <arpa/inet.h>
#include <string.h>

#include "rib/lfib.h"

/* The table a label's next hops resolve in: its VRF's, or the global one. */
static const struct rib_table *label_table(const struct rib *rib, const struct mfi_label *l, bool global)
{
	return global || !l->ml_vrf ? &rib->rib_global : rib_table_of(rib, l->ml_vrf);
}

/* SWAP when anything is left to push, else pop and forward. */
static void set_hop(struct lfib_entry *out, const struct rib_hop *hop, uint32_t shown)
{
	out->le_hop = *hop;
	out->le_out = shown;
	out->le_action = hop->rh_nlabels ? DP_LABEL_SWAP : DP_LABEL_POP_FORWARD;
}

/* The owner's outgoing side: its label inside whatever the next hop's route pushes. */
static bool explicit_out(struct rib_resolver *rv, const struct mfi_label *l, struct lfib_entry *out)
{
	const struct mfi_out *o = l->ml_out;
	struct rib_nexthop nh = {.rn_gw = o->mo_gw, .rn_ifname = o->mo_ifname, .rn_global = o->mo_global};
	struct rib_res res;

	if (o->mo_label != MFI_LABEL_NONE) {
		nh.rn_labels[0] = o->mo_label;
		nh.rn_nlabels = 1;
	}
	rib_resolve_nexthop(rv, label_table(rv->rv_rib, l, o->mo_global), &nh, &res);
	if (res.rr_kind != RIB_RES_FORWARD)
		return false;
	set_hop(out, &res.rr_hops[0], o->mo_label);
	return true;
}

/* The label the route's own path gives the prefix (the innermost one pushed), as shown. */
static uint32_t route_label(const struct rib_path *p)
{
	const struct rib_nexthop *nh = &p->rp_nh[0];
	return nh->rn_nlabels ? nh->rn_labels[nh->rn_nlabels - 1] : MFI_LABEL_NONE;
}

/* Without an owner's outgoing side: as the best route to the prefix goes. */
static bool derived_out(struct rib_resolver *rv, const struct mfi_label *l, struct lfib_entry *out)
{
	const struct rib_table *t = label_table(rv->rv_rib, l, false);
	const struct rib_entry *e = rib_exact(t, ntohl(l->ml_prefix.s_addr), l->ml_plen);
	struct rib_res res;

	if (!e)
		return false;
	rib_resolve(rv, t, e, &res);
	if (res.rr_kind == RIB_RES_RECEIVE ||
	    (res.rr_kind == RIB_RES_FORWARD && res.rr_path->rp_source == RIB_SRC_CONNECTED)) {
		out->le_action = DP_LABEL_POP_LOOKUP; /* the packet's destination needs a lookup (ARP, us) */
		return true;
	}
	if (res.rr_kind != RIB_RES_FORWARD)
		return false;
	set_hop(out, &res.rr_hops[0], route_label(res.rr_path));
	return true;
}

bool lfib_entry(struct rib_resolver *rv, const struct mfi_label *l, struct lfib_entry *out)
{
	memset(out, 0, sizeof(*out));
	out->le_label = l;
	out->le_out = MFI_LABEL_NONE;
	if (l->ml_kind == MFI_PER_VRF) {
		out->le_action = DP_LABEL_POP_LOOKUP;
		return true;
	}
	return l->ml_out ? explicit_out(rv, l, out) : derived_out(rv, l, out);
}
