/*
 * A local IPv4 /32 route as the kernel announces it (RTM_NEWROUTE, table
 * local, type local): it adds one with each address, and again each time
 * the address's link comes up.
 */
#ifndef FERRY_NETLINK_NL_LOCAL_H
#define FERRY_NETLINK_NL_LOCAL_H

#include <linux/netlink.h>
#include <netinet/in.h>
#include <stdint.h>

struct nl_local {
	uint32_t lo_ifindex;
	struct in_addr lo_addr;
};

/* 1 with *found when nlh announces a local route, 0 another message, -1 malformed (bounds-checked). */
int nl_local_parse(const struct nlmsghdr *nlh, struct nl_local *found);

#endif
