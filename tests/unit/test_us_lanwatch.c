/*
 * The VRF LAN watcher (us_lanwatch.c): the route notifications it acts on,
 * from hand-written bytes (a local /32 in table local as the kernel
 * announces one when a link comes up; others ignored; malformed refused),
 * and its list of watched addresses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/userspace/us_lanwatch.h"

/* RTM_NEWROUTE: local 10.2.0.1 dev 5 table local proto kernel scope host (x86: host byte order). */
static const uint8_t local_route[44] = {
    44, 0,  0, 0, 24,  0, 0,   0, 0, 0, 0, 0, 0, 0, 0, 0, /* nlmsghdr: length 44, RTM_NEWROUTE */
    2,	32, 0, 0, 255, 2, 254, 2, 0, 0, 0, 0,		  /* rtmsg: AF_INET /32, table 255, RTN_LOCAL */
    8,	0,  1, 0, 10,  2, 0,   1,			  /* RTA_DST 10.2.0.1 */
    8,	0,  4, 0, 5,   0, 0,   0,			  /* RTA_OIF 5 */
};

static int parse(const uint8_t *bytes, size_t len, struct us_lanwatch_addr *found)
{
	static uint8_t buf[64] __attribute__((aligned(4)));

	memcpy(buf, bytes, len);
	return us_lanwatch_parse((const struct nlmsghdr *)buf, found);
}

static void test_local_route_found(void **state)
{
	static const uint8_t want[4] = {10, 2, 0, 1};
	struct us_lanwatch_addr found;

	(void)state;
	assert_int_equal(parse(local_route, sizeof(local_route), &found), 1);
	assert_int_equal(found.la_ifindex, 5);
	assert_memory_equal(&found.la_addr, want, sizeof(want));
}

/* Byte offset, new value: a route the watcher must leave alone. */
static void assert_ignored(size_t at, uint8_t value)
{
	uint8_t other[sizeof(local_route)];
	struct us_lanwatch_addr found;

	memcpy(other, local_route, sizeof(other));
	other[at] = value;
	assert_int_equal(parse(other, sizeof(other), &found), 0);
}

static void test_other_routes_ignored(void **state)
{
	(void)state;
	assert_ignored(4, 25);	 /* RTM_DELROUTE */
	assert_ignored(16, 10);	 /* AF_INET6 */
	assert_ignored(17, 24);	 /* a /24 */
	assert_ignored(20, 254); /* table main */
	assert_ignored(23, 1);	 /* RTN_UNICAST */
	assert_ignored(40, 0);	 /* RTA_OIF 0 */
}

static void test_malformed_refused(void **state)
{
	uint8_t bad[sizeof(local_route)];
	struct us_lanwatch_addr found;

	(void)state;
	memcpy(bad, local_route, sizeof(bad));
	bad[28] = 7; /* RTA_DST of 3 bytes */
	assert_int_equal(parse(bad, sizeof(bad), &found), -1);
	memcpy(bad, local_route, sizeof(bad));
	bad[0] = 20; /* no room for the rtmsg */
	assert_int_equal(parse(bad, 20, &found), -1);
}

static void count_found(void *arg, const struct us_lanwatch_addr *found)
{
	(void)found;
	++*(size_t *)arg;
}

/* Two messages read in one; a length past the end (or of 2^31 and more, which libmnl takes as negative) ends it. */
static void test_read(void **state)
{
	static uint8_t two[2 * sizeof(local_route)] __attribute__((aligned(4)));
	size_t found = 0;

	(void)state;
	memcpy(two, local_route, sizeof(local_route));
	memcpy(two + sizeof(local_route), local_route, sizeof(local_route));
	assert_int_equal(us_lanwatch_read(two, sizeof(two), count_found, &found), 0);
	assert_int_equal(found, 2);
	two[sizeof(local_route) + 3] = 0xfe; /* the second one's length: 0xfe00002c */
	found = 0;
	assert_int_equal(us_lanwatch_read(two, sizeof(two), count_found, &found), 1);
	assert_int_equal(found, 1);
}

static void test_list(void **state)
{
	struct us_lanwatch w = {.lw_wake = -1};
	struct us_lanwatch_addr a = {.la_ifindex = 5, .la_addr.s_addr = 0x0100020a, .la_plen = 32},
				b = {.la_ifindex = 6, .la_addr.s_addr = 0x0200020a, .la_plen = 24, .la_table = 101};

	(void)state;
	pthread_mutex_init(&w.lw_lock, NULL);
	assert_int_equal(us_lanwatch_add(&w, &a), 0);
	a.la_plen = 24;
	a.la_table = 100;
	assert_int_equal(us_lanwatch_add(&w, &a), 0);
	assert_int_equal(us_lanwatch_add(&w, &b), 0);
	assert_int_equal(w.lw_n, 2);
	/* added again: one entry, with the latest subnet to restore */
	assert_int_equal(w.lw_addrs[0].la_plen, 24);
	assert_int_equal(w.lw_addrs[0].la_table, 100);
	us_lanwatch_del(&w, 5, a.la_addr);
	assert_int_equal(w.lw_n, 1);
	assert_int_equal(w.lw_addrs[0].la_ifindex, 6);
	assert_int_equal(w.lw_addrs[0].la_table, 101);
	us_lanwatch_del(&w, 5, a.la_addr);
	assert_int_equal(w.lw_n, 1);
	us_lanwatch_stop(&w); /* never started: nothing to join */
	free(w.lw_addrs);
	pthread_mutex_destroy(&w.lw_lock);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_local_route_found),
	    cmocka_unit_test(test_other_routes_ignored),
	    cmocka_unit_test(test_malformed_refused),
	    cmocka_unit_test(test_read),
	    cmocka_unit_test(test_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
