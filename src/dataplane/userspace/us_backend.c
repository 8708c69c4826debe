/* The userspace backend: Ferry's own VRF, GRE, MPLS and ESP forwarding over TUN, behind struct dp_backend. */
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "dataplane/userspace/us_dp.h"
#include "dataplane/userspace/us_redirect.h"
#include "dataplane/userspace/us_rule.h"
#include "dataplane/userspace/us_tun.h"

static int userspace_probe(char *why, size_t whylen)
{
	return us_tun_probe(why, whylen);
}

static void userspace_free(struct dp *dp)
{
	us_workers_stop(dp);
	us_punt_destroy(&dp->up_punt);
	us_lanroute_stop(&dp->up_lanroute);
	us_attach_clear(dp);
	dataplane_close(&dp->up_kernel);
	us_rcu_destroy(&dp->up_rcu);
	us_build_free(&dp->up_build);
	us_sock_close(&dp->up_sock);
	kn_sock_close(&dp->up_nl);
	free(dp);
}

/* The parts that can fail, in the order they must exist; -1 with why in err. */
static int userspace_start(struct dp *dp, char *err, size_t errlen)
{
	int rc;

	dp->up_kernel.dpl_backend = &dp_backend_kernel;
	if (!(dp->up_kernel.dpl_state = dp_backend_kernel.db_open())) {
		snprintf(err, errlen, "the kernel backend's netlink part could not start");
		return -1;
	}
	if ((rc = kn_sock_open(&dp->up_nl, NETLINK_ROUTE)) < 0 || (rc = us_rule_sweep(&dp->up_nl)) < 0 ||
	    (rc = us_redirect_sweep(&dp->up_nl)) < 0) {
		snprintf(err, errlen, "rules and tc redirects: %s", strerror(-rc));
		return -1;
	}
	us_lanroute_start(&dp->up_lanroute, &dp->up_nl);
	if (us_sock_open(&dp->up_sock, err, errlen) < 0)
		return -1;
	if (us_build_publish(&dp->up_build, &dp->up_rcu, err, errlen) < 0)
		return -1;
	if ((rc = us_punt_init(&dp->up_punt)) < 0) {
		snprintf(err, errlen, "NHRP queues: %s", strerror(-rc));
		return -1;
	}
	return us_workers_start(dp, err, errlen);
}

/*
 * FERRY_DP_LAN_RINGS=off: VRF LANs through their VRF's TUN, as before
 * packet rings (a way around a kernel whose rings misbehave, and the tests'
 * way to the TUN path).
 */
static bool us_backend_lan_rings(void)
{
	const char *v = getenv("FERRY_DP_LAN_RINGS");

	if (v && strcmp(v, "off") == 0) {
		log_msg(SEV_NOTICE, "DATAPLANE", "USERSPACE", "FERRY_DP_LAN_RINGS=off: VRF LANs through their TUN");
		return false;
	}
	return true;
}

static struct dp *userspace_open(void)
{
	struct dp *dp = calloc(1, sizeof(*dp));
	char err[256] = "out of memory";

	if (!dp) {
		log_msg(SEV_ERR, "DATAPLANE", "USERSPACE", "cannot start: %s", err);
		return NULL;
	}
	for (size_t i = 0; i < US_TUNS_MAX; i++)
		for (size_t w = 0; w < US_WORKERS_MAX; w++)
			dp->up_tuns[i].ts_fd[w] = -1;
	dp->up_sock = (struct us_sock){.so_rx = {-1, -1, -1}, .so_tx = -1};
	atomic_store(&dp->up_tun_gen, 1);
	dp->up_lan_rings = us_backend_lan_rings();
	us_build_init(&dp->up_build);
	us_rcu_init(&dp->up_rcu, us_snap_free);
	if (userspace_start(dp, err, sizeof(err)) < 0) {
		log_msg(SEV_ERR, "DATAPLANE", "USERSPACE", "cannot start: %s", err);
		userspace_free(dp);
		return NULL;
	}
	log_msg(SEV_INFO, "DATAPLANE", "USERSPACE", "forwarding with %u workers", dp->up_nworkers);
	return dp;
}

static int userspace_apply(struct dp *dp, const struct dp_op *ops, size_t n, size_t *failed, char *err, size_t errlen)
{
	return us_attach_apply(dp, ops, n, failed, err, errlen);
}

/* The forwarding drops, then the control packets' (us_punt.h). */
static void userspace_drops(struct dp *dp, dp_drop_fn *visit, void *arg)
{
	us_drops(dp, visit, arg);
	us_punt_drops(&dp->up_punt, visit, arg);
}

static void userspace_close(struct dp *dp)
{
	if (dp)
		userspace_free(dp);
}

const struct dp_backend dp_backend_userspace = {
    .db_name = "userspace",
    .db_probe = userspace_probe,
    .db_open = userspace_open,
    .db_apply = userspace_apply,
    .db_counters = us_counters,
    .db_drops = userspace_drops,
    .db_punt_fd = us_punt_fd,
    .db_punt_drain = us_punt_drain,
    .db_inject = us_punt_inject,
    .db_punt_counters = us_punt_counters,
    .db_lan_inputs = us_attach_lan_inputs,
    .db_close = userspace_close,
};
