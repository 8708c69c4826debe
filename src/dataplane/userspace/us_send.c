/* Sending queued packets to the underlay: ESP-in-UDP runs as UDP GSO datagrams, the rest raw. */
#include "dataplane/userspace/us_send.h"

#include <netinet/udp.h>
#include <string.h>

#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/udpencap.h"
#include "dataplane/userspace/wire.h"

#define US_SEND_HDRS	  (IP4_HDR_LEN + UDP_HDR_LEN)
#define US_SEND_UDP_MAX	  64 /* datagrams the kernel cuts one GSO datagram into at most (UDP_MAX_SEGMENTS) */
#define US_SEND_GSO_BYTES (UINT16_MAX - US_SEND_HDRS)

void us_send_init(struct us_send *sd, bool gso)
{
	sd->sd_nmsg = 0;
	sd->sd_npkt = 0;
	sd->sd_closed = false;
	sd->sd_gso = gso;
}

unsigned us_send_queued(const struct us_send *sd)
{
	return sd->sd_npkt;
}

/* ESP in UDP from port 4500, a header without options, neither DF nor a fragment (as the UDP socket sends). */
static bool us_send_by_udp(const struct pkt *p)
{
	const uint8_t *ip = p->pkt_data;

	return p->pkt_len > US_SEND_HDRS && ip[0] == 0x45 && ip[IP4_OFF_PROTO] == IP4_PROTO_UDP &&
	       wire_get16(ip + IP4_OFF_FRAG) == 0 && wire_get16(ip + IP4_HDR_LEN) == UDPENCAP_PORT &&
	       wire_get16(ip + IP4_HDR_LEN + 4) == p->pkt_len - IP4_HDR_LEN;
}

/* Whether a UDP datagram of plen bytes from ip's flow may join the last message. */
static bool us_send_joins(const struct us_send *sd, const uint8_t *ip, size_t plen)
{
	const struct msghdr *h;
	size_t total = 0;
	unsigned m;

	if (!sd->sd_gso || !sd->sd_nmsg || sd->sd_closed || !sd->sd_udp[sd->sd_nmsg - 1])
		return false;
	m = sd->sd_nmsg - 1;
	h = &sd->sd_msg[m].msg_hdr;
	if (h->msg_iovlen == US_SEND_UDP_MAX || plen > h->msg_iov[0].iov_len)
		return false;
	for (size_t i = 0; i < h->msg_iovlen; i++)
		total += h->msg_iov[i].iov_len;
	return total + plen <= US_SEND_GSO_BYTES && memcmp(&sd->sd_to[m].sin_addr, ip + IP4_OFF_DST, 4) == 0 &&
	       sd->sd_to[m].sin_port == htons(wire_get16(ip + IP4_HDR_LEN + 2)) &&
	       memcmp(&sd->sd_src[m], ip + IP4_OFF_SRC, 4) == 0 && sd->sd_tos[m] == ip[IP4_OFF_TOS] &&
	       sd->sd_ttl[m] == ip[IP4_OFF_TTL];
}

/* Starts a message with the last packet's iovec: to its UDP destination, or raw to nbma. */
static void us_send_start(struct us_send *sd, const uint8_t *ip, struct in_addr nbma, bool udp)
{
	unsigned m = sd->sd_nmsg++;

	sd->sd_to[m] = (struct sockaddr_in){.sin_family = AF_INET, .sin_addr = nbma};
	if (udp) {
		memcpy(&sd->sd_to[m].sin_addr, ip + IP4_OFF_DST, 4);
		sd->sd_to[m].sin_port = htons(wire_get16(ip + IP4_HDR_LEN + 2));
		memcpy(&sd->sd_src[m], ip + IP4_OFF_SRC, 4);
		sd->sd_tos[m] = ip[IP4_OFF_TOS];
		sd->sd_ttl[m] = ip[IP4_OFF_TTL];
	}
	sd->sd_msg[m].msg_hdr = (struct msghdr){.msg_name = &sd->sd_to[m],
						.msg_namelen = sizeof(sd->sd_to[m]),
						.msg_iov = &sd->sd_iov[sd->sd_npkt - 1],
						.msg_iovlen = 1};
	sd->sd_udp[m] = udp;
	sd->sd_closed = false;
}

void us_send_queue(struct us_send *sd, struct pkt *p, struct in_addr nbma)
{
	bool udp = us_send_by_udp(p);
	size_t skip = udp ? US_SEND_HDRS : 0, plen = p->pkt_len - skip;

	sd->sd_iov[sd->sd_npkt++] = (struct iovec){.iov_base = p->pkt_data + skip, .iov_len = plen};
	if (udp && us_send_joins(sd, p->pkt_data, plen)) {
		struct msghdr *h = &sd->sd_msg[sd->sd_nmsg - 1].msg_hdr;

		sd->sd_closed = plen < h->msg_iov[0].iov_len;
		h->msg_iovlen++;
		return;
	}
	us_send_start(sd, p->pkt_data, nbma, udp);
}

static void us_send_cmsg(struct msghdr *h, int level, int type, const void *data, size_t len)
{
	struct cmsghdr *c = (struct cmsghdr *)((char *)h->msg_control + h->msg_controllen);

	c->cmsg_level = level;
	c->cmsg_type = type;
	c->cmsg_len = CMSG_LEN(len);
	memcpy(CMSG_DATA(c), data, len);
	h->msg_controllen += CMSG_SPACE(len);
}

/* A UDP message's source address, TOS and TTL, and its datagram size when it holds more than one. */
static void us_send_udp_control(struct us_send *sd, unsigned m)
{
	struct msghdr *h = &sd->sd_msg[m].msg_hdr;
	struct in_pktinfo pi = {.ipi_spec_dst = sd->sd_src[m]};
	int tos = sd->sd_tos[m], ttl = sd->sd_ttl[m];
	uint16_t gso = (uint16_t)h->msg_iov[0].iov_len;

	memset(sd->sd_ctl[m].c, 0, sizeof(sd->sd_ctl[m].c));
	h->msg_control = sd->sd_ctl[m].c;
	h->msg_controllen = 0;
	us_send_cmsg(h, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi));
	us_send_cmsg(h, IPPROTO_IP, IP_TOS, &tos, sizeof(tos));
	us_send_cmsg(h, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl));
	if (h->msg_iovlen > 1)
		us_send_cmsg(h, IPPROTO_UDP, UDP_SEGMENT, &gso, sizeof(gso));
}

/* Sends messages [first, end) through fd; those the kernel refused count their packets in *refused. */
static void us_send_run(struct us_send *sd, int fd, unsigned first, unsigned end, unsigned *refused)
{
	while (first < end) {
		int n = sendmmsg(fd, sd->sd_msg + first, end - first, MSG_DONTWAIT);

		if (n > 0) {
			first += (unsigned)n;
			continue;
		}
		/* sendmmsg reports the first failure only: that message's packets */
		*refused += (unsigned)sd->sd_msg[first].msg_hdr.msg_iovlen;
		first++;
	}
}

void us_send_flush(struct us_send *sd, const struct us_sock *so, unsigned *refused)
{
	unsigned first = 0;

	for (unsigned m = 0; m < sd->sd_nmsg; m++)
		if (sd->sd_udp[m])
			us_send_udp_control(sd, m);
	/* Runs of messages for one socket, in the order queued. */
	for (unsigned m = 1; m <= sd->sd_nmsg; m++)
		if (m == sd->sd_nmsg || sd->sd_udp[m] != sd->sd_udp[first]) {
			us_send_run(sd, sd->sd_udp[first] ? so->so_rx[US_RX_UDP] : so->so_tx, first, m, refused);
			first = m;
		}
	sd->sd_nmsg = 0;
	sd->sd_npkt = 0;
}
