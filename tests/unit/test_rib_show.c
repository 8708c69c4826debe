/* The routing show commands in IOS's layouts, golden text for the seed's hub with a few learned routes. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "mpls/mfi.h"
#include "rib/fib.h"
#include "rib/rib_table.h"
#include "rib_fixture.h"

#define LEGEND                                                                                                         \
	"Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP\n"                                  \
	"       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area \n"                                     \
	"       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2\n"                                      \
	"       E1 - OSPF external type 1, E2 - OSPF external type 2\n"                                                \
	"       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2\n"                               \
	"       ia - IS-IS inter area, * - candidate default, U - per-user static route\n"                             \
	"       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP\n"                                   \
	"       a - application route\n"                                                                               \
	"       + - replicated route, % - next hop override, p - overrides from PfR\n"

/* A learned route of one next hop: gw (or NULL) out of ifname (or NULL), with a label or none (0). */
static void put(struct rfx *f, const char *vrf, const char *prefix, uint8_t plen, enum rib_source src, const char *gw,
		const char *ifname, uint32_t label, uint32_t metric)
{
	struct rib_nexthop nh = {.rn_ifname = ifname, .rn_labels = {label}, .rn_nlabels = label ? 1 : 0};
	struct rib_attrs ra = {.ra_source = src, .ra_metric = metric, .ra_nnh = 1, .ra_nh = &nh};

	if (gw)
		ra.ra_from = nh.rn_gw = rfx_ip(gw);
	nh.rn_global = vrf && gw && !ifname;
	assert_int_equal(rib_update(rib_of(&f->rf_d), vrf, rfx_ip(prefix), plen, &ra), 0);
}

/*
 * The hub after a spoke came up: IKEv2's overlay /32 with implicit-null,
 * the spoke's network by eBGP with label 16, an NHRP shortcut; labels 16
 * (cust1's), 17 (192.168.113.0/24) and 18 (a connected prefix).
 */
static int setup(void **state)
{
	struct rfx *f = malloc(sizeof(*f));
	struct mfi *m;

	if (!f)
		return -1;
	rfx_init(f);
	rfx_load_seed(f, "R1-HUB");
	m = mfi_of(&f->rf_d);
	put(f, NULL, "10.1.1.3", 32, RIB_SRC_IKE, NULL, "Virtual-Access1", MFI_LABEL_IMPLICIT_NULL, 0);
	put(f, "cust1", "192.168.113.0", 24, RIB_SRC_EBGP, "10.1.1.3", NULL, 16, 0);
	put(f, "cust1", "192.168.114.0", 24, RIB_SRC_NHRP, "10.1.1.4", "Tunnel0", 0, 255);
	assert_int_equal(mfi_vrf_label(m, "cust1", MFI_OWNER_BGP), 16);
	assert_int_equal(mfi_prefix_label(m, "cust1", rfx_ip("192.168.113.0"), 24, MFI_OWNER_BGP), 17);
	assert_int_equal(mfi_prefix_label(m, "cust1", rfx_ip("192.168.110.0"), 24, MFI_OWNER_BGP), 18);
	rfx_sync(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	rfx_fini(*state);
	free(*state);
	return 0;
}

/* The output with route ages (hh:mm:ss) written as 00:00:00: a second may pass during the test. */
static const char *exec_aged(struct rfx *f, const char *cmd)
{
	char *s = (char *)rfx_exec(f, cmd);

	for (char *p = s; (p = strchr(p, ':')) && p - s >= 2; p++)
		if (isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[-2]) && isdigit((unsigned char)p[1]) &&
		    isdigit((unsigned char)p[2]) && p[3] == ':')
			memcpy(p - 2, "00:00:00", 8);
	return s;
}

static void test_route_table(void **state)
{
	assert_string_equal(rfx_exec(*state, "show ip route"),
			    LEGEND "\n"
				   "Gateway of last resort is 172.16.0.2 to network 0.0.0.0\n"
				   "\n"
				   "S*    0.0.0.0/0 [1/0] via 172.16.0.2\n"
				   "      10.0.0.0/32 is subnetted, 2 subnets\n"
				   "C        10.0.0.1 is directly connected, Loopback0\n"
				   "S        10.1.1.3 is directly connected, Virtual-Access1\n"
				   "      172.16.0.0/16 is variably subnetted, 2 subnets, 2 masks\n"
				   "C        172.16.0.0/30 is directly connected, Ethernet0/0\n"
				   "L        172.16.0.1/32 is directly connected, Ethernet0/0\n"
				   "      192.168.100.0/24 is variably subnetted, 2 subnets, 2 masks\n"
				   "C        192.168.100.0/24 is directly connected, Ethernet0/1\n"
				   "L        192.168.100.1/32 is directly connected, Ethernet0/1\n");
}

static void test_route_table_vrf(void **state)
{
	assert_string_equal(exec_aged(*state, "show ip route vrf cust1"),
			    "\n"
			    "Routing Table: cust1\n" LEGEND "\n"
			    "Gateway of last resort is 0.0.0.0 to network 0.0.0.0\n"
			    "\n"
			    "S*    0.0.0.0/0 is directly connected, Null0\n"
			    "      192.168.110.0/24 is variably subnetted, 2 subnets, 2 masks\n"
			    "C        192.168.110.0/24 is directly connected, Ethernet0/2\n"
			    "L        192.168.110.1/32 is directly connected, Ethernet0/2\n"
			    "B     192.168.113.0/24 [20/0] via 10.1.1.3, 00:00:00\n"
			    "H     192.168.114.0/24 [250/255] via 10.1.1.4, 00:00:00, Tunnel0\n");
}

/* Equal-cost next hops: one line each, the later ones under the first one's "[". */
static void test_route_next_hops(void **state)
{
	struct rfx *f = *state;

	rfx_config(f, "ip route 10.20.0.0 255.255.0.0 172.16.0.2\nip route 10.20.0.0 255.255.0.0 172.16.0.3\n");
	rfx_sync(f);
	assert_non_null(strstr(rfx_exec(f, "show ip route"),
			       "      10.0.0.0/8 is variably subnetted, 3 subnets, 2 masks\n"
			       "C        10.0.0.1/32 is directly connected, Loopback0\n"
			       "S        10.1.1.3/32 is directly connected, Virtual-Access1\n"
			       "S        10.20.0.0/16 [1/0] via 172.16.0.2\n"
			       "                      [1/0] via 172.16.0.3\n"));
}

static void test_route_entry(void **state)
{
	struct rfx *f = *state;

	assert_string_equal(exec_aged(f, "show ip route vrf cust1 192.168.113.5"),
			    "\n"
			    "Routing Table: cust1\n"
			    "Routing entry for 192.168.113.0/24\n"
			    "  Known via \"bgp 10\", distance 20, metric 0\n"
			    "  Last update from 10.1.1.3 00:00:00 ago\n"
			    "  Routing Descriptor Blocks:\n"
			    "  * 10.1.1.3 (default), from 10.1.1.3, 00:00:00 ago\n"
			    "      Route metric is 0, traffic share count is 1\n"
			    "      MPLS label: 16\n");
	assert_string_equal(rfx_exec(f, "show ip route 0.0.0.0"),
			    "Routing entry for 0.0.0.0/0, supernet\n"
			    "  Known via \"static\", distance 1, metric 0, candidate default path\n"
			    "  Routing Descriptor Blocks:\n"
			    "  * 172.16.0.2\n"
			    "      Route metric is 0, traffic share count is 1\n");
	assert_string_equal(rfx_exec(f, "show ip route 172.16.0.3"),
			    "Routing entry for 172.16.0.0/30\n"
			    "  Known via \"connected\", distance 0, metric 0 (connected, via interface)\n"
			    "  Routing Descriptor Blocks:\n"
			    "  * directly connected, via Ethernet0/0\n"
			    "      Route metric is 0, traffic share count is 1\n");
	assert_string_equal(rfx_exec(f, "show ip route vrf cust1 0.0.0.0"),
			    "\n"
			    "Routing Table: cust1\n"
			    "Routing entry for 0.0.0.0/0, supernet\n"
			    "  Known via \"static\", distance 1, metric 0 (connected), candidate default path\n"
			    "  Tag 666\n"
			    "  Routing Descriptor Blocks:\n"
			    "  * directly connected, via Null0\n"
			    "      Route metric is 0, traffic share count is 1\n"
			    "      Route tag 666\n");
	/* only the default route covers it: IOS shows it only when asked for 0.0.0.0 */
	assert_string_equal(rfx_exec(f, "show ip route 10.9.9.9"), "% Network not in table\n");
}

static void test_unknown_and_empty_vrf(void **state)
{
	struct rfx *f = *state;

	f->rf_len = 0;
	assert_int_equal(cli_execute(&f->rf_s.s_cli, "show ip route vrf nope"), CLI_ERR_FAILED);
	assert_string_equal(f->rf_out, "% IP routing table nope does not exist\n");
	rfx_config(f, "ip vrf empty\n");
	assert_string_equal(rfx_exec(f, "show ip route vrf empty"), "\nRouting Table: empty\n" LEGEND "\n"
								    "Gateway of last resort is not set\n\n");
	assert_string_equal(rfx_exec(f, "show ip cef vrf empty 10.0.0.1"), "0.0.0.0/0\n  no route\n");
	assert_null(rib_table_of(rib_of(&f->rf_d), "empty")); /* looking made no table */
}

/* The seed's show ip cef vrf cust1 192.168.113.1 on the hub, addresses and counters aside. */
static void test_cef(void **state)
{
	struct rfx *f = *state;

	assert_string_equal(rfx_exec(f, "show ip cef vrf cust1 192.168.113.1"),
			    "192.168.113.0/24\n"
			    "  nexthop 10.1.1.3 Virtual-Access1 label 16\n");
	assert_string_equal(rfx_exec(f, "show ip cef vrf cust1 192.168.113.1 detail"),
			    "192.168.113.0/24, epoch 0, flags rib defined all labels, RIB[B], per-destination sharing\n"
			    "  sources: RIB, LTE\n"
			    "  feature space:\n"
			    "   LFD: 192.168.113.0/24 1 local label\n"
			    "   local label info: other/17\n"
			    "  path type recursive, for IPv4, flags must-be-labelled\n"
			    "    MPLS short path extensions: label 16\n"
			    "  recursive via 10.1.1.3[IPv4:Default] label 16, v4:Default:10.1.1.3/32\n"
			    "    path type attached host, for IPv4\n"
			    "      MPLS short path extensions: label implicit-null\n"
			    "    attached to Virtual-Access1\n"
			    "  output chain: label 16 label implicit-null TAG midchain out of Virtual-Access1\n");
	assert_string_equal(rfx_exec(f, "show ip cef vrf cust1 192.168.110.1"), "192.168.110.1/32\n"
										"  receive for Ethernet0/2\n");
	assert_string_equal(rfx_exec(f, "show ip cef vrf cust1 192.168.110.9"), "192.168.110.0/24\n"
										"  attached to Ethernet0/2\n");
	assert_string_equal(rfx_exec(f, "show ip cef vrf cust1 10.1.1.1"), "0.0.0.0/0\n"
									   "  attached to Null0\n");
	assert_string_equal(rfx_exec(f, "show ip cef 8.8.8.8 detail"),
			    "0.0.0.0/0, epoch 0, flags rib only nolabel, RIB[S], per-destination sharing\n"
			    "  sources: RIB\n"
			    "  feature space:\n"
			    "   LFD: 0.0.0.0/0 0 local labels\n"
			    "  path type recursive, for IPv4\n"
			    "  recursive via 172.16.0.2[IPv4:Default], v4:Default:172.16.0.0/30\n"
			    "    path type attached nexthop, for IPv4\n"
			    "    nexthop 172.16.0.2 Ethernet0/0\n"
			    "  output chain: IP adj out of Ethernet0/0, addr 172.16.0.2\n");
	rfx_config(f, "no ip route 0.0.0.0 0.0.0.0 172.16.0.2\n");
	rfx_sync(f);
	assert_string_equal(rfx_exec(f, "show ip cef 8.8.8.8"), "0.0.0.0/0\n  no route\n");
}

static void test_mpls_forwarding_table(void **state)
{
	struct rfx *f = *state;

	assert_string_equal(rfx_exec(f, "show mpls forwarding-table"),
			    "Local      Outgoing   Prefix           Bytes Label   Outgoing   Next Hop\n"
			    "Label      Label      or Tunnel Id     Switched      interface\n"
			    "16         Pop Label  IPv4 VRF[V]      0             aggregate/cust1\n"
			    "17         16         192.168.113.0/24[V]   \\\n"
			    "                                       0             Vi1        point2point\n"
			    "18         Aggregate  192.168.110.0/24[V]   \\\n"
			    "                                       0             aggregate/cust1\n");
	assert_string_equal(rfx_exec(f, "show mpls forwarding-table detail"),
			    "Local      Outgoing   Prefix           Bytes Label   Outgoing   Next Hop\n"
			    "Label      Label      or Tunnel Id     Switched      interface\n"
			    "16         Pop Label  IPv4 VRF[V]      0             aggregate/cust1\n"
			    "\tLabel Stack{}\n"
			    "\tVPN route: cust1\n"
			    "\tNo output feature configured\n"
			    "17         16         192.168.113.0/24[V]   \\\n"
			    "                                       0             Vi1        point2point\n"
			    "\tLabel Stack{16}\n"
			    "\tVPN route: cust1\n"
			    "\tNo output feature configured\n"
			    "18         Aggregate  192.168.110.0/24[V]   \\\n"
			    "                                       0             aggregate/cust1\n"
			    "\tLabel Stack{}\n"
			    "\tVPN route: cust1\n"
			    "\tNo output feature configured\n");
	/* the spoke's overlay route goes: BGP's next hop now resolves through the default route */
	rib_withdraw(rib_of(&f->rf_d), NULL, rfx_ip("10.1.1.3"), 32, RIB_SRC_IKE);
	assert_non_null(strstr(rfx_exec(f, "show mpls forwarding-table"),
			       "17         16         192.168.113.0/24[V]   \\\n"
			       "                                       0             Et0/0      172.16.0.2\n"));
	/* and without it, label 17 cannot forward and leaves the table */
	rfx_config(f, "no ip route 0.0.0.0 0.0.0.0 172.16.0.2\n");
	rfx_sync(f);
	assert_null(strstr(rfx_exec(f, "show mpls forwarding-table"), "\n17 "));
}

static void test_label_range(void **state)
{
	struct rfx *f = *state;

	assert_string_equal(rfx_exec(f, "show mpls label range"),
			    "Downstream Generic label region: Min/Max label: 16/1048575\n");
	rfx_config(f, "mpls label range 200 120000\n");
	rfx_sync(f);
	assert_string_equal(rfx_exec(f, "show mpls label range"),
			    "Downstream Generic label region: Min/Max label: 200/120000\n");
}

/* | json gives the same facts as fields. */
static void test_json(void **state)
{
	struct rfx *f = *state;
	struct json_object *doc, *arr, *e, *v;

	f->rf_s.s_format = PIPE_FMT_JSON;
	doc = json_tokener_parse(rfx_exec(f, "show mpls forwarding-table"));
	assert_non_null(doc);
	assert_true(json_object_object_get_ex(doc, "entries", &arr));
	assert_int_equal(json_object_array_length(arr), 3);
	e = json_object_array_get_idx(arr, 1);
	assert_true(json_object_object_get_ex(e, "local_label", &v) && json_object_get_int(v) == 17);
	assert_true(json_object_object_get_ex(e, "outgoing_label", &v));
	assert_string_equal(json_object_get_string(v), "16");
	assert_true(json_object_object_get_ex(e, "vrf", &v));
	assert_string_equal(json_object_get_string(v), "cust1");
	json_object_put(doc);
	doc = json_tokener_parse(rfx_exec(f, "show ip route vrf cust1"));
	assert_non_null(doc);
	assert_true(json_object_object_get_ex(doc, "routes", &arr));
	assert_int_equal(json_object_array_length(arr), 5);
	e = json_object_array_get_idx(arr, 3);
	assert_true(json_object_object_get_ex(e, "code", &v));
	assert_string_equal(json_object_get_string(v), "B");
	json_object_put(doc);
	f->rf_s.s_format = PIPE_FMT_XML;
	assert_non_null(strstr(rfx_exec(f, "show mpls label range"), "<mpls-label-range>"));
	f->rf_s.s_format = PIPE_FMT_TEXT;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_route_table, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_route_table_vrf, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_route_next_hops, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_route_entry, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_and_empty_vrf, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cef, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mpls_forwarding_table, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_label_range, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
