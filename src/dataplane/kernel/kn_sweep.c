/*
 * Removing what is marked as ferryd's (kn_mark.h) and nothing else: one
 * dump per kind of state, each entry that carries the mark turned into the
 * delete operation that removes it, and those applied as one batch. Used on
 * open (leftovers of a crashed run) and on close (everything installed).
 * Policies and SAs go first, devices last (routes through them would go
 * with them, but not blackholes or routes in their tables), then the
 * l3mdev rule of VRF lookups (kn_rule.h).
 */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <linux/xfrm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "dataplane/kernel/kn_dp.h"
#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_parse.h"
#include "dataplane/kernel/kn_rule.h"
#include "dataplane/kernel/kn_sysctl.h"

typedef int (*parse_fn)(const struct nlmsghdr *nlh, struct dp_op *del);

struct oplist {
	struct dp_op *ol_ops;
	size_t ol_count, ol_cap;
	unsigned ol_malformed;
	parse_fn ol_parse;
};

static int sweep_parse_sa(const struct nlmsghdr *nlh, struct dp_op *del)
{
	struct kn_sa_seen sa;
	int rc = kn_parse_sa(nlh, &sa);

	if (rc <= 0 || !kn_reqid_ours(sa.ss_reqid))
		return rc < 0 ? rc : 0;
	memset(del, 0, sizeof(*del));
	del->op_type = DP_SA_DEL;
	del->op_sa.dsa_spi = sa.ss_spi;
	del->op_sa.dsa_src = sa.ss_src;
	del->op_sa.dsa_dst = sa.ss_dst;
	return 1;
}

static const struct sweep {
	const char *sw_what;
	enum kn_bus sw_bus;
	uint16_t sw_type;
	unsigned char sw_family; /* the first byte of the rtnetlink header */
	size_t sw_hdrlen;
	const char *sw_needs; /* a /proc/sys path the kernel has when this state can exist */
	parse_fn sw_parse;
} sweeps[] = {
    {"xfrm policies", KN_BUS_XFRM, XFRM_MSG_GETPOLICY, 0, 0, NULL, kn_parse_policy},
    {"xfrm SAs", KN_BUS_XFRM, XFRM_MSG_GETSA, 0, 0, NULL, sweep_parse_sa},
    {"label routes", KN_BUS_ROUTE, RTM_GETROUTE, AF_MPLS, sizeof(struct rtmsg), "net/mpls", kn_parse_label},
    {"IPv4 routes", KN_BUS_ROUTE, RTM_GETROUTE, AF_INET, sizeof(struct rtmsg), NULL, kn_parse_route},
    {"addresses", KN_BUS_ROUTE, RTM_GETADDR, AF_INET, sizeof(struct ifaddrmsg), NULL, kn_parse_addr},
    {"devices", KN_BUS_ROUTE, RTM_GETLINK, AF_UNSPEC, sizeof(struct ifinfomsg), NULL, kn_parse_link},
};

static int collect(const struct nlmsghdr *nlh, void *arg)
{
	struct oplist *l = arg;
	struct dp_op op;
	int rc = l->ol_parse(nlh, &op);

	if (rc < 0)
		l->ol_malformed++;
	if (rc <= 0)
		return MNL_CB_OK;
	if (l->ol_count == l->ol_cap) {
		size_t cap = l->ol_cap ? l->ol_cap * 2 : 64;
		struct dp_op *ops = realloc(l->ol_ops, cap * sizeof(*ops));
		if (!ops)
			return MNL_CB_ERROR;
		l->ol_ops = ops;
		l->ol_cap = cap;
	}
	l->ol_ops[l->ol_count++] = op;
	return MNL_CB_OK;
}

static void dump_request(const struct sweep *sw, char *buf)
{
	struct nlmsghdr *req = mnl_nlmsg_put_header(buf);
	unsigned char *hdr;

	req->nlmsg_type = sw->sw_type;
	if (sw->sw_hdrlen) {
		hdr = mnl_nlmsg_put_extra_header(req, sw->sw_hdrlen);
		hdr[0] = sw->sw_family;
	}
}

static void sweep_one(struct dp *dp, const struct sweep *sw, struct kn_result *res)
{
	_Alignas(struct nlmsghdr) char req[MNL_NLMSG_HDRLEN + 64] = {0};
	struct oplist l = {.ol_parse = sw->sw_parse};
	struct kn_result mine = {0};
	char line[256];
	int rc;

	dump_request(sw, req);
	if ((rc = kn_sock_ask(&dp->kd_sock[sw->sw_bus], (struct nlmsghdr *)req, NLM_F_DUMP, collect, &l)) < 0)
		kn_result_fail(res, 0, -rc, "listing %s: %s", sw->sw_what, strerror(-rc));
	else if (kn_apply(dp, l.ol_ops, l.ol_count, &mine) < 0) {
		dp_op_format(&l.ol_ops[mine.kr_op], line, sizeof(line));
		kn_result_fail(res, 0, mine.kr_errno, "removing %s: %s", line, mine.kr_msg);
	}
	if (l.ol_malformed)
		log_msg(SEV_WARN, "DATAPLANE", "SWEEP", "%u malformed kernel answers skipped while listing %s",
			l.ol_malformed, sw->sw_what);
	free(l.ol_ops);
}

int kn_sweep(struct dp *dp, struct kn_result *res)
{
	for (size_t i = 0; i < sizeof(sweeps) / sizeof(sweeps[0]); i++)
		if (!sweeps[i].sw_needs || kn_sysctl_exists(sweeps[i].sw_needs))
			sweep_one(dp, &sweeps[i], res);
	/* the nexthop objects routes named: kn_nexthop.h */
	kn_nexthops_flush(dp, res);
	kn_l3mdev_sweep(dp, res); /* after the devices: none of ferryd's VRFs is left then */
	return res->kr_failed ? -1 : 0;
}
