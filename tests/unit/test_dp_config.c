/* Configuration -> dataplane sync: the operations the seed configurations ask for, and only changes after. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>

#include "dataplane/dp_config.h"
#include "interface/iface.h"
#include "interface/vaccess.h"
#include "rib_fixture.h"

/* Runs the configuration sync alone and returns what it applied. */
static const char *sync_ops(struct rfx *f)
{
	dp_record_clear(f->rf_d.fd_dp.dpl_state);
	dp_config_sync(&f->rf_d);
	return dp_record_text(f->rf_d.fd_dp.dpl_state);
}

static void assert_has(const char *text, const char *line)
{
	if (!strstr(text, line))
		fail_msg("missing \"%s\" in:\n%s", line, text);
}

static int setup(void **state)
{
	static struct rfx f;

	assert_int_equal(if_map_add("Ethernet0/0=eth0"), 0);
	assert_int_equal(if_map_add("Ethernet0/1=eth1"), 0);
	rfx_init(&f);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct rfx *f = *state;
	dp_config_forget(&f->rf_d);
	rfx_fini(f);
	if_map_clear();
	return 0;
}

/* Whether the first line of ops starting with prefix ends with suffix. */
static bool line_ends(const char *ops, const char *prefix, const char *suffix)
{
	const char *line = strstr(ops, prefix), *end;

	assert_non_null(line);
	end = strchr(line, '\n');
	if (!end)
		end = line + strlen(line);
	return (size_t)(end - line) >= strlen(suffix) && strncmp(end - strlen(suffix), suffix, strlen(suffix)) == 0;
}

static void test_spoke_seed(void **state)
{
	struct rfx *f = *state;
	const char *ops;

	rfx_load_seed(f, "R3-Spoke1");
	ops = sync_ops(f);
	assert_has(ops, "vrf-add fy-v-cust1 table ");
	assert_has(ops, "vrf-add fy-v-cust2 table ");
	assert_has(ops, "link-add eth0 kind existing");
	assert_has(ops, "link-add fy-et0-1.10 kind vlan parent eth1 vlan 10 ");
	assert_has(ops, "vrf fy-v-cust1 mpls off up");
	assert_has(ops,
		   "link-add fy-tu0 kind gre parent - vlan 0 local 172.16.1.103 remote 172.16.0.1 key none/0 ttl 255 "
		   "vrf - mpls on up");
	/* Tunnel0 has tunnel protection (the dataplane never sends its GRE in clear); eth0 has none */
	assert_true(line_ends(ops, "link-add fy-tu0 ", " protected"));
	assert_false(line_ends(ops, "link-add eth0 ", " protected"));
	assert_has(ops, "addr-add eth0 172.16.1.103/24");
	assert_has(ops, "addr-add fy-et0-1.10 192.168.113.1/24");
	/* VRFs before the links that join them, links before their addresses */
	assert_true(strstr(ops, "vrf-add fy-v-cust1") < strstr(ops, "link-add fy-et0-1.10"));
	assert_true(strstr(ops, "link-add fy-et0-1.10") < strstr(ops, "addr-add fy-et0-1.10"));
	assert_string_equal(sync_ops(f), ""); /* nothing changed: nothing to do */
}

static void test_changes_only(void **state)
{
	struct rfx *f = *state;

	rfx_config(f, "interface Ethernet0/1.20\n shutdown\n");
	assert_string_equal(
	    sync_ops(f), "link-del fy-et0-1.20 kind vlan parent eth1 vlan 20 local 0.0.0.0 remote 0.0.0.0 key none/0 "
			 "ttl 0 vrf fy-v-cust2 mpls off up mtu 0\n"
			 "link-add fy-et0-1.20 kind vlan parent eth1 vlan 20 local 0.0.0.0 remote 0.0.0.0 key none/0 "
			 "ttl 0 vrf fy-v-cust2 mpls off down mtu 0\n"
			 "addr-add fy-et0-1.20 192.168.123.1/24\n");
	rfx_config(f, "no interface Ethernet0/1.20\n");
	assert_has(sync_ops(f), "addr-del fy-et0-1.20 192.168.123.1/24\nlink-del fy-et0-1.20 kind vlan");
}

static void test_hub_unnumbered_template_has_no_device(void **state)
{
	struct rfx f;
	const char *ops;

	rfx_init(&f);
	rfx_load_seed(&f, "R1-HUB");
	ops = sync_ops(&f);
	assert_has(ops, "link-add fy-lo0 kind loopback");
	assert_has(ops, "addr-add fy-lo0 10.0.0.1/32");
	assert_null(strstr(ops, "fy-vt1")); /* a Virtual-Template is cloned per peer, never a device itself */
	dp_config_forget(&f.rf_d);
	rfx_fini(&f);
}

/* The seed's Virtual-Template has no tunnel source: its clone for a spoke sources from any address
 * (the kernel picks the one the IKE session runs on, by the route to the spoke). */
static void test_hub_virtual_access_is_gre_to_the_spoke(void **state)
{
	struct rfx f;
	struct in_addr spoke = {.s_addr = htonl(0xac100167)}; /* 172.16.1.103 */
	char name[IF_NAMELEN] = "";
	const char *why = NULL;

	rfx_init(&f);
	rfx_load_seed(&f, "R1-HUB");
	sync_ops(&f);
	assert_int_equal(vaccess_create(&f.rf_d, 1, spoke, name, sizeof(name), &why), 0);
	assert_string_equal(name, "Virtual-Access1");
	assert_has(sync_ops(&f), "link-add fy-va1 kind gre parent - vlan 0 local 0.0.0.0 remote 172.16.1.103 key "
				 "none/0 ttl 255 vrf - mpls on up");
	dp_config_forget(&f.rf_d);
	rfx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spoke_seed),
	    cmocka_unit_test(test_changes_only),
	    cmocka_unit_test(test_hub_unnumbered_template_has_no_device),
	    cmocka_unit_test(test_hub_virtual_access_is_gre_to_the_spoke),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
