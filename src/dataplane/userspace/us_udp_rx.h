/*
 * Reading UDP 4500 with UDP_GRO (Linux 5.0): the kernel queues what a peer
 * sent as one UDP GSO datagram (us_send.h) whole, rather than cutting it
 * into a datagram per ESP packet at the socket, and a read returns it with
 * its segment size (cmsg SOL_UDP UDP_GRO). Every segment is that size but
 * the last, which may be shorter; a read without the cmsg is one datagram.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_UDP_RX_H
#define FERRY_DATAPLANE_USERSPACE_US_UDP_RX_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct us_udp_rx {
	const uint8_t *ur_buf;
	size_t ur_len; /* bytes read */
	size_t ur_seg; /* the segment size: ur_len for a single datagram */
	size_t ur_off; /* where the next segment starts */
	struct sockaddr_in ur_from;
	struct in_addr ur_dst; /* the address it was sent to (IP_PKTINFO) */
	bool ur_has_dst;
	bool ur_truncated; /* longer than the buffer: the segments are not whole */
};

/* Takes a read of len bytes in buf with segment size seg (0: none given). */
void us_udp_rx_init(struct us_udp_rx *r, const uint8_t *buf, size_t len, size_t seg);
/* The next segment; false when none is left. */
bool us_udp_rx_next(struct us_udp_rx *r, const uint8_t **seg, size_t *len);
/* One read from fd into buf: 1 with r set up, 0 when nothing is queued, -1 on another error. */
int us_udp_rx_read(int fd, uint8_t *buf, size_t size, struct us_udp_rx *r);

#endif
