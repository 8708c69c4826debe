/*
 * Removing ferryd's nexthop objects (kn_nexthop.h) from the kernel: those a
 * crashed run left, when the backend opens (routes that name them go with
 * them), and any an apply the kernel refused left, when it closes. A kernel
 * without nexthop objects turns them off: routes carry their next hops.
 */
#include <errno.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "core/log.h"
#include "dataplane/kernel/kn_dp.h"
#include "dataplane/kernel/kn_nexthop.h"

/* The ids of ferryd's objects in a dump: id -> the map itself (values must not be NULL). */
struct idlist {
	struct keymap il_ids;
	unsigned il_malformed;
};

static int collect(const struct nlmsghdr *nlh, void *arg)
{
	struct idlist *l = arg;
	uint32_t id;
	int rc = kn_parse_nexthop(nlh, &id);

	if (rc < 0)
		l->il_malformed++;
	if (rc > 0 && keymap_put(&l->il_ids, id, &l->il_ids) < 0)
		return MNL_CB_ERROR;
	return MNL_CB_OK;
}

static int list_ours(struct dp *dp, struct idlist *l)
{
	_Alignas(struct nlmsghdr) char req[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct nhmsg))] = {0};
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);

	nlh->nlmsg_type = RTM_GETNEXTHOP;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct nhmsg));
	return kn_sock_ask(&dp->kd_sock[KN_BUS_ROUTE], nlh, NLM_F_DUMP, collect, l);
}

static void delete_all(struct dp *dp, const struct idlist *l, struct kn_result *res)
{
	struct kn_batch *b = &dp->kd_batch[KN_BUS_ROUTE];
	const struct keymap_slot *s;
	struct kn_msgs m;

	for (size_t i = 0; !res->kr_failed && (s = keymap_next(&l->il_ids, &i));) {
		kn_msgs_init(&m, NULL, NULL);
		if (kn_build_nexthop_del(&m, (uint32_t)s->ks_key) < 0)
			continue;
		kn_msgs_close(&m);
		if (!kn_batch_room(b, &m))
			kn_sock_commit(&dp->kd_sock[KN_BUS_ROUTE], b, res);
		kn_batch_add(b, &m, i);
	}
	kn_sock_commit(&dp->kd_sock[KN_BUS_ROUTE], b, res);
}

int kn_nexthops_flush(struct dp *dp, struct kn_result *res)
{
	struct idlist l = {0};
	int rc = list_ours(dp, &l);

	if (rc == -EOPNOTSUPP || rc == -EINVAL) {
		dp->kd_nexthops.nx_off = true; /* before Linux 5.3: no RTM_GETNEXTHOP */
		rc = 0;
	} else if (rc < 0) {
		kn_result_fail(res, 0, -rc, "listing nexthop objects: %s", strerror(-rc));
	} else {
		delete_all(dp, &l, res);
	}
	if (l.il_malformed)
		log_msg(SEV_WARN, "DATAPLANE", "SWEEP",
			"%u malformed kernel answers skipped while listing nexthop objects", l.il_malformed);
	keymap_clear(&l.il_ids);
	return rc < 0 || res->kr_failed ? -1 : 0;
}
