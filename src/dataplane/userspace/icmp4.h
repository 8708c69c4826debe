/* The ICMP errors a router owes (RFC 792, RFC 1191, RFC 1812): time exceeded, fragmentation needed. */
#ifndef FERRY_DATAPLANE_USERSPACE_ICMP4_H
#define FERRY_DATAPLANE_USERSPACE_ICMP4_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/userspace/drop.h"
#include "dataplane/userspace/pkt.h"

#define ICMP4_HDR_LEN 8
#define ICMP4_QUOTE   8 /* bytes of the offending datagram's data quoted after its header */

#define ICMP4_ERROR_MAX (20 + 8 + 60 + 8) /* an ICMP error: its headers, the quoted header and 8 bytes */

enum icmp4_error {
	ICMP4_TIME_EXCEEDED,	/* type 11 code 0: TTL exceeded in transit */
	ICMP4_FRAG_NEEDED,	/* type 3 code 4, with the next-hop MTU (RFC 1191) */
	ICMP4_PORT_UNREACHABLE, /* type 3 code 3: a datagram for a port of the router's, where none listens */
};

/* False for the sources no answer may go to: 0/8, loopback, multicast, class E and broadcast. */
bool icmp4_unicast_host(const uint8_t *addr);

/*
 * Appends to out (with tailroom for 20 + 8 + 60 + 8 bytes) the IPv4
 * packet of an ICMP error from src about the offending packet (len bytes
 * from its IPv4 header): the offender's header and the first 8 bytes of its
 * data. mtu is the next-hop MTU of ICMP4_FRAG_NEEDED, ignored otherwise.
 * DROP_ICMP_SUPPRESSED when no error may be sent (RFC 1812 4.3.2.7): about an
 * ICMP error, a fragment other than the first, or a source that is not a
 * unicast host; an IPv4 drop when the offending header does not validate.
 */
enum us_drop icmp4_error(struct pkt *out, const uint8_t *offending, size_t len, enum icmp4_error kind,
			 struct in_addr src, uint16_t mtu);
/*
 * Replaces the packet in p (exactly the offending packet) by the ICMP error
 * about it, built first in scratch (room bytes, ICMP4_ERROR_MAX will do):
 * DROP_NONE, or why not (p is then left as it was, unless DROP_NO_ROOM: p
 * lacked the room for the error, and is emptied).
 */
enum us_drop icmp4_replace(struct pkt *p, enum icmp4_error kind, struct in_addr src, uint16_t mtu, uint8_t *scratch,
			   size_t room);

#endif
