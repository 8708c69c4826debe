/*
 * The routes of a FlexVPN SA: the peer's overlay /32 out of the tunnel or
 * Virtual-Access with an implicit-null label, and its local label in the
 * MFI popping towards the peer (the seed: IKEv2 installs implicit-null
 * labels for the peer's overlay address); then the networks the peer
 * pushed. IOS shows them as static routes (RIB_SRC_IKE).
 */
#include <arpa/inet.h>
#include <string.h>

#include "core/log.h"
#include "ike/ikev2_flex.h"
#include "mpls/mfi.h"
#include "rib/fib.h"
#include "rib/rib_table.h"

static void route_add(struct rib *rib, const char *ifname, struct in_addr prefix, uint8_t plen, bool labelled)
{
	struct rib_nexthop nh = {.rn_ifname = ifname};
	struct rib_attrs ra = {.ra_source = RIB_SRC_IKE, .ra_nnh = 1, .ra_nh = &nh};

	if (labelled) {
		nh.rn_nlabels = 1;
		nh.rn_labels[0] = MFI_LABEL_IMPLICIT_NULL;
	}
	if (rib_update(rib, NULL, prefix, plen, &ra) < 0)
		log_msg(SEV_ERR, "IKEV2", "ROUTE", "cannot add the route to %s/%u via %s", inet_ntoa(prefix), plen,
			ifname);
}

uint8_t ikev2_flex_plen(struct in_addr mask)
{
	return (uint8_t)__builtin_popcount(mask.s_addr);
}

static bool is_overlay(const struct ikev2_flex *fx, const struct ikev2_route4 *r)
{
	return r->r4_addr.s_addr == fx->fx_overlay.s_addr && r->r4_mask.s_addr == 0xffffffffu;
}

static void overlay_add(struct ferryd *d, struct ikev2_flex *fx)
{
	struct mfi *m = mfi_of(d);
	struct mfi_out out = {
	    .mo_label = MFI_LABEL_IMPLICIT_NULL, .mo_gw = fx->fx_overlay, .mo_ifname = fx->fx_route_if};

	route_add(rib_of(d), fx->fx_route_if, fx->fx_overlay, 32, true);
	fx->fx_label = m ? mfi_prefix_label(m, NULL, fx->fx_overlay, 32, MFI_OWNER_IKEV2) : MFI_LABEL_NONE;
	if (fx->fx_label == MFI_LABEL_NONE || mfi_set_out(m, fx->fx_label, &out) < 0)
		log_msg(SEV_ERR, "IKEV2", "LABEL", "no local label for the overlay address %s",
			inet_ntoa(fx->fx_overlay));
}

void ikev2_flex_routes_add(struct ferryd *d, struct ikev2_flex *fx)
{
	if (!fx->fx_route_if[0] || !rib_of(d))
		return;
	fx->fx_label = MFI_LABEL_NONE;
	if (fx->fx_overlay.s_addr)
		overlay_add(d, fx);
	for (unsigned i = 0; i < fx->fx_nroutes; i++)
		if (!is_overlay(fx, &fx->fx_routes[i]))
			route_add(rib_of(d), fx->fx_route_if, fx->fx_routes[i].r4_addr,
				  ikev2_flex_plen(fx->fx_routes[i].r4_mask), false);
}

void ikev2_flex_routes_del(struct ferryd *d, struct ikev2_flex *fx)
{
	struct rib *rib = rib_of(d);
	struct mfi *m = mfi_of(d);

	if (!fx->fx_route_if[0] || !rib)
		return;
	if (fx->fx_overlay.s_addr)
		rib_withdraw(rib, NULL, fx->fx_overlay, 32, RIB_SRC_IKE);
	for (unsigned i = 0; i < fx->fx_nroutes; i++)
		rib_withdraw(rib, NULL, fx->fx_routes[i].r4_addr, ikev2_flex_plen(fx->fx_routes[i].r4_mask),
			     RIB_SRC_IKE);
	if (m && fx->fx_label != MFI_LABEL_NONE) {
		mfi_set_out(m, fx->fx_label, NULL);
		mfi_release(m, fx->fx_label, MFI_OWNER_IKEV2);
	}
	fx->fx_route_if[0] = '\0';
}
