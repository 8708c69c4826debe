/*
 * The userspace dataplane's per-packet forwarding decision, for a worker
 * loop to call with a packet it received and the snapshot it entered:
 *
 *   from a VRF's TUN:  IPv4 -> TTL -> VRF FIB -> labels -> GRE -> ESP -> underlay
 *   from the underlay: IPv4 -> ESP -> GRE -> LFIB -> VRF FIB -> TUN (or on, as a hub)
 *   from a global tunnel's TUN (the kernel's own packets): IPv4 -> global FIB -> labels -> GRE -> ESP -> underlay
 *
 * The packet is rewritten in place (it needs US_FWD_HEADROOM before it and
 * US_FWD_TAILROOM after it) and the verdict says where it goes. A packet
 * that expires becomes the ICMP time exceeded owed to its sender, routed
 * like any packet of its VRF. Drops are counted in the worker by reason.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_FWD_H
#define FERRY_DATAPLANE_USERSPACE_US_FWD_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/userspace/drop.h"
#include "dataplane/userspace/esp.h"
#include "dataplane/userspace/gre.h"
#include "dataplane/userspace/pkt.h"
#include "dataplane/userspace/us_snap.h"

#define US_FWD_HEADROOM 160 /* labels, GRE, outer IPv4, UDP, ESP and IV, and an ICMP error's headers */
/* A tunnel's MTU when its link sets none: 1500 less labels, GRE, ESP in UDP and its worst padding. */
#define US_FWD_TUNNEL_MTU 1400
#define US_FWD_TAILROOM	  128 /* ESP padding, trailer and ICV; an ICMP error's quote */

/* Why forwarding (rather than a codec: FWD_CODEC, see the verdict's v_codec) dropped a packet. */
#define US_FWD_DROPS(X)                                                                                                \
	X(FWD_NONE, "none")                                                                                            \
	X(FWD_CODEC, "codec")                                                                                          \
	X(FWD_NO_ROUTE, "no-route")                                                                                    \
	X(FWD_BLACKHOLE, "blackhole")                                                                                  \
	X(FWD_NO_NEIGHBOUR, "no-neighbour")                                                                            \
	X(FWD_NO_SA, "no-sa")                                                                                          \
	X(FWD_UNPROTECTED, "unprotected")                                                                              \
	X(FWD_NO_TUNNEL, "no-tunnel")                                                                                  \
	X(FWD_LINK_DOWN, "link-down")                                                                                  \
	X(FWD_NOT_MPLS, "mpls-disabled")                                                                               \
	X(FWD_UNKNOWN_LABEL, "unknown-label")                                                                          \
	X(FWD_TTL_EXPIRED, "ttl-expired")                                                                              \
	X(FWD_NOT_GRE, "not-gre")                                                                                      \
	X(FWD_NO_VRF, "no-vrf")                                                                                        \
	X(FWD_NO_ICMP_SOURCE, "no-icmp-source")                                                                        \
	X(FWD_TOO_BIG, "too-big")

#define US_FWD_DROP_ENUM(name, text) name,
enum us_fwd_drop { US_FWD_DROPS(US_FWD_DROP_ENUM) FWD__COUNT };
#undef US_FWD_DROP_ENUM

const char *us_fwd_drop_name(enum us_fwd_drop reason);

enum us_egress {
	US_EGRESS_DROP,
	US_EGRESS_UNDERLAY, /* an IPv4 packet for v_nbma (GRE, ESP or ESP in UDP) */
	US_EGRESS_TUN,	    /* an IPv4 packet out of the TUN of VRF v_vrf; global: to the kernel by v_link's TUN */
	US_EGRESS_CONTROL,  /* for the control plane: NHRP from link v_link (p at the NHRP message), or IKE */
};

enum us_control { US_CONTROL_NHRP, US_CONTROL_IKE, US_CONTROL_KEEPALIVE };

struct us_verdict {
	enum us_egress v_egress;
	struct in_addr v_nbma;
	size_t v_vrf;
	size_t v_link; /* the tunnel it arrived on (US_NO_LINK: none); for the global table, its TUN */
	enum us_control v_control;
	struct in_addr v_src;	 /* CONTROL: the underlay address it came from */
	enum us_fwd_drop v_drop; /* DROP, or why an ICMP error replaced the packet */
	enum us_drop v_codec;	 /* with FWD_CODEC */
};

#define US_ICMP_MAX (20 + 8 + 60 + 8) /* an ICMP error: its headers, the quoted header and 8 bytes */

/* A worker's own state: its OpenSSL contexts and counters (no sharing, no atomics). */
struct us_worker {
	struct esp_ctx *w_esp;
	uint8_t w_icmp[US_ICMP_MAX]; /* where an ICMP error is built before it replaces its packet */
	uint64_t w_fwd_drops[FWD__COUNT];
	uint64_t w_codec_drops[DROP__COUNT];
	uint64_t w_icmp_sent;
};

/* A packet read from VRF vrf's TUN. */
void us_fwd_from_tun(const struct us_snap *s, struct us_worker *w, size_t vrf, struct pkt *p, struct us_verdict *v);
/* A packet the kernel sent into a global tunnel's TUN: its own, or one it forwarded (its TTL already counted). */
void us_fwd_from_host(const struct us_snap *s, struct us_worker *w, struct pkt *p, struct us_verdict *v);
/* An IPv4 packet from the underlay, outer header included (ESP, ESP in UDP to port 4500, or GRE). */
void us_fwd_from_underlay(const struct us_snap *s, struct us_worker *w, struct pkt *p, struct us_verdict *v);

#endif
