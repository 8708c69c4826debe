/*
 * The local routes of VRF LAN addresses kept out of the kernel. The kernel
 * holds each LAN address as a /32 on its link only as its ARP requests'
 * source (us_attach_lan.c) and adds a local route with it, and again each
 * time the link comes up: delivered locally, the address would answer from
 * the global side. ferryd deletes that route when it adds the address or
 * sets the link up; when another agent sets the link down and up, this
 * watcher (a thread with a socket subscribed to RTNLGRP_IPV4_ROUTE) deletes
 * it as the kernel announces it. The link down also took the LAN's subnet
 * route out of the VRF's table (the kernel drops routes through a link going
 * down and, the table being ferryd's, never puts it back): the watcher adds
 * it again with the same announcement, which comes only once the link is up.
 * It runs in the backend, so that a backend driven without ferryd's loop and
 * its rtnetlink monitor (tests/kernel/dp_scenario) recovers too. The control
 * thread lists what to watch.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_LANWATCH_H
#define FERRY_DATAPLANE_USERSPACE_US_LANWATCH_H

#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/kernel/kn_sock.h"

struct us_lanwatch_addr {
	uint32_t la_ifindex;
	struct in_addr la_addr;
	uint8_t la_plen;   /* the LAN's prefix length: its subnet route restored when below 32 */
	uint32_t la_table; /* the VRF's table holding that subnet route */
};

struct us_lanwatch {
	struct mnl_socket *lw_nl; /* route notifications */
	struct kn_sock lw_req;	  /* the watcher's deletions (the control thread asks on its own socket) */
	int lw_wake;		  /* eventfd: stop */
	pthread_t lw_thread;
	bool lw_started;
	pthread_mutex_t lw_lock; /* guards lw_addrs: the control thread writes, the watcher reads */
	struct us_lanwatch_addr *lw_addrs;
	size_t lw_n, lw_cap;
	_Atomic uint64_t lw_removed;  /* local routes the watcher deleted */
	_Atomic uint64_t lw_restored; /* subnet routes the watcher put back */
};

/* Subscribes and starts the watcher; 0 or -errno (nothing left running). */
int us_lanwatch_start(struct us_lanwatch *w);
/* Stops and joins the watcher, frees its list; harmless on one never started. */
void us_lanwatch_stop(struct us_lanwatch *w);
/* Watches la's address on its ifindex (once however often added; the last plen and table kept); 0 or -ENOMEM. */
int us_lanwatch_add(struct us_lanwatch *w, const struct us_lanwatch_addr *la);
/* Stops watching addr on ifindex. */
void us_lanwatch_del(struct us_lanwatch *w, uint32_t ifindex, struct in_addr addr);
/* Deletes the kernel's local route of addr on ifindex; 0 (also when there is none) or -errno. */
int us_lanwatch_unlocal(struct kn_sock *s, uint32_t ifindex, struct in_addr addr);
/* Adds (or replaces) la's subnet route through its link in its table; 0 or -errno. */
int us_lanwatch_subnet(struct kn_sock *s, const struct us_lanwatch_addr *la);
/* The local route announced by a route notification: 1 with *found, 0 another route, -1 malformed. */
int us_lanwatch_parse(const struct nlmsghdr *nlh, struct us_lanwatch_addr *found);

typedef void us_lanwatch_fn(void *arg, const struct us_lanwatch_addr *found);
/*
 * Each local route the len bytes read from the socket announce, to fn; each
 * message's length, padded, checked against what is left (libmnl's check
 * takes a length of 2^31 or more as negative, and its attribute walk reads
 * up to the padded end). Returns the messages dropped as
 * malformed (a bad length ends the read).
 */
size_t us_lanwatch_read(const void *buf, size_t len, us_lanwatch_fn *fn, void *arg);

#endif
