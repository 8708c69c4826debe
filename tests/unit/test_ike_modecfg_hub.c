/*
 * FlexVPN on a configuration loaded as ferryd loads it: the CFG_REPLY that
 * the profile's AAA list and authorization policy give (the seed's R1-HUB
 * sections), its refusals, address leases per identity, a Virtual-Access
 * cloned from Virtual-Template1; then an SA coming up and going on the hub
 * and on a spoke: interfaces, addresses, the overlay /32 and its
 * implicit-null label.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config/text.h"
#include "core/loop.h"
#include "ike/ikev2_sa.h"
#include "interface/vaccess.h"
#include "mpls/mfi.h"
#include "pool/pool_alloc.h"
#include "rib/fib.h"
#include "rib/rib_table.h"
#include "subsys.h"

static const char hub_conf[] = "aaa new-model\n"
			       "aaa authorization network default local\n"
			       "crypto ikev2 authorization policy default\n"
			       " pool mypool\n"
			       " dns 192.0.2.53\n"
			       " banner ^C Welcome ^C\n"
			       " def-domain cisco.com\n"
			       " route set interface\n"
			       "crypto ikev2 profile default\n"
			       " match identity remote fqdn domain cisco.com\n"
			       " authentication remote pre-share\n"
			       " authentication local pre-share\n"
			       " aaa authorization group psk list default default\n"
			       " virtual-template 1\n"
			       "crypto ipsec profile default\n"
			       " set ikev2-profile default\n"
			       "interface Loopback0\n"
			       " ip address 10.0.0.1 255.255.255.255\n"
			       "interface Virtual-Template1 type tunnel\n"
			       " ip unnumbered Loopback0\n"
			       " ip nhrp network-id 1\n"
			       " mpls bgp forwarding\n"
			       " tunnel protection ipsec profile default\n"
			       "ip local pool mypool 10.1.1.1 10.1.1.2\n";

static struct cli_tree *tree;

/* A line the configuration did not take: shown, and the load fails. */
static void diag(void *arg, const char *file, unsigned line, const char *msg)
{
	print_error("%s:%u: %s\n", file, line, msg);
}
static struct ferryd daemon_;

/* Loads the hub's configuration, then extra lines, into a fresh running configuration. */
static void load(const char *extra)
{
	char *text = NULL;
	FILE *f;

	assert_true(asprintf(&text, "%s%s", hub_conf, extra) > 0);
	assert_non_null(f = fmemopen(text, strlen(text), "r"));
	daemon_.fd_running = cfg_new();
	assert_int_equal(cfg_load_stream(tree, &daemon_, daemon_.fd_running, f, "hub", diag, NULL), 0);
	fclose(f);
	free(text);
}

static int setup(void **state)
{
	daemon_.fd_tree = tree;
	ikev2_mgr.mg_d = &daemon_;
	pool_alloc_reset();
	return 0;
}

static int teardown(void **state)
{
	fib_forget(&daemon_);
	cfg_free(daemon_.fd_running);
	daemon_.fd_running = NULL;
	pool_alloc_reset();
	return 0;
}

/* Asks for the reply to a CFG_REQUEST from the peer with that FQDN. */
static int assign(struct ikev2_ike_sa *sa, const char *fqdn, struct ikev2_modecfg *mc, const char **why)
{
	struct ikev2_id id = {.id_type = IKEV2_ID_FQDN};
	int rc;

	snprintf(sa->sa_conf.ac_profile, sizeof(sa->sa_conf.ac_profile), "default");
	assert_int_equal(ikev2_blob_set(&id.id_data, fqdn, strlen(fqdn)), 0);
	ikev2_modecfg_fini(mc); /* texts of an earlier call */
	mc->mc_requested = true;
	*why = NULL;
	rc = ikev2_flex_assign(sa, &id, mc, why);
	ikev2_blob_free(&id.id_data);
	return rc;
}

/* Frees what assign left in sa and mc (the lease stays with the pool). */
static void forget(struct ikev2_ike_sa *sa, struct ikev2_modecfg *mc)
{
	ikev2_modecfg_fini(mc);
	free(sa->sa_flex.fx_pool);
	sa->sa_flex.fx_pool = NULL;
}

static const char *addr(struct in_addr a)
{
	static char buf[INET_ADDRSTRLEN];
	return inet_ntop(AF_INET, &a, buf, sizeof(buf));
}

static void test_seed_policy(void **state)
{
	struct ikev2_ike_sa sa = {0};
	struct ikev2_modecfg mc = {0};
	const char *why;

	load("");
	assert_int_equal(assign(&sa, "R3.cisco.com", &mc, &why), 0);
	assert_true(mc.mc_has_addr);
	assert_string_equal(addr(mc.mc_addr), "10.1.1.1");
	assert_string_equal(sa.sa_flex.fx_pool, "mypool");
	assert_string_equal(mc.mc_domain, "cisco.com");
	assert_string_equal(mc.mc_banner, " Welcome ");
	assert_int_equal(mc.mc_ndns, 1);
	assert_string_equal(addr(mc.mc_dns[0]), "192.0.2.53");
	/* route set interface: the template's address, Loopback0's */
	assert_int_equal(mc.mc_nroutes, 1);
	assert_string_equal(addr(mc.mc_routes[0].r4_addr), "10.0.0.1");
	assert_int_equal(mc.mc_routes[0].r4_mask.s_addr, 0xffffffffu);
	forget(&sa, &mc);
}

static void test_leases_per_identity(void **state)
{
	struct ikev2_ike_sa r3 = {0}, r4 = {0}, r5 = {0};
	struct ikev2_modecfg mc = {0};
	const char *why;

	load("");
	assert_int_equal(assign(&r3, "R3.cisco.com", &mc, &why), 0);
	assert_int_equal(assign(&r4, "R4.cisco.com", &mc, &why), 0);
	assert_string_equal(addr(mc.mc_addr), "10.1.1.2");
	assert_int_equal(assign(&r5, "R5.cisco.com", &mc, &why), -1);
	assert_string_equal(why, "the local pool has no free address");
	pool_release(r3.sa_flex.fx_pool, r3.sa_flex.fx_leased);
	forget(&r3, &mc);
	assert_int_equal(assign(&r3, "R3.cisco.com", &mc, &why), 0);
	assert_string_equal(addr(mc.mc_addr), "10.1.1.1");
	forget(&r3, &mc);
	forget(&r4, &mc);
}

static void refused(const char *extra, const char *want)
{
	struct ikev2_ike_sa sa = {0};
	struct ikev2_modecfg mc = {0};
	const char *why;

	load(extra);
	assert_int_equal(assign(&sa, "R3.cisco.com", &mc, &why), -1);
	assert_string_equal(why, want);
	assert_false(mc.mc_has_addr);
	cfg_free(daemon_.fd_running);
	daemon_.fd_running = NULL;
}

static void test_refusals(void **state)
{
	refused("no aaa authorization network default local\n",
		"no local \"aaa authorization network\" method list of that name");
	refused("no crypto ikev2 authorization policy default\n",
		"the crypto ikev2 authorization policy is not configured");
	refused("no ip local pool mypool\n", "the authorization policy's pool does not exist");
}

static void test_no_authorization(void **state)
{
	struct ikev2_ike_sa sa = {0};
	struct ikev2_modecfg mc = {0};
	const char *why;

	/* without "aaa authorization group": an empty CFG_REPLY, nothing leased */
	load("crypto ikev2 profile default\n no aaa authorization group psk list default default\n");
	assert_int_equal(assign(&sa, "R3.cisco.com", &mc, &why), 0);
	assert_false(mc.mc_has_addr);
	assert_int_equal(mc.mc_nroutes, 0);
	assert_null(sa.sa_flex.fx_pool);
}

static void test_virtual_access(void **state)
{
	struct in_addr peer = {.s_addr = htonl(0xac100167)}; /* 172.16.1.103 */
	char name[IF_NAMELEN] = "", name2[IF_NAMELEN] = "";
	const struct iface *va;
	const char *why = NULL;
	struct in_addr a;
	uint8_t plen;

	load("");
	assert_int_equal(vaccess_create(&daemon_, 1, peer, name, sizeof(name), &why), 0);
	assert_string_equal(name, "Virtual-Access1");
	assert_int_equal(vaccess_create(&daemon_, 1, peer, name2, sizeof(name2), &why), 0);
	assert_string_equal(name2, "Virtual-Access2");
	assert_non_null(va = if_lookup(daemon_.fd_running, name));
	assert_true(vaccess_is(va));
	assert_true(if_address_of(daemon_.fd_running, va, &a, &plen));
	assert_string_equal(addr(a), "10.0.0.1");
	assert_int_equal(plen, 32);
	vaccess_delete(&daemon_, name);
	assert_null(if_lookup(daemon_.fd_running, name));
	/* a name given is taken: the one of a clone lost to a reload */
	assert_int_equal(vaccess_create(&daemon_, 1, peer, name, sizeof(name), &why), 0);
	assert_string_equal(name, "Virtual-Access1");
	name[0] = '\0';
	assert_int_equal(vaccess_create(&daemon_, 2, peer, name, sizeof(name), &why), -1);
	assert_string_equal(why, "the profile's virtual-template is not configured as \"type tunnel\"");
}

/* Clones one Virtual-Access and checks the number it took. */
static void clone_expect(const char *want)
{
	struct in_addr peer = {.s_addr = htonl(0xac100167)};
	char name[IF_NAMELEN] = "";
	const char *why = NULL;

	assert_int_equal(vaccess_create(&daemon_, 1, peer, name, sizeof(name), &why), 0);
	assert_string_equal(name, want);
}

/* The lowest free number, as IOS: gaps left by peers going are filled first. */
static void test_virtual_access_numbering(void **state)
{
	load("");
	clone_expect("Virtual-Access1");
	clone_expect("Virtual-Access2");
	clone_expect("Virtual-Access3");
	clone_expect("Virtual-Access4");
	vaccess_delete(&daemon_, "Virtual-Access3");
	vaccess_delete(&daemon_, "Virtual-Access2");
	clone_expect("Virtual-Access2");
	clone_expect("Virtual-Access3");
	clone_expect("Virtual-Access5");
	vaccess_delete(&daemon_, "Virtual-Access1");
	clone_expect("Virtual-Access1");
	clone_expect("Virtual-Access6");
	/* a fresh configuration (a reload) starts again from 1 */
	cfg_free(daemon_.fd_running);
	load("");
	clone_expect("Virtual-Access1");
}

static void test_virtual_access_config(void **state)
{
	struct in_addr peer = {.s_addr = htonl(0xac100167)};
	char name[IF_NAMELEN] = "", *text;
	const char *why;
	size_t len;

	load("");
	assert_int_equal(vaccess_create(&daemon_, 1, peer, name, sizeof(name), &why), 0);
	text = cfg_print_obj_string(tree, if_print_block, if_lookup(daemon_.fd_running, name), &len);
	assert_non_null(text);
	assert_string_equal(text, "interface Virtual-Access1\n"
				  " ip unnumbered Loopback0\n"
				  " ip nhrp network-id 1\n"
				  " mpls bgp forwarding\n"
				  " tunnel destination 172.16.1.103\n"
				  " tunnel protection ipsec profile default\n"
				  "!\n");
	free(text);
}

/* The overlay route: out of ifname with an implicit-null label; its local label pops towards the peer. */
static void check_overlay(const char *prefix, const char *ifname)
{
	struct in_addr a;
	const struct rib_entry *re;
	const struct mfi_label *ml;

	assert_int_equal(inet_pton(AF_INET, prefix, &a), 1);
	re = rib_exact(rib_table_of(rib_of(&daemon_), NULL), ntohl(a.s_addr), 32);
	if (!ifname) {
		assert_true(!re || !re->re_paths);
		assert_null(mfi_prefix_binding(mfi_of(&daemon_), NULL, a, 32));
		return;
	}
	assert_non_null(re);
	assert_non_null(re->re_paths);
	assert_int_equal(re->re_paths->rp_source, RIB_SRC_IKE);
	assert_string_equal(re->re_paths->rp_nh[0].rn_ifname, ifname);
	assert_int_equal(re->re_paths->rp_nh[0].rn_nlabels, 1);
	assert_int_equal(re->re_paths->rp_nh[0].rn_labels[0], MFI_LABEL_IMPLICIT_NULL);
	assert_non_null(ml = mfi_prefix_binding(mfi_of(&daemon_), NULL, a, 32));
	assert_int_equal(ml->ml_refs[MFI_OWNER_IKEV2], 1);
	assert_non_null(ml->ml_out);
	assert_int_equal(ml->ml_out->mo_label, MFI_LABEL_IMPLICIT_NULL);
	assert_string_equal(ml->ml_out->mo_ifname, ifname);
}

static void test_hub_sa_up_down(void **state)
{
	struct ikev2_ike_sa sa = {0};
	struct ikev2_modecfg mc = {0};
	const char *why;

	load("");
	sa.sa_init.in_remote.sin_addr.s_addr = htonl(0xac100167);
	assert_int_equal(assign(&sa, "R3.cisco.com", &mc, &why), 0);
	ikev2_flex_up(&daemon_, &sa);
	assert_string_equal(sa.sa_flex.fx_vaccess, "Virtual-Access1");
	assert_non_null(if_lookup(daemon_.fd_running, "Virtual-Access1"));
	check_overlay("10.1.1.1", "Virtual-Access1");
	assert_int_equal(pool_in_use("mypool", pool_lookup(daemon_.fd_running, "mypool")->pl_ranges), 1);
	ikev2_flex_down(&daemon_, &sa);
	assert_null(if_lookup(daemon_.fd_running, "Virtual-Access1"));
	check_overlay("10.1.1.1", NULL);
	assert_int_equal(pool_in_use("mypool", pool_lookup(daemon_.fd_running, "mypool")->pl_ranges), 0);
	ikev2_flex_down(&daemon_, &sa); /* twice: nothing left to undo */
	ikev2_modecfg_fini(&mc);
}

static void test_spoke_sa_up_down(void **state)
{
	struct ikev2_ike_sa sa = {.sa_tunnel = "Tunnel0"};
	struct ikev2_modecfg *mc = &sa.sa_conf.ac_cfg;
	const struct rib_entry *re;
	const struct iface *tu;
	struct in_addr a;
	uint8_t plen;

	load("interface Tunnel0\n ip address negotiated\n");
	ikev2_flex_attach(&sa, &sa.sa_conf);
	assert_true(mc->mc_request);
	*mc = (struct ikev2_modecfg){.mc_request = true, .mc_requested = true, .mc_has_addr = true, .mc_nroutes = 2};
	inet_pton(AF_INET, "10.1.1.7", &mc->mc_addr);
	inet_pton(AF_INET, "10.0.0.1", &mc->mc_routes[0].r4_addr);
	mc->mc_routes[0].r4_mask.s_addr = 0xffffffffu;
	inet_pton(AF_INET, "192.168.100.0", &mc->mc_routes[1].r4_addr);
	inet_pton(AF_INET, "255.255.255.0", &mc->mc_routes[1].r4_mask);
	ikev2_flex_up(&daemon_, &sa);
	assert_non_null(tu = if_lookup(daemon_.fd_running, "Tunnel0"));
	assert_true(if_address_of(daemon_.fd_running, tu, &a, &plen));
	assert_string_equal(addr(a), "10.1.1.7");
	assert_int_equal(plen, 32);
	check_overlay("10.0.0.1", "Tunnel0"); /* the hub's address, the first host route pushed */
	assert_non_null(rib_exact(rib_table_of(rib_of(&daemon_), NULL), 0xc0a86400, 24));
	ikev2_flex_down(&daemon_, &sa);
	assert_false(if_address_of(daemon_.fd_running, tu, &a, &plen));
	check_overlay("10.0.0.1", NULL);
	re = rib_exact(rib_table_of(rib_of(&daemon_), NULL), 0xc0a86400, 24);
	assert_true(!re || !re->re_paths);
}

/* A reply as a hub gives it: the address and the hub's Loopback0 as a host route. */
static void spoke_reply(struct ikev2_modecfg *mc, const char *address)
{
	*mc = (struct ikev2_modecfg){.mc_request = true, .mc_requested = true, .mc_has_addr = true, .mc_nroutes = 1};
	inet_pton(AF_INET, address, &mc->mc_addr);
	inet_pton(AF_INET, "10.0.0.1", &mc->mc_routes[0].r4_addr);
	mc->mc_routes[0].r4_mask.s_addr = 0xffffffffu;
}

/* A reload: the running configuration replaced by a fresh load of the same text (and extra lines). */
static void reload(const char *extra)
{
	struct config *old = daemon_.fd_running;

	load(extra);
	cfg_free(old);
}

static void test_reload_restores(void **state)
{
	struct ikev2_ike_sa hub = {0}, spoke = {.sa_tunnel = "Tunnel0"};
	const char *tunnel = "interface Tunnel0\n ip address negotiated\n", *why;
	struct ikev2_modecfg mc = {0};
	struct in_addr a;
	uint8_t plen;

	load(tunnel);
	hub.sa_init.in_remote.sin_addr.s_addr = htonl(0xac100167);
	assert_int_equal(assign(&hub, "R3.cisco.com", &mc, &why), 0);
	ikev2_flex_up(&daemon_, &hub);
	spoke_reply(&spoke.sa_conf.ac_cfg, "10.9.9.9");
	ikev2_flex_up(&daemon_, &spoke);
	reload(tunnel);
	assert_null(if_lookup(daemon_.fd_running, "Virtual-Access1"));
	assert_false(if_address_of(daemon_.fd_running, if_lookup(daemon_.fd_running, "Tunnel0"), &a, &plen));
	ikev2_mgr.mg_sas = &hub;
	hub.sa_next = &spoke;
	ikev2_flex_sync(&daemon_);
	assert_true(vaccess_is(if_lookup(daemon_.fd_running, "Virtual-Access1")));
	assert_true(if_address_of(daemon_.fd_running, if_lookup(daemon_.fd_running, "Tunnel0"), &a, &plen));
	assert_string_equal(addr(a), "10.9.9.9");
	/* the template went with the reload: the hub's SA stays, without a Virtual-Access */
	reload("no interface Virtual-Template1\n");
	ikev2_flex_sync(&daemon_);
	assert_string_equal(hub.sa_flex.fx_vaccess, "");
	assert_null(if_lookup(daemon_.fd_running, "Virtual-Access1"));
	ikev2_mgr.mg_sas = NULL;
	ikev2_flex_down(&daemon_, &hub);
	ikev2_flex_down(&daemon_, &spoke);
	ikev2_modecfg_fini(&mc);
}

static int group_setup(void **state)
{
	tree = subsys_grammar();
	daemon_.fd_loop = loop_new();
	return tree && daemon_.fd_loop ? 0 : -1;
}

static int group_teardown(void **state)
{
	loop_free(daemon_.fd_loop);
	cli_tree_free(tree);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_seed_policy, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_leases_per_identity, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_authorization, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_virtual_access, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_virtual_access_numbering, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_virtual_access_config, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hub_sa_up_down, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_spoke_sa_up_down, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reload_restores, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
