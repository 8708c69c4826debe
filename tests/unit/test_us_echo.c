/* Echo replies from the router's VRF addresses (us_echo.h), against hand-checked bytes. */
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

static void load(struct pkt *p, uint8_t *buf, size_t size, const uint8_t *bytes, size_t len)
{
	pkt_init(p, buf, size, 0);
	memcpy(pkt_put(p, len), bytes, len);
}

static void test_request_answered(void **state)
{
	uint8_t buf[64];
	struct pkt p;

	(void)state;
	load(&p, buf, sizeof(buf), request, sizeof(request));
	assert_true(us_echo_reply(&p));
	assert_int_equal(p.pkt_len, sizeof(reply));
	assert_memory_equal(p.pkt_data, reply, sizeof(reply));
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
	static const struct {
		size_t at;
		uint8_t value;
	} changes[] = {{20, 0x00}, {6, 0x00 | 0x20}, {21, 0x01}, {9, 17}, {23, 0xf8}};
	uint8_t buf[64], bytes[sizeof(request)];
	struct pkt p;

	(void)state;
	for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		memcpy(bytes, request, sizeof(bytes));
		bytes[changes[i].at] = changes[i].value;
		load(&p, buf, sizeof(buf), bytes, sizeof(bytes));
		assert_false(us_echo_reply(&p));
		assert_memory_equal(p.pkt_data, bytes, sizeof(bytes));
	}
	load(&p, buf, sizeof(buf), request, 24);
	assert_false(us_echo_reply(&p));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_request_answered),
	    cmocka_unit_test(test_zero_sum_reply),
	    cmocka_unit_test(test_others_left_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
