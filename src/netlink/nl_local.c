/* Route notifications announcing a local /32 (nl_local.h): bounds-checked. */
#include "netlink/nl_local.h"

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <string.h>

static int nl_local_attr(const struct nlattr *a, void *data)
{
	struct nl_local *found = data;

	switch (mnl_attr_get_type(a)) {
	case RTA_DST:
		if (mnl_attr_get_payload_len(a) != sizeof(found->lo_addr))
			return MNL_CB_ERROR;
		memcpy(&found->lo_addr, mnl_attr_get_payload(a), sizeof(found->lo_addr));
		break;
	case RTA_OIF:
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		found->lo_ifindex = mnl_attr_get_u32(a);
		break;
	}
	return MNL_CB_OK;
}

int nl_local_parse(const struct nlmsghdr *nlh, struct nl_local *found)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_type != RTM_NEWROUTE)
		return 0;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm))
		return -1;
	if (rtm->rtm_family != AF_INET || rtm->rtm_type != RTN_LOCAL || rtm->rtm_dst_len != 32 ||
	    rtm->rtm_table != RT_TABLE_LOCAL)
		return 0;
	*found = (struct nl_local){.lo_ifindex = 0};
	if (mnl_attr_parse(nlh, sizeof(*rtm), nl_local_attr, found) < 0)
		return -1;
	return found->lo_ifindex && found->lo_addr.s_addr ? 1 : 0;
}
