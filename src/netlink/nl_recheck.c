/*
 * Catching up after the monitor's socket overran (nl_monitor.h): the
 * notifications lost may have told of a device deleted or set down or an
 * address removed, so every device and address the configuration asks for
 * is judged by the kernel's state now, as a notification of it would be.
 * (A quick `down; up` lost whole leaves no trace in the state: its routes
 * come back with the next change of the link or the configuration.)
 */
#include <stdio.h>

#include "core/daemon.h"
#include "dataplane/dataplane.h"
#include "dataplane/dp_names.h"
#include "interface/iface.h"
#include "netlink/nl_link.h"
#include "netlink/nl_monitor.h"
#include "vrf/vrf.h"

/* Device dev as the kernel has it now: absent is deleted, down is set down. */
static size_t recheck_device(struct ferryd *d, const char *dev)
{
	struct nl_link now;
	bool gone = nl_link_get(dev, &now) < 0;

	if (gone)
		snprintf(now.nl_name, sizeof(now.nl_name), "%s", dev);
	return nl_monitor_link(d, &now, gone, !gone && !nl_link_up(&now)) == 1;
}

/* Interface ifp's device, then its address. */
static size_t recheck_interface(struct ferryd *d, const struct iface *ifp)
{
	struct dp_addr a = {.da_plen = 0};
	size_t reapplied;

	if (dp_name_device(ifp->if_name, a.da_dev, sizeof(a.da_dev)) < 0)
		return 0;
	reapplied = recheck_device(d, a.da_dev);
	if (if_address_of(d->fd_running, ifp, &a.da_addr, &a.da_plen))
		reapplied += nl_monitor_addr(d, &a) == 1;
	return reapplied;
}

size_t nl_monitor_recheck(struct ferryd *d)
{
	char dev[DP_DEVLEN];
	size_t reapplied = 0;

	/* the VRFs first: one re-created takes its interfaces again */
	for (struct omap_iter it = omap_begin(vrf_all(d->fd_running)); omap_next(&it);) {
		const struct vrf *vrf = it.oi_val;

		if (dp_name_vrf(vrf->vrf_name, dev, sizeof(dev)) == 0)
			reapplied += recheck_device(d, dev);
	}
	for (struct omap_iter it = omap_begin(if_all(d->fd_running)); omap_next(&it);)
		reapplied += recheck_interface(d, it.oi_val);
	return reapplied;
}
