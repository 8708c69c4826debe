/* Echo replies and port unreachable from the router's VRF addresses (us_echo.h), against hand-checked bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/userspace/us_echo.h"

/* 10.1.0.2 -> 10.1.0.1, TTL 63, ICMP echo request id 7 seq 1; checksums 0x67dc and 0x0800+7+1 -> 0xf7f7. */
static const uint8_t request[] = {0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x3f, 0x01, 0x67, 0xdc, 0x0a, 0x01,
				  0x00, 0x02, 0x0a, 0x01, 0x00, 0x01, 0x08, 0x00, 0xf7, 0xf7, 0x00, 0x07, 0x00, 0x01};
/* Its reply: addresses swapped, TTL 64 (checksum 0x66dc), type 0 (0x0000+7+1 -> 0xfff7). */
static const uint8_t reply[] = {0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x66, 0xdc, 0x0a, 0x01,
				0x00, 0x01, 0x0a, 0x01, 0x00, 0x02, 0x00, 0x00, 0xff, 0xf7, 0x00, 0x07, 0x00, 0x01};

/* A traceroute's probe: 10.1.0.2:40000 -> 10.1.0.1:33434, TTL 1, id 0x1234, "ping"; header checksum 0x9395. */
static const uint8_t probe[] = {0x45, 0x00, 0x00, 0x20, 0x12, 0x34, 0x00, 0x00, 0x01, 0x11, 0x93,
				0x95, 0x0a, 0x01, 0x00, 0x02, 0x0a, 0x01, 0x00, 0x01, 0x9c, 0x40,
				0x82, 0x9a, 0x00, 0x0c, 0x00, 0x00, 0x70, 0x69, 0x6e, 0x67};
/*
 * Its answer, 56 bytes: 10.1.0.1 -> 10.1.0.2, TOS 0xc0, TTL 64, ICMP
 * (header checksum 0x6601); type 3 code 3, checksum 0xde15 (summed by hand:
 * 0x221e8 folds to 0x21ea), quoting the probe's header and 8 bytes of UDP.
 */
static const uint8_t unreachable[] = {
    0x45, 0xc0, 0x00, 0x38, 0x00, 0x00, 0x00, 0x00, 0x40, 0x01, 0x66, 0x01, 0x0a, 0x01, 0x00, 0x01, 0x0a, 0x01, 0x00,
    0x02, 0x03, 0x03, 0xde, 0x15, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x20, 0x12, 0x34, 0x00, 0x00, 0x01, 0x11,
    0x93, 0x95, 0x0a, 0x01, 0x00, 0x02, 0x0a, 0x01, 0x00, 0x01, 0x9c, 0x40, 0x82, 0x9a, 0x00, 0x0c, 0x00, 0x00};

/* A SYN from 192.168.110.10:40000 to 192.168.110.1:9 (discard), seq 0x11223344, no options; checksums 0xdb31, 0x76e5.
 */
static const uint8_t syn[] = {0x45, 0x00, 0x00, 0x28, 0x42, 0x42, 0x00, 0x00, 0x40, 0x06, 0xdb, 0x31, 0xc0, 0xa8,
			      0x6e, 0x0a, 0xc0, 0xa8, 0x6e, 0x01, 0x9c, 0x40, 0x00, 0x09, 0x11, 0x22, 0x33, 0x44,
			      0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0xfa, 0xf0, 0x76, 0xe5, 0x00, 0x00};
/*
 * Its reset (RFC 793 3.4, no ACK in the SYN): seq 0, RST|ACK acknowledging
 * 0x11223345 (the SYN counts one), window 0, TTL 64; TCP checksum 0x71c3
 * (summed by hand: pseudo-header 0x25d75 + header 0x130c4, folded 0x8e3c).
 */
static const uint8_t syn_reset[] = {0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x00, 0x40, 0x06, 0x1d, 0x74, 0xc0, 0xa8,
				    0x6e, 0x01, 0xc0, 0xa8, 0x6e, 0x0a, 0x00, 0x09, 0x9c, 0x40, 0x00, 0x00, 0x00, 0x00,
				    0x11, 0x22, 0x33, 0x45, 0x50, 0x14, 0x00, 0x00, 0x71, 0xc3, 0x00, 0x00};
/* A segment acknowledging 0x55667788 with 4 bytes ("data"), and its reset: seq 0x55667788, RST alone. */
static const uint8_t acked[] = {0x45, 0x00, 0x00, 0x2c, 0x42, 0x43, 0x00, 0x00, 0x40, 0x06, 0xdb,
				0x2c, 0xc0, 0xa8, 0x6e, 0x0a, 0xc0, 0xa8, 0x6e, 0x01, 0x9c, 0x40,
				0x00, 0x09, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x50,
				0x18, 0xfa, 0xf0, 0xd1, 0x19, 0x00, 0x00, 0x64, 0x61, 0x74, 0x61};
static const uint8_t acked_reset[] = {0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x00, 0x40, 0x06,
				      0x1d, 0x74, 0xc0, 0xa8, 0x6e, 0x01, 0xc0, 0xa8, 0x6e, 0x0a,
				      0x00, 0x09, 0x9c, 0x40, 0x55, 0x66, 0x77, 0x88, 0x00, 0x00,
				      0x00, 0x00, 0x50, 0x04, 0x00, 0x00, 0xe9, 0x4b, 0x00, 0x00};

struct change {
	size_t at;
	uint8_t value;
};

static void load(struct pkt *p, uint8_t *buf, size_t size, const uint8_t *bytes, size_t len)
{
	pkt_init(p, buf, size, 0);
	memcpy(pkt_put(p, len), bytes, len);
}

/* base with each one-byte change in turn: not answered by answer, and unchanged. */
static void assert_left_alone(bool (*answer)(struct pkt *), const uint8_t *base, size_t len,
			      const struct change *changes, size_t n)
{
	uint8_t buf[128], bytes[64];
	struct pkt p;

	for (size_t i = 0; i < n; i++) {
		memcpy(bytes, base, len);
		bytes[changes[i].at] = changes[i].value;
		load(&p, buf, sizeof(buf), bytes, len);
		assert_false(answer(&p));
		assert_int_equal(p.pkt_len, len);
		assert_memory_equal(p.pkt_data, bytes, len);
	}
}

/* answer turns in (len bytes) into want (wlen bytes). */
static void assert_answer(bool (*answer)(struct pkt *), const uint8_t *in, size_t len, const uint8_t *want, size_t wlen)
{
	uint8_t buf[128];
	struct pkt p;

	load(&p, buf, sizeof(buf), in, len);
	assert_true(answer(&p));
	assert_int_equal(p.pkt_len, wlen);
	assert_memory_equal(p.pkt_data, want, wlen);
}

static void test_request_answered(void **state)
{
	(void)state;
	assert_answer(us_echo_reply, request, sizeof(request), reply, sizeof(reply));
}

/* A reply whose words sum to 0 carries 0xffff (an incremental update from 0xf7ff would give 0x0000). */
static void test_zero_sum_reply(void **state)
{
	static const uint8_t zero_request[] = {0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x3f, 0x01,
					       0x67, 0xdc, 0x0a, 0x01, 0x00, 0x02, 0x0a, 0x01, 0x00, 0x01,
					       0x08, 0x00, 0xf7, 0xff, 0x00, 0x00, 0x00, 0x00};
	uint8_t buf[64];
	struct pkt p;

	(void)state;
	load(&p, buf, sizeof(buf), zero_request, sizeof(zero_request));
	assert_true(us_echo_reply(&p));
	assert_int_equal(p.pkt_data[22], 0xff);
	assert_int_equal(p.pkt_data[23], 0xff);
}

/* Not a request, a later fragment, not code 0, not ICMP, a wrong ICMP checksum, too short: left alone. */
static void test_others_left_alone(void **state)
{
	static const struct change changes[] = {{20, 0x00}, {6, 0x00 | 0x20}, {21, 0x01}, {9, 17}, {23, 0xf8}};
	uint8_t buf[64];
	struct pkt p;

	(void)state;
	assert_left_alone(us_echo_reply, request, sizeof(request), changes, sizeof(changes) / sizeof(changes[0]));
	load(&p, buf, sizeof(buf), request, 24);
	assert_false(us_echo_reply(&p));
}

static void test_probe_refused(void **state)
{
	(void)state;
	assert_answer(us_echo_unreachable, probe, sizeof(probe), unreachable, sizeof(unreachable));
}

/* Not UDP (TCP), or from a source no error may go to (broadcast): left alone; no room for the answer: refused. */
static void test_not_refused(void **state)
{
	static const struct change changes[] = {{9, 6}, {12, 0xff}};
	uint8_t buf[sizeof(probe) + 8];
	struct pkt p;

	(void)state;
	assert_left_alone(us_echo_unreachable, probe, sizeof(probe), changes, sizeof(changes) / sizeof(changes[0]));
	load(&p, buf, sizeof(buf), probe, sizeof(probe));
	assert_false(us_echo_unreachable(&p));
}

static void test_segments_reset(void **state)
{
	(void)state;
	assert_answer(us_echo_reset, syn, sizeof(syn), syn_reset, sizeof(syn_reset));
	assert_answer(us_echo_reset, acked, sizeof(acked), acked_reset, sizeof(acked_reset));
}

/* A reset, not TCP (UDP), from broadcast, a data offset below 20 or past the packet: left alone. */
static void test_not_reset(void **state)
{
	static const struct change changes[] = {{33, 0x14}, {9, 17}, {12, 0xff}, {32, 0x40}, {32, 0xf0}};

	(void)state;
	assert_left_alone(us_echo_reset, syn, sizeof(syn), changes, sizeof(changes) / sizeof(changes[0]));
}

/* Each kind of packet for a router address gets its answer from us_echo_answer. */
static void test_answer_dispatches(void **state)
{
	(void)state;
	assert_answer(us_echo_answer, request, sizeof(request), reply, sizeof(reply));
	assert_answer(us_echo_answer, probe, sizeof(probe), unreachable, sizeof(unreachable));
	assert_answer(us_echo_answer, syn, sizeof(syn), syn_reset, sizeof(syn_reset));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_request_answered),  cmocka_unit_test(test_zero_sum_reply),
	    cmocka_unit_test(test_others_left_alone), cmocka_unit_test(test_probe_refused),
	    cmocka_unit_test(test_not_refused),	      cmocka_unit_test(test_segments_reset),
	    cmocka_unit_test(test_not_reset),	      cmocka_unit_test(test_answer_dispatches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
