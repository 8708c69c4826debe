/*
 * Answering packets for the router's own addresses in a VRF: pings, UDP
 * (a traceroute's last probe) with port unreachable, TCP with a reset. The kernel has no
 * VRFs here, and two VRFs may hold the same address: the kernel could not
 * tell which VRF its reply belongs to, so the LAN's IPv4 never reaches its
 * stack (us_redirect.h) and their packets reach the VRF's TUN, where this answers.
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
/*
 * Turns a UDP datagram in p (header validated, p exactly the packet) into
 * the ICMP port unreachable owed to its sender, from the address it was
 * sent to: no port of the router's listens in a VRF. False when no error
 * may be sent (RFC 1812 4.3.2.7) or p is not UDP (p unchanged, but emptied
 * when it lacked the room).
 */
bool us_echo_unreachable(struct pkt *p);
/*
 * Turns a TCP segment in p (header validated, p exactly the packet) into
 * the reset owed to its sender (RFC 793 3.4: no port listens), from the
 * address it was sent to, 40 bytes. False when p is not TCP, a fragment, a
 * reset itself, cut short, or from a source no answer may go to.
 */
bool us_echo_reset(struct pkt *p);
/* The router's answer to a packet for its VRF address: any of the three above; false: none (p unchanged). */
bool us_echo_answer(struct pkt *p);

#endif
