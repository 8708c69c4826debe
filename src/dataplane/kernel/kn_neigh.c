/*
 * Neighbours on a multipoint GRE device: overlay address -> NBMA address.
 * A GRE device's link-layer address is the IPv4 address of the far end, so
 * the NBMA address is the neighbour's lladdr; NUD_PERMANENT keeps the
 * kernel from expiring or probing it (NHRP owns its lifetime).
 */
#include <errno.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_msg.h"

int kn_build_neigh(struct kn_msgs *m, const struct dp_neigh *n, bool add)
{
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;
	uint32_t index;
	int rc;

	if ((rc = kn_ifindex(m, n->dnb_dev, &index)) < 0)
		return rc;
	if (!(nlh = kn_msg_change(m, RTM_NEWNEIGH, RTM_DELNEIGH, add, sizeof(*ndm))))
		return -ENOSPC;
	ndm = mnl_nlmsg_get_payload(nlh);
	ndm->ndm_family = AF_INET;
	ndm->ndm_ifindex = (int)index;
	ndm->ndm_state = NUD_PERMANENT;
	kn_put_in4(nlh, NDA_DST, n->dnb_overlay);
	if (!add)
		return 0;
	kn_put_in4(nlh, NDA_LLADDR, n->dnb_nbma);
	mnl_attr_put_u8(nlh, NDA_PROTOCOL, RTPROT_FERRY);
	return 0;
}
