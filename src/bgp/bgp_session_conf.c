/* A neighbor's effective session settings, resolved through its peer group and the router's defaults. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bgp/bgp_session_conf.h"
#include "core/daemon.h"
#include "interface/iface.h"

uint32_t bgp_conf_router_id(struct ferryd *d, const struct bgp_cfg *bgp)
{
	size_t n;
	struct iface **ifs;
	uint32_t best = 0, best_lo = 0;

	if (bgp->bgp_router_id_set)
		return ntohl(bgp->bgp_router_id.s_addr);
	ifs = if_sorted(d->fd_running, &n);
	for (size_t i = 0; ifs && i < n; i++) {
		uint32_t a = ntohl(ifs[i]->if_addr.s_addr);
		bool lo = strncasecmp(ifs[i]->if_name, "Loopback", 8) == 0;
		if (a > best)
			best = a;
		if (lo && a > best_lo)
			best_lo = a;
	}
	free(ifs);
	return best_lo ? best_lo : best;
}

const char *bgp_conf_range_group(const struct bgp_cfg *bgp, struct in_addr src)
{
	const struct bgp_listen_range *best = NULL;
	uint32_t a = ntohl(src.s_addr);

	for (const struct bgp_listen_range *r = bgp->bgp_ranges; r; r = r->lr_next) {
		uint32_t mask = r->lr_plen ? ~0u << (32 - r->lr_plen) : 0;
		if ((a & mask) == (ntohl(r->lr_prefix.s_addr) & mask) && (!best || r->lr_plen > best->lr_plen))
			best = r;
	}
	return best ? best->lr_group : NULL;
}

/* A setting of the neighbor's own, else of its group: the first of the two that has it. */
static const struct bgp_nbr *owner(const struct bgp_nbr *nb, bool (*has)(const struct bgp_nbr *))
{
	return has(nb) || !nb->nb_group ? nb : nb->nb_group;
}

static bool has_multihop(const struct bgp_nbr *nb)
{
	return nb->nb_ebgp_multihop != 0;
}

static bool has_source(const struct bgp_nbr *nb)
{
	return nb->nb_update_source != NULL;
}

static bool has_transport(const struct bgp_nbr *nb)
{
	return nb->nb_transport != BGP_TRANSPORT_DEFAULT;
}

static bool has_timers(const struct bgp_nbr *nb)
{
	return nb->nb_timers.bt_set;
}

static bool has_shutdown(const struct bgp_nbr *nb)
{
	return nb->nb_shutdown;
}

static bool activated(const struct bgp_nbr *nb, enum bgp_afi afi)
{
	return nb->nb_af[afi].na_activate || (nb->nb_group && nb->nb_group->nb_af[afi].na_activate);
}

static uint8_t families(const struct bgp_cfg *bgp, const struct bgp_nbr *nb)
{
	uint8_t f = 0;

	if (activated(nb, BGP_AFI_VPNV4))
		f |= 1u << BGP_FF_VPNV4;
	if (activated(nb, BGP_AFI_IPV4) || !bgp->bgp_no_default_ipv4)
		f |= 1u << BGP_FF_IPV4_UNICAST;
	return f;
}

static struct in_addr source_addr(struct ferryd *d, const char *ifname)
{
	const struct iface *ifp = ifname ? if_lookup(d->fd_running, ifname) : NULL;
	struct in_addr none = {0};

	return ifp ? ifp->if_addr : none;
}

static void timers(const struct bgp_cfg *bgp, const struct bgp_nbr *nb, struct bgp_fsm_conf *fc)
{
	const struct bgp_timers *t = &owner(nb, has_timers)->nb_timers;

	if (!t->bt_set)
		t = &bgp->bgp_timers;
	fc->fc_keepalive = t->bt_set ? t->bt_keepalive : BGP_KEEPALIVE_DEFAULT;
	fc->fc_hold = t->bt_set ? t->bt_holdtime : BGP_HOLDTIME_DEFAULT;
}

int bgp_conf_peer(struct ferryd *d, const struct bgp_cfg *bgp, const struct bgp_nbr *nb, struct bgp_peer_conf *pc)
{
	struct bgp_fsm_conf *fc = &pc->pc_fsm;
	uint8_t multihop;

	memset(pc, 0, sizeof(*pc));
	if (!nb || !bgp_nbr_remote_as(nb))
		return -1;
	fc->fc_local_as = bgp->bgp_asn;
	fc->fc_remote_as = bgp_nbr_remote_as(nb);
	fc->fc_router_id = bgp_conf_router_id(d, bgp);
	fc->fc_passive = owner(nb, has_transport)->nb_transport == BGP_TRANSPORT_PASSIVE;
	fc->fc_families = families(bgp, nb);
	timers(bgp, nb, fc);
	multihop = owner(nb, has_multihop)->nb_ebgp_multihop;
	/* eBGP peers are one hop away unless ebgp-multihop says otherwise; iBGP ones anywhere */
	pc->pc_ttl = fc->fc_remote_as == fc->fc_local_as ? 255 : multihop ? multihop : 1;
	pc->pc_source = source_addr(d, owner(nb, has_source)->nb_update_source);
	pc->pc_shutdown = owner(nb, has_shutdown)->nb_shutdown;
	pc->pc_log_changes = bgp_log_neighbor_changes(bgp);
	return 0;
}

int bgp_conf_of_peer(struct ferryd *d, const struct bgp_cfg *bgp, const struct bgp_peer *p, struct bgp_peer_conf *pc)
{
	char name[INET_ADDRSTRLEN];
	const struct bgp_nbr *nb;

	if (!p->bp_dynamic) {
		inet_ntop(AF_INET, &p->bp_addr, name, sizeof(name));
		nb = bgp_nbr_lookup(bgp, name);
		return nb && !nb->nb_is_group ? bgp_conf_peer(d, bgp, nb, pc) : -1;
	}
	if (!bgp_conf_range_group(bgp, p->bp_addr) || strcmp(bgp_conf_range_group(bgp, p->bp_addr), p->bp_group) != 0)
		return -1;
	if (bgp_conf_peer(d, bgp, bgp_nbr_lookup(bgp, p->bp_group), pc) < 0)
		return -1;
	pc->pc_fsm.fc_passive = true;
	return 0;
}
