/*
 * Sharing UDP port 4500 with IKE (RFC 3948 2.2): ESP in UDP for the
 * dataplane's workers, IKE messages (after the four zero octets of the
 * non-ESP marker) for the IKE daemon on the main thread, without one
 * reading the other's datagrams.
 *
 * How: both sockets bind 4500 with SO_REUSEPORT, so they form one reuseport
 * group; the dataplane's socket joins first (index 0) and attaches a classic
 * BPF program that picks, per datagram, the group index: 1 (IKE's socket)
 * when the payload starts with the marker, 0 (the dataplane's) otherwise. A
 * payload too short for the marker (a NAT keepalive) makes the load fail,
 * which selects 0: the dataplane counts keepalives. When IKE has no socket
 * there, the kernel falls back to its hash, which has only the dataplane's.
 * The IKE side needs nothing but SO_REUSEPORT on its 4500 socket.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_DEMUX_H
#define FERRY_DATAPLANE_USERSPACE_US_DEMUX_H

#include <netinet/in.h>

#define US_DEMUX_DATAPLANE 0 /* the group index of the dataplane's socket */
#define US_DEMUX_IKE	   1 /* ...and of IKE's, which binds after it */

/* A UDP socket bound to addr with SO_REUSEPORT, steering as above; non-blocking; fd or -errno. */
int us_demux_open(const struct sockaddr_in *addr);

#endif
