/*
 * The rtnetlink monitor, ferryd's one watcher of kernel notifications:
 * listens to link and IPv4 address notifications (RTNLGRP_LINK,
 * RTNLGRP_IPV4_IFADDR) on the main loop and puts back what the
 * configuration sync installed when it changes behind ferryd's back: a
 * device deleted, an address removed, a link set down that ferryd wants up
 * (even when it is up again by the time the notification is read: the
 * down took its routes), with the routes and labels the kernel dropped
 * with the device (the FIB forgets them and installs them again); a device
 * mapped with -m that comes back after a deletion is configured again.
 * Changes ferryd made itself agree with what it wants and are ignored.
 * The link notifications of one read are coalesced per link (nl_burst.h)
 * and judged by the link's current state; a device announcing itself as it
 * registers is no down. The hooks' groups come on a socket of their own: a
 * route flood (a large FIB install, while the loop is in sync_run) can
 * overrun it without costing a link or address notification. A socket
 * that overran catches up: the hooks' with each hook's nh_lost, ferryd's by
 * re-checking every configured device and address (nl_monitor_recheck).
 * Runs with the kernel and userspace backends (the userspace one hands kernel
 * links, addresses and global routes to the kernel backend). Other parts
 * register hooks for the notifications they need (the userspace backend:
 * the local routes the kernel re-adds on a VRF LAN, us_lanroute.h); a
 * program without ferryd's loop opens a monitor that only calls the hooks
 * (tests/kernel/dp_scenario).
 */
#ifndef FERRY_NETLINK_NL_MONITOR_H
#define FERRY_NETLINK_NL_MONITOR_H

#include <linux/netlink.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

struct dp_addr;
struct ferryd;
struct nl_link;
struct nl_monitor;

/*
 * A reaction another part registers, called on the monitor's thread (the
 * control thread) for every notification the monitor reads. Registered
 * before the monitor opens (it subscribes to the hooks' groups then).
 */
struct nl_monitor_hook {
	unsigned nh_group; /* the RTNLGRP_* its notifications come in */
	/* one notification, any type; -1 when it finds it malformed (counted, dropped) */
	int (*nh_notified)(void *arg, const struct nlmsghdr *nlh);
	void (*nh_lost)(void *arg); /* notifications were lost (the socket overran): catch up */
	void *nh_arg;
	struct nl_monitor_hook *nh_next; /* the monitor's list */
};

void nl_monitor_hook_add(struct nl_monitor_hook *h);
/* Harmless on a hook not registered. */
void nl_monitor_hook_del(struct nl_monitor_hook *h);

#define NL_MONITOR_FDS 2 /* the sockets a monitor polls at most: ferryd's, the hooks' */

/* Subscribes and watches the sockets on d's loop; NULL, with one warning logged, if one cannot be opened. */
struct nl_monitor *nl_monitor_start(struct ferryd *d);
/* A monitor that only calls the hooks, for a program without ferryd's loop; NULL (warned) on failure. */
struct nl_monitor *nl_monitor_open(void);
/* Waits with mask as the signal mask (ppoll) and handles what arrived; 0 (also when a signal came) or -1. */
int nl_monitor_wait(struct nl_monitor *m, const sigset_t *mask);
/* For a program polling other descriptors too: m's sockets into pfd (NL_MONITOR_FDS room), how many. */
size_t nl_monitor_pollfds(const struct nl_monitor *m, struct pollfd *pfd);
/* Handles what the sockets have waiting, pfd as nl_monitor_pollfds filled it and poll returned it. */
void nl_monitor_polled(struct nl_monitor *m, const struct pollfd *pfd);
void nl_monitor_stop(struct nl_monitor *m);

/* One notification whose nlmsg_len the caller checked: logs the change IOS-style and re-applies.
 * Return: 1 re-applied, 0 nothing to do (not ferryd's, or as ferryd wants), -1 malformed. */
int nl_monitor_handle(struct ferryd *d, const struct nlmsghdr *nlh);
/* What link l's notifications said: deleted, or down at some point (l being the latest). Judged by the
 * link's current state: 1 re-applied, 0 nothing to do. */
int nl_monitor_link(struct ferryd *d, const struct nl_link *l, bool deleted, bool went_down);
/* Address a, which the sync may have applied, as the kernel has it now: 1 re-applied (it was gone), 0 not. */
int nl_monitor_addr(struct ferryd *d, const struct dp_addr *a);
/* After link or address notifications were lost (the socket overran): every device and address the
 * configuration asks for, judged by the kernel's state now (nl_recheck.c); returns those re-applied. */
size_t nl_monitor_recheck(struct ferryd *d);

#endif
