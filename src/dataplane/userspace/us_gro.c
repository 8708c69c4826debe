/* Joining the TCP segments or UDP datagrams of one flow into a GSO super-packet for a TUN. */
#include "dataplane/userspace/us_gro.h"

#include <stdbool.h>

#include "dataplane/userspace/udpencap.h"
#include "dataplane/userspace/us_tcp.h"

#define US_GRO_IHL	20 /* only IPv4 headers without options are joined */
#define US_GRO_UDP_MAX	64 /* datagrams the kernel takes in one UDP GSO packet (its UDP_MAX_SEGMENTS) */
#define US_GRO_UDP_CSUM 6  /* the UDP header's checksum field */
#define US_GRO_UDP_LEN	4  /* its length field */
#define US_GRO_FRAGMASK (IP4_MF | IP4_OFFMASK)

/* A TCP segment that may be joined: ACK (maybe PSH) and a payload; *hlen its IPv4 and TCP headers. */
static bool us_gro_tcp_eligible(const uint8_t *ip, size_t len, size_t *hlen)
{
	const uint8_t *tcp = ip + US_GRO_IHL;
	size_t thl;

	if (len < US_GRO_IHL + US_TCP_HDR_MIN || !(wire_get16(ip + IP4_OFF_FRAG) & IP4_DF))
		return false;
	thl = (size_t)(tcp[US_TCP_OFF_DOFF] >> 4) * 4;
	if (thl < US_TCP_HDR_MIN || US_GRO_IHL + thl >= len)
		return false;
	if ((tcp[US_TCP_OFF_FLAGS] & ~(US_TCP_ACK | US_TCP_PSH)) != 0 || !(tcp[US_TCP_OFF_FLAGS] & US_TCP_ACK))
		return false;
	*hlen = US_GRO_IHL + thl;
	return true;
}

/* A UDP datagram that may be joined: a payload, its own length, a checksum present and right. */
static bool us_gro_udp_eligible(const uint8_t *ip, size_t len)
{
	const uint8_t *udp = ip + US_GRO_IHL;
	size_t ulen = len - US_GRO_IHL;

	if (len <= US_GRO_IHL + UDP_HDR_LEN || wire_get16(udp + US_GRO_UDP_LEN) != ulen ||
	    wire_get16(udp + US_GRO_UDP_CSUM) == 0)
		return false;
	return inet_csum_fold(inet_csum_add(us_gso_udp_pseudo_sum(ip, ulen), udp, ulen)) == 0;
}

/* What may be joined: IPv4 without options and not a fragment, then TCP or (with gr_uso) UDP. */
static bool us_gro_eligible(const struct us_gro *gr, const uint8_t *ip, size_t len, size_t *hlen)
{
	if (len < US_GRO_IHL || ip[0] != 0x45 || (wire_get16(ip + IP4_OFF_FRAG) & US_GRO_FRAGMASK))
		return false;
	if (ip[IP4_OFF_PROTO] == IPPROTO_TCP)
		return us_gro_tcp_eligible(ip, len, hlen);
	*hlen = US_GRO_IHL + UDP_HDR_LEN;
	return ip[IP4_OFF_PROTO] == IPPROTO_UDP && gr->gr_uso && us_gro_udp_eligible(ip, len);
}

/* TCP: the same ports, sequence where the run ends, identical ack, window and options. */
static bool us_gro_tcp_joins(const struct us_gro *gr, const uint8_t *t0, const uint8_t *t, size_t hlen)
{
	return memcmp(t0, t, US_TCP_OFF_SEQ) == 0 && wire_get32(t + US_TCP_OFF_SEQ) == gr->gr_next_seq &&
	       memcmp(t0 + US_TCP_OFF_ACK, t + US_TCP_OFF_ACK, 4) == 0 &&
	       memcmp(t0 + US_TCP_OFF_WIN, t + US_TCP_OFF_WIN, 2) == 0 &&
	       memcmp(t0 + US_TCP_HDR_MIN, t + US_TCP_HDR_MIN, hlen - US_GRO_IHL - US_TCP_HDR_MIN) == 0;
}

/* UDP: the same ports and DF, the next IPv4 id, room for one more datagram. */
static bool us_gro_udp_joins(const struct us_gro *gr, const uint8_t *first, const uint8_t *ip)
{
	return memcmp(first + US_GRO_IHL, ip + US_GRO_IHL, 4) == 0 &&
	       wire_get16(first + IP4_OFF_FRAG) == wire_get16(ip + IP4_OFF_FRAG) &&
	       wire_get16(ip + IP4_OFF_ID) == gr->gr_next_id && gr->gr_count < US_GRO_UDP_MAX;
}

/* The same flow, TOS and TTL, continuing the pending run, no longer than its first. */
static bool us_gro_joins(const struct us_gro *gr, int fd, const uint8_t *ip, size_t len, size_t hlen)
{
	const uint8_t *first = gr->gr_buf + US_VNET_HDR_LEN;
	size_t plen = len - hlen;

	if (!gr->gr_len || gr->gr_closed || gr->gr_fd != fd || hlen != gr->gr_hlen ||
	    first[IP4_OFF_PROTO] != ip[IP4_OFF_PROTO])
		return false;
	if (first[IP4_OFF_TOS] != ip[IP4_OFF_TOS] || first[IP4_OFF_TTL] != ip[IP4_OFF_TTL] ||
	    memcmp(first + IP4_OFF_SRC, ip + IP4_OFF_SRC, 8) != 0)
		return false;
	if (plen > gr->gr_mss || gr->gr_len + plen > UINT16_MAX)
		return false;
	if (ip[IP4_OFF_PROTO] == IPPROTO_UDP)
		return us_gro_udp_joins(gr, first, ip);
	return us_gro_tcp_joins(gr, first + US_GRO_IHL, ip + US_GRO_IHL, hlen);
}

/* Appends a payload; a short one, TCP's PSH or a full UDP run ends the run (PSH then marks the whole). */
static void us_gro_append(struct us_gro *gr, const uint8_t *ip, size_t len, size_t hlen)
{
	uint8_t *first = gr->gr_buf + US_VNET_HDR_LEN;
	size_t plen = len - hlen;

	memcpy(first + gr->gr_len, ip + hlen, plen);
	gr->gr_len += plen;
	gr->gr_next_seq += (uint32_t)plen;
	gr->gr_next_id++;
	gr->gr_count++;
	if (plen < gr->gr_mss || gr->gr_count == US_GRO_UDP_MAX)
		gr->gr_closed = true;
	if (ip[IP4_OFF_PROTO] == IPPROTO_TCP && (ip[US_GRO_IHL + US_TCP_OFF_FLAGS] & US_TCP_PSH)) {
		first[US_GRO_IHL + US_TCP_OFF_FLAGS] |= US_TCP_PSH;
		gr->gr_closed = true;
	}
}

static void us_gro_start(struct us_gro *gr, int fd, const uint8_t *ip, size_t len, size_t hlen)
{
	bool tcp = ip[IP4_OFF_PROTO] == IPPROTO_TCP;

	memcpy(gr->gr_buf + US_VNET_HDR_LEN, ip, len);
	gr->gr_len = len;
	gr->gr_hlen = hlen;
	gr->gr_mss = (uint16_t)(len - hlen);
	gr->gr_next_seq = tcp ? wire_get32(ip + US_GRO_IHL + US_TCP_OFF_SEQ) + (uint32_t)(len - hlen) : 0;
	gr->gr_next_id = (uint16_t)(wire_get16(ip + IP4_OFF_ID) + 1);
	gr->gr_count = 1;
	gr->gr_closed = tcp && (ip[US_GRO_IHL + US_TCP_OFF_FLAGS] & US_TCP_PSH) != 0;
	gr->gr_fd = fd;
}

/* A packet not joined: behind a virtio-net header asking for nothing. */
static int us_gro_write_one(int fd, struct pkt *p, us_gro_write_fn *write_fn)
{
	uint8_t *vnet = pkt_push(p, US_VNET_HDR_LEN);

	if (!vnet)
		return -1;
	memset(vnet, 0, US_VNET_HDR_LEN);
	return write_fn(fd, p->pkt_data, p->pkt_len);
}

int us_gro_add(struct us_gro *gr, int fd, struct pkt *p, us_gro_write_fn *write_fn)
{
	size_t hlen;
	int rc;

	if (!us_gro_eligible(gr, p->pkt_data, p->pkt_len, &hlen)) {
		rc = us_gro_flush(gr, write_fn);
		return us_gro_write_one(fd, p, write_fn) < 0 ? -1 : rc;
	}
	if (us_gro_joins(gr, fd, p->pkt_data, p->pkt_len, hlen)) {
		us_gro_append(gr, p->pkt_data, p->pkt_len, hlen);
		return 0;
	}
	rc = us_gro_flush(gr, write_fn);
	us_gro_start(gr, fd, p->pkt_data, p->pkt_len, hlen);
	return rc;
}

/* Asks the kernel to cut at the first packet's size; the checksum field gets the pseudo-header's sum. */
static void us_gro_gso_header(struct us_gro *gr)
{
	uint8_t *ip = gr->gr_buf + US_VNET_HDR_LEN, *l4 = ip + US_GRO_IHL;
	size_t l4len = gr->gr_len - US_GRO_IHL;
	bool udp = ip[IP4_OFF_PROTO] == IPPROTO_UDP;
	struct virtio_net_hdr vh = {.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
				    .gso_type = udp ? VIRTIO_NET_HDR_GSO_UDP_L4 : VIRTIO_NET_HDR_GSO_TCPV4,
				    .hdr_len = (uint16_t)gr->gr_hlen,
				    .gso_size = gr->gr_mss,
				    .csum_start = US_GRO_IHL,
				    .csum_offset = udp ? US_GRO_UDP_CSUM : US_TCP_OFF_CSUM};

	memcpy(gr->gr_buf, &vh, sizeof(vh));
	wire_put16(ip + IP4_OFF_LEN, (uint16_t)gr->gr_len);
	wire_put16(ip + IP4_OFF_CSUM, 0);
	wire_put16(ip + IP4_OFF_CSUM, inet_csum(ip, US_GRO_IHL));
	if (udp)
		wire_put16(l4 + US_GRO_UDP_LEN, (uint16_t)l4len);
	wire_put16(l4 + vh.csum_offset,
		   (uint16_t)~inet_csum_fold(udp ? us_gso_udp_pseudo_sum(ip, l4len) : us_tcp_pseudo_sum(ip, l4len)));
}

int us_gro_flush(struct us_gro *gr, us_gro_write_fn *write_fn)
{
	size_t len = gr->gr_len;

	if (!len)
		return 0;
	/* The header takes the run's length: made before the run is emptied (a TSO packet with total length 0
	 * passed only as a "big TCP" one; UDP's is refused). */
	if (gr->gr_count > 1)
		us_gro_gso_header(gr);
	else
		memset(gr->gr_buf, 0, US_VNET_HDR_LEN); /* one packet as it came, checksums whole */
	gr->gr_len = 0;
	return write_fn(gr->gr_fd, gr->gr_buf, US_VNET_HDR_LEN + len);
}
