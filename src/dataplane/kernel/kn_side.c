/*
 * The sysctls operations need:
 *   net.mpls.platform_labels     room for the label of a label route (grown by powers of two)
 *   net.mpls.conf.DEV.input      MPLS input on a link that takes labeled packets
 *   net.ipv4.conf.DEV.rp_filter  2 (loose) on VRF and GRE devices: a packet popped into a VRF, or
 *                                arriving over a tunnel, comes in where the route back does not
 *                                go out, which strict mode (1) drops
 *   net.ipv4.ip_forward          1 while the backend runs
 * A device's sysctls exist once the kernel created the device: what is queued goes first.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dataplane/kernel/kn_dp.h"
#include "dataplane/kernel/kn_sysctl.h"

#define PLATFORM_LABELS "net/mpls/platform_labels"
#define LABELS_MIN	1024
#define LABELS_LIMIT	(1u << 20) /* labels are 20 bits */
#define RP_FILTER_LOOSE 2

static unsigned labels_for(uint32_t label)
{
	unsigned n = LABELS_MIN;

	while (n <= label && n < LABELS_LIMIT)
		n *= 2;
	return n;
}

static int set_or_fail(const char *path, unsigned value, size_t i, struct kn_result *res)
{
	int rc = kn_sysctl_set(path, value);

	if (rc < 0)
		kn_result_fail(res, i, -rc, "/proc/sys/%s: %s", path, strerror(-rc));
	return rc;
}

int kn_side_before(struct dp *dp, const struct dp_op *op, size_t i, struct kn_result *res)
{
	uint32_t label = op->op_label.dlb_in;
	unsigned now = 0;

	if (op->op_type != DP_LABEL_ADD || label < dp->kd_platform_labels || label >= LABELS_LIMIT)
		return 0;
	if (kn_sysctl_get(PLATFORM_LABELS, &now) == 0 && label < now) {
		dp->kd_platform_labels = now;
		return 0;
	}
	if (set_or_fail(PLATFORM_LABELS, labels_for(label), i, res) < 0)
		return -1;
	dp->kd_platform_labels = labels_for(label);
	return 0;
}

static void loose_rp_filter(const char *dev, size_t i, struct kn_result *res)
{
	char path[96];

	snprintf(path, sizeof(path), "net/ipv4/conf/%s/rp_filter", dev);
	set_or_fail(path, RP_FILTER_LOOSE, i, res);
}

/* Set when asked for, and turned off where MPLS exists (the link may have had it on). */
static void mpls_input(const struct dp_link *l, size_t i, struct kn_result *res)
{
	char path[96];

	snprintf(path, sizeof(path), "net/mpls/conf/%s/input", l->dl_name);
	if (l->dl_mpls || kn_sysctl_exists(path))
		set_or_fail(path, l->dl_mpls, i, res);
}

void kn_side_after(struct dp *dp, const struct dp_op *op, size_t i, struct kn_result *res)
{
	const struct dp_link *l = &op->op_link;

	if (op->op_type != DP_VRF_ADD && op->op_type != DP_LINK_ADD)
		return;
	kn_commit(dp, res);
	if (res->kr_failed)
		return;
	if (op->op_type == DP_VRF_ADD) {
		loose_rp_filter(op->op_vrf.dv_name, i, res);
		return;
	}
	if (l->dl_kind == DP_LINK_GRE || l->dl_kind == DP_LINK_MGRE)
		loose_rp_filter(l->dl_name, i, res);
	mpls_input(l, i, res);
}

int kn_side_forwarding(void)
{
	unsigned on = 0;

	/* written only on a change: a write resets every device's forwarding setting */
	if (kn_sysctl_get("net/ipv4/ip_forward", &on) == 0 && on == 1)
		return 0;
	return kn_sysctl_set("net/ipv4/ip_forward", 1);
}
