/*
 * Answering pings to the router's own addresses in a VRF. The kernel has no
 * VRFs here, and two VRFs may hold the same address: the kernel could not
 * tell which VRF its reply belongs to, so such addresses are not given to
 * the kernel and their packets reach the VRF's TUN, where this answers.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_ECHO_H
#define FERRY_DATAPLANE_USERSPACE_US_ECHO_H

#include <stdbool.h>

#include "dataplane/userspace/pkt.h"

/*
 * Turns the IPv4 packet in p (header already validated) into the reply to
 * it when it is an unfragmented ICMP echo request (RFC 792) with a right
 * checksum: addresses swapped, TTL 64, type echo reply, checksums updated.
 * False otherwise (p unchanged). p holds exactly the packet (trimmed to its
 * total length).
 */
bool us_echo_reply(struct pkt *p);

#endif
