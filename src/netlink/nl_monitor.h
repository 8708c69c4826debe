/*
 * The rtnetlink monitor: listens to link and IPv4 address notifications
 * (RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR) on the main loop and puts back what
 * the configuration sync installed when it changes behind ferryd's back: a
 * device deleted, an address removed, a link set down that ferryd wants up,
 * with the routes and labels the kernel dropped with the device (the FIB
 * forgets them and installs them again); a device mapped with -m that comes
 * back after a deletion is configured again. Changes ferryd made itself
 * agree with what it wants and are ignored.
 * Runs with the kernel and userspace backends (the userspace one hands kernel
 * links, addresses and global routes to the kernel backend); a VRF LAN's
 * subnet route, which a quick outside flap takes before the link-down
 * notification is read, is put back by that backend's own watcher
 * (us_lanwatch.h).
 */
#ifndef FERRY_NETLINK_NL_MONITOR_H
#define FERRY_NETLINK_NL_MONITOR_H

#include <linux/netlink.h>

struct ferryd;
struct nl_monitor;

/* Subscribes and watches the socket on d's loop; NULL (logged) if the socket cannot be opened. */
struct nl_monitor *nl_monitor_start(struct ferryd *d);
void nl_monitor_stop(struct nl_monitor *m);

/* One notification whose nlmsg_len the caller checked: logs the change IOS-style and re-applies.
 * Return: 1 re-applied, 0 nothing to do (not ferryd's, or as ferryd wants), -1 malformed. */
int nl_monitor_handle(struct ferryd *d, const struct nlmsghdr *nlh);

#endif
