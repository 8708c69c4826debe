/*
 * Writing TCP segments to a VRF's TUN as one super-packet (the reverse of
 * us_gso.h): consecutive segments of one flow, decapsulated in one batch,
 * are joined behind a virtio-net header asking for TSO (gso_size the first
 * segment's payload), so the kernel forwards one packet where it would
 * forward dozens. Joined only what Linux's own GRO would join: IPv4 without
 * options and with DF, TCP with ACK (PSH ends a run) and identical options,
 * ack and window, each segment where the last ended, none longer than the
 * first. With gr_uso (the TUN takes UDP GSO, us_tun.h), UDP datagrams of
 * one flow likewise (Linux's UDP GRO for forwarding): IPv4 without options,
 * not fragments, the same TOS, TTL and DF, ids counting up by one (as
 * cutting numbers them), a checksum that verifies (cutting computes it
 * anew), none longer than the first, at most 64. Anything else is written
 * as it is, after what is pending.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_GRO_H
#define FERRY_DATAPLANE_USERSPACE_US_GRO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/userspace/pkt.h"
#include "dataplane/userspace/us_gso.h"

/* Writes len bytes (a virtio-net header and a packet) to fd; -1 when the write failed. */
typedef int us_gro_write_fn(int fd, const uint8_t *buf, size_t len);

struct us_gro {
	uint8_t gr_buf[US_VNET_HDR_LEN + UINT16_MAX]; /* the virtio-net header, then the packet being joined */
	size_t gr_len;				      /* of the packet; 0: nothing pending */
	size_t gr_hlen;				      /* its IPv4 and TCP headers */
	uint16_t gr_mss;			      /* the first segment's payload */
	uint32_t gr_next_seq;			      /* TCP: where the next segment must start */
	uint16_t gr_next_id;			      /* UDP: the IPv4 id the next datagram must carry */
	unsigned gr_count;			      /* segments joined */
	bool gr_closed;				      /* a short segment or PSH ended the run */
	int gr_fd;				      /* the TUN queue it goes to */
	bool gr_uso;				      /* UDP datagrams may be joined: the TUN takes UDP GSO */
};

/* Takes the IPv4 packet in p for the TUN queue fd (p may lose its headroom): joins or writes. -1: a write failed. */
int us_gro_add(struct us_gro *gr, int fd, struct pkt *p, us_gro_write_fn *write_fn);
/* Writes what is pending; -1 when the write failed. */
int us_gro_flush(struct us_gro *gr, us_gro_write_fn *write_fn);

#endif
