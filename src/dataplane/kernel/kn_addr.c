/* IPv4 addresses as RTM_NEWADDR / RTM_DELADDR, marked with ferryd's protocol. */
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_msg.h"

int kn_build_addr(struct kn_msgs *m, const struct dp_addr *a, bool add)
{
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	uint32_t index;
	int rc;

	if (a->da_plen > 32)
		return kn_fail(m, EINVAL, "prefix length %u is above 32", a->da_plen);
	if ((rc = kn_ifindex(m, a->da_dev, &index)) < 0)
		return rc;
	if (!(nlh = kn_msg_change(m, RTM_NEWADDR, RTM_DELADDR, add, sizeof(*ifa))))
		return -ENOSPC;
	ifa = mnl_nlmsg_get_payload(nlh);
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = a->da_plen;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = index;
	kn_put_in4(nlh, IFA_LOCAL, a->da_addr);
	kn_put_in4(nlh, IFA_ADDRESS, a->da_addr);
	if (add)
		mnl_attr_put_u8(nlh, IFA_PROTO, RTPROT_FERRY);
	return 0;
}
