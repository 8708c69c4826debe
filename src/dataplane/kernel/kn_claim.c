/*
 * A device ferryd creates may only be one it has or none has (kn_dp.h,
 * kn_link_claim). The create and the settle that marks the device as
 * ferryd's travel in one batch (kn_link.c), and the kernel applies the
 * settle even when it refuses the create: without this check another
 * program's device of the same name would be marked, and then deleted by a
 * sweep. The kernel is asked with the route batch sent, so that no queued
 * operation creates or deletes the device behind the answer; a device made
 * by someone else between the answer and the batch is not caught (netlink
 * has no create-if-absent that still lets the settle through for ferryd's
 * own leftover). Deletes are not asked about: a sweep deletes only what
 * its dump showed marked, in one batch (asked one at a time, the first
 * refusal stopped it and left the rest of ferryd's devices behind), and a
 * configured device's name taken by another program after ferryd's was
 * deleted behind its back is a window this check would not close either.
 */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "dataplane/kernel/kn_dp.h"
#include "dataplane/kernel/kn_parse.h"

/* The device an operation creates: its name, and the name its mark gives it. */
struct claim {
	const char *cl_dev;
	const char *cl_ios;
};

static bool claim_of(const struct dp_op *op, struct claim *c)
{
	if (op->op_type == DP_VRF_ADD) {
		c->cl_dev = op->op_vrf.dv_name;
		c->cl_ios = op->op_vrf.dv_descr[0] ? op->op_vrf.dv_descr : c->cl_dev;
	} else if (op->op_type == DP_LINK_ADD && op->op_link.dl_kind != DP_LINK_EXISTING) {
		c->cl_dev = op->op_link.dl_name;
		c->cl_ios = op->op_link.dl_descr[0] ? op->op_link.dl_descr : c->cl_dev;
	} else {
		return false;
	}
	return true;
}

/* The one answer to a request for one device: whether it carries ferryd's mark. */
static int take_owner(const struct nlmsghdr *nlh, void *arg)
{
	int *owner = arg;
	struct dp_op del;
	int rc = nlh->nlmsg_type == RTM_NEWLINK ? kn_parse_link(nlh, &del) : -1;

	if (rc < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	*owner = rc ? KN_OWNER_FERRY : KN_OWNER_OTHER;
	return MNL_CB_OK;
}

int kn_link_owner(struct dp *dp, const char *name)
{
	_Alignas(struct nlmsghdr) char
	    buf[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct ifinfomsg)) + MNL_ATTR_HDRLEN + MNL_ALIGN(DP_DEVLEN)] = {0};
	struct nlmsghdr *req = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(req, sizeof(*ifi));
	int owner = -EPROTO; /* an acknowledgement without the device would leave it so */
	int rc;

	if (strnlen(name, DP_DEVLEN) == DP_DEVLEN)
		return -EINVAL;
	req->nlmsg_type = RTM_GETLINK;
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(req, IFLA_IFNAME, name);
	rc = kn_sock_ask(&dp->kd_sock[KN_BUS_ROUTE], req, NLM_F_ACK, take_owner, &owner);
	if (rc == -ENODEV)
		return KN_OWNER_NONE;
	return rc < 0 ? rc : owner;
}

int kn_claim_verdict(const struct dp_op *op, int owner, size_t i, struct kn_result *res)
{
	struct claim c;

	if (!claim_of(op, &c) || owner == KN_OWNER_NONE || owner == KN_OWNER_FERRY)
		return 0;
	if (owner < 0) {
		kn_result_fail(res, i, -owner, "%s: cannot ask the kernel about device %s: %s", c.cl_ios, c.cl_dev,
			       strerror(-owner));
		return -1;
	}
	kn_result_fail(res, i, EEXIST, "%s: device %s exists and is not ferryd's", c.cl_ios, c.cl_dev);
	return -1;
}

int kn_link_claim(struct dp *dp, const struct dp_op *op, size_t i, struct kn_result *res)
{
	struct claim c;

	if (!claim_of(op, &c))
		return 0;
	kn_sock_commit(&dp->kd_sock[KN_BUS_ROUTE], &dp->kd_batch[KN_BUS_ROUTE], res);
	if (res->kr_failed)
		return -1;
	return kn_claim_verdict(op, kn_link_owner(dp, c.cl_dev), i, res);
}
