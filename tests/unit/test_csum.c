/* inet_csum_add against the 16-bit-at-a-time reference, on random buffers, and RFC 1071's example. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/userspace/csum.h"

#define MAX_LEN	  2000
#define MAX_SHIFT 8 /* start offsets 0..7: every alignment of a 32- and 64-bit load */

/* The straightforward RFC 1071 sum: big-endian 16-bit words, carries folded at the end. */
static uint32_t reference_sum(uint32_t sum, const uint8_t *buf, size_t len)
{
	uint64_t acc = sum;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		acc += (uint32_t)buf[i] << 8 | buf[i + 1];
	if (i < len)
		acc += (uint32_t)buf[i] << 8;
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint32_t)acc;
}

/* RFC 1071 3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, checksum 220d. */
static void test_rfc1071_example(void **state)
{
	static const uint8_t words[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};

	(void)state;
	assert_int_equal(inet_csum_add(0, words, sizeof(words)), 0xddf2);
	assert_int_equal(inet_csum(words, sizeof(words)), 0x220d);
	/* Chained over two buffers of even length, the same sum. */
	assert_int_equal(inet_csum_add(inet_csum_add(0, words, 2), words + 2, 6), 0xddf2);
}

/* Sums that fold to ffff and to 0 keep their distinction (one's complement -0 vs +0). */
static void test_zero_and_ones(void **state)
{
	uint8_t buf[MAX_LEN];

	(void)state;
	memset(buf, 0, sizeof(buf));
	assert_int_equal(inet_csum_add(0, buf, sizeof(buf)), 0);
	assert_int_equal(inet_csum_add(0, buf, 0), 0);
	memset(buf, 0xff, sizeof(buf));
	for (size_t len = 0; len < 64; len++)
		assert_int_equal(inet_csum_add(0, buf, len), reference_sum(0, buf, len));
	assert_int_equal(inet_csum_add(0xffffffff, buf, sizeof(buf)), reference_sum(0xffffffff, buf, sizeof(buf)));
}

/* Every length 0..MAX_LEN at every start offset, with random data and random running sums. */
static void test_random_buffers(void **state)
{
	static uint8_t buf[MAX_LEN + MAX_SHIFT];

	(void)state;
	srand(1071);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)rand();
	for (size_t len = 0; len <= MAX_LEN; len++) {
		for (size_t shift = 0; shift < MAX_SHIFT; shift++) {
			uint32_t sum = len % 3 == 0 ? 0 : (uint32_t)rand() * 2654435761u;

			assert_int_equal(inet_csum_add(sum, buf + shift, len), reference_sum(sum, buf + shift, len));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc1071_example),
	    cmocka_unit_test(test_zero_and_ones),
	    cmocka_unit_test(test_random_buffers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
