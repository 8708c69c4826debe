/*
 * UDP datagrams joined for a TUN that takes UDP GSO (us_gro.h, gr_uso) and
 * cut again by us_gso.h: what is written, cut as the kernel would, gives
 * every datagram back byte for byte (ids counting up, checksums whole);
 * what cutting could not give back unchanged is written alone.
 */
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
#include "dataplane/userspace/wire.h"

#define ROOM	64
#define PAYLOAD 1372 /* iperf3's datagrams in bench/dataplane */
#define UDP_MAX 64   /* datagrams the kernel cuts one UDP GSO packet into */
#define NDGRAM	(UDP_MAX + 2)
#define MAX_OUT 8

static struct us_gro gro;
static uint8_t bufs[NDGRAM][ROOM + 28 + PAYLOAD], copies[NDGRAM][28 + PAYLOAD];
static uint8_t written[MAX_OUT][US_VNET_HDR_LEN + UINT16_MAX], cut[28 + PAYLOAD];
static size_t written_len[MAX_OUT], nwritten;

static int capture(int fd, const uint8_t *buf, size_t len)
{
	assert_int_equal(fd, 7);
	assert_true(nwritten < MAX_OUT);
	memcpy(written[nwritten], buf, len);
	written_len[nwritten++] = len;
	return 0;
}

/* Datagram i of 10.1.0.2:5201 -> 10.2.0.2:5201, id 300 + i, DF, plen bytes, its checksum whole (kept in copies). */
static struct pkt *datagram(size_t i, size_t plen)
{
	static struct pkt p[NDGRAM];
	struct ip4_fields f = {.if_src.s_addr = htonl(0x0a010002),
			       .if_dst.s_addr = htonl(0x0a020002),
			       .if_proto = IPPROTO_UDP,
			       .if_ttl = 62,
			       .if_id = (uint16_t)(300 + i),
			       .if_frag = IP4_DF};
	uint8_t *ip = bufs[i] + ROOM, *udp = ip + 20;

	pkt_init(&p[i], bufs[i], sizeof(bufs[i]), ROOM);
	assert_ptr_equal(pkt_put(&p[i], 28 + plen), ip);
	ip4_write(ip, &f, (uint16_t)(28 + plen));
	wire_put16(udp, 5201);
	wire_put16(udp + 2, 5201);
	wire_put16(udp + 4, (uint16_t)(8 + plen));
	wire_put16(udp + 6, 0);
	for (size_t k = 0; k < plen; k++)
		udp[8 + k] = (uint8_t)(i * 31 + k);
	wire_put16(udp + 6, inet_csum_fold(inet_csum_add(us_gso_udp_pseudo_sum(ip, 8 + plen), udp, 8 + plen)));
	memcpy(copies[i], ip, 28 + plen);
	return &p[i];
}

static void reset(bool uso)
{
	memset(&gro, 0, sizeof(gro));
	gro.gr_uso = uso;
	nwritten = 0;
}

/* Write w, cut, is datagrams first.. in order, each as it was built. */
static void assert_cuts_to(size_t w, size_t first, size_t n, size_t last_plen)
{
	struct us_gso g;

	assert_int_equal(us_gso_parse(written[w], written_len[w], &g), DROP_NONE);
	assert_int_equal(g.g_nseg, n);
	assert_true(n == 1 || g.g_udp);
	for (size_t k = 0; k < n; k++) {
		size_t len = us_gso_segment(&g, k, cut), plen = k + 1 < n ? PAYLOAD : last_plen;

		assert_int_equal(len, 28 + plen);
		assert_memory_equal(cut, copies[first + k], len);
	}
}

static void test_joined_and_cut_back(void **state)
{
	(void)state;
	reset(true);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(us_gro_add(&gro, 7, datagram(i, i < 2 ? PAYLOAD : 100), capture), 0);
	assert_int_equal(nwritten, 0);
	assert_int_equal(us_gro_flush(&gro, capture), 0);
	assert_int_equal(nwritten, 1);
	assert_int_equal(written_len[0], US_VNET_HDR_LEN + 20 + 8 + 2 * PAYLOAD + 100);
	assert_int_equal(wire_get16(written[0] + US_VNET_HDR_LEN + IP4_OFF_LEN), 20 + 8 + 2 * PAYLOAD + 100);
	assert_int_equal(inet_csum(written[0] + US_VNET_HDR_LEN, 20), 0);
	assert_cuts_to(0, 0, 3, 100);
}

/* At most 64 datagrams a packet: the 65th starts the next. */
static void test_run_limit(void **state)
{
	(void)state;
	reset(true);
	for (size_t i = 0; i < UDP_MAX + 1; i++)
		assert_int_equal(us_gro_add(&gro, 7, datagram(i, 40), capture), 0);
	assert_int_equal(us_gro_flush(&gro, capture), 0);
	assert_int_equal(nwritten, 2);
	assert_cuts_to(1, UDP_MAX, 1, 40);
}

/* Each of these would not come back unchanged from cutting: written alone. */
static void test_not_joined(void **state)
{
	struct pkt *p;

	(void)state;
	reset(false); /* the TUN takes no UDP GSO */
	assert_int_equal(us_gro_add(&gro, 7, datagram(0, PAYLOAD), capture), 0);
	assert_int_equal(us_gro_add(&gro, 7, datagram(1, PAYLOAD), capture), 0);
	assert_int_equal(nwritten, 2);

	reset(true);
	assert_int_equal(us_gro_add(&gro, 7, datagram(0, PAYLOAD), capture), 0);
	assert_int_equal(us_gro_add(&gro, 7, datagram(2, PAYLOAD), capture), 0); /* an id skipped */
	p = datagram(3, PAYLOAD);
	wire_put16(p->pkt_data + 26, 0); /* no checksum: cutting would make one */
	assert_int_equal(us_gro_add(&gro, 7, p, capture), 0);
	p = datagram(4, PAYLOAD);
	p->pkt_data[40] ^= 1; /* a checksum that does not verify: cutting would mend it */
	assert_int_equal(us_gro_add(&gro, 7, p, capture), 0);
	assert_int_equal(us_gro_add(&gro, 7, datagram(5, PAYLOAD), capture), 0);
	assert_int_equal(us_gro_add(&gro, 7, datagram(6, PAYLOAD + 1 - 2), capture), 0); /* shorter: joins, ends it */
	assert_int_equal(us_gro_add(&gro, 7, datagram(7, PAYLOAD), capture), 0);
	assert_int_equal(us_gro_flush(&gro, capture), 0);
	assert_int_equal(nwritten, 6);
	assert_cuts_to(0, 0, 1, PAYLOAD);
	assert_cuts_to(4, 5, 2, PAYLOAD - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_joined_and_cut_back),
	    cmocka_unit_test(test_run_limit),
	    cmocka_unit_test(test_not_joined),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
