/* UDP encapsulation of ESP for NAT traversal (RFC 3948): wrapping, unwrapping, non-ESP traffic on port 4500. */
#ifndef FERRY_DATAPLANE_USERSPACE_UDPENCAP_H
#define FERRY_DATAPLANE_USERSPACE_UDPENCAP_H

#include <stdint.h>

#include "dataplane/userspace/drop.h"
#include "dataplane/userspace/pkt.h"

#define UDPENCAP_PORT 4500
#define UDP_HDR_LEN   8

/* What a datagram on port 4500 carries. */
enum udpencap_kind {
	UDPENCAP_ESP,	    /* an ESP packet */
	UDPENCAP_IKE,	    /* an IKE message after the 4-byte non-ESP marker (RFC 3948 2.2) */
	UDPENCAP_KEEPALIVE, /* a NAT keepalive: the single byte 0xFF (RFC 3948 2.3) */
};

/* Prepends a UDP header; its checksum is 0, as RFC 3948 3.1.1 says to send. */
enum us_drop udpencap_wrap(struct pkt *p, uint16_t sport, uint16_t dport);
/*
 * Checks the UDP header at p's start (length within p; the checksum is not
 * checked: ESP protects itself, RFC 3948 3.1.2), trims p to the UDP length,
 * removes the header and says what follows: ESP (p at the ESP header), IKE
 * (marker removed too: p at the IKE header) or a keepalive (p at the byte).
 * Those last two go to the IKE daemon, not to ESP.
 */
enum us_drop udpencap_unwrap(struct pkt *p, enum udpencap_kind *kind);

#endif
