/*
 * Sending to the underlay: a worker queues whole IPv4 packets (outer header
 * written by the forwarding decision) and sends them in one sendmmsg. Most
 * are ESP in UDP 4500 to one peer, each of which the kernel would route,
 * filter and hand to the peer's stack on its own: consecutive ones of one
 * flow without DF (ESP over GRE in transport mode: the GRE header's; same
 * addresses, ports, TOS and TTL, none longer than the first, at most 64)
 * go instead as one UDP GSO datagram (UDP_SEGMENT, Linux 4.18) through the
 * UDP 4500 socket, which the kernel routes once and cuts into the same
 * datagrams on the wire (with its own IPv4 ids and UDP checksums); the
 * rest through the raw socket as they are. A kernel without UDP_SEGMENT
 * gets each of those datagrams alone through the UDP socket.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_SEND_H
#define FERRY_DATAPLANE_USERSPACE_US_SEND_H

#include <netinet/in.h>
#include <stdbool.h>
#include <sys/socket.h>

#include "dataplane/userspace/pkt.h"
#include "dataplane/userspace/us_sock.h"

#define US_SEND_MAX 32 /* packets queued at most: the caller flushes before queueing more */
#define US_SEND_CTL (CMSG_SPACE(sizeof(struct in_pktinfo)) + 2 * CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(uint16_t)))

struct us_send {
	struct mmsghdr sd_msg[US_SEND_MAX];
	struct iovec sd_iov[US_SEND_MAX]; /* one a packet; a message takes a run of them */
	struct sockaddr_in sd_to[US_SEND_MAX];
	union {
		char c[US_SEND_CTL];
		struct cmsghdr align;
	} sd_ctl[US_SEND_MAX];
	bool sd_udp[US_SEND_MAX];			  /* a message for the UDP socket, else for the raw one */
	struct in_addr sd_src[US_SEND_MAX];		  /* a UDP message's source address */
	uint8_t sd_tos[US_SEND_MAX], sd_ttl[US_SEND_MAX]; /* ...its TOS and TTL */
	unsigned sd_nmsg, sd_npkt;
	bool sd_closed; /* the last message took a shorter datagram: nothing more joins it */
	bool sd_gso;	/* runs may be joined (us_sock's so_udp_gso) */
};

/* Empties sd; gso: the UDP socket takes UDP GSO datagrams. */
void us_send_init(struct us_send *sd, bool gso);
/* Packets queued (each holds its buffer until the flush). */
unsigned us_send_queued(const struct us_send *sd);
/* Queues packet p (fewer than US_SEND_MAX queued) for the underlay address nbma, its buffer held until the flush. */
void us_send_queue(struct us_send *sd, struct pkt *p, struct in_addr nbma);
/* Sends what is queued, in order; packets the kernel refused are added to *refused, the rest go on. */
void us_send_flush(struct us_send *sd, const struct us_sock *so, unsigned *refused);

#endif
