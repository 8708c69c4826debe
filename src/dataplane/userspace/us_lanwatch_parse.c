/* Route notifications read by the LAN watcher (us_lanwatch.h): bounds-checked, a local /32 in table local. */
#include <linux/rtnetlink.h>
#include <stdint.h>
#include <string.h>

#include "dataplane/userspace/us_lanwatch.h"

static int us_lanwatch_attr(const struct nlattr *a, void *data)
{
	struct us_lanwatch_addr *found = data;

	switch (mnl_attr_get_type(a)) {
	case RTA_DST:
		if (mnl_attr_get_payload_len(a) != sizeof(found->la_addr))
			return MNL_CB_ERROR;
		memcpy(&found->la_addr, mnl_attr_get_payload(a), sizeof(found->la_addr));
		break;
	case RTA_OIF:
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		found->la_ifindex = mnl_attr_get_u32(a);
		break;
	}
	return MNL_CB_OK;
}

int us_lanwatch_parse(const struct nlmsghdr *nlh, struct us_lanwatch_addr *found)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_type != RTM_NEWROUTE)
		return 0;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm))
		return -1;
	if (rtm->rtm_family != AF_INET || rtm->rtm_type != RTN_LOCAL || rtm->rtm_dst_len != 32 ||
	    rtm->rtm_table != RT_TABLE_LOCAL)
		return 0;
	*found = (struct us_lanwatch_addr){.la_ifindex = 0};
	if (mnl_attr_parse(nlh, sizeof(*rtm), us_lanwatch_attr, found) < 0)
		return -1;
	return found->la_ifindex && found->la_addr.s_addr ? 1 : 0;
}

size_t us_lanwatch_read(const void *buf, size_t len, us_lanwatch_fn *fn, void *arg)
{
	const uint8_t *at = buf, *end = at + len;
	struct us_lanwatch_addr found;
	size_t malformed = 0;

	while ((size_t)(end - at) >= sizeof(struct nlmsghdr)) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)at;
		int rc;

		/* libmnl reads attributes up to the aligned end: the kernel pads each message so */
		if (nlh->nlmsg_len < sizeof(*nlh) || MNL_ALIGN((size_t)nlh->nlmsg_len) > (size_t)(end - at))
			return malformed + 1;
		if ((rc = us_lanwatch_parse(nlh, &found)) < 0)
			malformed++;
		else if (rc == 1)
			fn(arg, &found);
		at += MNL_ALIGN((size_t)nlh->nlmsg_len);
	}
	return malformed;
}
