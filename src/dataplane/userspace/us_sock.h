/*
 * The userspace dataplane's underlay sockets, shared by its workers:
 *   UDP 4500      ESP in UDP (RFC 3948), shared with IKE through us_demux.h
 *   raw proto 50  ESP (the kernel has no esp4 to take it)
 *   raw proto 47  GRE without ESP (no ip_gre either)
 *   raw, IP_HDRINCL  every packet sent: the forwarding decision writes whole outer headers
 * but runs of ESP in UDP without DF, which go out through the UDP 4500 socket as UDP GSO datagrams
 * (us_send.h): that socket sends without DF.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_SOCK_H
#define FERRY_DATAPLANE_USERSPACE_US_SOCK_H

#include <stdbool.h>
#include <stddef.h>

enum us_rx_sock { US_RX_UDP, US_RX_ESP, US_RX_GRE, US_RX__COUNT };

struct us_sock {
	int so_rx[US_RX__COUNT];
	int so_tx;
	bool so_udp_gso; /* the kernel takes UDP_SEGMENT (Linux 4.18): ESP-in-UDP runs may be joined */
	bool so_udp_gro; /* UDP 4500 reads super-datagrams (UDP_GRO, Linux 5.0; us_udp_rx.h) */
};

/* Opens every socket; 0, or -1 with why in err (nothing left open). */
int us_sock_open(struct us_sock *s, char *err, size_t errlen);
void us_sock_close(struct us_sock *s);

#endif
