/* Internals of the forwarding decision, shared by its files. */
#ifndef FERRY_DATAPLANE_USERSPACE_US_FWD_INT_H
#define FERRY_DATAPLANE_USERSPACE_US_FWD_INT_H

#include <stdbool.h>

#include "dataplane/userspace/us_fwd.h"

/* A verdict before the decision: no egress yet, from no link. */
void us_fwd_verdict_init(struct us_verdict *v);
/* Drops the packet for a forwarding reason, counted. */
void us_fwd_drop(struct us_worker *w, struct us_verdict *v, enum us_fwd_drop why);
/* True when a codec let the packet on; otherwise drops it, counted under the codec's reason. */
bool us_fwd_codec_ok(struct us_worker *w, struct us_verdict *v, enum us_drop why);
/* Checks an IPv4 packet and trims what follows its total length; false: dropped. */
bool us_fwd_ip4_ok(struct us_worker *w, struct us_verdict *v, struct pkt *p);
/*
 * One IPv4 hop in a VRF: checks the packet, decrements its TTL (or answers
 * with time exceeded) and routes it; what goes out by a TUN gets its TTL
 * back, the kernel counting the hop as it forwards it. At a per-VRF label's
 * end too (the short-pipe model, RFC 3443): the egress router counts as a hop.
 */
void us_fwd_ip_hop(const struct us_snap *s, struct us_worker *w, size_t vrf, struct pkt *p, struct us_verdict *v);
/* Routes the IPv4 packet in p (TTL already handled) in a VRF. */
void us_fwd_vrf(const struct us_snap *s, struct us_worker *w, size_t vrf, struct pkt *p, struct us_verdict *v);
/*
 * Replaces the expired IPv4 packet in p by the ICMP time exceeded owed to
 * its sender, routed in vrf; one for the router's own address in vrf is
 * delivered instead (its TTL ran out on arrival).
 */
void us_fwd_expired(const struct us_snap *s, struct us_worker *w, size_t vrf, struct pkt *p, struct us_verdict *v);
/*
 * Sends p to a next hop: out of a VRF's TUN for a LAN link; else over its
 * GRE link with nh's labels pushed (TTL ttl, bottom when the payload is IP:
 * bos) and payload GRE protocol proto when no label is pushed. overlay: the
 * destination when nh_gw is 0 (directly attached over a multipoint tunnel).
 */
void us_fwd_nexthop(const struct us_snap *s, struct us_worker *w, const struct us_nh *nh, struct in_addr overlay,
		    uint16_t proto, uint8_t ttl, bool bos, struct pkt *p, struct us_verdict *v);
/*
 * Sends the payload in p as GRE protocol proto over GRE link link to nbma,
 * protected as the link's other traffic (a protected link without an SA:
 * dropped, no-sa); counted in the link's output.
 */
void us_fwd_gre_out(const struct us_snap *s, struct us_worker *w, size_t link, struct in_addr nbma, uint16_t proto,
		    struct pkt *p, struct us_verdict *v);

#endif
