/*
 * The responder's ESP offer: as on IOS, the transform sets of the IPsec
 * profile that protects the peer's tunnel, not every suite Ferry runs.
 */
#include "ike/ikev2_esp_prop.h"

#include <stdio.h>
#include <string.h>

#include "ike/ike.h"
#include "interface/vaccess.h"
#include "ipsec/ipsec_int.h"
#include "tunnel/tunnel.h"

/* The IPsec profile protecting ifp when it names the IKEv2 profile ike, or NULL. */
static const struct ipsec_profile *protection(const struct config *cfg, const struct iface *ifp, const char *ike)
{
	const struct ipsec_if *prot = ifp ? ipsec_if_protection(ifp) : NULL;
	const struct ipsec_profile *ipp = prot && prot->ii_profile ? ipsec_profile_lookup(cfg, prot->ii_profile) : NULL;

	return ipp && ipp->ipp_ikev2_profile && strcmp(ipp->ipp_ikev2_profile, ike) == 0 ? ipp : NULL;
}

/* A static tunnel towards remote protected with the IKEv2 profile ike (a hub has no Virtual-Access walk here). */
static const struct ipsec_profile *static_tunnel(const struct config *cfg, const char *ike, struct in_addr remote)
{
	for (struct omap_iter it = omap_begin(if_all(cfg)); omap_next(&it);) {
		const struct iface *ifp = it.oi_val;
		const struct tunnel_if *tu = vaccess_is(ifp) ? NULL : tunnel_of(ifp);
		const struct ipsec_profile *ipp;

		if (tu && tu->tu_dst == TUN_DST_ADDR && tu->tu_dst_addr.s_addr == remote.s_addr &&
		    (ipp = protection(cfg, ifp, ike)))
			return ipp;
	}
	return NULL;
}

/* The first IPsec profile naming the IKEv2 profile ike (one no interface uses yet), or NULL. */
static const struct ipsec_profile *naming(const struct config *cfg, const char *ike)
{
	for (struct omap_iter it = nametab_begin(&ipsec_cfg(cfg)->ic_profiles); omap_next(&it);) {
		const struct ipsec_profile *ipp = it.oi_val;

		if (ipp->ipp_ikev2_profile && strcmp(ipp->ipp_ikev2_profile, ike) == 0)
			return ipp;
	}
	return NULL;
}

const struct ipsec_profile *ikev2_esp_resp_profile(const struct config *cfg, const char *ike, struct in_addr remote)
{
	const struct ike_profile *pr = ike_profile_lookup(cfg, ike);
	const struct ipsec_profile *ipp = NULL;
	char vt[IF_NAMELEN];

	if (pr && pr->pr_vtemplate) {
		snprintf(vt, sizeof(vt), "Virtual-Template%u", pr->pr_vtemplate);
		ipp = protection(cfg, if_lookup(cfg, vt), ike);
	} else if (pr) {
		ipp = static_tunnel(cfg, ike, remote);
	}
	return ipp ? ipp : naming(cfg, ike);
}

void ikev2_esp_offer_resp(const struct config *cfg, const char *ike, struct in_addr remote, struct ikev2_esp_offer *out)
{
	/* Sets of which Ferry runs none leave the offer configured and empty: nothing is accepted. */
	ikev2_esp_offer_conf(cfg, ikev2_esp_resp_profile(cfg, ike, remote), out);
}
