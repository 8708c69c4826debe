/* A VRF in the kernel without VRF devices: a multi-queue TUN, a table whose default route enters it, rules. */
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "dataplane/userspace/us_attach_int.h"
#include "dataplane/userspace/us_mark.h"
#include "dataplane/userspace/us_redirect.h"
#include "dataplane/userspace/us_rule.h"
#include "dataplane/userspace/us_tun.h"

/* The VRF device as the kernel sees it: the TUN, up, at a LAN's MTU; its table's default route into it. */
static void us_vrf_kops(const struct dp_vrf *v, struct us_kops *k, size_t i)
{
	struct dp_op *op;

	us_attach_tun_kops(k, i, v->dv_name, US_TUN_MTU, true);
	op = us_kops_add(k, DP_ROUTE_ADD, i);
	op->op_route.dr_table = v->dv_table;
	op->op_route.dr_nnh = 1;
	memcpy(op->op_route.dr_nh[0].dn_dev, v->dv_name, DP_DEVLEN);
}

/*
 * The kernel's ICMP errors for the VRF stay in its table: the TUN marks its
 * packets with it (us_mark.h). Without it (a kernel without cls_bpf, no
 * CAP_BPF) the VRF still forwards, those errors take the global table: a warning.
 */
static void us_vrf_mark(struct dp *dp, const struct dp_vrf *v)
{
	int rc = us_rule_mark(&dp->up_nl, true, v->dv_table, v->dv_table);
	const char *what = "rule fwmark";

	if (rc == 0 && (rc = us_mark_tun(&dp->up_nl, v->dv_name, v->dv_table)) < 0)
		what = "tc bpf mark";
	if (rc == 0 && (rc = us_mark_reflect()) < 0)
		what = "sysctl net.ipv4.fwmark_reflect";
	if (rc < 0)
		log_msg(SEV_WARN, "DATAPLANE", "USERSPACE",
			"%s %s table %u: %s: the kernel's ICMP errors for the VRF leave by the global table", what,
			v->dv_name, v->dv_table, strerror(-rc));
}

int us_attach_vrf_add(struct dp *dp, const struct dp_vrf *v, struct us_kops *k, size_t i, char *err, size_t errlen)
{
	const struct dp_vrf *old = us_attach_vrf(dp, v->dv_name);
	int rc;

	if (old && old->dv_table != v->dv_table && us_attach_vrf_del(dp, old, err, errlen) < 0)
		return -1;
	if (!us_tun_find(dp, v->dv_name) && us_attach_tun_open(dp, v->dv_name, false, err, errlen) < 0)
		return -1;
	if ((rc = us_rule_iif(&dp->up_nl, true, v->dv_name, v->dv_table)) < 0) {
		snprintf(err, errlen, "rule iif %s lookup %u: %s", v->dv_name, v->dv_table, strerror(-rc));
		return -1;
	}
	us_vrf_mark(dp, v);
	us_vrf_kops(v, k, i);
	return 0;
}

int us_attach_vrf_del(struct dp *dp, const struct dp_vrf *v, char *err, size_t errlen)
{
	struct us_tun_slot *slot = us_tun_find(dp, v->dv_name);
	int rc = us_rule_iif(&dp->up_nl, false, v->dv_name, v->dv_table);

	if (rc == 0)
		rc = us_rule_mark(&dp->up_nl, false, v->dv_table, v->dv_table);
	if (rc < 0) {
		snprintf(err, errlen, "rule iif %s: %s", v->dv_name, strerror(-rc));
		return -1;
	}
	if (!slot)
		return 0;
	us_attach_lan_release_vrf(dp, v->dv_name);
	us_attach_tun_close(dp, slot);
	return 0;
}

void us_attach_clear(struct dp *dp)
{
	int rc;

	us_attach_lan_clear(dp);
	for (size_t i = 0; i < US_TUNS_MAX; i++) {
		atomic_store(&dp->up_tuns[i].ts_live, false);
		us_tun_close(dp->up_tuns[i].ts_fd, dp->up_nworkers);
	}
	if (dp->up_nl.ks_nl && (rc = us_rule_sweep(&dp->up_nl)) < 0)
		log_msg(SEV_ERR, "DATAPLANE", "USERSPACE", "ferryd's rules stay: %s", strerror(-rc));
	if (dp->up_nl.ks_nl && (rc = us_redirect_sweep(&dp->up_nl)) < 0)
		log_msg(SEV_ERR, "DATAPLANE", "USERSPACE", "ferryd's tc redirects stay: %s", strerror(-rc));
}
