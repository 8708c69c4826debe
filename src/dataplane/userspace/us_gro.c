/* Joining the TCP segments of one flow into a TSO super-packet for a TUN. */
#include "dataplane/userspace/us_gro.h"

#include <linux/virtio_net.h>
#include <stdbool.h>

#include "dataplane/userspace/us_tcp.h"

#define US_GRO_IHL 20 /* only IPv4 headers without options are joined */

/* A segment that may be joined: IPv4 without options, DF, TCP with ACK (maybe PSH) and a payload. */
static bool us_gro_eligible(const uint8_t *ip, size_t len, size_t *hlen)
{
	uint16_t frag;
	size_t thl;

	if (len < US_GRO_IHL + US_TCP_HDR_MIN || ip[0] != 0x45 || ip[IP4_OFF_PROTO] != IPPROTO_TCP)
		return false;
	frag = wire_get16(ip + IP4_OFF_FRAG);
	if ((frag & (IP4_MF | IP4_OFFMASK)) || !(frag & IP4_DF))
		return false;
	thl = (size_t)(ip[US_GRO_IHL + US_TCP_OFF_DOFF] >> 4) * 4;
	if (thl < US_TCP_HDR_MIN || US_GRO_IHL + thl >= len)
		return false;
	if ((ip[US_GRO_IHL + US_TCP_OFF_FLAGS] & ~(US_TCP_ACK | US_TCP_PSH)) != 0 ||
	    !(ip[US_GRO_IHL + US_TCP_OFF_FLAGS] & US_TCP_ACK))
		return false;
	*hlen = US_GRO_IHL + thl;
	return true;
}

/* The same flow, headers and options, starting where the pending run ends, no longer than its first. */
static bool us_gro_joins(const struct us_gro *gr, int fd, const uint8_t *ip, size_t len, size_t hlen)
{
	const uint8_t *first = gr->gr_buf + US_VNET_HDR_LEN, *t0 = first + US_GRO_IHL, *t = ip + US_GRO_IHL;
	size_t plen = len - hlen;

	if (!gr->gr_len || gr->gr_closed || gr->gr_fd != fd || hlen != gr->gr_hlen)
		return false;
	if (first[IP4_OFF_TOS] != ip[IP4_OFF_TOS] || first[IP4_OFF_TTL] != ip[IP4_OFF_TTL] ||
	    memcmp(first + IP4_OFF_SRC, ip + IP4_OFF_SRC, 8) != 0)
		return false;
	if (memcmp(t0, t, US_TCP_OFF_SEQ) != 0 || wire_get32(t + US_TCP_OFF_SEQ) != gr->gr_next_seq ||
	    memcmp(t0 + US_TCP_OFF_ACK, t + US_TCP_OFF_ACK, 4) != 0 ||
	    memcmp(t0 + US_TCP_OFF_WIN, t + US_TCP_OFF_WIN, 2) != 0 ||
	    memcmp(t0 + US_TCP_HDR_MIN, t + US_TCP_HDR_MIN, hlen - US_GRO_IHL - US_TCP_HDR_MIN) != 0)
		return false;
	return plen <= gr->gr_mss && gr->gr_len + plen <= UINT16_MAX;
}

/* Appends a segment's payload; a short segment or PSH ends the run (PSH then marks the whole). */
static void us_gro_append(struct us_gro *gr, const uint8_t *ip, size_t len, size_t hlen)
{
	uint8_t *first = gr->gr_buf + US_VNET_HDR_LEN;
	size_t plen = len - hlen;

	memcpy(first + gr->gr_len, ip + hlen, plen);
	gr->gr_len += plen;
	gr->gr_next_seq += (uint32_t)plen;
	gr->gr_count++;
	if (plen < gr->gr_mss || (ip[US_GRO_IHL + US_TCP_OFF_FLAGS] & US_TCP_PSH)) {
		first[US_GRO_IHL + US_TCP_OFF_FLAGS] |= ip[US_GRO_IHL + US_TCP_OFF_FLAGS] & US_TCP_PSH;
		gr->gr_closed = true;
	}
}

static void us_gro_start(struct us_gro *gr, int fd, const uint8_t *ip, size_t len, size_t hlen)
{
	memcpy(gr->gr_buf + US_VNET_HDR_LEN, ip, len);
	gr->gr_len = len;
	gr->gr_hlen = hlen;
	gr->gr_mss = (uint16_t)(len - hlen);
	gr->gr_next_seq = wire_get32(ip + US_GRO_IHL + US_TCP_OFF_SEQ) + (uint32_t)(len - hlen);
	gr->gr_count = 1;
	gr->gr_closed = (ip[US_GRO_IHL + US_TCP_OFF_FLAGS] & US_TCP_PSH) != 0;
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

	if (!us_gro_eligible(p->pkt_data, p->pkt_len, &hlen)) {
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

/* Asks the kernel for TSO at the first segment's size; the TCP field gets the pseudo-header's sum. */
static void us_gro_tso_header(struct us_gro *gr)
{
	uint8_t *ip = gr->gr_buf + US_VNET_HDR_LEN;
	struct virtio_net_hdr vh = {.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
				    .gso_type = VIRTIO_NET_HDR_GSO_TCPV4,
				    .hdr_len = (uint16_t)gr->gr_hlen,
				    .gso_size = gr->gr_mss,
				    .csum_start = US_GRO_IHL,
				    .csum_offset = US_TCP_OFF_CSUM};

	memcpy(gr->gr_buf, &vh, sizeof(vh));
	wire_put16(ip + IP4_OFF_LEN, (uint16_t)gr->gr_len);
	wire_put16(ip + IP4_OFF_CSUM, 0);
	wire_put16(ip + IP4_OFF_CSUM, inet_csum(ip, US_GRO_IHL));
	wire_put16(ip + US_GRO_IHL + US_TCP_OFF_CSUM,
		   (uint16_t)~inet_csum_fold(us_tcp_pseudo_sum(ip, gr->gr_len - US_GRO_IHL)));
}

int us_gro_flush(struct us_gro *gr, us_gro_write_fn *write_fn)
{
	size_t len = gr->gr_len;

	if (!len)
		return 0;
	gr->gr_len = 0;
	if (gr->gr_count > 1)
		us_gro_tso_header(gr);
	else
		memset(gr->gr_buf, 0, US_VNET_HDR_LEN); /* one segment as it came, checksums whole */
	return write_fn(gr->gr_fd, gr->gr_buf, US_VNET_HDR_LEN + len);
}
