/*
 * Nexthop objects (RTM_NEWNEXTHOP, Linux 5.3 and later) for the IPv4 routes
 * that push labels. The kernel shares a route's next hops through a struct
 * fib_info that each add looks up in a hash of the device, protocol, scope,
 * source and metric only (neither gateway nor encapsulation: Linux 6.1):
 * routes through one device that each push a label of their own, as a BGP
 * VPN's do, all land in one hash chain that every add walks (under QEMU,
 * ip -batch took 13.6 s for 10,000 such routes and 62 s for 20,000). A
 * route naming a nexthop object is hashed by the object's id instead.
 *
 * So a unicast route with one next hop that has a device and pushes a
 * label gets a nexthop object of its own (id from KN_NHID_MIN up, protocol
 * RTPROT_FERRY) and names it with RTA_NH_ID: its add is the object's add
 * (or in-place replace when the route had one) then the route's; its
 * delete, or its change to a route without labels, deletes the object
 * after the route. Other routes carry their next hops themselves.
 */
#ifndef FERRY_DATAPLANE_KERNEL_KN_NEXTHOP_H
#define FERRY_DATAPLANE_KERNEL_KN_NEXTHOP_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stdint.h>

#include "dataplane/kernel/kn_msg.h"
#include "rib/keymap.h"

#define KN_NHID_MIN 0xf0000000u /* ferryd's ids: from here to 2^32 - 1, then around again */

struct kn_nexthops {
	struct keymap nx_tables; /* table << 32 | metric -> struct keymap * (prefix key -> object id) */
	uint32_t nx_next;	 /* the next id to give (below KN_NHID_MIN: start over) */
	bool nx_off;		 /* the kernel has no nexthop objects: every route carries its next hops */
};

/* A route operation's messages (not closed): through a nexthop object when it pushes labels. */
int kn_nexthop_route(struct kn_msgs *m, struct kn_nexthops *nx, const struct dp_route *r, bool add);
/* Forgets the object of a route whose add the kernel refused because the id was taken. */
void kn_nexthop_forget(struct kn_nexthops *nx, const struct dp_route *r);
/* The object a route uses; 0 for none. */
uint32_t kn_nexthop_of(const struct kn_nexthops *nx, const struct dp_route *r);
void kn_nexthops_free(struct kn_nexthops *nx);

/* The route operation's messages with RTA_NH_ID nhid (0: its next hops themselves), not closed. */
int kn_build_route_via(struct kn_msgs *m, const struct dp_route *r, bool add, uint32_t nhid);
/* A nexthop object's delete. */
int kn_build_nexthop_del(struct kn_msgs *m, uint32_t id);

/* A nexthop object in a dump answer: 1 with its id if it is ferryd's, 0 if not, -1 malformed. */
int kn_parse_nexthop(const struct nlmsghdr *nlh, uint32_t *id);

#endif
