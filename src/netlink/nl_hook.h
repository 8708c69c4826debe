/* The monitor's side of its hooks (nl_monitor.h): their groups, and calling them. */
#ifndef FERRY_NETLINK_NL_HOOK_H
#define FERRY_NETLINK_NL_HOOK_H

#include <linux/netlink.h>

/* The multicast group bits (bind's mask) of the registered hooks. */
unsigned nl_hook_groups(void);
/* nlh to every hook; -1 when one found it malformed. */
int nl_hook_notify(const struct nlmsghdr *nlh);
/* Every hook catches up after notifications were lost. */
void nl_hook_lost(void);

#endif
