/* ICMP time exceeded and fragmentation needed about an offending IPv4 packet. */
#include "dataplane/userspace/icmp4.h"

#include <stdbool.h>
#include <string.h>

#include "dataplane/userspace/csum.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/wire.h"

#define ICMP4_TOS 0xc0 /* precedence 6, internetwork control (RFC 1812 4.3.2.5) */
#define ICMP4_TTL 64

/* ICMP message types that report errors: never answered by another error. */
static bool is_icmp_error(uint8_t type)
{
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

bool icmp4_unicast_host(const uint8_t *addr)
{
	return addr[0] != 0 && addr[0] != 127 && addr[0] < 224;
}

static bool suppressed(const uint8_t *ip, size_t hlen, size_t total)
{
	if (wire_get16(ip + IP4_OFF_FRAG) & IP4_OFFMASK)
		return true;
	if (!icmp4_unicast_host(ip + IP4_OFF_SRC))
		return true;
	/* An ICMP packet too short to show its type might be an error: stay silent. */
	return ip[IP4_OFF_PROTO] == IP4_PROTO_ICMP && (total <= hlen || is_icmp_error(ip[hlen]));
}

static void write_icmp(uint8_t *icmp, enum icmp4_error kind, uint16_t mtu, const uint8_t *quote, size_t qlen)
{
	static const uint8_t type_code[][2] = {
	    [ICMP4_TIME_EXCEEDED] = {11, 0}, [ICMP4_FRAG_NEEDED] = {3, 4}, [ICMP4_PORT_UNREACHABLE] = {3, 3}};

	icmp[0] = type_code[kind][0];
	icmp[1] = type_code[kind][1];
	wire_put16(icmp + 2, 0);
	wire_put16(icmp + 4, 0);
	wire_put16(icmp + 6, kind == ICMP4_FRAG_NEEDED ? mtu : 0);
	memcpy(icmp + ICMP4_HDR_LEN, quote, qlen);
	wire_put16(icmp + 2, inet_csum(icmp, ICMP4_HDR_LEN + qlen));
}

enum us_drop icmp4_error(struct pkt *out, const uint8_t *offending, size_t len, enum icmp4_error kind,
			 struct in_addr src, uint16_t mtu)
{
	size_t hlen, total, qlen, size;
	enum us_drop why = ip4_validate(offending, len, &hlen);
	uint8_t *ip;

	if (why != DROP_NONE)
		return why;
	total = ip4_total_len(offending);
	if (suppressed(offending, hlen, total))
		return DROP_ICMP_SUPPRESSED;
	qlen = hlen + (total - hlen < ICMP4_QUOTE ? total - hlen : ICMP4_QUOTE);
	size = IP4_HDR_LEN + ICMP4_HDR_LEN + qlen;
	ip = pkt_put(out, size);
	if (!ip)
		return DROP_NO_ROOM;
	struct ip4_fields f = {.if_src = src, .if_proto = IP4_PROTO_ICMP, .if_ttl = ICMP4_TTL, .if_tos = ICMP4_TOS};
	memcpy(&f.if_dst, offending + IP4_OFF_SRC, 4);
	ip4_write(ip, &f, (uint16_t)size);
	write_icmp(ip + IP4_HDR_LEN, kind, mtu, offending, qlen);
	return DROP_NONE;
}

enum us_drop icmp4_replace(struct pkt *p, enum icmp4_error kind, struct in_addr src, uint16_t mtu, uint8_t *scratch,
			   size_t room)
{
	struct pkt error;
	enum us_drop why;
	uint8_t *to;

	pkt_init(&error, scratch, room, 0);
	if ((why = icmp4_error(&error, p->pkt_data, p->pkt_len, kind, src, mtu)) != DROP_NONE)
		return why;
	pkt_trim(p, p->pkt_len);
	if (!(to = pkt_put(p, error.pkt_len)))
		return DROP_NO_ROOM;
	memcpy(to, error.pkt_data, error.pkt_len);
	return DROP_NONE;
}
