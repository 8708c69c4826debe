/* IPv4 header checks, TTL decrement, building and rewriting. */
#include "dataplane/userspace/ip4.h"

#include <string.h>

#include "dataplane/userspace/csum.h"
#include "dataplane/userspace/wire.h"

uint16_t ip4_total_len(const uint8_t *hdr)
{
	return wire_get16(hdr + IP4_OFF_LEN);
}

size_t ip4_header_len(const uint8_t *hdr)
{
	return (size_t)(hdr[0] & 0x0f) * 4;
}

bool ip4_is_fragment(const uint8_t *hdr)
{
	return (wire_get16(hdr + IP4_OFF_FRAG) & (IP4_MF | IP4_OFFMASK)) != 0;
}

enum us_drop ip4_validate(const uint8_t *buf, size_t len, size_t *hlen)
{
	size_t h, total;

	if (len < IP4_HDR_LEN)
		return DROP_IP4_TRUNCATED;
	if (buf[0] >> 4 != 4)
		return DROP_IP4_VERSION;
	h = ip4_header_len(buf);
	if (h < IP4_HDR_LEN)
		return DROP_IP4_HEADER_LEN;
	if (h > len)
		return DROP_IP4_TRUNCATED;
	total = ip4_total_len(buf);
	if (total < h || total > len)
		return DROP_IP4_TOTAL_LEN;
	if (inet_csum(buf, h) != 0)
		return DROP_IP4_CHECKSUM;
	*hlen = h;
	return DROP_NONE;
}

/* Replaces the 16-bit word at off, keeping the header checksum right. */
static void set_word(uint8_t *hdr, size_t off, uint16_t word)
{
	uint16_t csum = inet_csum_update16(wire_get16(hdr + IP4_OFF_CSUM), wire_get16(hdr + off), word);

	wire_put16(hdr + off, word);
	wire_put16(hdr + IP4_OFF_CSUM, csum);
}

enum us_drop ip4_ttl_decrement(uint8_t *hdr)
{
	if (hdr[IP4_OFF_TTL] <= 1)
		return DROP_IP4_TTL_EXPIRED;
	/* TTL and protocol share one checksummed word. */
	set_word(hdr, IP4_OFF_TTL, (uint16_t)((hdr[IP4_OFF_TTL] - 1) << 8 | hdr[IP4_OFF_PROTO]));
	return DROP_NONE;
}

void ip4_rewrite(uint8_t *hdr, uint16_t total_len, uint8_t proto)
{
	set_word(hdr, IP4_OFF_LEN, total_len);
	set_word(hdr, IP4_OFF_TTL, (uint16_t)(hdr[IP4_OFF_TTL] << 8 | proto));
}

void ip4_write(uint8_t *hdr, const struct ip4_fields *f, uint16_t total_len)
{
	hdr[0] = 0x45;
	hdr[IP4_OFF_TOS] = f->if_tos;
	wire_put16(hdr + IP4_OFF_LEN, total_len);
	wire_put16(hdr + IP4_OFF_ID, f->if_id);
	wire_put16(hdr + IP4_OFF_FRAG, f->if_frag);
	hdr[IP4_OFF_TTL] = f->if_ttl;
	hdr[IP4_OFF_PROTO] = f->if_proto;
	wire_put16(hdr + IP4_OFF_CSUM, 0);
	memcpy(hdr + IP4_OFF_SRC, &f->if_src, 4);
	memcpy(hdr + IP4_OFF_DST, &f->if_dst, 4);
	wire_put16(hdr + IP4_OFF_CSUM, inet_csum(hdr, IP4_HDR_LEN));
}
