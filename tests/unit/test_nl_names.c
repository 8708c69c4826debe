/* The naming scheme of the devices ferryd creates (dataplane/dp_names.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/dataplane.h"
#include "dataplane/dp_names.h"

static void expect_if(const char *ios, const char *want)
{
	char out[DP_DEVLEN];

	assert_int_equal(dp_name_interface(ios, out, sizeof(out)), 0);
	assert_string_equal(out, want);
}

static void expect_vrf(const char *vrf, const char *want)
{
	char out[DP_DEVLEN];

	assert_int_equal(dp_name_vrf(vrf, out, sizeof(out)), 0);
	assert_string_equal(out, want);
}

/* The hashed form: prefix, then head, then '_' and four lower-case hex digits; 15 characters at most. */
static void expect_hashed(const char *name, const char *prefix_and_head)
{
	size_t n = strlen(prefix_and_head);

	assert_true(strlen(name) <= DP_DEVLEN - 1);
	assert_memory_equal(name, prefix_and_head, n);
	assert_int_equal(name[n], '_');
	assert_int_equal(strlen(name + n + 1), 4);
	assert_int_equal(strspn(name + n + 1, "0123456789abcdef"), 4);
}

static void test_interfaces(void **state)
{
	expect_if("Tunnel0", "fy-tu0");
	expect_if("tunnel0", "fy-tu0"); /* IOS names are case-insensitive */
	expect_if("Loopback100", "fy-lo100");
	expect_if("Virtual-Access3", "fy-va3");
	expect_if("Virtual-Template1", "fy-vt1");
	expect_if("Ethernet0/1.10", "fy-et0-1.10");
	expect_if("GigabitEthernet0/0/0.100", "fy-gi0-0-0.100");
}

static void test_vrfs(void **state)
{
	expect_vrf("cust1", "fy-v-cust1");
	expect_vrf("Cust1", "fy-v-Cust1"); /* VRF names are case-sensitive */
	expect_vrf("abcdefghij", "fy-v-abcdefghij");
}

static void test_hashed_forms(void **state)
{
	char a[DP_DEVLEN], b[DP_DEVLEN];

	assert_int_equal(dp_name_vrf("customer-north-east", a, sizeof(a)), 0);
	assert_int_equal(dp_name_vrf("customer-north-west", b, sizeof(b)), 0);
	expect_hashed(a, "fy-v-custo");
	expect_hashed(b, "fy-v-custo");
	assert_string_not_equal(a, b);
	/* the same name always gives the same device */
	assert_int_equal(dp_name_vrf("customer-north-east", b, sizeof(b)), 0);
	assert_string_equal(a, b);
	assert_int_equal(dp_name_vrf("a/b", a, sizeof(a)), 0); /* '/' is refused by Linux */
	expect_hashed(a, "fy-v-a_b");
	assert_int_equal(dp_name_interface("Cellular0/1", a, sizeof(a)), 0); /* a type the table does not know */
	expect_hashed(a, "fy-cellula");
	assert_int_equal(dp_name_interface("GigabitEthernet0/0/0.12345", a, sizeof(a)), 0); /* fy-gi0-0-0.12345: 16 */
	expect_hashed(a, "fy-gi0-0-0");
	assert_int_equal(dp_name_interface("Tunnel", a, sizeof(a)), 0); /* no unit */
	expect_hashed(a, "fy-tu");
}

static void test_refusals(void **state)
{
	char out[DP_DEVLEN];

	assert_int_equal(dp_name_vrf("", out, sizeof(out)), -1);
	assert_int_equal(dp_name_interface("", out, sizeof(out)), -1);
	assert_int_equal(dp_name_vrf("cust1", out, DP_DEVLEN - 1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_interfaces),
	    cmocka_unit_test(test_vrfs),
	    cmocka_unit_test(test_hashed_forms),
	    cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
