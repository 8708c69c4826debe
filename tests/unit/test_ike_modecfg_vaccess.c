/*
 * Virtual-Access derivation: a Virtual-Template's printed block becomes
 * the clone's configuration under its own name, with the peer as tunnel
 * destination (the template's own destination, if any, dropped).
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "interface/vaccess.h"

static void check_derive(const char *tmpl, const char *peer, const char *want)
{
	struct in_addr dst;
	char *got;

	assert_int_equal(inet_pton(AF_INET, peer, &dst), 1);
	got = vaccess_derive(tmpl, "Virtual-Access3", dst);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_seed_template(void **state)
{
	check_derive("interface Virtual-Template1 type tunnel\n"
		     " ip unnumbered Loopback0\n"
		     " ip nhrp network-id 1\n"
		     " ip nhrp redirect\n"
		     " mpls bgp forwarding\n"
		     " tunnel source Ethernet0/0\n"
		     " tunnel destination 192.0.2.9\n"
		     " tunnel protection ipsec profile default\n"
		     "!\n",
		     "172.16.1.103",
		     "interface Virtual-Access3\n"
		     " ip unnumbered Loopback0\n"
		     " ip nhrp network-id 1\n"
		     " ip nhrp redirect\n"
		     " mpls bgp forwarding\n"
		     " tunnel source Ethernet0/0\n"
		     " tunnel protection ipsec profile default\n"
		     " tunnel destination 172.16.1.103\n");
}

static void test_empty_template(void **state)
{
	check_derive("interface Virtual-Template7 type tunnel\n!", "10.9.9.9",
		     "interface Virtual-Access3\n tunnel destination 10.9.9.9\n");
	check_derive("", "10.9.9.9", "interface Virtual-Access3\n tunnel destination 10.9.9.9\n");
}

static void test_is_vaccess(void **state)
{
	struct iface va = {.if_name = "Virtual-Access12"}, vt = {.if_name = "Virtual-Template1"},
		     tu = {.if_name = "Tunnel0"};

	assert_true(vaccess_is(&va));
	assert_false(vaccess_is(&vt));
	assert_false(vaccess_is(&tu));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_seed_template),
	    cmocka_unit_test(test_empty_template),
	    cmocka_unit_test(test_is_vaccess),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
