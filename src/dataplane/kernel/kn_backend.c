/* The kernel backend: rtnetlink and xfrm through libmnl, behind struct dp_backend. */
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "dataplane/kernel/kn_dp.h"

static int kernel_probe(char *why, size_t whylen)
{
	return kn_probe(why, whylen);
}

static struct dp *kernel_open(void)
{
	struct dp *dp = calloc(1, sizeof(*dp));
	struct kn_result res = {0};
	int rc;

	if (!dp || (rc = kn_dp_init(dp)) < 0) {
		log_msg(SEV_ERR, "DATAPLANE", "KERNEL", "cannot open netlink: %s",
			dp ? strerror(-rc) : "out of memory");
		free(dp);
		return NULL;
	}
	kn_punt_init(&dp->kd_punt);
	if (kn_sweep(dp, &res) < 0) {
		log_msg(SEV_ERR, "DATAPLANE", "KERNEL", "leftovers of a previous run stay: %s", res.kr_msg);
		goto fail;
	}
	if ((rc = kn_side_forwarding()) < 0) {
		log_msg(SEV_ERR, "DATAPLANE", "KERNEL", "cannot turn on IPv4 forwarding: %s", strerror(-rc));
		goto fail;
	}
	return dp;
fail:
	kn_dp_fini(dp);
	free(dp);
	return NULL;
}

static int kernel_apply(struct dp *dp, const struct dp_op *ops, size_t n, size_t *failed, char *err, size_t errlen)
{
	struct kn_result res = {0};

	if (kn_apply(dp, ops, n, &res) == 0)
		return 0;
	*failed = res.kr_op;
	snprintf(err, errlen, "%s", res.kr_msg);
	return -1;
}

static int kernel_counters(struct dp *dp, enum dp_counter_kind kind, const char *key, struct dp_counters *out)
{
	return kn_counters(dp, kind, key, out);
}

static void kernel_close(struct dp *dp)
{
	struct kn_result res = {0};

	if (!dp)
		return;
	if (kn_sweep(dp, &res) < 0)
		log_msg(SEV_ERR, "DATAPLANE", "KERNEL", "not all of ferryd's kernel state could be removed: %s",
			res.kr_msg);
	kn_punt_close(&dp->kd_punt);
	kn_dp_fini(dp);
	free(dp);
}

const struct dp_backend dp_backend_kernel = {
    .db_name = "kernel",
    .db_probe = kernel_probe,
    .db_open = kernel_open,
    .db_apply = kernel_apply,
    .db_counters = kernel_counters,
    .db_drops = kn_punt_drops,
    .db_punt_fd = kn_punt_fd,
    .db_punt_drain = kn_punt_drain,
    .db_inject = kn_punt_inject,
    .db_punt_counters = kn_punt_counters,
    .db_close = kernel_close,
};
