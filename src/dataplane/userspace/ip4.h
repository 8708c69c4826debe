/* IPv4 header (RFC 791) helpers for the userspace dataplane: checks, TTL, building, rewriting. */
#ifndef FERRY_DATAPLANE_USERSPACE_IP4_H
#define FERRY_DATAPLANE_USERSPACE_IP4_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/userspace/drop.h"

#define IP4_HDR_LEN 20 /* without options */
#define IP4_HDR_MAX 60

/* Field offsets in the header. */
#define IP4_OFF_TOS   1
#define IP4_OFF_LEN   2
#define IP4_OFF_ID    4
#define IP4_OFF_FRAG  6
#define IP4_OFF_TTL   8
#define IP4_OFF_PROTO 9
#define IP4_OFF_CSUM  10
#define IP4_OFF_SRC   12
#define IP4_OFF_DST   16

#define IP4_DF	    0x4000 /* in the flags/fragment offset word */
#define IP4_MF	    0x2000
#define IP4_OFFMASK 0x1fff

#define IP4_PROTO_ICMP 1
#define IP4_PROTO_IPIP 4
#define IP4_PROTO_UDP  17
#define IP4_PROTO_GRE  47
#define IP4_PROTO_ESP  50

/* What ip4_write puts in a 20-byte header besides the length and checksum. */
struct ip4_fields {
	struct in_addr if_src, if_dst;
	uint8_t if_proto;
	uint8_t if_ttl;
	uint8_t if_tos;
	uint16_t if_id;
	uint16_t if_frag; /* flags and fragment offset, e.g. IP4_DF */
};

/*
 * Checks a received header: version 4, header length at least 20 and within
 * len, total length between the header length and len, header checksum.
 * *hlen gets the header length. Bytes past the total length (link padding)
 * are the caller's to trim.
 */
enum us_drop ip4_validate(const uint8_t *buf, size_t len, size_t *hlen);
/* Decrements the TTL of a forwarded packet, updating the checksum (RFC 1624);
 * DROP_IP4_TTL_EXPIRED, header unchanged, when it would reach 0 (RFC 1812 5.3.1). */
enum us_drop ip4_ttl_decrement(uint8_t *hdr);
/* Writes a 20-byte header with total length total_len and a correct checksum. */
void ip4_write(uint8_t *hdr, const struct ip4_fields *f, uint16_t total_len);
/* Sets the total length and protocol of a header, updating its checksum incrementally. */
void ip4_rewrite(uint8_t *hdr, uint16_t total_len, uint8_t proto);
/* True for every fragment but an unfragmented packet (MF set or an offset). */
bool ip4_is_fragment(const uint8_t *hdr);
uint16_t ip4_total_len(const uint8_t *hdr);
size_t ip4_header_len(const uint8_t *hdr);

#endif
