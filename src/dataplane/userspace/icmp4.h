/* The ICMP errors a router owes (RFC 792, RFC 1191, RFC 1812): time exceeded, fragmentation needed. */
#ifndef FERRY_DATAPLANE_USERSPACE_ICMP4_H
#define FERRY_DATAPLANE_USERSPACE_ICMP4_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/userspace/drop.h"
#include "dataplane/userspace/pkt.h"

#define ICMP4_HDR_LEN 8
#define ICMP4_QUOTE   8 /* bytes of the offending datagram's data quoted after its header */

enum icmp4_error {
	ICMP4_TIME_EXCEEDED, /* type 11 code 0: TTL exceeded in transit */
	ICMP4_FRAG_NEEDED,   /* type 3 code 4, with the next-hop MTU (RFC 1191) */
};

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

#endif
