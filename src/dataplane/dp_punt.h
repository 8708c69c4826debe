/*
 * Control packets between the dataplane and the control plane: NHRP (GRE
 * protocol 0x2001) a tunnel received, handed up ("punted"), and NHRP the
 * control plane sends out of a tunnel ("injected"), protected by ESP as the
 * tunnel's other traffic. The main loop watches dataplane_punt_fd and
 * drains when it is readable; fn is called on the main thread.
 *
 *   userspace  workers queue what they receive (bounded: a full queue drops,
 *              counted punt-full); an inject is queued for worker 0, which
 *              sends it through the outbound path (GRE, ESP, underlay)
 *   kernel     an AF_PACKET socket bound to protocol 0x2001, as opennhrp and
 *              FRR nhrpd use ip_gre: xfrm protects what it sends
 *   record     logs each inject as a line (unit tests), punts nothing
 *   none       punts nothing, refuses to inject
 */
#ifndef FERRY_DATAPLANE_DP_PUNT_H
#define FERRY_DATAPLANE_DP_PUNT_H

#include "dataplane/dataplane.h"

#define DP_PUNT_MAX 2048 /* the largest control payload either way: NHRP fits a tunnel's MTU */

struct dp_punt {
	char dpu_link[DP_DEVLEN]; /* the tunnel's device name */
	struct in_addr dpu_nbma;  /* punted: the outer source; injected: the outer destination */
	uint16_t dpu_proto;	  /* GRE protocol type */
	const uint8_t *dpu_data;  /* what follows the GRE header */
	size_t dpu_len;
};

/* The fd that becomes readable when punted packets wait; -1 when the backend punts nothing. */
int dataplane_punt_fd(struct dataplane *dpl);
/* Calls fn for each punted packet waiting; how many, or -errno (-EOPNOTSUPP: the backend punts nothing). */
int dataplane_punt_drain(struct dataplane *dpl, dp_punt_fn *fn, void *arg);
/*
 * Sends data as GRE protocol proto out of tunnel link to nbma_dst (a
 * point-to-point tunnel: to its destination whatever nbma_dst is). 0 when
 * sent or queued: a protected tunnel without an SA then drops it, counted
 * no-sa. -errno: not taken (-EOPNOTSUPP, -EMSGSIZE, -ENOBUFS, -ENODEV).
 */
int dataplane_inject(struct dataplane *dpl, const char *link, struct in_addr nbma_dst, uint16_t proto,
		     const uint8_t *data, size_t len);
/* "VERB LINK NBMA 0xPROTO HEX" (the record backend's inject lines, dp_scenario's punt lines); cut at len. */
int dp_punt_format(const char *verb, const struct dp_punt *pkt, char *buf, size_t len);

#endif
