/* The byte queue behind the control socket's and BGP's buffers: order, partial consumption, growth, reuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/bytebuf.h"

static void test_empty(void **state)
{
	struct bytebuf b = {0};

	(void)state;
	assert_null(bytebuf_head(&b));
	assert_int_equal(bytebuf_add(&b, "", 0), 0);
	assert_int_equal(b.bb_len, 0);
	assert_null(bytebuf_head(&b));
	bytebuf_free(&b);
}

/* What goes in comes out in order, whatever the sizes of the appends and of the partial consumptions. */
static void test_order(void **state)
{
	struct bytebuf b = {0};
	uint8_t next_in = 0, next_out = 0;
	size_t step = 1;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		uint8_t chunk[977];
		size_t in = (round * 131) % sizeof(chunk) + 1, out;
		for (size_t i = 0; i < in; i++)
			chunk[i] = next_in++;
		assert_int_equal(bytebuf_add(&b, chunk, in), 0);
		out = (round % 3 == 0 ? b.bb_len : (step = step * 7 % 1013) % (b.bb_len + 1));
		for (size_t i = 0; i < out; i++)
			assert_int_equal(bytebuf_head(&b)[i], (uint8_t)(next_out + i));
		next_out += (uint8_t)out;
		bytebuf_consume(&b, out);
		assert_true(b.bb_off + b.bb_len <= b.bb_cap);
	}
	bytebuf_free(&b);
	assert_null(b.bb_data);
}

/* Consuming everything puts the queue back at the start of its storage: no growth without bound. */
static void test_drained_reuse(void **state)
{
	struct bytebuf b = {0};
	uint8_t chunk[1000] = {0};
	size_t cap;

	(void)state;
	assert_int_equal(bytebuf_add(&b, chunk, sizeof(chunk)), 0);
	cap = b.bb_cap;
	for (int i = 0; i < 10000; i++) {
		assert_int_equal(bytebuf_add(&b, chunk, sizeof(chunk)), 0);
		bytebuf_consume(&b, sizeof(chunk));
	}
	assert_int_equal(b.bb_cap, cap);
	bytebuf_consume(&b, b.bb_len);
	assert_int_equal(b.bb_off, 0);
	bytebuf_clear(&b);
	assert_null(bytebuf_head(&b));
	bytebuf_free(&b);
}

/*
 * A queue filled faster than it drains (a BGP table dump to a slow peer): the
 * storage stays within a constant factor of what waits in it, never growing
 * with the bytes that went through.
 */
static void test_bounded_storage(void **state)
{
	struct bytebuf b = {0};
	uint8_t msg[4096] = {0};
	size_t most = 0;

	(void)state;
	for (int i = 0; i < 5000; i++) {
		assert_int_equal(bytebuf_add(&b, msg, sizeof(msg)), 0);
		bytebuf_consume(&b, b.bb_len > 3000 ? 3000 : b.bb_len);
		if (b.bb_len > most)
			most = b.bb_len;
	}
	assert_true(b.bb_cap <= 4 * (most + sizeof(msg)));
	bytebuf_consume(&b, b.bb_len);
	assert_null(b.bb_data); /* drained: the peak's storage is given back */
	assert_int_equal(b.bb_cap, 0);
	assert_int_equal(bytebuf_add(&b, msg, 10), 0);
	bytebuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_order),
	    cmocka_unit_test(test_drained_reuse),
	    cmocka_unit_test(test_bounded_storage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
