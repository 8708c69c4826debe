/*
 * A VRF LAN ring's frames (us_lan_frame.h), hand-built as tpacket_rcv lays
 * them out with PACKET_VNET_HDR: tpacket2_hdr, the virtio-net header at
 * tp_mac - 10, Ethernet at tp_mac, IPv4 after it. What a frame gives must be
 * the TUN read of the same packet byte for byte (the virtio-net header's
 * offsets written by hand both ways), and us_gso must cut it into packets
 * with whole checksums, as it cuts a TUN read. Each check runs on the ring
 * frame and on the same bytes read whole from the socket (the copied form).
 */
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/userspace/csum.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/udpencap.h"
#include "dataplane/userspace/us_gso.h"
#include "dataplane/userspace/us_lan_frame.h"
#include "dataplane/userspace/us_lan_ring.h"
#include "dataplane/userspace/us_tcp.h"
#include "dataplane/userspace/wire.h"

/* tpacket_rcv's tp_mac for Ethernet: TPACKET_ALIGN(TPACKET2_HDRLEN + 16) + 10 - 14 = 80 + 10 - 14. */
#define MAC_OFF	     76
#define MAC_MIN	     (sizeof(struct tpacket2_hdr) + US_VNET_HDR_LEN) /* the first tp_mac with room for the header */
#define LONG_PAYLOAD 4000 /* more than a ring frame holds: only ever read whole from the socket */
#define BUF_LEN	     (MAC_OFF + ETH_HLEN + IP4_HDR_LEN + US_TCP_HDR_MIN + LONG_PAYLOAD)

/* One packet: the virtio-net header the kernel writes into the ring and the one a TUN read carries. */
struct lan_case {
	struct virtio_net_hdr lc_ring, lc_tun;
	uint8_t lc_proto; /* IPPROTO_TCP or IPPROTO_UDP */
	size_t lc_payload;
	size_t lc_nseg; /* packets us_gso cuts it into */
};

/* Parsed as the ring holds it (US_LAN_RING_FRAME bytes), or as recv reads it whole from the socket. */
enum lan_form { LAN_RING, LAN_COPIED };

static uint8_t tun[BUF_LEN], frame[BUF_LEN], copied[BUF_LEN], seg[BUF_LEN];

/* The IPv4 packet 10.1.0.2:5001 -> 10.2.0.2:80 of c at ip; NEEDS_CSUM: its checksum holds the pseudo-header's sum. */
static size_t build_ip(uint8_t *ip, const struct lan_case *c)
{
	struct ip4_fields f = {.if_src.s_addr = htonl(0x0a010002),
			       .if_dst.s_addr = htonl(0x0a020002),
			       .if_proto = c->lc_proto,
			       .if_ttl = 64,
			       .if_id = 7,
			       .if_frag = IP4_DF};
	bool tcp = c->lc_proto == IPPROTO_TCP;
	size_t l4_len = (tcp ? US_TCP_HDR_MIN : UDP_HDR_LEN) + c->lc_payload;
	uint8_t *l4 = ip + IP4_HDR_LEN, *csum = l4 + (tcp ? US_TCP_OFF_CSUM : 6);
	uint32_t pseudo;

	ip4_write(ip, &f, (uint16_t)(IP4_HDR_LEN + l4_len));
	memset(l4, 0, l4_len);
	wire_put16(l4, 5001);
	wire_put16(l4 + 2, 80);
	if (tcp) {
		l4[US_TCP_OFF_DOFF] = 5 << 4;
		l4[US_TCP_OFF_FLAGS] = US_TCP_ACK;
	} else {
		wire_put16(l4 + 4, (uint16_t)l4_len);
	}
	for (size_t i = l4_len - c->lc_payload; i < l4_len; i++)
		l4[i] = (uint8_t)(i * 7);
	pseudo = tcp ? us_tcp_pseudo_sum(ip, l4_len) : us_gso_udp_pseudo_sum(ip, l4_len);
	if (c->lc_ring.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)
		wire_put16(csum, (uint16_t)~inet_csum_fold(pseudo));
	else
		wire_put16(csum, inet_csum_fold(inet_csum_add(pseudo, l4, l4_len)));
	return IP4_HDR_LEN + l4_len;
}

/* The TUN read of c (into tun) and its ring frame with Ethernet at mac (into frame); the TUN read's length. */
static size_t build(const struct lan_case *c, size_t mac, uint16_t ethertype)
{
	static const uint8_t macs[12] = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2};
	size_t ip_len = build_ip(frame + mac + ETH_HLEN, c);
	struct tpacket2_hdr h = {.tp_len = (uint32_t)(ETH_HLEN + ip_len),
				 .tp_snaplen = (uint32_t)(ETH_HLEN + ip_len),
				 .tp_mac = (uint16_t)mac,
				 .tp_net = (uint16_t)(mac + ETH_HLEN),
				 .tp_status = TP_STATUS_USER};

	memset(frame, 0, mac);
	memcpy(frame, &h, sizeof(h));
	memcpy(frame + mac - US_VNET_HDR_LEN, &c->lc_ring, sizeof(c->lc_ring));
	memcpy(frame + mac, macs, sizeof(macs));
	wire_put16(frame + mac + 12, ethertype);
	memcpy(tun, &c->lc_tun, sizeof(c->lc_tun));
	memcpy(tun + US_VNET_HDR_LEN, frame + mac + ETH_HLEN, ip_len);
	return US_VNET_HDR_LEN + ip_len;
}

static struct tpacket2_hdr frame_hdr(void)
{
	struct tpacket2_hdr h;

	memcpy(&h, frame, sizeof(h));
	return h;
}

static void set_frame_hdr(const struct tpacket2_hdr *h)
{
	memcpy(frame, h, sizeof(*h));
}

/* The frame built last as recv reads it whole from the socket (into copied): virtio-net header, Ethernet; its length.
 */
static size_t copy_frame(void)
{
	struct tpacket2_hdr h = frame_hdr();
	size_t len = US_VNET_HDR_LEN + h.tp_snaplen;

	memcpy(copied, frame + h.tp_mac - US_VNET_HDR_LEN, len);
	return len;
}

/* Parses the frame built last in the given form; *ip: where its IPv4 packet lies. */
static enum us_drop parse(enum lan_form form, struct us_lan_frame *f, const uint8_t **ip)
{
	size_t len;

	if (form == LAN_RING) {
		*ip = frame + frame_hdr().tp_mac + ETH_HLEN;
		return us_lan_frame_parse(frame, US_LAN_RING_FRAME, f);
	}
	len = copy_frame();
	*ip = copied + US_VNET_HDR_LEN + ETH_HLEN;
	return us_lan_frame_copied(copied, len, f);
}

/* An IPv4 packet us_gso wrote: lengths agreeing, IPv4 and TCP or UDP checksums whole; its payload's length. */
static size_t assert_whole(const uint8_t *ip, size_t len)
{
	const uint8_t *l4 = ip + IP4_HDR_LEN;
	size_t l4_len = len - IP4_HDR_LEN;
	bool tcp = ip[IP4_OFF_PROTO] == IPPROTO_TCP;
	uint32_t pseudo = tcp ? us_tcp_pseudo_sum(ip, l4_len) : us_gso_udp_pseudo_sum(ip, l4_len);

	assert_int_equal(wire_get16(ip + IP4_OFF_LEN), len);
	assert_int_equal(inet_csum(ip, IP4_HDR_LEN), 0);
	assert_int_equal(inet_csum_fold(inet_csum_add(pseudo, l4, l4_len)), 0);
	if (!tcp)
		assert_int_equal(wire_get16(l4 + 4), l4_len);
	return l4_len - (tcp ? US_TCP_HDR_MIN : UDP_HDR_LEN);
}

/* What f holds is the TUN read of c, just before the IPv4 packet at ip, and us_gso cuts it as one. */
static void assert_as_tun_read(const struct us_lan_frame *f, const uint8_t *ip, const struct lan_case *c,
			       size_t tun_len)
{
	struct us_gso g;
	size_t payload = 0;

	assert_false(f->lf_copy);
	assert_ptr_equal(f->lf_pkt, ip - US_VNET_HDR_LEN);
	assert_int_equal(f->lf_len, tun_len);
	assert_memory_equal(f->lf_pkt, tun, tun_len);
	assert_int_equal(us_gso_parse(f->lf_pkt, f->lf_len, &g), DROP_NONE);
	assert_int_equal(g.g_nseg, c->lc_nseg);
	for (size_t k = 0; k < g.g_nseg; k++)
		payload += assert_whole(seg, us_gso_segment(&g, k, seg));
	assert_int_equal(payload, c->lc_payload);
}

/* c built at tp_mac mac, in the given form: it must come out as its TUN read. */
static void assert_form(enum lan_form form, const struct lan_case *c, size_t mac)
{
	size_t tun_len = build(c, mac, ETH_P_IP);
	struct us_lan_frame f;
	const uint8_t *ip;

	assert_int_equal(parse(form, &f, &ip), DROP_NONE);
	assert_as_tun_read(&f, ip, c, tun_len);
}

static void assert_both_forms(const struct lan_case *c)
{
	assert_form(LAN_RING, c, MAC_OFF);
	assert_form(LAN_COPIED, c, MAC_OFF);
}

/* A virtio-net header, its fields in struct virtio_net_hdr's order. */
#define VNET(flags_, gso_type_, hdr_len_, gso_size_, csum_start_, csum_offset_)                                        \
	{                                                                                                              \
		.flags = (flags_), .gso_type = (gso_type_), .hdr_len = (hdr_len_), .gso_size = (gso_size_),            \
		.csum_start = (csum_start_), .csum_offset = (csum_offset_)                                             \
	}
#define NEEDS_CSUM VIRTIO_NET_HDR_F_NEEDS_CSUM

/* TCP with a partial checksum: csum_start 34 and hdr_len 54 from Ethernet are 20 and 40 from IPv4. */
static const struct lan_case plain_tcp = {VNET(NEEDS_CSUM, VIRTIO_NET_HDR_GSO_NONE, 54, 0, 34, 16),
					  VNET(NEEDS_CSUM, VIRTIO_NET_HDR_GSO_NONE, 40, 0, 20, 16), IPPROTO_TCP, 100,
					  1};
/* No offload: a header of zeros stays zeros (no checksum start to move, hdr_len not below zero). */
static const struct lan_case no_offload = {.lc_proto = IPPROTO_UDP, .lc_payload = 60, .lc_nseg = 1};
/* GSO: the type and segment size kept, the offsets rebased; us_gso cuts 1200 bytes of TCP into 3 of 500. */
static const struct lan_case gso_tcpv4 = {VNET(NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV4, 54, 500, 34, 16),
					  VNET(NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV4, 40, 500, 20, 16), IPPROTO_TCP,
					  1200, 3};
static const struct lan_case gso_udp_l4 = {VNET(NEEDS_CSUM, VIRTIO_NET_HDR_GSO_UDP_L4, 42, 400, 34, 6),
					   VNET(NEEDS_CSUM, VIRTIO_NET_HDR_GSO_UDP_L4, 28, 400, 20, 6), IPPROTO_UDP,
					   1000, 3};

/* The lan_case in *state, as the ring holds it and as read whole from the socket. */
static void test_as_tun_read(void **state)
{
	assert_both_forms(*state);
}

/* By hand: the IPv4 header at 76 + 14 = 90, the rebased virtio-net header 10 bytes before it. */
static void test_plain_ipv4_offsets(void **state)
{
	struct us_lan_frame f;
	const uint8_t *ip;

	(void)state;
	build(&plain_tcp, MAC_OFF, ETH_P_IP);
	assert_int_equal(parse(LAN_RING, &f, &ip), DROP_NONE);
	assert_ptr_equal(f.lf_pkt, frame + 80);
	assert_int_equal(f.lf_len, US_VNET_HDR_LEN + IP4_HDR_LEN + US_TCP_HDR_MIN + 100);
}

/* A GRO super-packet longer than a frame: what recv returns after the ring flagged it TP_STATUS_COPY. */
static void test_copied_longer_than_a_frame(void **state)
{
	struct lan_case c = plain_tcp;

	(void)state;
	c.lc_ring.gso_type = c.lc_tun.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
	c.lc_ring.gso_size = c.lc_tun.gso_size = 1448;
	c.lc_payload = LONG_PAYLOAD;
	c.lc_nseg = 3;
	assert_form(LAN_COPIED, &c, MAC_OFF);
}

/* Cut by the ring (tp_snaplen < tp_len): the whole packet waits on the socket only with TP_STATUS_COPY. */
static void test_cut_by_ring(void **state)
{
	struct us_lan_frame f;
	struct tpacket2_hdr h;

	(void)state;
	build(&plain_tcp, MAC_OFF, ETH_P_IP);
	h = frame_hdr();
	h.tp_snaplen = US_LAN_RING_FRAME - MAC_OFF;
	h.tp_len = 9014;
	h.tp_status = TP_STATUS_USER | TP_STATUS_COPY;
	set_frame_hdr(&h);
	assert_int_equal(us_lan_frame_parse(frame, US_LAN_RING_FRAME, &f), DROP_NONE);
	assert_true(f.lf_copy);
	assert_null(f.lf_pkt);
	h.tp_status = TP_STATUS_USER;
	set_frame_hdr(&h);
	assert_int_equal(us_lan_frame_parse(frame, US_LAN_RING_FRAME, &f), DROP_NO_ROOM);
	assert_false(f.lf_copy);
	assert_null(f.lf_pkt);
}

/* Sets tp_mac and tp_snaplen (tp_len the same: not cut) and parses a frame of frame_size bytes. */
static enum us_drop parse_with(size_t frame_size, uint16_t mac, uint32_t snaplen)
{
	struct tpacket2_hdr h = frame_hdr();
	struct us_lan_frame f;

	h.tp_mac = mac;
	h.tp_len = h.tp_snaplen = snaplen;
	set_frame_hdr(&h);
	return us_lan_frame_parse(frame, frame_size, &f);
}

static void test_offsets_outside_frame(void **state)
{
	struct us_lan_frame f;
	const uint8_t *ip;
	size_t eth_len;

	(void)state;
	build(&plain_tcp, MAC_MIN - 1, ETH_P_IP); /* the virtio-net header over tpacket2_hdr's last byte */
	assert_int_equal(parse(LAN_RING, &f, &ip), DROP_GSO_HEADER);
	eth_len = build(&plain_tcp, MAC_OFF, ETH_P_IP) - US_VNET_HDR_LEN + ETH_HLEN;
	assert_int_equal(us_lan_frame_parse(frame, sizeof(struct tpacket2_hdr) - 1, &f), DROP_GSO_HEADER);
	assert_int_equal(parse_with(US_LAN_RING_FRAME, US_LAN_RING_FRAME + 1, 0), DROP_GSO_HEADER);
	assert_int_equal(parse_with(US_LAN_RING_FRAME, 0xffff, UINT32_MAX), DROP_GSO_HEADER);
	assert_int_equal(parse_with(MAC_OFF + eth_len - 1, MAC_OFF, (uint32_t)eth_len), DROP_GSO_HEADER);
	assert_int_equal(parse_with(US_LAN_RING_FRAME, MAC_OFF, US_LAN_RING_FRAME - MAC_OFF + 1), DROP_GSO_HEADER);
	/* The edges themselves: the header right after tpacket2_hdr, the packet ending with the frame. */
	assert_form(LAN_RING, &plain_tcp, MAC_MIN);
	build(&plain_tcp, MAC_OFF, ETH_P_IP);
	assert_int_equal(parse_with(MAC_OFF + eth_len, MAC_OFF, (uint32_t)eth_len), DROP_NONE);
}

static void test_not_ipv4(void **state)
{
	static const uint16_t others[] = {ETH_P_IPV6, ETH_P_ARP, ETH_P_8021Q, ETH_P_MPLS_UC};
	struct us_lan_frame f;
	const uint8_t *ip;
	struct tpacket2_hdr h;

	(void)state;
	for (enum lan_form form = LAN_RING; form <= LAN_COPIED; form++) {
		for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
			build(&plain_tcp, MAC_OFF, others[i]);
			assert_int_equal(parse(form, &f, &ip), DROP_GSO_HEADER);
		}
		build(&plain_tcp, MAC_OFF, ETH_P_IP); /* shorter than an Ethernet header */
		h = frame_hdr();
		h.tp_len = h.tp_snaplen = ETH_HLEN - 1;
		set_frame_hdr(&h);
		assert_int_equal(parse(form, &f, &ip), DROP_GSO_HEADER);
	}
}

/* A read shorter than the virtio-net header, of a buffer that holds a whole frame past it. */
static void test_copied_shorter_than_vnet_header(void **state)
{
	struct us_lan_frame f;

	(void)state;
	build(&plain_tcp, MAC_OFF, ETH_P_IP);
	copy_frame();
	assert_int_equal(us_lan_frame_copied(copied, US_VNET_HDR_LEN - 1, &f), DROP_GSO_HEADER);
	assert_null(f.lf_pkt);
	assert_int_equal(us_lan_frame_copied(copied, 0, &f), DROP_GSO_HEADER);
}

/* A checksum start inside the Ethernet header has no place in the IPv4 packet; 14 is its first byte. */
static void test_csum_start_in_ethernet(void **state)
{
	struct lan_case c = plain_tcp;
	struct us_lan_frame f;
	struct virtio_net_hdr vh;
	const uint8_t *ip;

	(void)state;
	for (enum lan_form form = LAN_RING; form <= LAN_COPIED; form++) {
		c.lc_ring.csum_start = ETH_HLEN - 1;
		build(&c, MAC_OFF, ETH_P_IP);
		assert_int_equal(parse(form, &f, &ip), DROP_GSO_HEADER);
		c.lc_ring.csum_start = ETH_HLEN;
		build(&c, MAC_OFF, ETH_P_IP);
		assert_int_equal(parse(form, &f, &ip), DROP_NONE);
		memcpy(&vh, f.lf_pkt, sizeof(vh));
		assert_int_equal(vh.csum_start, 0);
	}
}

/* test_as_tun_read on one lan_case, named after it. */
#define LAN_CASE(c)                                                                                                    \
	{                                                                                                              \
		.name = #c, .test_func = test_as_tun_read, .initial_state = (void *)&(c)                               \
	}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    LAN_CASE(plain_tcp),
	    LAN_CASE(no_offload),
	    LAN_CASE(gso_tcpv4),
	    LAN_CASE(gso_udp_l4),
	    cmocka_unit_test(test_plain_ipv4_offsets),
	    cmocka_unit_test(test_copied_longer_than_a_frame),
	    cmocka_unit_test(test_cut_by_ring),
	    cmocka_unit_test(test_offsets_outside_frame),
	    cmocka_unit_test(test_not_ipv4),
	    cmocka_unit_test(test_copied_shorter_than_vnet_header),
	    cmocka_unit_test(test_csum_start_in_ethernet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
