/* GRE header encoding and decoding (RFC 2784, RFC 2890). */
#include "dataplane/userspace/gre.h"

#include "dataplane/userspace/csum.h"
#include "dataplane/userspace/wire.h"

#define GRE_F_CSUM 0x8000
#define GRE_F_KEY  0x2000
#define GRE_F_SEQ  0x1000
/*
 * Bits 1, 4 and 5 (routing present, strict source route, recursion) belong
 * to RFC 1701, which we do not implement: RFC 2784 2.3 says to discard.
 * Bits 6-12 are reserved and MUST be ignored on receipt, so they are.
 */
#define GRE_F_RFC1701 0x4c00
#define GRE_VERSION   0x0007

static size_t header_len(uint16_t flags)
{
	return GRE_HDR_MIN + (flags & GRE_F_CSUM ? 4 : 0) + (flags & GRE_F_KEY ? 4 : 0) + (flags & GRE_F_SEQ ? 4 : 0);
}

static uint16_t flags_of(const struct gre_info *gi)
{
	return (uint16_t)((gi->gi_has_csum ? GRE_F_CSUM : 0) | (gi->gi_has_key ? GRE_F_KEY : 0) |
			  (gi->gi_has_seq ? GRE_F_SEQ : 0));
}

enum us_drop gre_encap(struct pkt *p, const struct gre_info *gi)
{
	uint16_t flags = flags_of(gi);
	uint8_t *h = pkt_push(p, header_len(flags)), *opt;

	if (!h)
		return DROP_NO_ROOM;
	wire_put16(h, flags);
	wire_put16(h + 2, gi->gi_proto);
	opt = h + GRE_HDR_MIN;
	if (gi->gi_has_csum) {
		wire_put32(opt, 0); /* checksum and reserved1, zero while summing */
		opt += 4;
	}
	if (gi->gi_has_key) {
		wire_put32(opt, gi->gi_key);
		opt += 4;
	}
	if (gi->gi_has_seq)
		wire_put32(opt, gi->gi_seq);
	if (gi->gi_has_csum)
		wire_put16(h + GRE_HDR_MIN, inet_csum(p->pkt_data, p->pkt_len));
	return DROP_NONE;
}

static bool known_proto(uint16_t proto)
{
	return proto == GRE_PROTO_IPV4 || proto == GRE_PROTO_MPLS || proto == GRE_PROTO_NHRP;
}

/* Reads the optional fields after the first word; the length is checked. */
static void read_options(const uint8_t *h, struct gre_info *gi)
{
	const uint8_t *opt = h + GRE_HDR_MIN + (gi->gi_has_csum ? 4 : 0);

	gi->gi_key = gi->gi_has_key ? wire_get32(opt) : 0;
	opt += gi->gi_has_key ? 4 : 0;
	gi->gi_seq = gi->gi_has_seq ? wire_get32(opt) : 0;
}

enum us_drop gre_decap(struct pkt *p, struct gre_info *gi)
{
	const uint8_t *h = p->pkt_data;
	uint16_t flags;

	if (p->pkt_len < GRE_HDR_MIN)
		return DROP_GRE_TRUNCATED;
	flags = wire_get16(h);
	if (flags & GRE_VERSION)
		return DROP_GRE_VERSION;
	if (flags & GRE_F_RFC1701)
		return DROP_GRE_RESERVED;
	if (p->pkt_len < header_len(flags))
		return DROP_GRE_TRUNCATED;
	gi->gi_proto = wire_get16(h + 2);
	gi->gi_has_csum = flags & GRE_F_CSUM;
	gi->gi_has_key = flags & GRE_F_KEY;
	gi->gi_has_seq = flags & GRE_F_SEQ;
	if (gi->gi_has_csum && inet_csum(h, p->pkt_len) != 0)
		return DROP_GRE_CHECKSUM;
	if (!known_proto(gi->gi_proto))
		return DROP_GRE_PROTOCOL;
	read_options(h, gi);
	pkt_pull(p, header_len(flags));
	return DROP_NONE;
}
