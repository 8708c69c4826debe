/* TSO super-packets and partial checksums from a TUN (us_gso.h): segments checked field by field. */
#include <linux/virtio_net.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/userspace/csum.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/us_gso.h"
#include "dataplane/userspace/wire.h"

#define PAYLOAD 2500
#define MSS	1000
#define HLEN	40 /* IPv4 and TCP without options */

static uint8_t in[US_VNET_HDR_LEN + HLEN + PAYLOAD], out[HLEN + PAYLOAD];

/* A TCP packet 10.1.0.2:5001 -> 10.2.0.2:80, seq 1000, ACK|PSH|FIN|CWR, id 7, behind a virtio-net header. */
static size_t build(uint8_t gso_type, uint16_t gso_size, size_t payload)
{
	struct virtio_net_hdr vh = {.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
				    .gso_type = gso_type,
				    .hdr_len = HLEN,
				    .gso_size = gso_size,
				    .csum_start = 20,
				    .csum_offset = 16};
	struct ip4_fields f = {.if_src.s_addr = htonl(0x0a010002),
			       .if_dst.s_addr = htonl(0x0a020002),
			       .if_proto = IPPROTO_TCP,
			       .if_ttl = 63,
			       .if_id = 7,
			       .if_frag = IP4_DF};
	uint8_t *ip = in + US_VNET_HDR_LEN, *tcp = ip + 20, pseudo[12];

	memcpy(in, &vh, sizeof(vh));
	ip4_write(ip, &f, (uint16_t)(HLEN + payload));
	memset(tcp, 0, 20);
	wire_put16(tcp, 5001);
	wire_put16(tcp + 2, 80);
	wire_put32(tcp + 4, 1000);
	tcp[12] = 5 << 4;
	tcp[13] = 0x80 | 0x10 | 0x08 | 0x01;
	for (size_t i = 0; i < payload; i++)
		tcp[20 + i] = (uint8_t)(i * 7);
	/* What the kernel leaves in the field: the pseudo-header's sum, not complemented. */
	memcpy(pseudo, ip + IP4_OFF_SRC, 8);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_TCP;
	wire_put16(pseudo + 10, (uint16_t)(20 + payload));
	wire_put16(tcp + 16, (uint16_t)~inet_csum_fold(inet_csum_add(0, pseudo, sizeof(pseudo))));
	return US_VNET_HDR_LEN + HLEN + payload;
}

/* The TCP checksum over pseudo-header and segment sums to zero when it is whole. */
static void assert_tcp_csum(const uint8_t *ip, size_t len)
{
	uint8_t pseudo[12];

	memcpy(pseudo, ip + IP4_OFF_SRC, 8);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_TCP;
	wire_put16(pseudo + 10, (uint16_t)(len - 20));
	assert_int_equal(inet_csum_fold(inet_csum_add(inet_csum_add(0, pseudo, 12), ip + 20, len - 20)), 0);
}

static void test_partial_checksum_completed(void **state)
{
	struct us_gso g;
	size_t len;

	(void)state;
	assert_int_equal(us_gso_parse(in, build(VIRTIO_NET_HDR_GSO_NONE, 0, 100), &g), DROP_NONE);
	assert_int_equal(g.g_nseg, 1);
	len = us_gso_segment(&g, 0, out);
	assert_int_equal(len, HLEN + 100);
	assert_int_equal(inet_csum(out, 20), 0);
	assert_tcp_csum(out, len);
}

static void test_tso_cut(void **state)
{
	static const size_t lens[] = {MSS, MSS, PAYLOAD - 2 * MSS};
	struct us_gso g;

	(void)state;
	assert_int_equal(us_gso_parse(in, build(VIRTIO_NET_HDR_GSO_TCPV4, MSS, PAYLOAD), &g), DROP_NONE);
	assert_int_equal(g.g_nseg, 3);
	assert_int_equal(us_gso_max(&g), HLEN + MSS);
	for (size_t k = 0; k < 3; k++) {
		size_t len = us_gso_segment(&g, k, out);

		assert_int_equal(len, HLEN + lens[k]);
		assert_int_equal(wire_get16(out + IP4_OFF_LEN), len);
		assert_int_equal(wire_get16(out + IP4_OFF_ID), 7 + k);
		assert_int_equal(inet_csum(out, 20), 0);
		assert_int_equal(wire_get32(out + 24), 1000 + k * MSS);
		/* ACK always; CWR on the first only; PSH and FIN on the last only. */
		assert_int_equal(out[33], (k == 0 ? 0x80 : 0) | 0x10 | (k == 2 ? 0x08 | 0x01 : 0));
		assert_memory_equal(out + HLEN, in + US_VNET_HDR_LEN + HLEN + k * MSS, lens[k]);
		assert_tcp_csum(out, len);
	}
}

static void test_refused(void **state)
{
	struct us_gso g;
	size_t len = build(VIRTIO_NET_HDR_GSO_TCPV4, MSS, PAYLOAD);

	(void)state;
	assert_int_equal(us_gso_parse(in, US_VNET_HDR_LEN + 10, &g), DROP_GSO_HEADER); /* shorter than IPv4 */
	in[1] = VIRTIO_NET_HDR_GSO_UDP;						       /* not asked for */
	assert_int_equal(us_gso_parse(in, len, &g), DROP_GSO_HEADER);
	build(VIRTIO_NET_HDR_GSO_TCPV4, 0, PAYLOAD); /* no segment size */
	assert_int_equal(us_gso_parse(in, len, &g), DROP_GSO_HEADER);
	build(VIRTIO_NET_HDR_GSO_NONE, 0, 0); /* the checksum field past the end */
	assert_int_equal(us_gso_parse(in, US_VNET_HDR_LEN + 30, &g), DROP_GSO_HEADER);
	build(VIRTIO_NET_HDR_GSO_TCPV4, MSS, PAYLOAD);
	in[US_VNET_HDR_LEN + 20 + 12] = 15 << 4; /* TCP header longer than the packet's headers allow */
	assert_int_equal(us_gso_parse(in, US_VNET_HDR_LEN + 70, &g), DROP_GSO_HEADER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_partial_checksum_completed),
	    cmocka_unit_test(test_tso_cut),
	    cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
