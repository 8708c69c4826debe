/*
 * The global tunnels' TUNs. A GRE or multipoint GRE link of the global
 * table (Tunnel0, a hub's Virtual-Access) has no kernel device here, yet
 * the kernel's own traffic must cross it: BGP to the far end's overlay
 * address, pings. So it gets a TUN named as its device, holding its
 * addresses, with the global routes through the tunnel pointing into it;
 * the workers encapsulate what the kernel writes there, and write back
 * what they decapsulate for the global table (us_io.c).
 */
#include <string.h>

#include "core/log.h"
#include "dataplane/userspace/us_attach_int.h"
#include "dataplane/userspace/us_fwd.h"

/* A GRE or multipoint GRE link of the global table. */
static bool us_tunnel_global(const struct dp_link *l)
{
	return l && (l->dl_kind == DP_LINK_GRE || l->dl_kind == DP_LINK_MGRE) && !l->dl_vrf[0];
}

bool us_attach_is_host_tunnel(struct dp *dp, const struct dp_link *l)
{
	const struct us_tun_slot *slot = us_tunnel_global(l) ? us_tun_find(dp, l->dl_name) : NULL;

	return slot && slot->ts_tunnel;
}

void us_attach_tunnel_del(struct dp *dp, const char *name)
{
	struct us_tun_slot *slot = us_tun_find(dp, name);

	if (slot && slot->ts_tunnel)
		us_attach_tun_close(dp, slot);
}

/*
 * A tunnel without its TUN still forwards what the workers route over it;
 * only the kernel's own traffic cannot cross it: a warning, not a failure.
 */
void us_attach_tunnel_link(struct dp *dp, const struct dp_link *l, struct us_kops *k, size_t i)
{
	char err[128];

	if (!us_tunnel_global(l)) {
		us_attach_tunnel_del(dp, l->dl_name); /* moved into a VRF: userspace only */
		return;
	}
	if (!us_tun_find(dp, l->dl_name) && us_attach_tun_open(dp, l->dl_name, true, err, sizeof(err)) < 0) {
		log_msg(SEV_WARN, "DATAPLANE", "USERSPACE", "%s: ferryd's own traffic does not cross this tunnel", err);
		return;
	}
	/* At the tunnel's MTU: the kernel sizes its own packets (and TCP its segments) to fit. */
	us_attach_tun_kops(k, i, l->dl_name, l->dl_mtu ? l->dl_mtu : US_FWD_TUNNEL_MTU, l->dl_up);
}

/* Adds dev to the kernel's next hops unless it is there already (two gateways over one tunnel are one TUN). */
static void us_tunnel_nh_add(struct dp_route *kr, const char *dev)
{
	for (uint8_t n = 0; n < kr->dr_nnh; n++)
		if (strcmp(kr->dr_nh[n].dn_dev, dev) == 0)
			return;
	memcpy(kr->dr_nh[kr->dr_nnh++].dn_dev, dev, DP_DEVLEN);
}

bool us_attach_tunnel_route(struct dp *dp, const struct dp_op *op, struct us_kops *k, size_t i)
{
	const struct dp_route *r = &op->op_route;
	struct dp_route *kr;

	if (!us_attach_table_global(r->dr_table) || r->dr_kind != DP_ROUTE_UNICAST || r->dr_nnh == 0)
		return false;
	for (uint8_t n = 0; n < r->dr_nnh && n < DP_MAX_NEXTHOPS; n++)
		if (!us_attach_is_host_tunnel(dp, us_attach_link(dp, r->dr_nh[n].dn_dev)))
			return false;
	kr = &us_kops_add(k, op->op_type, i)->op_route;
	*kr = *r;
	kr->dr_nnh = 0;
	memset(kr->dr_nh, 0, sizeof(kr->dr_nh));
	for (uint8_t n = 0; n < r->dr_nnh && n < DP_MAX_NEXTHOPS; n++)
		us_tunnel_nh_add(kr, r->dr_nh[n].dn_dev);
	return true;
}
