/*
 * The IKEv2 reconciler: the IKE sockets once an IKEv2 profile exists, and
 * one initiator SA per "interface Tunnel" with "tunnel protection ipsec
 * profile P" and "tunnel destination X" (P's ikev2-profile, towards X).
 */
#include "ike/ikev2_dh_pool.h"
#include "ike/ikev2_sa.h"

#include <string.h>

#include "core/log.h"
#include "ike/ike_int.h"
#include "interface/vaccess.h"
#include "ipsec/ipsec.h"
#include "tunnel/tunnel.h"

/* What a tunnel interface asks for: the IKEv2 profile and the destination; false when nothing. */
static bool tunnel_wants(const struct config *cfg, const struct iface *ifp, const char **profile, struct in_addr *dst)
{
	const struct ipsec_if *prot;
	const struct tunnel_if *tu;
	const struct ipsec_profile *ipp;

	/* A Virtual-Access is the responder's clone for a peer: it starts nothing (and a hub has thousands). */
	if (vaccess_is(ifp))
		return false;
	prot = ipsec_if_protection(ifp);
	tu = tunnel_of(ifp);
	ipp = prot && prot->ii_profile ? ipsec_profile_lookup(cfg, prot->ii_profile) : NULL;
	if (!ipp || !ipp->ipp_ikev2_profile || !tu || tu->tu_dst != TUN_DST_ADDR)
		return false;
	*profile = ipp->ipp_ikev2_profile;
	*dst = tu->tu_dst_addr;
	return ike_profile_lookup(cfg, *profile) != NULL;
}

/* Whether the SA's tunnel still asks for this very SA. */
static bool still_wanted(const struct config *cfg, const struct ikev2_ike_sa *sa)
{
	const struct iface *ifp = if_lookup(cfg, sa->sa_tunnel);
	const char *profile;
	struct in_addr dst;

	return ifp && tunnel_wants(cfg, ifp, &profile, &dst) && strcmp(profile, sa->sa_profile) == 0 &&
	       dst.s_addr == sa->sa_peer.s_addr;
}

static bool has_sa(const struct ikev2_mgr *mg, const char *tunnel)
{
	for (const struct ikev2_ike_sa *sa = mg->mg_sas; sa; sa = sa->sa_next)
		if (strcmp(sa->sa_tunnel, tunnel) == 0)
			return true;
	return false;
}

static void sweep(struct ikev2_mgr *mg, const struct config *cfg)
{
	struct ikev2_ike_sa *sa = mg->mg_sas, *next;

	for (; sa; sa = next) {
		next = sa->sa_next;
		/* Responders and ike_session's SAs (NHRP's, ike_session.h) have no tunnel: not ours to sweep. */
		if (sa->sa_tunnel[0] && !still_wanted(cfg, sa))
			ikev2_sa_delete(mg, sa);
	}
}

static void start_wanted(struct ikev2_mgr *mg, const struct config *cfg)
{
	for (struct omap_iter it = omap_begin(if_all(cfg)); omap_next(&it);) {
		const struct iface *ifp = it.oi_val;
		const char *profile;
		struct in_addr dst;

		if (tunnel_wants(cfg, ifp, &profile, &dst) && !has_sa(mg, ifp->if_name))
			ikev2_sa_initiate(mg, ifp->if_name, profile, dst);
	}
}

static bool any_profile(const struct config *cfg)
{
	struct omap_iter it = nametab_begin(&ike_cfg(cfg)->ic_profiles);

	return omap_next(&it);
}

void ikev2_sa_sync(struct ferryd *d)
{
	struct ikev2_mgr *mg = &ikev2_mgr;
	const struct config *cfg = d->fd_running;

	mg->mg_d = d;
	ikev2_dh_pool_attach(d->fd_workq); /* key pairs made ahead on the workers */
	if (!mg->mg_open && any_profile(cfg)) {
		if (ikev2_udp_open(&mg->mg_udp, d->fd_loop, ikev2_sa_rx, mg) < 0) {
			log_msg(SEV_ERR, "IKEV2", "SOCKET", "cannot open UDP 500/4500: %m");
			return;
		}
		mg->mg_open = true;
		ikev2_sa_tick_start(mg);
	}
	if (!mg->mg_open)
		return;
	sweep(mg, cfg);
	start_wanted(mg, cfg);
	ikev2_flex_sync(d); /* a reload's new configuration gets the SAs' Virtual-Access and addresses back */
}
