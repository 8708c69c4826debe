/*
 * The kernel backend's control packets (dp_punt.h): one AF_PACKET datagram
 * socket bound to GRE protocol 0x2001, as opennhrp and FRR nhrpd use
 * ip_gre. Received: sll_ifindex is the GRE device, sll_addr the outer
 * source (a multipoint device's header_ops parse it; a point-to-point one
 * has none: 0.0.0.0). Sent: sll_addr is the outer destination, which
 * ip_gre's header_ops write (point-to-point: the tunnel's own), and xfrm
 * protects the GRE packet as any other of the tunnel.
 */
#ifndef FERRY_DATAPLANE_KERNEL_KN_PUNT_H
#define FERRY_DATAPLANE_KERNEL_KN_PUNT_H

#include <stdint.h>

#include "dataplane/dp_punt.h"

struct kn_punt {
	int kp_fd; /* -1 until the control plane first asks for it */
	uint64_t kp_punted, kp_injected;
	uint64_t kp_truncated;	   /* longer than DP_PUNT_MAX */
	uint64_t kp_not_gre;	   /* protocol 0x2001 on a device that is no GRE tunnel */
	uint64_t kp_inject_failed; /* sendto refused */
};

/* No socket yet: opened when first asked for, so that a backend nobody punts with holds none. */
void kn_punt_init(struct kn_punt *kp);
void kn_punt_close(struct kn_punt *kp);

/* The backend's db_punt_fd, db_punt_drain, db_inject, db_punt_counters and (its only reasons) db_drops. */
int kn_punt_fd(struct dp *dp);
int kn_punt_drain(struct dp *dp, dp_punt_fn *fn, void *arg);
int kn_punt_inject(struct dp *dp, const struct dp_punt *pkt);
void kn_punt_counters(struct dp *dp, dp_drop_fn *visit, void *arg);
void kn_punt_drops(struct dp *dp, dp_drop_fn *visit, void *arg);

#endif
