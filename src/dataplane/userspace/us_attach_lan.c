/*
 * A VRF's LAN links (kernel devices in a VRF), once the kernel has them:
 * their IPv4 goes straight to the workers, through packet rings
 * (us_lan_ring.h) or the VRF's TUN (us_redirect.h), so the router is one hop and its ICMP errors come from the VRF;
 * they answer ARP for the VRF's addresses at once, and ask ARP from the LAN's own address (us_attach.c gives the kernel
 * that address as a /32 on the link, and on the VRF's TUN as the source of the kernel's ICMP errors; the local routes
 * of both go here).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "dataplane/kernel/kn_sysctl.h"
#include "dataplane/userspace/us_attach_int.h"
#include "dataplane/userspace/us_redirect.h"

/*
 * Proxy answers wait up to proxy_delay otherwise. A failure only makes
 * answers late (or leaves them to the kernel's own address): a warning.
 */
static void us_lan_sysctls(const char *lan)
{
	static const struct {
		const char *ps_fmt;
		unsigned ps_value;
	} settings[] = {{"net/ipv4/conf/%s/proxy_arp", 1}, {"net/ipv4/neigh/%s/proxy_delay", 0}};
	char path[96];
	int rc;

	for (size_t k = 0; k < sizeof(settings) / sizeof(settings[0]); k++) {
		snprintf(path, sizeof(path), settings[k].ps_fmt, lan);
		if ((rc = kn_sysctl_set(path, settings[k].ps_value)) < 0)
			log_msg(SEV_WARN, "DATAPLANE", "USERSPACE", "%s: %s: its VRF addresses answer ARP late or not",
				path, strerror(-rc));
	}
}

/*
 * The kernel's local route for a LAN address goes (it adds one with each
 * address, and again when the link comes up): delivered locally, the
 * address would answer from outside its VRF (the global table, the
 * underlay). ARP for it is answered by proxy, as for the VRF's other
 * addresses; the address stays on the link as the ARP requests' source.
 * The watcher deletes the route again when the link comes up by another
 * agent's hand, and puts back the subnet route in table (plen below 32) the
 * link down took (us_lanroute.h). A failure leaves it answering there: a warning.
 */
static void us_lan_unlocal(struct dp *dp, const char *dev, struct in_addr addr, uint8_t plen, uint32_t table)
{
	struct us_lanroute_addr la = {.la_ifindex = if_nametoindex(dev), .la_addr = addr, .la_plen = plen};
	int rc = -ENODEV;

	la.la_table = table;
	if (la.la_ifindex && (rc = us_lanroute_add(&dp->up_lanroute, &la)) == 0)
		rc = us_lanroute_unlocal(&dp->up_nl, la.la_ifindex, addr);
	if (rc < 0)
		log_msg(SEV_WARN, "DATAPLANE", "USERSPACE", "%s: local route of %s stays: %s", dev, inet_ntoa(addr),
			strerror(-rc));
}

/*
 * A LAN address on its link (its subnet watched, when its VRF is known) and
 * on the VRF's TUN (us_attach.c gives the TUN the address so that the
 * kernel's own ICMP errors for the VRF, host unreachable, leave from it).
 */
static void us_lan_unlocal_addr(struct dp *dp, const struct dp_link *lan, const struct dp_addr *a)
{
	const struct dp_vrf *v = us_attach_vrf(dp, lan->dl_vrf);

	us_lan_unlocal(dp, a->da_dev, a->da_addr, v ? a->da_plen : 32, v ? v->dv_table : 0);
	us_lan_unlocal(dp, lan->dl_vrf, a->da_addr, 32, 0);
}

/* The local routes of LAN link lan's addresses (the link came up: the kernel added them again). */
static void us_lan_unlocal_link(struct dp *dp, const struct dp_link *lan)
{
	for (size_t a = 0; a < dp->up_build.b_addrs.v_n; a++) {
		const struct dp_addr *addr = us_vec_at(&dp->up_build.b_addrs, a);

		if (strcmp(addr->da_dev, lan->dl_name) == 0)
			us_lan_unlocal_addr(dp, lan, addr);
	}
}

/* A kernel link in a VRF. */
static bool us_lan_is(struct dp *dp, const struct dp_link *l)
{
	return l && l->dl_vrf[0] && !us_attach_in_userspace(dp, l->dl_name);
}

/* An address of a LAN link added (its local routes go, watched) or deleted (no longer watched). */
static void us_lan_addr_changed(struct dp *dp, const struct dp_op *op)
{
	const struct dp_link *owner;

	if ((op->op_type != DP_ADDR_ADD && op->op_type != DP_ADDR_DEL) ||
	    !us_lan_is(dp, owner = us_attach_link(dp, op->op_addr.da_dev)))
		return;
	if (op->op_type == DP_ADDR_ADD) {
		us_lan_unlocal_addr(dp, owner, &op->op_addr);
		return;
	}
	us_lanroute_del(&dp->up_lanroute, if_nametoindex(owner->dl_name), op->op_addr.da_addr);
	us_lanroute_del(&dp->up_lanroute, if_nametoindex(owner->dl_vrf), op->op_addr.da_addr);
}

void us_attach_lan_inputs(struct dp *dp, dp_lan_fn *visit, void *arg)
{
	for (size_t i = 0; i < dp->up_build.b_links.v_n; i++) {
		const struct dp_link *l = us_vec_at(&dp->up_build.b_links, i);

		if (us_lan_is(dp, l))
			visit(arg, l->dl_name, l->dl_vrf,
			      us_attach_lan_ring_has(dp, l->dl_name) ? "packet rings" : "TUN redirect");
	}
}

void us_attach_lan_clear(struct dp *dp)
{
	us_attach_lan_ring_clear(dp);
	us_lan_gro_clear(&dp->up_lan_gro);
}

/*
 * The LAN's IPv4 to the workers: read from packet rings, the tc filter
 * dropping it before the kernel's stack (GSO packets it redirects into the
 * VRF's TUN); where rings or the filter fail, all of it redirected into the
 * TUN (a read per packet: a warning; a link that is not Ethernet: a note).
 */
static int us_lan_take(struct dp *dp, const struct dp_link *l)
{
	int rc;

	if (!dp->up_lan_rings)
		return us_redirect_set(&dp->up_nl, l->dl_name, l->dl_vrf, false);
	if ((rc = us_attach_lan_ring_open(dp, l->dl_name, l->dl_vrf)) == 0 &&
	    (rc = us_redirect_set(&dp->up_nl, l->dl_name, l->dl_vrf, true)) == 0)
		return 0;
	log_msg(rc == -EPROTONOSUPPORT ? SEV_INFO : SEV_WARN, "DATAPLANE", "USERSPACE",
		"%s: no packet rings (%s): its IPv4 goes through the TUN of %s", l->dl_name, strerror(-rc), l->dl_vrf);
	us_attach_lan_ring_close(dp, l->dl_name);
	return us_redirect_set(&dp->up_nl, l->dl_name, l->dl_vrf, false);
}

int us_attach_lan_setup(struct dp *dp, const struct dp_op *ops, size_t n, size_t *failed, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		const struct dp_link *l = &ops[i].op_link;
		int rc;

		us_lan_addr_changed(dp, &ops[i]);
		if (ops[i].op_type != DP_LINK_ADD || !us_lan_is(dp, l))
			continue;
		us_lan_sysctls(l->dl_name);
		us_lan_gro_on(&dp->up_lan_gro, l->dl_name);
		us_lan_unlocal_link(dp, l);
		if ((rc = us_lan_take(dp, l)) < 0) {
			snprintf(err, errlen, "tc redirect %s -> %s: %s", l->dl_name, l->dl_vrf, strerror(-rc));
			*failed = i;
			return -1;
		}
	}
	return 0;
}

/*
 * Its filter removed, then its rings closed; a failure is logged: its IPv4
 * then goes to a TUN that is gone, or is dropped, until a start sweeps it.
 */
static void us_lan_unredirect(struct dp *dp, const char *lan)
{
	int rc = us_redirect_del(&dp->up_nl, lan);

	us_attach_lan_ring_close(dp, lan);
	if (rc < 0)
		log_msg(SEV_ERR, "DATAPLANE", "USERSPACE", "tc redirect on %s stays: %s", lan, strerror(-rc));
}

/* The kernel's /32 copy of addr on dev goes, and its watch. */
static void us_lan_release_host(struct dp *dp, const struct dp_addr *addr, const char *dev, struct us_kops *k, size_t i)
{
	struct dp_addr *ka = &us_kops_add(k, DP_ADDR_DEL, i)->op_addr;

	us_lanroute_del(&dp->up_lanroute, if_nametoindex(dev), addr->da_addr);
	*ka = *addr;
	snprintf(ka->da_dev, sizeof(ka->da_dev), "%s", dev);
	ka->da_plen = 32;
}

/*
 * The kernel's /32 copies of its addresses go too, on the link and on the
 * VRF's TUN (a later delete of the address, at its prefix length, would not
 * find them; a TUN already gone is no error for a delete). An interface has
 * one address (dp_config.c); at most US_KOPS_PER_OP - 1 are taken.
 */
void us_attach_lan_release(struct dp *dp, const struct dp_link *lan, struct us_kops *k, size_t i)
{
	size_t taken = 0;

	us_lan_unredirect(dp, lan->dl_name);
	us_lan_gro_off(&dp->up_lan_gro, lan->dl_name);
	for (size_t a = 0; a < dp->up_build.b_addrs.v_n && taken + 2 < US_KOPS_PER_OP; a++) {
		const struct dp_addr *addr = us_vec_at(&dp->up_build.b_addrs, a);

		if (strcmp(addr->da_dev, lan->dl_name) != 0)
			continue;
		us_lan_release_host(dp, addr, addr->da_dev, k, i);
		us_lan_release_host(dp, addr, lan->dl_vrf, k, i);
		taken += 2;
	}
}

void us_attach_lan_release_vrf(struct dp *dp, const char *vrf)
{
	for (size_t i = 0; i < dp->up_build.b_links.v_n; i++) {
		const struct dp_link *l = us_vec_at(&dp->up_build.b_links, i);

		if (strcmp(l->dl_vrf, vrf) == 0 && !us_attach_in_userspace(dp, l->dl_name)) {
			us_lan_unredirect(dp, l->dl_name);
			us_lan_gro_off(&dp->up_lan_gro, l->dl_name);
		}
	}
}
