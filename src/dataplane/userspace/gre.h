/* GRE (RFC 2784) with key and sequence number (RFC 2890): encapsulation and decapsulation. */
#ifndef FERRY_DATAPLANE_USERSPACE_GRE_H
#define FERRY_DATAPLANE_USERSPACE_GRE_H

#include <stdbool.h>
#include <stdint.h>

#include "dataplane/userspace/drop.h"
#include "dataplane/userspace/pkt.h"

#define GRE_PROTO_IPV4 0x0800
#define GRE_PROTO_MPLS 0x8847 /* MPLS unicast (RFC 4023) */
#define GRE_PROTO_NHRP 0x2001 /* handed to the control plane */

#define GRE_HDR_MIN 4
#define GRE_HDR_MAX 16 /* with checksum, key and sequence number */

/* What a GRE header carries. */
struct gre_info {
	uint16_t gi_proto; /* GRE_PROTO_* */
	bool gi_has_csum;
	bool gi_has_key;
	bool gi_has_seq;
	uint32_t gi_key;
	uint32_t gi_seq;
};

/* Prepends the GRE header gi describes; with gi_has_csum, the checksum covers header and payload. */
enum us_drop gre_encap(struct pkt *p, const struct gre_info *gi);
/*
 * Checks and removes the GRE header at p's start; gi gets what it carried.
 * p must hold the GRE packet exactly (trimmed to the IPv4 total length):
 * a checksum covers all of it.
 * Drops a version other than 0, the RFC 1701 bits (routing, strict route,
 * recursion), a bad checksum, and protocols other than GRE_PROTO_*.
 */
enum us_drop gre_decap(struct pkt *p, struct gre_info *gi);

#endif
