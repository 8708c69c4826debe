/*
 * A worker's batched packet I/O: reading a batch from a VRF's TUN queue, its
 * packet ring on a VRF LAN link, or from an underlay socket (recvmmsg), deciding each packet (us_fwd.h) and
 * sending the results: to the underlay in one sendmmsg per batch (runs of
 * ESP in UDP as UDP GSO datagrams, us_send.h), to a
 * VRF's TUN queue one write each (a TUN takes no batches), TCP segments of
 * a flow joined into one (us_gro.h). Worker 0 reads and sends the underlay's
 * batches; every worker decides (decrypts) their packets (us_help.h).
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_IO_H
#define FERRY_DATAPLANE_USERSPACE_US_IO_H

#include <netinet/in.h>
#include <sys/socket.h>

#include "dataplane/userspace/us_dp.h"
#include "dataplane/userspace/us_gro.h"
#include "dataplane/userspace/us_gso.h"
#include "dataplane/userspace/us_send.h"

#define US_BATCH     32
#define US_DATA_MAX  9216     /* the largest packet read: a jumbo frame */
#define US_ENCAP_HDR (20 + 8) /* the IPv4 and UDP headers put back in front of a datagram from UDP 4500 */
#define US_BUF_SIZE  (US_FWD_HEADROOM + US_ENCAP_HDR + US_DATA_MAX + US_FWD_TAILROOM)

struct us_batch {
	uint8_t ba_tun[US_VNET_HDR_LEN + UINT16_MAX]; /* a read from a TUN: a TSO packet is cut from here */
	uint8_t ba_buf[US_BATCH][US_BUF_SIZE];
	struct pkt ba_pkt[US_BATCH];
	struct us_verdict ba_verdict[US_BATCH]; /* an underlay batch's, decided before any is sent */
	struct mmsghdr ba_rx[US_BATCH];
	struct iovec ba_rx_iov[US_BATCH];
	struct sockaddr_in ba_from[US_BATCH];
	struct in_addr ba_dst[US_BATCH]; /* UDP 4500: where each datagram was sent (0.0.0.0: unknown, dropped) */
	union {
		char c[CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} ba_ctl[US_BATCH];
	struct us_send ba_send; /* the packets queued for the underlay, each in its ba_buf */
	struct us_gro ba_gro;	/* TCP segments for a TUN, joined until the batch ends */
};

/* Reads, decides and sends one batch from the TUN of slot. */
void us_io_tun(struct us_wthread *t, struct us_batch *b, const struct us_snap *s, struct us_tun_slot *slot);
/* Takes, decides and sends one batch from the worker's packet ring on a VRF LAN link (us_lan_ring.h). */
void us_io_lan(struct us_wthread *t, struct us_batch *b, const struct us_snap *s, struct us_lan_slot *lan);
/* Reads, decides and sends one batch from an underlay socket. */
void us_io_underlay(struct us_wthread *t, struct us_batch *b, const struct us_snap *s, enum us_rx_sock which);
/* Sends what the batch queued for the underlay (a refused packet counted), then lets its SAs go. */
void us_io_flush(struct us_wthread *t, struct us_batch *b);

#endif
