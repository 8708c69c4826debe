/*
 * UDP 4500 read with UDP_GRO (us_udp_rx.h): a super-datagram is cut back
 * into the datagrams the peer sent, by its segment size, the last one
 * shorter; odd sizes (none, zero, larger than the read) give one datagram.
 * On loopback: a UDP GSO send of 5 datagrams (3 of 1000 bytes, then 1000
 * and 400) reads back whole, with its sender, destination and segment size.
 */
#include <netinet/in.h>
#include <netinet/udp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "dataplane/userspace/us_udp_rx.h"

#ifndef UDP_GRO
#define UDP_GRO 104
#endif

#define SEG  1000
#define LAST 400
#define NSEG 5

static uint8_t sent[(NSEG - 1) * SEG + LAST], got[UINT16_MAX];

/* Cuts r into segments and checks their lengths against want (n of them), and that they tile the read. */
static void expect_segments(struct us_udp_rx *r, const size_t *want, size_t n)
{
	const uint8_t *seg, *at = r->ur_buf;
	size_t len, i = 0;

	while (us_udp_rx_next(r, &seg, &len)) {
		assert_true(i < n);
		assert_ptr_equal(seg, at);
		assert_int_equal(len, want[i++]);
		at += len;
	}
	assert_int_equal(i, n);
	assert_false(us_udp_rx_next(r, &seg, &len));
}

static void test_cut_by_segment_size(void **state)
{
	static const size_t want[NSEG] = {SEG, SEG, SEG, SEG, LAST};
	struct us_udp_rx r;

	(void)state;
	us_udp_rx_init(&r, sent, sizeof(sent), SEG);
	expect_segments(&r, want, NSEG);
}

static void test_odd_sizes_give_one_datagram(void **state)
{
	const size_t whole[1] = {sizeof(sent)};
	struct us_udp_rx r;

	(void)state;
	us_udp_rx_init(&r, sent, sizeof(sent), 0);
	expect_segments(&r, whole, 1);
	us_udp_rx_init(&r, sent, sizeof(sent), sizeof(sent) + 1);
	expect_segments(&r, whole, 1);
	us_udp_rx_init(&r, sent, sizeof(sent), sizeof(sent));
	expect_segments(&r, whole, 1);
	us_udp_rx_init(&r, sent, 0, SEG); /* an empty datagram: nothing to decide */
	expect_segments(&r, NULL, 0);
}

static int udp_socket(struct sockaddr_in *addr)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0), on = 1;
	socklen_t len = sizeof(*addr);

	assert_true(fd >= 0);
	*addr = (struct sockaddr_in){.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(bind(fd, (struct sockaddr *)addr, sizeof(*addr)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)addr, &len), 0);
	assert_int_equal(setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)), 0);
	return fd;
}

static void test_loopback_gso_reads_whole(void **state)
{
	static const size_t want[NSEG] = {SEG, SEG, SEG, SEG, LAST};
	struct sockaddr_in to, from;
	int rx = udp_socket(&to), tx = udp_socket(&from), on = 1, seg = SEG;
	struct us_udp_rx r;

	(void)state;
	for (size_t i = 0; i < sizeof(sent); i++)
		sent[i] = (uint8_t)(i * 7);
	if (setsockopt(rx, IPPROTO_UDP, UDP_GRO, &on, sizeof(on)) < 0 ||
	    setsockopt(tx, IPPROTO_UDP, UDP_SEGMENT, &seg, sizeof(seg)) < 0) {
		close(rx);
		close(tx);
		skip(); /* a kernel before 5.0 */
	}
	assert_int_equal(sendto(tx, sent, sizeof(sent), 0, (struct sockaddr *)&to, sizeof(to)), sizeof(sent));
	assert_int_equal(us_udp_rx_read(rx, got, sizeof(got), &r), 1);
	assert_false(r.ur_truncated);
	assert_true(r.ur_has_dst);
	assert_int_equal(r.ur_dst.s_addr, htonl(INADDR_LOOPBACK));
	assert_int_equal(r.ur_from.sin_port, from.sin_port);
	assert_int_equal(r.ur_len, sizeof(sent));
	assert_memory_equal(got, sent, sizeof(sent));
	expect_segments(&r, want, NSEG);
	assert_int_equal(us_udp_rx_read(rx, got, sizeof(got), &r), 0); /* nothing more queued */
	close(rx);
	close(tx);
}

/* A buffer shorter than the datagram: the read says it is truncated. */
static void test_short_buffer_is_truncated(void **state)
{
	struct sockaddr_in to, from;
	int rx = udp_socket(&to), tx = udp_socket(&from);
	struct us_udp_rx r;

	(void)state;
	assert_int_equal(sendto(tx, sent, SEG, 0, (struct sockaddr *)&to, sizeof(to)), SEG);
	assert_int_equal(us_udp_rx_read(rx, got, SEG / 2, &r), 1);
	assert_true(r.ur_truncated);
	close(rx);
	close(tx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cut_by_segment_size),
	    cmocka_unit_test(test_odd_sizes_give_one_datagram),
	    cmocka_unit_test(test_loopback_gso_reads_whole),
	    cmocka_unit_test(test_short_buffer_is_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
