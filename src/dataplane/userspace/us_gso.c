/* Cutting the TUN's TSO and USO super-packets into packets, and completing partial checksums. */
#include "dataplane/userspace/us_gso.h"

#include <netinet/in.h>
#include <string.h>

#include "dataplane/userspace/udpencap.h"
#include "dataplane/userspace/us_tcp.h"

#define US_UDP_OFF_LEN	4
#define US_UDP_OFF_CSUM 6

/* The IPv4 header and the TCP or UDP header of a GSO packet; DROP_NONE when they lie within it. */
static enum us_drop us_gso_headers(struct us_gso *g, uint8_t proto)
{
	const uint8_t *ip = g->g_pkt;
	size_t ihl = (size_t)(ip[0] & 0x0f) * 4, l4 = proto == IPPROTO_TCP ? US_TCP_HDR_MIN : UDP_HDR_LEN;

	if (ip[0] >> 4 != 4 || ip[IP4_OFF_PROTO] != proto || ihl < IP4_HDR_LEN || ihl + l4 > g->g_len)
		return DROP_GSO_HEADER;
	if (proto == IPPROTO_TCP) {
		l4 = (size_t)(ip[ihl + US_TCP_OFF_DOFF] >> 4) * 4;
		if (l4 < US_TCP_HDR_MIN || ihl + l4 > g->g_len)
			return DROP_GSO_HEADER;
	}
	g->g_hlen = ihl + l4;
	g->g_udp = proto == IPPROTO_UDP;
	return DROP_NONE;
}

/* The protocol a GSO type cuts (TCP or UDP); 0 for one this reader does not cut. */
static uint8_t us_gso_proto(uint8_t gso_type)
{
	if (gso_type == VIRTIO_NET_HDR_GSO_TCPV4)
		return IPPROTO_TCP;
	return gso_type == VIRTIO_NET_HDR_GSO_UDP_L4 ? IPPROTO_UDP : 0;
}

enum us_drop us_gso_parse(const uint8_t *buf, size_t len, struct us_gso *g)
{
	struct virtio_net_hdr vh;
	uint8_t proto;

	if (len < US_VNET_HDR_LEN + IP4_HDR_LEN)
		return DROP_GSO_HEADER;
	memcpy(&vh, buf, sizeof(vh));
	*g = (struct us_gso){.g_pkt = buf + US_VNET_HDR_LEN,
			     .g_len = len - US_VNET_HDR_LEN,
			     .g_nseg = 1,
			     .g_needs_csum = vh.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM,
			     .g_csum_start = vh.csum_start,
			     .g_csum_offset = vh.csum_offset};
	if (g->g_needs_csum && (size_t)g->g_csum_start + g->g_csum_offset + 2 > g->g_len)
		return DROP_GSO_HEADER;
	if (vh.gso_type == VIRTIO_NET_HDR_GSO_NONE)
		return DROP_NONE;
	proto = us_gso_proto(vh.gso_type);
	if (!proto || vh.gso_size == 0 || us_gso_headers(g, proto) != DROP_NONE)
		return DROP_GSO_HEADER;
	g->g_mss = vh.gso_size;
	g->g_nseg = (g->g_len - g->g_hlen + g->g_mss - 1) / g->g_mss;
	if (g->g_nseg == 0)
		g->g_nseg = 1;
	return DROP_NONE;
}

size_t us_gso_max(const struct us_gso *g)
{
	return g->g_mss ? g->g_hlen + g->g_mss : g->g_len;
}

uint32_t us_gso_udp_pseudo_sum(const uint8_t *ip, size_t udp_len)
{
	/* The pseudo-headers differ only in the protocol word, which a one's complement sum just adds. */
	return us_tcp_pseudo_sum(ip, udp_len) - IPPROTO_TCP + IPPROTO_UDP;
}

/* Writes packet k's IPv4 header (length, id counting up, checksum) and its part of the payload; its length. */
static size_t us_gso_cut(const struct us_gso *g, size_t k, uint8_t *out, size_t ihl)
{
	size_t payload = g->g_len - g->g_hlen, off = k * g->g_mss;
	size_t plen = payload - off < g->g_mss ? payload - off : g->g_mss;

	memcpy(out, g->g_pkt, g->g_hlen);
	memcpy(out + g->g_hlen, g->g_pkt + g->g_hlen + off, plen);
	wire_put16(out + IP4_OFF_LEN, (uint16_t)(g->g_hlen + plen));
	wire_put16(out + IP4_OFF_ID, (uint16_t)(wire_get16(g->g_pkt + IP4_OFF_ID) + k));
	wire_put16(out + IP4_OFF_CSUM, 0);
	wire_put16(out + IP4_OFF_CSUM, inet_csum(out, ihl));
	return g->g_hlen + plen;
}

/* The TCP checksum over the pseudo-header (RFC 793 3.1), the header and the payload. */
static uint16_t us_gso_tcp_csum(const uint8_t *ip, const uint8_t *tcp, size_t tcp_len)
{
	return inet_csum_fold(inet_csum_add(us_tcp_pseudo_sum(ip, tcp_len), tcp, tcp_len));
}

static size_t us_gso_tcp_segment(const struct us_gso *g, size_t k, uint8_t *out)
{
	size_t ihl = (size_t)(g->g_pkt[0] & 0x0f) * 4, len = us_gso_cut(g, k, out, ihl);
	uint8_t *tcp = out + ihl;

	wire_put32(tcp + US_TCP_OFF_SEQ, wire_get32(tcp + US_TCP_OFF_SEQ) + (uint32_t)(k * g->g_mss));
	if (k + 1 < g->g_nseg)
		tcp[US_TCP_OFF_FLAGS] &= (uint8_t) ~(US_TCP_FIN | US_TCP_PSH);
	if (k > 0)
		tcp[US_TCP_OFF_FLAGS] &= (uint8_t)~US_TCP_CWR;
	wire_put16(tcp + US_TCP_OFF_CSUM, 0);
	wire_put16(tcp + US_TCP_OFF_CSUM, us_gso_tcp_csum(out, tcp, len - ihl));
	return len;
}

/* In UDP a zero checksum says "none": a computed zero goes as all ones (RFC 768). */
static uint16_t us_gso_udp_nonzero(uint16_t csum)
{
	return csum ? csum : 0xffff;
}

static size_t us_gso_udp_segment(const struct us_gso *g, size_t k, uint8_t *out)
{
	size_t ihl = (size_t)(g->g_pkt[0] & 0x0f) * 4, len = us_gso_cut(g, k, out, ihl);
	uint8_t *udp = out + ihl;

	wire_put16(udp + US_UDP_OFF_LEN, (uint16_t)(len - ihl));
	wire_put16(udp + US_UDP_OFF_CSUM, 0);
	wire_put16(udp + US_UDP_OFF_CSUM, us_gso_udp_nonzero(inet_csum_fold(
					      inet_csum_add(us_gso_udp_pseudo_sum(out, len - ihl), udp, len - ihl))));
	return len;
}

size_t us_gso_segment(const struct us_gso *g, size_t k, uint8_t *out)
{
	if (g->g_mss)
		return g->g_udp ? us_gso_udp_segment(g, k, out) : us_gso_tcp_segment(g, k, out);
	memcpy(out, g->g_pkt, g->g_len);
	/* The field holds the pseudo-header's sum: summing from csum_start over it completes the checksum. */
	if (g->g_needs_csum) {
		uint16_t csum = inet_csum(out + g->g_csum_start, g->g_len - g->g_csum_start);

		if (g->g_pkt[IP4_OFF_PROTO] == IPPROTO_UDP)
			csum = us_gso_udp_nonzero(csum);
		wire_put16(out + g->g_csum_start + g->g_csum_offset, csum);
	}
	return g->g_len;
}
