/* The RIB: distances, recursive resolution, loops, and the configuration's routes from the seed. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rib/fib.h"
#include "rib/rib_resolve.h"
#include "rib_fixture.h"

static uint32_t host(const char *s)
{
	return ntohl(rfx_ip(s).s_addr);
}

/* Puts a route of one next hop: gw (or NULL) out of ifname (or NULL), with up to two labels. */
static void put(struct rib *rib, const char *vrf, const char *prefix, uint8_t plen, enum rib_source src,
		uint8_t distance, const char *gw, const char *ifname, uint32_t l0, uint32_t l1)
{
	struct rib_nexthop nh = {.rn_ifname = ifname, .rn_labels = {l0, l1}, .rn_nlabels = l1 ? 2 : l0 ? 1 : 0};
	struct rib_attrs ra = {.ra_source = src, .ra_distance = distance, .ra_nnh = 1, .ra_nh = &nh};

	if (gw)
		nh.rn_gw = rfx_ip(gw);
	nh.rn_global = vrf && gw && !ifname; /* VPN routes: the next hop is in the global table */
	assert_int_equal(rib_update(rib, vrf, rfx_ip(prefix), plen, &ra), 0);
}

/* Resolves the exact prefix; returns the kind and fills res. */
static enum rib_res_kind resolve(struct rib *rib, const char *vrf, const char *prefix, uint8_t plen,
				 struct rib_res *res)
{
	const struct rib_table *t = rib_table_of(rib, vrf);
	const struct rib_entry *e = rib_exact(t, host(prefix), plen);
	struct rib_resolver rv;

	memset(res, 0, sizeof(*res));
	if (!e)
		return RIB_RES_NONE;
	rib_resolver_init(&rv, rib);
	rib_resolve(&rv, t, e, res);
	rib_resolver_fini(&rv);
	return res->rr_kind;
}

static int setup(void **state)
{
	*state = rib_new();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	rib_free(*state);
	return 0;
}

static void test_source_table(void **state)
{
	assert_int_equal(rib_source_distance(RIB_SRC_CONNECTED), 0);
	assert_int_equal(rib_source_distance(RIB_SRC_STATIC), 1);
	assert_int_equal(rib_source_distance(RIB_SRC_EBGP), 20);
	assert_int_equal(rib_source_distance(RIB_SRC_IBGP), 200);
	assert_int_equal(rib_source_distance(RIB_SRC_NHRP), 250);
	assert_string_equal(rib_source_code(RIB_SRC_LOCAL), "L");
	assert_string_equal(rib_source_code(RIB_SRC_NHRP), "H");
	assert_string_equal(rib_source_code(RIB_SRC_IKE), "S");
	assert_string_equal(rib_source_code(RIB_SRC_IBGP), "B");
}

static void test_bad_updates_refused(void **state)
{
	struct rib *rib = *state;
	struct rib_nexthop nh = {.rn_ifname = "Tunnel0", .rn_nlabels = 4};
	struct rib_attrs ra = {.ra_source = RIB_SRC_EBGP, .ra_nnh = 1, .ra_nh = &nh};

	assert_int_equal(rib_update(rib, NULL, rfx_ip("10.0.0.0"), 8, &ra), -1); /* 4 labels */
	nh.rn_nlabels = 1;
	nh.rn_labels[0] = 1 << 20;
	assert_int_equal(rib_update(rib, NULL, rfx_ip("10.0.0.0"), 8, &ra), -1); /* not a label */
	nh.rn_labels[0] = 16;
	assert_int_equal(rib_update(rib, NULL, rfx_ip("10.0.0.0"), 33, &ra), -1);
	ra.ra_nnh = 0;
	assert_int_equal(rib_update(rib, NULL, rfx_ip("10.0.0.0"), 8, &ra), -1);
	ra.ra_nnh = 1;
	nh.rn_ifname = NULL; /* neither gateway nor interface */
	assert_int_equal(rib_update(rib, NULL, rfx_ip("10.0.0.0"), 8, &ra), -1);
	ra.ra_source = RIB_SRC_COUNT;
	assert_int_equal(rib_update(rib, NULL, rfx_ip("10.0.0.0"), 8, &ra), -1);
	assert_int_equal(rib->rib_global.rtb_lpm.lp_count, 0);
}

/* Lowest distance wins; a path whose next hop does not resolve gives way to the next one. */
static void test_distance_selection(void **state)
{
	struct rib *rib = *state;
	struct rib_res res;
	uint64_t v;

	put(rib, NULL, "172.16.1.0", 24, RIB_SRC_CONNECTED, 0, NULL, "Ethernet0/0", 0, 0);
	put(rib, NULL, "192.168.1.0", 24, RIB_SRC_IBGP, 0, "172.16.1.3", NULL, 0, 0);
	put(rib, NULL, "192.168.1.0", 24, RIB_SRC_EBGP, 0, "172.16.1.2", NULL, 0, 0);
	assert_int_equal(resolve(rib, NULL, "192.168.1.0", 24, &res), RIB_RES_FORWARD);
	assert_int_equal(res.rr_path->rp_source, RIB_SRC_EBGP);
	assert_int_equal(res.rr_hops[0].rh_gw.s_addr, rfx_ip("172.16.1.2").s_addr);
	assert_string_equal(res.rr_hops[0].rh_ifname, "Ethernet0/0");

	put(rib, NULL, "192.168.1.0", 24, RIB_SRC_STATIC, 0, "10.9.9.9", NULL, 0, 0); /* unresolvable */
	assert_int_equal(resolve(rib, NULL, "192.168.1.0", 24, &res), RIB_RES_FORWARD);
	assert_int_equal(res.rr_path->rp_source, RIB_SRC_EBGP);
	put(rib, NULL, "192.168.1.0", 24, RIB_SRC_STATIC, 0, "172.16.1.9", NULL, 0, 0); /* replaces it */
	assert_int_equal(resolve(rib, NULL, "192.168.1.0", 24, &res), RIB_RES_FORWARD);
	assert_int_equal(res.rr_path->rp_source, RIB_SRC_STATIC);
	assert_int_equal(res.rr_path->rp_distance, 1);

	/* the same update again changes nothing */
	v = rib->rib_version;
	put(rib, NULL, "192.168.1.0", 24, RIB_SRC_STATIC, 0, "172.16.1.9", NULL, 0, 0);
	assert_true(rib->rib_version == v);

	rib_withdraw(rib, NULL, rfx_ip("192.168.1.0"), 24, RIB_SRC_STATIC);
	rib_withdraw(rib, NULL, rfx_ip("192.168.1.0"), 24, RIB_SRC_EBGP);
	assert_int_equal(resolve(rib, NULL, "192.168.1.0", 24, &res), RIB_RES_FORWARD);
	assert_int_equal(res.rr_path->rp_source, RIB_SRC_IBGP);
	rib_withdraw(rib, NULL, rfx_ip("192.168.1.7"), 24, RIB_SRC_IBGP); /* host bits do not matter */
	assert_null(rib_exact(&rib->rib_global, host("192.168.1.0"), 24));
}

/* Among paths of one distance the lower metric wins. */
static void test_metric_breaks_ties(void **state)
{
	struct rib *rib = *state;
	struct rib_nexthop a = {.rn_ifname = "Tunnel1"}, b = {.rn_ifname = "Tunnel2"};
	struct rib_attrs ra = {
	    .ra_source = RIB_SRC_STATIC, .ra_distance = 5, .ra_metric = 10, .ra_nnh = 1, .ra_nh = &a};
	struct rib_attrs rb = {.ra_source = RIB_SRC_NHRP, .ra_distance = 5, .ra_metric = 2, .ra_nnh = 1, .ra_nh = &b};
	struct rib_res res;

	assert_int_equal(rib_update(rib, NULL, rfx_ip("10.2.0.0"), 16, &ra), 0);
	assert_int_equal(rib_update(rib, NULL, rfx_ip("10.2.0.0"), 16, &rb), 0);
	assert_int_equal(resolve(rib, NULL, "10.2.0.0", 16, &res), RIB_RES_FORWARD);
	assert_string_equal(res.rr_hops[0].rh_ifname, "Tunnel2");
}

/* The seed's spoke: a VPN route's next hop 10.0.0.1 resolves through ip route 10.0.0.1/32 Tunnel0. */
static void test_recursive_through_interface_route(void **state)
{
	struct rib *rib = *state;
	struct rib_res res;

	put(rib, "cust1", "192.168.110.0", 24, RIB_SRC_EBGP, 0, "10.0.0.1", NULL, 19, 0);
	assert_int_equal(resolve(rib, "cust1", "192.168.110.0", 24, &res), RIB_RES_NONE); /* not yet */
	put(rib, NULL, "10.0.0.1", 32, RIB_SRC_STATIC, 0, NULL, "Tunnel0", 0, 0);
	assert_int_equal(resolve(rib, "cust1", "192.168.110.0", 24, &res), RIB_RES_FORWARD);
	assert_int_equal(res.rr_nhops, 1);
	assert_int_equal(res.rr_hops[0].rh_gw.s_addr, rfx_ip("10.0.0.1").s_addr);
	assert_string_equal(res.rr_hops[0].rh_ifname, "Tunnel0");
	assert_int_equal(res.rr_hops[0].rh_nlabels, 1);
	assert_int_equal(res.rr_hops[0].rh_labels[0], 19);
}

/* The seed's hub: IKEv2 installs the spoke's overlay /32 with implicit-null; the VPN label alone is pushed. */
static void test_labels_stack_up(void **state)
{
	struct rib *rib = *state;
	struct rib_res res;

	put(rib, NULL, "10.1.1.3", 32, RIB_SRC_IKE, 0, NULL, "Virtual-Access1", 3, 0);
	put(rib, "cust1", "192.168.113.0", 24, RIB_SRC_EBGP, 0, "10.1.1.3", NULL, 16, 0);
	assert_int_equal(resolve(rib, "cust1", "192.168.113.0", 24, &res), RIB_RES_FORWARD);
	assert_string_equal(res.rr_hops[0].rh_ifname, "Virtual-Access1");
	assert_int_equal(res.rr_hops[0].rh_nlabels, 1);
	assert_int_equal(res.rr_hops[0].rh_labels[0], 16);

	/* a labelled transport route: its label goes outside the VPN label */
	put(rib, NULL, "172.16.1.0", 24, RIB_SRC_CONNECTED, 0, NULL, "Ethernet0/0", 0, 0);
	put(rib, NULL, "10.5.5.5", 32, RIB_SRC_IBGP, 0, "172.16.1.2", NULL, 30, 0);
	put(rib, "cust1", "192.168.5.0", 24, RIB_SRC_IBGP, 0, "10.5.5.5", NULL, 40, 0);
	assert_int_equal(resolve(rib, "cust1", "192.168.5.0", 24, &res), RIB_RES_FORWARD);
	assert_int_equal(res.rr_hops[0].rh_gw.s_addr, rfx_ip("172.16.1.2").s_addr);
	assert_int_equal(res.rr_hops[0].rh_nlabels, 2);
	assert_int_equal(res.rr_hops[0].rh_labels[0], 30);
	assert_int_equal(res.rr_hops[0].rh_labels[1], 40);

	/* deeper than the dataplane pushes: unusable */
	put(rib, NULL, "10.6.6.6", 32, RIB_SRC_IBGP, 0, "10.5.5.5", NULL, 50, 51);
	put(rib, "cust1", "192.168.6.0", 24, RIB_SRC_IBGP, 0, "10.6.6.6", NULL, 60, 0);
	assert_int_equal(resolve(rib, NULL, "10.6.6.6", 32, &res), RIB_RES_FORWARD);
	assert_int_equal(res.rr_hops[0].rh_nlabels, 3);
	assert_int_equal(resolve(rib, "cust1", "192.168.6.0", 24, &res), RIB_RES_NONE);
}

/* Loops resolve to nothing, quickly; a route never resolves through itself. */
static void test_recursive_loops(void **state)
{
	struct rib *rib = *state;
	struct rib_res res;
	char p[32], gw[32];

	put(rib, NULL, "10.0.0.0", 8, RIB_SRC_STATIC, 0, "20.0.0.1", NULL, 0, 0);
	put(rib, NULL, "20.0.0.0", 8, RIB_SRC_STATIC, 0, "10.0.0.1", NULL, 0, 0);
	assert_int_equal(resolve(rib, NULL, "10.0.0.0", 8, &res), RIB_RES_NONE);
	assert_int_equal(resolve(rib, NULL, "20.0.0.0", 8, &res), RIB_RES_NONE);
	put(rib, NULL, "30.0.0.0", 8, RIB_SRC_STATIC, 0, "30.0.0.1", NULL, 0, 0);
	assert_int_equal(resolve(rib, NULL, "30.0.0.0", 8, &res), RIB_RES_NONE);
	/* a ring of a hundred routes */
	for (int i = 0; i < 100; i++) {
		snprintf(p, sizeof(p), "50.0.0.%d", i);
		snprintf(gw, sizeof(gw), "50.0.0.%d", (i + 1) % 100);
		put(rib, NULL, p, 32, RIB_SRC_STATIC, 0, gw, NULL, 0, 0);
	}
	assert_int_equal(resolve(rib, NULL, "50.0.0.0", 32, &res), RIB_RES_NONE);
	assert_int_equal(resolve(rib, NULL, "50.0.0.99", 32, &res), RIB_RES_NONE);
	/* a default route breaks the self-loop: 30/8's next hop resolves through it */
	put(rib, NULL, "0.0.0.0", 0, RIB_SRC_STATIC, 0, NULL, "Null0", 0, 0);
	assert_int_equal(resolve(rib, NULL, "30.0.0.0", 8, &res), RIB_RES_DISCARD);
}

/* A chain longer than RIB_MAX_DEPTH does not resolve; a shorter part of it does. */
static void test_recursion_depth(void **state)
{
	struct rib *rib = *state;
	struct rib_res res;
	char p[32], gw[32];

	put(rib, NULL, "40.0.0.12", 32, RIB_SRC_STATIC, 0, NULL, "Tunnel0", 0, 0);
	for (int i = 0; i < 12; i++) {
		snprintf(p, sizeof(p), "40.0.0.%d", i);
		snprintf(gw, sizeof(gw), "40.0.0.%d", i + 1);
		put(rib, NULL, p, 32, RIB_SRC_STATIC, 0, gw, NULL, 0, 0);
	}
	assert_int_equal(resolve(rib, NULL, "40.0.0.0", 32, &res), RIB_RES_NONE);
	assert_int_equal(resolve(rib, NULL, "40.0.0.8", 32, &res), RIB_RES_FORWARD);
	assert_int_equal(res.rr_hops[0].rh_gw.s_addr, rfx_ip("40.0.0.12").s_addr);
}

static void test_discard_and_receive(void **state)
{
	struct rib *rib = *state;
	struct rib_res res;

	put(rib, NULL, "10.0.0.0", 8, RIB_SRC_STATIC, 0, NULL, "Null0", 0, 0);
	put(rib, NULL, "11.0.0.0", 8, RIB_SRC_STATIC, 0, "10.1.1.1", NULL, 0, 0);
	assert_int_equal(resolve(rib, NULL, "11.0.0.0", 8, &res), RIB_RES_DISCARD);
	put(rib, NULL, "192.168.1.1", 32, RIB_SRC_LOCAL, 0, NULL, "Ethernet0/1", 0, 0);
	put(rib, NULL, "12.0.0.0", 8, RIB_SRC_STATIC, 0, "192.168.1.1", NULL, 0, 0);
	assert_int_equal(resolve(rib, NULL, "192.168.1.1", 32, &res), RIB_RES_RECEIVE);
	assert_int_equal(resolve(rib, NULL, "12.0.0.0", 8, &res), RIB_RES_NONE); /* next hop is this router */
}

/* The best path of an exact prefix, which must exist. */
static const struct rib_path *best(struct rib *rib, const char *vrf, const char *prefix, uint8_t plen)
{
	const struct rib_entry *e = rib_exact(rib_table_of(rib, vrf), host(prefix), plen);

	assert_non_null(e);
	return e->re_paths;
}

static void expect_connected(struct rib *rib, const char *vrf, const char *prefix, uint8_t plen, const char *ifname,
			     enum rib_source src)
{
	const struct rib_path *p = best(rib, vrf, prefix, plen);

	assert_int_equal(p->rp_source, src);
	assert_int_equal(p->rp_distance, 0);
	assert_true(p->rp_derived);
	assert_string_equal(p->rp_nh[0].rn_ifname, ifname);
}

/* R1-HUB loaded with the real grammar: connected, local and static routes in the global table and the VRFs. */
static void test_derive_seed_hub(void **state)
{
	struct rfx f;
	struct rib *rib;
	struct rib_res res;
	uint64_t v;

	rfx_init(&f);
	rfx_load_seed(&f, "R1-HUB");
	rib = rib_of(&f.rf_d);
	assert_int_equal(rib_derive(rib, f.rf_d.fd_running), 0);

	expect_connected(rib, NULL, "10.0.0.1", 32, "Loopback0", RIB_SRC_CONNECTED); /* a /32: no local route */
	expect_connected(rib, NULL, "172.16.0.0", 30, "Ethernet0/0", RIB_SRC_CONNECTED);
	expect_connected(rib, NULL, "172.16.0.1", 32, "Ethernet0/0", RIB_SRC_LOCAL);
	expect_connected(rib, NULL, "192.168.100.0", 24, "Ethernet0/1", RIB_SRC_CONNECTED);
	expect_connected(rib, NULL, "192.168.100.1", 32, "Ethernet0/1", RIB_SRC_LOCAL);
	assert_int_equal(best(rib, NULL, "0.0.0.0", 0)->rp_source, RIB_SRC_STATIC);
	assert_int_equal(rib->rib_global.rtb_lpm.lp_count, 6);
	assert_int_equal(resolve(rib, NULL, "0.0.0.0", 0, &res), RIB_RES_FORWARD);
	assert_int_equal(res.rr_hops[0].rh_gw.s_addr, rfx_ip("172.16.0.2").s_addr);
	assert_string_equal(res.rr_hops[0].rh_ifname, "Ethernet0/0");

	expect_connected(rib, "cust1", "192.168.110.0", 24, "Ethernet0/2", RIB_SRC_CONNECTED);
	expect_connected(rib, "cust1", "192.168.110.1", 32, "Ethernet0/2", RIB_SRC_LOCAL);
	assert_int_equal(best(rib, "cust1", "0.0.0.0", 0)->rp_tag, 666);
	assert_int_equal(resolve(rib, "cust1", "0.0.0.0", 0, &res), RIB_RES_DISCARD);
	assert_int_equal(rib_table_of(rib, "cust1")->rtb_lpm.lp_count, 3);
	expect_connected(rib, "cust2", "192.168.111.0", 24, "Ethernet0/3", RIB_SRC_CONNECTED);
	assert_int_equal(best(rib, "cust2", "0.0.0.0", 0)->rp_tag, 667);
	assert_int_equal(rib_table_of(rib, "cust2")->rtb_lpm.lp_count, 3);

	/* deriving again changes nothing; shutting an interface down takes its routes away */
	v = rib->rib_version;
	assert_int_equal(rib_derive(rib, f.rf_d.fd_running), 0);
	assert_true(rib->rib_version == v);
	rfx_config(&f, "interface Ethernet0/0\n shutdown\n");
	assert_int_equal(rib_derive(rib, f.rf_d.fd_running), 0);
	assert_null(rib_exact(&rib->rib_global, host("172.16.0.0"), 30));
	assert_null(rib_exact(&rib->rib_global, host("172.16.0.1"), 32));
	assert_int_equal(resolve(rib, NULL, "0.0.0.0", 0, &res), RIB_RES_NONE); /* 172.16.0.2 is gone */
	rfx_fini(&f);
}

/* A static route out of an interface counts while the interface exists and is up. */
static void test_static_interface_routes(void **state)
{
	struct rfx f;
	struct rib *rib;

	rfx_init(&f);
	rfx_config(&f, "interface Tunnel0\n"
		       "ip route 10.0.0.1 255.255.255.255 Tunnel0 name workaround\n"
		       "ip route 10.0.0.2 255.255.255.255 Tunnel9\n"
		       "ip route 10.0.0.3 255.255.255.255 Tunnel9 permanent\n"
		       "ip route 10.0.0.4 255.255.255.255 Tunnel0 250\n"
		       "ip route 10.0.0.4 255.255.255.255 Tunnel1\n");
	rib = rib_of(&f.rf_d);
	assert_int_equal(rib_derive(rib, f.rf_d.fd_running), 0);
	assert_non_null(rib_exact(&rib->rib_global, host("10.0.0.1"), 32));
	assert_null(rib_exact(&rib->rib_global, host("10.0.0.2"), 32));
	assert_non_null(rib_exact(&rib->rib_global, host("10.0.0.3"), 32));
	assert_int_equal(best(rib, NULL, "10.0.0.4", 32)->rp_distance, 250); /* Tunnel1 does not exist */
	rfx_config(&f, "interface Tunnel1\n");
	assert_int_equal(rib_derive(rib, f.rf_d.fd_running), 0);
	assert_int_equal(best(rib, NULL, "10.0.0.4", 32)->rp_distance, 1);
	assert_int_equal(best(rib, NULL, "10.0.0.4", 32)->rp_next->rp_distance, 250);
	rfx_config(&f, "interface Tunnel0\n shutdown\n");
	assert_int_equal(rib_derive(rib, f.rf_d.fd_running), 0);
	assert_null(rib_exact(&rib->rib_global, host("10.0.0.1"), 32));
	assert_null(best(rib, NULL, "10.0.0.4", 32)->rp_next);
	rfx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_source_table),
	    cmocka_unit_test_setup_teardown(test_bad_updates_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_distance_selection, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_metric_breaks_ties, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_recursive_through_interface_route, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_labels_stack_up, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_recursive_loops, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_recursion_depth, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_discard_and_receive, setup, teardown),
	    cmocka_unit_test(test_derive_seed_hub),
	    cmocka_unit_test(test_static_interface_routes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
