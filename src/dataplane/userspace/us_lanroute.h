/*
 * The local routes of VRF LAN addresses kept out of the kernel. The kernel
 * holds each LAN address as a /32 on its link only as its ARP requests'
 * source (us_attach_lan.c) and adds a local route with it, and again each
 * time the link comes up: delivered locally, the address would answer from
 * the global side. ferryd deletes that route when it adds the address or
 * sets the link up; when another agent sets the link down and up, the
 * backend's hook on the rtnetlink monitor (nl_monitor.h, subscribed to
 * RTNLGRP_IPV4_ROUTE for it) deletes it as the kernel announces it. The
 * link down also took the LAN's subnet route out of the VRF's table (the
 * kernel drops routes through a link going down and, the table being
 * ferryd's, never puts it back): the hook adds it again with the same
 * announcement, which comes only once the link is up. The hook runs on the
 * monitor's thread, the control thread that also lists what to watch:
 * ferryd's loop, or a program that waits on a monitor of its own
 * (tests/kernel/dp_scenario).
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_LANROUTE_H
#define FERRY_DATAPLANE_USERSPACE_US_LANROUTE_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/kernel/kn_sock.h"
#include "netlink/nl_monitor.h"

struct us_lanroute_addr {
	uint32_t la_ifindex;
	struct in_addr la_addr;
	uint8_t la_plen;   /* the LAN's prefix length: its subnet route restored when below 32 */
	uint32_t la_table; /* the VRF's table holding that subnet route */
};

struct us_lanroute {
	struct nl_monitor_hook lr_hook;
	struct kn_sock *lr_req; /* the backend's request socket */
	struct us_lanroute_addr *lr_addrs;
	size_t lr_n, lr_cap;
};

/* Registers the hook (before the monitor opens); req asks the kernel. */
void us_lanroute_start(struct us_lanroute *r, struct kn_sock *req);
/* Unregisters the hook, frees the list; harmless on one never started (zeroed). */
void us_lanroute_stop(struct us_lanroute *r);
/* Watches la's address on its ifindex (once however often added; the last plen and table kept); 0 or -ENOMEM. */
int us_lanroute_add(struct us_lanroute *r, const struct us_lanroute_addr *la);
/* Stops watching addr on ifindex. */
void us_lanroute_del(struct us_lanroute *r, uint32_t ifindex, struct in_addr addr);
/* Deletes the kernel's local route of addr on ifindex; 0 (also when there is none) or -errno. */
int us_lanroute_unlocal(struct kn_sock *s, uint32_t ifindex, struct in_addr addr);
/* Adds (or replaces) la's subnet route through its link in its table; 0 or -errno. */
int us_lanroute_subnet(struct kn_sock *s, const struct us_lanroute_addr *la);

#endif
