/* Joining TCP segments for a TUN (us_gro.h): what is written, cut again by us_gso, gives the segments back. */
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
#include "dataplane/userspace/us_gro.h"
#include "dataplane/userspace/us_gso.h"
#include "dataplane/userspace/us_tcp.h"

#define ROOM 64
#define MSS  1000

static struct us_gro gro;
static uint8_t bufs[4][ROOM + 1500];
static uint8_t written[8][US_VNET_HDR_LEN + UINT16_MAX];
static size_t written_len[8], nwritten;

static int capture(int fd, const uint8_t *buf, size_t len)
{
	assert_int_equal(fd, 7);
	assert_true(nwritten < 8);
	memcpy(written[nwritten], buf, len);
	written_len[nwritten++] = len;
	return 0;
}

/* Segment i of a flow 10.1.0.2:5001 -> 10.2.0.2:80: seq 1000 + i * MSS, plen payload bytes, TCP flags. */
static struct pkt *segment(size_t i, size_t plen, uint8_t flags)
{
	static struct pkt p[4];
	struct ip4_fields f = {.if_src.s_addr = htonl(0x0a010002),
			       .if_dst.s_addr = htonl(0x0a020002),
			       .if_proto = IPPROTO_TCP,
			       .if_ttl = 61,
			       .if_id = (uint16_t)(100 + i),
			       .if_frag = IP4_DF};
	uint8_t *ip, *tcp;

	pkt_init(&p[i], bufs[i], sizeof(bufs[i]), ROOM);
	ip = bufs[i] + ROOM;
	assert_ptr_equal(pkt_put(&p[i], 40 + plen), ip);
	ip4_write(ip, &f, (uint16_t)(40 + plen));
	tcp = ip + 20;
	memset(tcp, 0, 20);
	wire_put16(tcp, 5001);
	wire_put16(tcp + 2, 80);
	wire_put32(tcp + US_TCP_OFF_SEQ, (uint32_t)(1000 + i * MSS));
	wire_put32(tcp + US_TCP_OFF_ACK, 77);
	tcp[US_TCP_OFF_DOFF] = 5 << 4;
	tcp[US_TCP_OFF_FLAGS] = flags;
	wire_put16(tcp + US_TCP_OFF_WIN, 500);
	for (size_t k = 0; k < plen; k++)
		tcp[20 + k] = (uint8_t)(i * 31 + k);
	wire_put16(tcp + US_TCP_OFF_CSUM,
		   inet_csum_fold(inet_csum_add(us_tcp_pseudo_sum(ip, 20 + plen), tcp, 20 + plen)));
	return &p[i];
}

static int setup(void **state)
{
	(void)state;
	memset(&gro, 0, sizeof(gro));
	nwritten = 0;
	return 0;
}

/* Three full segments and a short one join into one TSO packet; cut again they are the originals but
 * for the IPv4 id, which the cut counts up from the first. */
static void test_join_and_cut(void **state)
{
	static const size_t plens[] = {MSS, MSS, MSS, 300};
	uint8_t orig[4][1400], out[1500];
	struct us_gso g;

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		struct pkt *p = segment(i, plens[i], US_TCP_ACK | (i == 3 ? US_TCP_PSH : 0));

		memcpy(orig[i], p->pkt_data, p->pkt_len);
		assert_int_equal(us_gro_add(&gro, 7, p, capture), 0);
	}
	assert_int_equal(nwritten, 0);
	assert_int_equal(us_gro_flush(&gro, capture), 0);
	assert_int_equal(nwritten, 1);
	assert_int_equal(us_gso_parse(written[0], written_len[0], &g), DROP_NONE);
	assert_int_equal(g.g_mss, MSS);
	assert_int_equal(g.g_nseg, 4);
	for (size_t i = 0; i < 4; i++) {
		size_t len = us_gso_segment(&g, i, out);

		assert_int_equal(len, 40 + plens[i]);
		assert_int_equal(wire_get16(out + IP4_OFF_ID), 100 + i);
		assert_memory_equal(out, orig[i], len);
	}
}

/* A SYN, a gap in the sequence, another flow: each written apart, in order. */
static void test_not_joined(void **state)
{
	struct pkt *p;

	(void)state;
	assert_int_equal(us_gro_add(&gro, 7, segment(0, MSS, US_TCP_ACK), capture), 0);
	assert_int_equal(us_gro_add(&gro, 7, segment(2, MSS, US_TCP_ACK), capture), 0); /* seq gap */
	assert_int_equal(nwritten, 1);
	p = segment(3, MSS, US_TCP_ACK);
	p->pkt_data[IP4_OFF_DST + 3] = 9; /* another flow (the checksums no longer matter here) */
	assert_int_equal(us_gro_add(&gro, 7, p, capture), 0);
	assert_int_equal(nwritten, 2);
	assert_int_equal(us_gro_add(&gro, 7, segment(1, 0, 0x02), capture), 0); /* SYN: not joinable */
	assert_int_equal(nwritten, 4);
	assert_int_equal(us_gro_flush(&gro, capture), 0);
	assert_int_equal(nwritten, 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(written[i][1], VIRTIO_NET_HDR_GSO_NONE);
	assert_int_equal(wire_get32(written[0] + US_VNET_HDR_LEN + 24), 1000);
	assert_int_equal(wire_get32(written[1] + US_VNET_HDR_LEN + 24), 1000 + 2 * MSS);
	assert_int_equal(written[2][US_VNET_HDR_LEN + IP4_OFF_DST + 3], 9);
}

/* PSH ends a run: the next segment starts a new one. */
static void test_push_ends_run(void **state)
{
	(void)state;
	assert_int_equal(us_gro_add(&gro, 7, segment(0, MSS, US_TCP_ACK), capture), 0);
	assert_int_equal(us_gro_add(&gro, 7, segment(1, MSS, US_TCP_ACK | US_TCP_PSH), capture), 0);
	assert_int_equal(us_gro_add(&gro, 7, segment(2, MSS, US_TCP_ACK), capture), 0);
	assert_int_equal(nwritten, 1);
	assert_int_equal(written[0][1], VIRTIO_NET_HDR_GSO_TCPV4);
	assert_int_equal(written[0][US_VNET_HDR_LEN + 20 + US_TCP_OFF_FLAGS], US_TCP_ACK | US_TCP_PSH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_join_and_cut, setup),
	    cmocka_unit_test_setup(test_not_joined, setup),
	    cmocka_unit_test_setup(test_push_ends_run, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
