/* Configuration -> dataplane sync: the operations the seed configurations ask for, and only changes after. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
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

/* The configuration of the review's case: another program's fy-lo1 refuses Loopback1's device. */
static const char lab_config[] = "interface Loopback1\n"
				 " ip address 10.9.9.1 255.255.255.255\n"
				 "interface Loopback2\n"
				 "interface Ethernet0/0\n"
				 " ip address 192.0.2.1 255.255.255.0\n";

/* Each lab test has its own daemon, freed even when an assertion ends the test early. */
static int lab_setup(void **state)
{
	struct rfx *f;

	if (if_map_add("Ethernet0/0=eth0") < 0 || !(f = calloc(1, sizeof(*f)))) /* rfx_fini clears the maps */
		return -1;
	rfx_init(f);
	rfx_config(f, lab_config);
	*state = f;
	return 0;
}

static int lab_teardown(void **state)
{
	void *f = *state;

	teardown(state);
	free(f);
	return 0;
}

static void refuse(struct rfx *f, const char *text)
{
	assert_int_equal(dp_record_refuse(f->rf_d.fd_dp.dpl_state, text), 0);
}

/* Whether every line of ops holds text (and there is one). */
static bool all_lines_hold(const char *ops, const char *text)
{
	char copy[4096];
	char *save = NULL;
	int lines = 0;

	snprintf(copy, sizeof(copy), "%s", ops);
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save), lines++)
		if (!strstr(line, text))
			return false;
	return lines > 0;
}

#define LINK_LO(n, state)                                                                                              \
	"link-add fy-lo" #n " kind loopback parent - vlan 0 local 0.0.0.0 remote 0.0.0.0 key none/0 ttl 0 vrf - "      \
	"mpls off " state " mtu 0\n"

/* A refused add holds back neither the operations after it nor the next syncs; it is tried again alone.
 * The address on its device is held back with it: it would land on the other program's device. */
static void test_refused_add_is_retried_alone(void **state)
{
	struct rfx *f = *state;
	const char *ops;

	refuse(f, "link-add fy-lo1 ");
	ops = sync_ops(f);
	assert_has(ops, "refused link-add fy-lo1 ");
	assert_has(ops, LINK_LO(2, "up"));
	assert_has(ops, "link-add eth0 kind existing");
	assert_has(ops, "addr-add eth0 192.0.2.1/24\n");
	assert_null(strstr(ops, "addr-add fy-lo1 "));
	assert_true(all_lines_hold(sync_ops(f), "refused link-add fy-lo1 "));
	refuse(f, NULL);
	assert_string_equal(sync_ops(f), LINK_LO(1, "up") "addr-add fy-lo1 10.9.9.1/32\n");
	assert_string_equal(sync_ops(f), "");
}

/* Syncs the lab, then applies config with the operations holding text refused: what that sync did. */
static const char *sync_refusing(struct rfx *f, const char *text, const char *config)
{
	sync_ops(f);
	refuse(f, text);
	rfx_config(f, config);
	return sync_ops(f);
}

/* A refused delete leaves the object applied: the next sync deletes it again; the rest goes on. */
static void test_refused_delete_is_retried(void **state)
{
	struct rfx *f = *state;
	const char *ops;

	ops = sync_refusing(f, "link-del fy-lo2 ", "no interface Loopback2\ninterface Loopback3\n");
	assert_has(ops, "refused link-del fy-lo2 ");
	assert_has(ops, LINK_LO(3, "up"));
	assert_true(all_lines_hold(sync_ops(f), "refused link-del fy-lo2 "));
	refuse(f, NULL);
	assert_true(all_lines_hold(sync_ops(f), "link-del fy-lo2 kind loopback "));
	assert_string_equal(sync_ops(f), "");
}

/* A link changed is deleted and added again under its key: a refused delete keeps the old link applied,
 * whatever its add did, so the next sync makes it again. */
static void test_refused_delete_of_changed_link(void **state)
{
	struct rfx *f = *state;
	const char *ops;

	ops = sync_refusing(f, "link-del fy-lo2 ", "interface Loopback2\n shutdown\n");
	assert_has(ops, "refused link-del fy-lo2 ");
	assert_has(ops, LINK_LO(2, "down"));
	assert_has(sync_ops(f), "refused link-del fy-lo2 ");
	refuse(f, NULL);
	ops = sync_ops(f);
	assert_true(strstr(ops, "link-del fy-lo2 ") == ops);
	assert_string_equal(strchr(ops, '\n') + 1, LINK_LO(2, "down"));
	assert_string_equal(sync_ops(f), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spoke_seed),
	    cmocka_unit_test(test_changes_only),
	    cmocka_unit_test(test_hub_unnumbered_template_has_no_device),
	    cmocka_unit_test(test_hub_virtual_access_is_gre_to_the_spoke),
	    cmocka_unit_test_setup_teardown(test_refused_add_is_retried_alone, lab_setup, lab_teardown),
	    cmocka_unit_test_setup_teardown(test_refused_delete_is_retried, lab_setup, lab_teardown),
	    cmocka_unit_test_setup_teardown(test_refused_delete_of_changed_link, lab_setup, lab_teardown),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
