/*
 * The global tunnels' TUNs. A GRE or multipoint GRE link of the global
 * table (Tunnel0, a hub's Virtual-Access) has no kernel device here, yet
 * the kernel's own traffic must cross it: BGP to the far end's overlay
 * address, pings. So the kernel gets a TUN holding the tunnel's addresses,
 * with the global routes through the tunnel pointing into it; the workers
 * encapsulate what the kernel writes there (routed by the global FIB,
 * whichever TUN it came by), and write back what they decapsulate for the
 * global table (us_io.c).
 *
 * The first US_TUNNEL_OWN global tunnels get a TUN each, named as their
 * device (fy-tu0, fy-va1: `ip route` shows the tunnel, the kernel sizes its
 * packets to its MTU); the others share one, US_TUN_SHARED. A hub's hundreds
 * or thousands of Virtual-Access would otherwise each take a TUN slot, a
 * queue per worker that every worker polls, and a kernel device. What a
 * tunnel on the shared TUN held there goes when it goes: its address (unless
 * another tunnel there borrows the same one, as unnumbered Virtual-Access
 * do), and the routes through it as the control plane deletes them.
 */
#include <string.h>

#include "core/log.h"
#include "dataplane/userspace/us_attach_int.h"
#include "dataplane/userspace/us_fwd.h"

#define US_TUNNEL_OWN 16 /* global tunnels with a TUN of their own; the slots left are the VRFs' */

/* A GRE or multipoint GRE link of the global table. */
static bool us_tunnel_global(const struct dp_link *l)
{
	return l && (l->dl_kind == DP_LINK_GRE || l->dl_kind == DP_LINK_MGRE) && !l->dl_vrf[0];
}

/* The slot of a tunnel's own TUN; NULL when it has none. */
static struct us_tun_slot *us_tunnel_own(struct dp *dp, const char *name)
{
	struct us_tun_slot *slot = us_tun_find(dp, name);

	return slot && slot->ts_tunnel ? slot : NULL;
}

struct us_tun_slot *us_tun_host(struct dp *dp, const char *tunnel)
{
	struct us_tun_slot *slot = us_tunnel_own(dp, tunnel);

	return slot ? slot : us_tun_find(dp, US_TUN_SHARED);
}

bool us_attach_is_host_tunnel(struct dp *dp, const struct dp_link *l)
{
	return us_tunnel_global(l) && us_tun_host(dp, l->dl_name);
}

/* The kernel's device for a global tunnel: its own TUN, else the shared one. */
static const char *us_tunnel_dev(struct dp *dp, const char *name)
{
	return us_tunnel_own(dp, name) ? name : US_TUN_SHARED;
}

static size_t us_tunnel_own_count(struct dp *dp)
{
	size_t n = 0;

	for (size_t i = 0; i < US_TUNS_MAX; i++)
		n += atomic_load(&dp->up_tuns[i].ts_live) && dp->up_tuns[i].ts_tunnel &&
		     strcmp(dp->up_tuns[i].ts_name, US_TUN_SHARED) != 0;
	return n;
}

/* True when a tunnel on the shared TUN other than a's holds a's address (it stays in the kernel). */
static bool us_shared_addr_held(struct dp *dp, const struct dp_addr *a)
{
	for (size_t i = 0; i < dp->up_build.b_addrs.v_n; i++) {
		const struct dp_addr *b = us_vec_at(&dp->up_build.b_addrs, i);

		if (b->da_addr.s_addr == a->da_addr.s_addr && strcmp(b->da_dev, a->da_dev) != 0 &&
		    us_attach_is_host_tunnel(dp, us_attach_link(dp, b->da_dev)) && !us_tunnel_own(dp, b->da_dev))
			return true;
	}
	return false;
}

void us_attach_tunnel_addr(struct dp *dp, const struct dp_link *l, const struct dp_op *op, struct us_kops *k, size_t i)
{
	struct dp_addr *ka;

	if (!us_attach_is_host_tunnel(dp, l))
		return;
	if (op->op_type == DP_ADDR_DEL && !us_tunnel_own(dp, l->dl_name) && us_shared_addr_held(dp, &op->op_addr))
		return;
	ka = &us_kops_add(k, op->op_type, i)->op_addr;
	*ka = op->op_addr;
	snprintf(ka->da_dev, sizeof(ka->da_dev), "%s", us_tunnel_dev(dp, l->dl_name));
}

/*
 * Its own TUN closes with what the kernel held there; on the shared TUN its
 * address goes (the control plane deletes it after the link, when the
 * tunnel no longer says where it is). An interface has one address.
 */
void us_attach_tunnel_del(struct dp *dp, const char *name, struct us_kops *k, size_t i)
{
	const struct dp_link *l = us_attach_link(dp, name);
	struct us_tun_slot *slot = us_tunnel_own(dp, name);
	struct dp_op del = {.op_type = DP_ADDR_DEL};
	size_t found = 0;

	if (!l)
		return;
	if (slot) {
		us_attach_tun_close(dp, slot);
		return;
	}
	for (size_t a = 0; a < dp->up_build.b_addrs.v_n && found < US_KOPS_PER_OP; a++) {
		del.op_addr = *(const struct dp_addr *)us_vec_at(&dp->up_build.b_addrs, a);
		if (strcmp(del.op_addr.da_dev, l->dl_name) == 0) {
			us_attach_tunnel_addr(dp, l, &del, k, i);
			found++;
		}
	}
}

/*
 * A TUN for the tunnel: the one it has; else its own while fewer than
 * US_TUNNEL_OWN have one, else the shared one; NULL: none.
 */
static const char *us_tunnel_open(struct dp *dp, const struct dp_link *l, char *err, size_t errlen)
{
	const char *name = us_tunnel_own_count(dp) < US_TUNNEL_OWN ? l->dl_name : US_TUN_SHARED;

	if (us_tunnel_own(dp, l->dl_name))
		return l->dl_name;
	if (us_attach_is_host_tunnel(dp, us_attach_link(dp, l->dl_name)))
		return US_TUN_SHARED; /* changed, not new: what the kernel holds for it is there */
	if (!us_tun_find(dp, name) && us_attach_tun_open(dp, name, true, err, errlen) < 0)
		return NULL;
	return name;
}

/*
 * A tunnel without a TUN still forwards what the workers route over it;
 * only the kernel's own traffic cannot cross it: a warning, not a failure.
 * The shared TUN is up at the smallest MTU of its tunnels.
 */
void us_attach_tunnel_link(struct dp *dp, const struct dp_link *l, struct us_kops *k, size_t i)
{
	uint32_t mtu = l->dl_mtu ? l->dl_mtu : US_FWD_TUNNEL_MTU;
	const char *dev;
	char err[128];

	if (!us_tunnel_global(l)) {
		us_attach_tunnel_del(dp, l->dl_name, k, i); /* moved into a VRF: userspace only */
		return;
	}
	if (!(dev = us_tunnel_open(dp, l, err, sizeof(err)))) {
		log_msg(SEV_WARN, "DATAPLANE", "USERSPACE", "%s: ferryd's own traffic does not cross this tunnel", err);
		return;
	}
	if (strcmp(dev, US_TUN_SHARED) == 0) {
		if (!dp->up_shared_mtu || mtu < dp->up_shared_mtu)
			dp->up_shared_mtu = mtu;
		us_attach_tun_kops(k, i, dev, dp->up_shared_mtu, true);
		return;
	}
	/* At the tunnel's MTU: the kernel sizes its own packets (and TCP its segments) to fit. */
	us_attach_tun_kops(k, i, dev, mtu, l->dl_up);
}

/* Adds dev to the kernel's next hops unless it is there already (two gateways over one tunnel are one TUN). */
static void us_tunnel_nh_add(struct dp_route *kr, const char *dev)
{
	for (uint8_t n = 0; n < kr->dr_nnh; n++)
		if (strcmp(kr->dr_nh[n].dn_dev, dev) == 0)
			return;
	memcpy(kr->dr_nh[kr->dr_nnh++].dn_dev, dev, DP_DEVLEN);
}

/* The kernel's copy of route r, its next hops dev (or each next hop's TUN when dev is NULL). */
static void us_tunnel_kernel_route(struct dp *dp, const struct dp_op *op, const char *dev, struct us_kops *k, size_t i)
{
	const struct dp_route *r = &op->op_route;
	struct dp_route *kr = &us_kops_add(k, op->op_type, i)->op_route;

	*kr = *r;
	kr->dr_nnh = 0;
	memset(kr->dr_nh, 0, sizeof(kr->dr_nh));
	for (uint8_t n = 0; n < r->dr_nnh && n < DP_MAX_NEXTHOPS; n++)
		us_tunnel_nh_add(kr, dev ? dev : us_tunnel_dev(dp, r->dr_nh[n].dn_dev));
}

bool us_attach_tunnel_route(struct dp *dp, const struct dp_op *op, struct us_kops *k, size_t i)
{
	const struct dp_route *r = &op->op_route;

	if (!us_attach_table_global(r->dr_table) || r->dr_kind != DP_ROUTE_UNICAST || r->dr_nnh == 0)
		return false;
	for (uint8_t n = 0; n < r->dr_nnh && n < DP_MAX_NEXTHOPS; n++)
		if (!us_attach_is_host_tunnel(dp, us_attach_link(dp, r->dr_nh[n].dn_dev)))
			return false;
	us_tunnel_kernel_route(dp, op, NULL, k, i);
	return true;
}

void us_attach_tunnel_route_gone(struct dp *dp, const struct dp_op *op, struct us_kops *k, size_t i)
{
	const struct dp_route *r = &op->op_route;
	bool gone = false;

	if (op->op_type != DP_ROUTE_DEL || !us_attach_table_global(r->dr_table) || !us_tun_find(dp, US_TUN_SHARED))
		return;
	for (uint8_t n = 0; n < r->dr_nnh && n < DP_MAX_NEXTHOPS; n++)
		gone |= !us_attach_link(dp, r->dr_nh[n].dn_dev);
	if (gone) /* the kernel tolerates deleting what is not there: the route may have been on a kernel device */
		us_tunnel_kernel_route(dp, op, US_TUN_SHARED, k, i);
}
