/*
 * The VRF LAN routes' hook (us_lanroute.c): the route notifications it acts
 * on (nl_local.c), from hand-written bytes (a local /32 in table local as
 * the kernel announces one when a link comes up; others ignored; malformed
 * refused), the monitor's walk over one read (nl_read.c), and the list of
 * watched addresses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include <cmocka.h>

#include "dataplane/userspace/us_lanroute.h"
#include "netlink/nl_burst.h"
#include "netlink/nl_hook.h"
#include "netlink/nl_local.h"
#include "netlink/nl_read.h"

/* RTM_NEWROUTE: local 10.2.0.1 dev 5 table local proto kernel scope host (x86: host byte order). */
static const uint8_t local_route[44] = {
    44, 0,  0, 0, 24,  0, 0,   0, 0, 0, 0, 0, 0, 0, 0, 0, /* nlmsghdr: length 44, RTM_NEWROUTE */
    2,	32, 0, 0, 255, 2, 254, 2, 0, 0, 0, 0,		  /* rtmsg: AF_INET /32, table 255, RTN_LOCAL */
    8,	0,  1, 0, 10,  2, 0,   1,			  /* RTA_DST 10.2.0.1 */
    8,	0,  4, 0, 5,   0, 0,   0,			  /* RTA_OIF 5 */
};

static int parse(const uint8_t *bytes, size_t len, struct nl_local *found)
{
	static uint8_t buf[64] __attribute__((aligned(4)));

	memcpy(buf, bytes, len);
	return nl_local_parse((const struct nlmsghdr *)buf, found);
}

static void test_local_route_found(void **state)
{
	static const uint8_t want[4] = {10, 2, 0, 1};
	struct nl_local found;

	(void)state;
	assert_int_equal(parse(local_route, sizeof(local_route), &found), 1);
	assert_int_equal(found.lo_ifindex, 5);
	assert_memory_equal(&found.lo_addr, want, sizeof(want));
}

/* Byte offset, new value: a route the watcher must leave alone. */
static void assert_ignored(size_t at, uint8_t value)
{
	uint8_t other[sizeof(local_route)];
	struct nl_local found;

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
	struct nl_local found;

	(void)state;
	memcpy(bad, local_route, sizeof(bad));
	bad[28] = 7; /* RTA_DST of 3 bytes */
	assert_int_equal(parse(bad, sizeof(bad), &found), -1);
	memcpy(bad, local_route, sizeof(bad));
	bad[0] = 20; /* no room for the rtmsg */
	assert_int_equal(parse(bad, 20, &found), -1);
}

/* Counts the local routes announced; -1 for a malformed message, as the monitor's hooks do. */
static int count_found(void *arg, const struct nlmsghdr *nlh)
{
	struct nl_local found;
	int rc = nl_local_parse(nlh, &found);

	*(size_t *)arg += rc == 1;
	return rc < 0 ? -1 : 0;
}

/* Two messages read in one; a length past the end (or of 2^31 and more, which libmnl takes as negative) ends it. */
static void test_read(void **state)
{
	static uint8_t two[2 * sizeof(local_route)] __attribute__((aligned(4)));
	size_t found = 0;

	(void)state;
	memcpy(two, local_route, sizeof(local_route));
	memcpy(two + sizeof(local_route), local_route, sizeof(local_route));
	assert_int_equal(nl_read_each(two, sizeof(two), count_found, &found), 0);
	assert_int_equal(found, 2);
	two[sizeof(local_route) + 3] = 0xfe; /* the second one's length: 0xfe00002c */
	found = 0;
	assert_int_equal(nl_read_each(two, sizeof(two), count_found, &found), 1);
	assert_int_equal(found, 1);
}

static void test_list(void **state)
{
	struct us_lanroute r = {.lr_n = 0};
	struct us_lanroute_addr a = {.la_ifindex = 5, .la_addr.s_addr = 0x0100020a, .la_plen = 32},
				b = {.la_ifindex = 6, .la_addr.s_addr = 0x0200020a, .la_plen = 24, .la_table = 101};

	(void)state;
	assert_int_equal(us_lanroute_add(&r, &a), 0);
	a.la_plen = 24;
	a.la_table = 100;
	assert_int_equal(us_lanroute_add(&r, &a), 0);
	assert_int_equal(us_lanroute_add(&r, &b), 0);
	assert_int_equal(r.lr_n, 2);
	/* added again: one entry, with the latest subnet to restore */
	assert_int_equal(r.lr_addrs[0].la_plen, 24);
	assert_int_equal(r.lr_addrs[0].la_table, 100);
	us_lanroute_del(&r, 5, a.la_addr);
	assert_int_equal(r.lr_n, 1);
	assert_int_equal(r.lr_addrs[0].la_ifindex, 6);
	assert_int_equal(r.lr_addrs[0].la_table, 101);
	us_lanroute_del(&r, 5, a.la_addr);
	assert_int_equal(r.lr_n, 1);
	us_lanroute_stop(&r); /* never started: no hook to take out */
	assert_null(r.lr_addrs);
}

/*
 * Started, the hook is the monitor's and asks for route notifications; an
 * announcement of an address it does not watch asks the kernel nothing (its
 * request socket is NULL here), a malformed one is counted; stopped, it is
 * gone.
 */
static void test_hook(void **state)
{
	static uint8_t bad[sizeof(local_route)] __attribute__((aligned(4)));
	struct nl_burst burst = {.nb_n = 0};
	struct us_lanroute r;

	(void)state;
	us_lanroute_start(&r, NULL);
	assert_int_equal(nl_hook_groups(), 1u << (RTNLGRP_IPV4_ROUTE - 1));
	memcpy(bad, local_route, sizeof(bad));
	assert_int_equal(nl_burst_read(NULL, &burst, bad, sizeof(bad)), 0);
	bad[28] = 7; /* RTA_DST of 3 bytes */
	assert_int_equal(nl_burst_read(NULL, &burst, bad, sizeof(bad)), 1);
	us_lanroute_stop(&r);
	assert_int_equal(nl_hook_groups(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_local_route_found),
	    cmocka_unit_test(test_other_routes_ignored),
	    cmocka_unit_test(test_malformed_refused),
	    cmocka_unit_test(test_read),
	    cmocka_unit_test(test_list),
	    cmocka_unit_test(test_hook),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
