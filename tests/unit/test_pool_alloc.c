/*
 * Address leases of ip local pool: addresses in order, released ones kept
 * for their last owner, remembered ones reused only when the pool has no
 * other, the in-use count per range, exhaustion.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pool/pool_alloc.h"

static struct pool_range second = {.pr_start = 0x0a010164, .pr_end = 0x0a010164}; /* 10.1.1.100 */
static struct pool_range first = {.pr_start = 0x0a010101, .pr_end = 0x0a010102, .pr_next = &second};
static struct pool mypool = {.pl_name = "mypool", .pl_ranges = &first};

static const char *leased(const char *owner)
{
	static char buf[INET_ADDRSTRLEN];
	struct in_addr a;

	if (pool_alloc(&mypool, owner, &a) < 0)
		return "none";
	return inet_ntop(AF_INET, &a, buf, sizeof(buf));
}

static void release(const char *addr)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, addr, &a), 1);
	pool_release("mypool", a);
}

static int reset(void **state)
{
	pool_alloc_reset();
	return 0;
}

static void test_in_order_then_full(void **state)
{
	assert_string_equal(leased("spoke1"), "10.1.1.1");
	assert_string_equal(leased("spoke2"), "10.1.1.2");
	assert_string_equal(leased("spoke3"), "10.1.1.100");
	assert_string_equal(leased("spoke4"), "none");
	assert_int_equal(pool_in_use("mypool", &first), 2);
	assert_int_equal(pool_in_use("mypool", &second), 1);
	assert_int_equal(pool_in_use("other", &first), 0);
}

static void test_same_owner_same_address(void **state)
{
	assert_string_equal(leased("spoke1"), "10.1.1.1");
	assert_string_equal(leased("spoke2"), "10.1.1.2");
	release("10.1.1.1");
	assert_int_equal(pool_in_use("mypool", &first), 1);
	/* a newcomer gets an address nobody held, spoke1's stays remembered */
	assert_string_equal(leased("spoke3"), "10.1.1.100");
	assert_string_equal(leased("spoke1"), "10.1.1.1");
	assert_int_equal(pool_in_use("mypool", &first), 2);
}

static void test_remembered_reused_when_nothing_else(void **state)
{
	assert_string_equal(leased("spoke1"), "10.1.1.1");
	assert_string_equal(leased("spoke2"), "10.1.1.2");
	assert_string_equal(leased("spoke3"), "10.1.1.100");
	release("10.1.1.2");
	assert_string_equal(leased("spoke4"), "10.1.1.2");
	release("10.1.1.2");
	/* spoke2 no longer owns 10.1.1.2: it gets it as a free address again, not as its own */
	assert_string_equal(leased("spoke2"), "10.1.1.2");
	assert_string_equal(leased("spoke4"), "none");
}

static void test_second_session_of_an_owner(void **state)
{
	assert_string_equal(leased("spoke1"), "10.1.1.1");
	assert_string_equal(leased("spoke1"), "10.1.1.2");
	release("10.1.1.1");
	release("10.1.1.1");  /* twice: nothing more happens */
	release("192.0.2.1"); /* never leased */
	assert_int_equal(pool_in_use("mypool", &first), 1);
}

static void test_range_shrunk(void **state)
{
	struct pool_range only = {.pr_start = 0x0a010102, .pr_end = 0x0a010102};
	struct pool small = {.pl_name = "mypool", .pl_ranges = &only};
	struct in_addr a;

	assert_string_equal(leased("spoke1"), "10.1.1.1");
	release("10.1.1.1");
	/* 10.1.1.1 left the pool: spoke1 gets what the pool has now */
	assert_int_equal(pool_alloc(&small, "spoke1", &a), 0);
	assert_int_equal(ntohl(a.s_addr), 0x0a010102);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_in_order_then_full, reset),
	    cmocka_unit_test_setup(test_same_owner_same_address, reset),
	    cmocka_unit_test_setup(test_remembered_reused_when_nothing_else, reset),
	    cmocka_unit_test_setup(test_second_session_of_an_owner, reset),
	    cmocka_unit_test_setup_teardown(test_range_shrunk, reset, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
