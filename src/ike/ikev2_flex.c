/* FlexVPN on an SA's life: attach to IKE_AUTH, bring up at READY, undo when it goes. */
#include "ike/ikev2_flex.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/log.h"
#include "core/sync.h"
#include "ike/ikev2_sa.h"
#include "interface/vaccess.h"
#include "pool/pool_alloc.h"

/* The initiator's tunnel when it has "ip address negotiated", else NULL. */
static struct iface *negotiated_tunnel(const struct config *cfg, const char *name)
{
	struct iface *ifp = name[0] ? if_lookup(cfg, name) : NULL;

	return ifp && ifp->if_addr_mode == IF_ADDR_NEGOTIATED ? ifp : NULL;
}

void ikev2_flex_attach(struct ikev2_ike_sa *sa, struct ikev2_authx_conf *ac)
{
	if (sa->sa_tunnel[0]) {
		ac->ac_cfg.mc_request = negotiated_tunnel(ikev2_mgr.mg_d->fd_running, sa->sa_tunnel) != NULL;
		return;
	}
	ac->ac_cfg_assign = ikev2_flex_assign;
	ac->ac_cfg_arg = sa;
}

static void log_updown(const char *ifname, const char *state)
{
	log_msg(SEV_NOTICE, "LINEPROTO", "UPDOWN", "Line protocol on Interface %s, changed state to %s", ifname, state);
}

/* The hub: a Virtual-Access for the peer; the leased address is the peer's overlay address. */
static void hub_up(struct ferryd *d, struct ikev2_ike_sa *sa)
{
	struct ikev2_flex *fx = &sa->sa_flex;
	const struct ike_profile *pr = ike_profile_lookup(d->fd_running, sa->sa_conf.ac_profile);
	const char *why = "";

	if (!pr || !pr->pr_vtemplate)
		return;
	if (vaccess_create(d, pr->pr_vtemplate, sa->sa_init.in_remote.sin_addr, fx->fx_vaccess, sizeof(fx->fx_vaccess),
			   &why) < 0) {
		fx->fx_vaccess[0] = '\0';
		log_msg(SEV_WARN, "IKEV2", "VACCESS", "SA %u: no Virtual-Access: %s", sa->sa_id, why);
		return;
	}
	log_updown(fx->fx_vaccess, "up");
	if (fx->fx_pool)
		fx->fx_overlay = fx->fx_leased;
	snprintf(fx->fx_route_if, sizeof(fx->fx_route_if), "%s", fx->fx_vaccess);
}

static void log_reply(const struct ikev2_ike_sa *sa, const struct ikev2_modecfg *mc)
{
	log_msg(SEV_NOTICE, "IKEV2", "MODECFG", "%s: address %s negotiated%s%s", sa->sa_tunnel, inet_ntoa(mc->mc_addr),
		mc->mc_domain ? ", domain " : "", mc->mc_domain ? mc->mc_domain : "");
	if (mc->mc_banner)
		log_msg(SEV_INFO, "IKEV2", "BANNER", "%s: %s", sa->sa_tunnel, mc->mc_banner);
}

static void tunnel_addr_set(struct iface *ifp, const struct ikev2_modecfg *mc)
{
	ifp->if_addr = mc->mc_addr;
	ifp->if_plen = mc->mc_netmask.s_addr ? ikev2_flex_plen(mc->mc_netmask) : 32;
	ifp->if_addr_negotiated = true;
}

/* The spoke: the negotiated address on its tunnel, the pushed routes; the first host route is the hub's. */
static void spoke_up(struct ferryd *d, struct ikev2_ike_sa *sa)
{
	struct ikev2_flex *fx = &sa->sa_flex;
	const struct ikev2_modecfg *mc = &sa->sa_conf.ac_cfg;
	struct iface *ifp = negotiated_tunnel(d->fd_running, sa->sa_tunnel);

	if (!ifp)
		return;
	if (!mc->mc_has_addr) {
		log_msg(SEV_WARN, "IKEV2", "MODECFG", "%s: the peer assigned no address", sa->sa_tunnel);
		return;
	}
	tunnel_addr_set(ifp, mc);
	fx->fx_addr_set = true;
	log_reply(sa, mc);
	fx->fx_nroutes = mc->mc_nroutes;
	for (unsigned i = 0; i < mc->mc_nroutes; i++) {
		fx->fx_routes[i] = mc->mc_routes[i];
		if (!fx->fx_overlay.s_addr && mc->mc_routes[i].r4_mask.s_addr == 0xffffffffu)
			fx->fx_overlay = mc->mc_routes[i].r4_addr;
	}
	snprintf(fx->fx_route_if, sizeof(fx->fx_route_if), "%s", sa->sa_tunnel);
}

void ikev2_flex_up(struct ferryd *d, struct ikev2_ike_sa *sa)
{
	if (sa->sa_tunnel[0])
		spoke_up(d, sa);
	else
		hub_up(d, sa);
	ikev2_flex_routes_add(d, &sa->sa_flex);
	if (sa->sa_flex.fx_route_if[0])
		sync_request(d);
}

/* The tunnel's negotiated address goes (unless it was configured otherwise meanwhile). */
static void spoke_addr_clear(struct ferryd *d, const struct ikev2_ike_sa *sa)
{
	struct iface *ifp = if_lookup(d->fd_running, sa->sa_tunnel);

	if (!ifp)
		return;
	ifp->if_addr_negotiated = false;
	if (ifp->if_addr_mode == IF_ADDR_NEGOTIATED) {
		ifp->if_addr.s_addr = 0;
		ifp->if_plen = 0;
	}
}

void ikev2_flex_down(struct ferryd *d, struct ikev2_ike_sa *sa)
{
	struct ikev2_flex *fx = &sa->sa_flex;
	bool changed = fx->fx_route_if[0] || fx->fx_vaccess[0] || fx->fx_addr_set;

	ikev2_flex_routes_del(d, fx);
	if (fx->fx_pool)
		pool_release(fx->fx_pool, fx->fx_leased);
	free(fx->fx_pool);
	if (fx->fx_vaccess[0]) {
		vaccess_delete(d, fx->fx_vaccess);
		log_updown(fx->fx_vaccess, "down");
	}
	if (fx->fx_addr_set)
		spoke_addr_clear(d, sa);
	*fx = (struct ikev2_flex){0};
	if (changed)
		sync_request(d);
}

/* What the SA put into a configuration that was replaced since (a reload): again, under the same names. */
static bool restore(struct ferryd *d, struct ikev2_ike_sa *sa)
{
	struct ikev2_flex *fx = &sa->sa_flex;
	const struct ike_profile *pr = ike_profile_lookup(d->fd_running, sa->sa_conf.ac_profile);
	struct iface *ifp = fx->fx_addr_set ? negotiated_tunnel(d->fd_running, sa->sa_tunnel) : NULL;
	const char *why = "the IKEv2 profile has no virtual-template";

	if (ifp && !ifp->if_addr_negotiated) {
		tunnel_addr_set(ifp, &sa->sa_conf.ac_cfg);
		return true;
	}
	if (!fx->fx_vaccess[0] || if_lookup(d->fd_running, fx->fx_vaccess))
		return false;
	if (pr && pr->pr_vtemplate &&
	    vaccess_create(d, pr->pr_vtemplate, sa->sa_init.in_remote.sin_addr, fx->fx_vaccess, sizeof(fx->fx_vaccess),
			   &why) == 0)
		return true;
	log_msg(SEV_WARN, "IKEV2", "VACCESS", "SA %u: %s is gone: %s", sa->sa_id, fx->fx_vaccess, why);
	fx->fx_vaccess[0] = '\0'; /* the peer stays up without it; tried once */
	return false;
}

void ikev2_flex_sync(struct ferryd *d)
{
	bool changed = false;

	for (struct ikev2_ike_sa *sa = ikev2_mgr.mg_sas; sa; sa = sa->sa_next)
		changed |= restore(d, sa);
	if (changed)
		sync_request(d);
}
