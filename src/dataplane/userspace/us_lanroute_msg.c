/* The requests of the VRF LAN routes (us_lanroute.h): a local route deleted, a subnet route put back. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/rtnetlink.h>

#include "dataplane/kernel/kn_mark.h"
#include "dataplane/userspace/us_lanroute.h"

/* A route request for dst/plen through ifindex in table; the caller sets the type, scope and flags. */
static struct nlmsghdr *us_lanroute_msg(char *buf, uint16_t type, uint32_t table, struct in_addr dst, uint8_t plen,
					uint32_t ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));

	nlh->nlmsg_type = type;
	*rtm = (struct rtmsg){.rtm_family = AF_INET, .rtm_dst_len = plen, .rtm_table = RT_TABLE_UNSPEC};
	mnl_attr_put_u32(nlh, RTA_TABLE, table);
	mnl_attr_put(nlh, RTA_DST, sizeof(dst), &dst);
	mnl_attr_put_u32(nlh, RTA_OIF, ifindex);
	return nlh;
}

int us_lanroute_unlocal(struct kn_sock *s, uint32_t ifindex, struct in_addr addr)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = us_lanroute_msg(buf, RTM_DELROUTE, RT_TABLE_LOCAL, addr, 32, ifindex);
	struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	int rc;

	rtm->rtm_type = RTN_LOCAL;
	rtm->rtm_scope = RT_SCOPE_NOWHERE;
	rc = kn_sock_ask(s, nlh, NLM_F_ACK, NULL, NULL);
	return rc == -ESRCH ? 0 : rc;
}

int us_lanroute_subnet(struct kn_sock *s, const struct us_lanroute_addr *la)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct in_addr net = {.s_addr = la->la_addr.s_addr & (la->la_plen ? htonl(~0u << (32 - la->la_plen)) : 0)};
	struct nlmsghdr *nlh = us_lanroute_msg(buf, RTM_NEWROUTE, la->la_table, net, la->la_plen, la->la_ifindex);
	struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);

	/* as the kernel backend installed it (kn_route.c): its sweep and deletes find it */
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_scope = RT_SCOPE_LINK;
	rtm->rtm_protocol = RTPROT_FERRY;
	return kn_sock_ask(s, nlh, NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, NULL, NULL);
}
