/* TCP resets from the router's VRF addresses: no port of the router's listens in a VRF (RFC 793 3.4). */
#include <string.h>

#include "dataplane/userspace/icmp4.h"
#include "dataplane/userspace/us_echo.h"
#include "dataplane/userspace/us_tcp.h"

#define US_RST_SYN 0x02
#define US_RST_RST 0x04
#define US_RST_TTL 64
#define US_RST_LEN (IP4_HDR_LEN + US_TCP_HDR_MIN)

/* What a reset answers: the segment's ports, numbers and flags, read before the reset overwrites them. */
struct us_segment {
	uint8_t sg_ports[4];
	uint32_t sg_seq, sg_ack, sg_len; /* sg_len: its data, and its SYN and FIN, each counting one */
	uint8_t sg_flags;
};

/* A whole unfragmented TCP segment from an address a reset may go to, not itself a reset. */
static bool us_segment_read(const struct pkt *p, struct us_segment *sg)
{
	const uint8_t *ip = p->pkt_data, *tcp;
	size_t hlen = ip4_header_len(ip), doff;

	if (ip[IP4_OFF_PROTO] != IPPROTO_TCP || ip4_is_fragment(ip) || !icmp4_unicast_host(ip + IP4_OFF_SRC) ||
	    p->pkt_len < hlen + US_TCP_HDR_MIN)
		return false;
	tcp = ip + hlen;
	doff = (size_t)(tcp[US_TCP_OFF_DOFF] >> 4) * 4;
	sg->sg_flags = tcp[US_TCP_OFF_FLAGS];
	if (doff < US_TCP_HDR_MIN || hlen + doff > p->pkt_len || (sg->sg_flags & US_RST_RST))
		return false;
	memcpy(sg->sg_ports, tcp, 4);
	sg->sg_seq = wire_get32(tcp + US_TCP_OFF_SEQ);
	sg->sg_ack = wire_get32(tcp + US_TCP_OFF_ACK);
	sg->sg_len =
	    (uint32_t)(p->pkt_len - hlen - doff) + !!(sg->sg_flags & US_RST_SYN) + !!(sg->sg_flags & US_TCP_FIN);
	return true;
}

/* The reset's TCP header at tcp: to an acknowledging segment, at its ACK; else acknowledging it, from 0. */
static void us_reset_write(uint8_t *tcp, const struct us_segment *sg)
{
	bool acked = sg->sg_flags & US_TCP_ACK;

	memset(tcp, 0, US_TCP_HDR_MIN);
	memcpy(tcp, sg->sg_ports + 2, 2);
	memcpy(tcp + 2, sg->sg_ports, 2);
	wire_put32(tcp + US_TCP_OFF_SEQ, acked ? sg->sg_ack : 0);
	wire_put32(tcp + US_TCP_OFF_ACK, acked ? 0 : sg->sg_seq + sg->sg_len);
	tcp[US_TCP_OFF_DOFF] = (US_TCP_HDR_MIN / 4) << 4;
	tcp[US_TCP_OFF_FLAGS] = acked ? US_RST_RST : US_RST_RST | US_TCP_ACK;
}

bool us_echo_reset(struct pkt *p)
{
	uint8_t *ip = p->pkt_data, *tcp = ip + IP4_HDR_LEN;
	struct ip4_fields f = {.if_proto = IPPROTO_TCP, .if_ttl = US_RST_TTL};
	struct us_segment sg;

	if (!us_segment_read(p, &sg))
		return false;
	memcpy(&f.if_src, ip + IP4_OFF_DST, 4);
	memcpy(&f.if_dst, ip + IP4_OFF_SRC, 4);
	ip4_write(ip, &f, US_RST_LEN); /* shorter than the segment: in place */
	us_reset_write(tcp, &sg);
	wire_put16(tcp + US_TCP_OFF_CSUM,
		   inet_csum_fold(inet_csum_add(us_tcp_pseudo_sum(ip, US_TCP_HDR_MIN), tcp, US_TCP_HDR_MIN)));
	pkt_trim(p, p->pkt_len - US_RST_LEN);
	return true;
}
