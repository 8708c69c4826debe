/*
 * The TUN slots of the attachment: a VRF's TUN or a global tunnel's, opened
 * in a free slot the workers then poll, and closed only once every worker
 * has stopped polling it.
 */
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "dataplane/kernel/kn_sysctl.h"
#include "dataplane/userspace/us_attach_int.h"
#include "dataplane/userspace/us_tun.h"

static struct us_tun_slot *us_tun_free_slot(struct dp *dp)
{
	for (size_t i = 0; i < US_TUNS_MAX; i++)
		if (!atomic_load(&dp->up_tuns[i].ts_live))
			return &dp->up_tuns[i];
	return NULL;
}

int us_attach_tun_open(struct dp *dp, const char *name, bool tunnel, char *err, size_t errlen)
{
	struct us_tun_slot *slot = us_tun_free_slot(dp);
	char path[96];
	int rc;

	if (!slot) {
		snprintf(err, errlen, "more than %d TUN devices (VRFs and global tunnels)", US_TUNS_MAX);
		return -1;
	}
	memset(slot, 0, sizeof(*slot));
	snprintf(slot->ts_name, sizeof(slot->ts_name), "%s", name);
	slot->ts_tunnel = tunnel;
	if ((rc = us_tun_open(name, slot->ts_fd, dp->up_nworkers)) < 0) {
		snprintf(err, errlen, "TUN %s: %s", name, strerror(-rc));
		return -1;
	}
	/* The TUN carries IPv4 only: without IPv6 the kernel sends it no solicitations to drop. */
	snprintf(path, sizeof(path), "net/ipv6/conf/%s/disable_ipv6", name);
	kn_sysctl_set(path, 1);
	/* A VRF's TUN brings replies from the VRF's addresses, local to the kernel again if a LAN link flaps. */
	snprintf(path, sizeof(path), "net/ipv4/conf/%s/accept_local", name);
	if (!tunnel && (rc = kn_sysctl_set(path, 1)) < 0)
		log_msg(SEV_WARN, "DATAPLANE", "USERSPACE", "%s: %s: pings of its VRF addresses go unanswered", path,
			strerror(-rc));
	atomic_store_explicit(&slot->ts_live, true, memory_order_release);
	us_workers_bump(dp);
	return 0;
}

void us_attach_tun_close(struct dp *dp, struct us_tun_slot *slot)
{
	atomic_store_explicit(&slot->ts_live, false, memory_order_release);
	us_workers_sync(dp, us_workers_bump(dp));
	us_tun_close(slot->ts_fd, dp->up_nworkers);
}

void us_attach_tun_kops(struct us_kops *k, size_t i, const char *name, uint32_t mtu, bool up)
{
	struct dp_link *l = &us_kops_add(k, DP_LINK_ADD, i)->op_link;

	snprintf(l->dl_name, sizeof(l->dl_name), "%s", name);
	l->dl_kind = DP_LINK_EXISTING;
	l->dl_up = up;
	l->dl_mtu = mtu;
}
