/*
 * Label routes (AF_MPLS) as RTM_NEWROUTE / RTM_DELROUTE. The incoming label
 * is RTA_DST; an action is what the next hop carries:
 *   pop and look up   RTA_OIF = the VRF device: the kernel pops the label
 *                     and routes the packet in that VRF's table
 *   swap              RTA_NEWDST = the outgoing stack, RTA_VIA, RTA_OIF
 *   pop and forward   RTA_VIA and RTA_OIF, no new label
 * A next hop without a gateway (a point-to-point tunnel) has no RTA_VIA.
 */
#include <errno.h>
#include <linux/mpls.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_msg.h"

#define LABEL_FIRST_UNRESERVED 16

static void put_via(struct nlmsghdr *nlh, struct in_addr gw)
{
	/* struct rtvia: a 16-bit address family, then the address */
	uint8_t via[sizeof(__kernel_sa_family_t) + sizeof(gw)];
	__kernel_sa_family_t family = AF_INET;

	memcpy(via, &family, sizeof(family));
	memcpy(via + sizeof(family), &gw, sizeof(gw));
	mnl_attr_put(nlh, RTA_VIA, sizeof(via), via);
}

static int put_forward(struct kn_msgs *m, struct nlmsghdr *nlh, const struct dp_label *l)
{
	const struct dp_nexthop *nh = &l->dlb_nh;
	uint32_t index;
	int rc;

	if ((rc = kn_ifindex(m, nh->dn_dev, &index)) < 0)
		return rc;
	if (l->dlb_action == DP_LABEL_SWAP && kn_put_labels(m, nlh, RTA_NEWDST, nh->dn_labels, nh->dn_nlabels) < 0)
		return -EINVAL;
	if (nh->dn_gw.s_addr)
		put_via(nlh, nh->dn_gw);
	mnl_attr_put_u32(nlh, RTA_OIF, index);
	return 0;
}

static int put_action(struct kn_msgs *m, struct nlmsghdr *nlh, const struct dp_label *l)
{
	uint32_t vrf;
	int rc;

	switch (l->dlb_action) {
	case DP_LABEL_POP_LOOKUP:
		if ((rc = kn_ifindex(m, l->dlb_vrf, &vrf)) < 0)
			return rc;
		mnl_attr_put_u32(nlh, RTA_OIF, vrf);
		return 0;
	case DP_LABEL_SWAP:
	case DP_LABEL_POP_FORWARD:
		return put_forward(m, nlh, l);
	}
	return kn_fail(m, EINVAL, "unknown label action %d", (int)l->dlb_action);
}

int kn_build_label(struct kn_msgs *m, const struct dp_label *l, bool add)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	if (l->dlb_in < LABEL_FIRST_UNRESERVED)
		return kn_fail(m, EINVAL, "label %u is reserved (0-15)", l->dlb_in);
	if (!(nlh = kn_msg_change(m, RTM_NEWROUTE, RTM_DELROUTE, add, sizeof(*rtm))))
		return -ENOSPC;
	rtm = mnl_nlmsg_get_payload(nlh);
	rtm->rtm_family = AF_MPLS;
	rtm->rtm_dst_len = 20;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_FERRY;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	if (kn_put_labels(m, nlh, RTA_DST, &l->dlb_in, 1) < 0)
		return -EINVAL;
	return add ? put_action(m, nlh, l) : 0;
}
