/*
 * show ip bgp vpnv4 all [A.B.C.D | labels] and show ip bgp vpnv4 vrf NAME in
 * IOS's layouts, column for column, on a table holding what the seed's hub
 * holds for VRF cust1: its connected route and its default route (local,
 * aggregate label) and spoke 1's route learned from a dynamic neighbor and
 * re-advertised with a label of the hub's (the seed's "25/16").
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "bgp/bgp_run.h"
#include "bgp/bgp_session.h"
#include "core/session.h"
#include "mpls/mfi.h"
#include "rib/fib.h"
#include "rib_fixture.h"

static const char hub[] = "ip vrf cust1\n"
			  " rd 1:1\n"
			  " route-target export 1:1\n"
			  " route-target import 1:1\n"
			  "interface Ethernet0/2\n"
			  " ip vrf forwarding cust1\n"
			  " ip address 192.168.110.1 255.255.255.0\n"
			  " no shutdown\n"
			  "ip route vrf cust1 0.0.0.0 0.0.0.0 Null0 tag 666 name default_originate\n"
			  "route-map cust1 permit 10\n"
			  " match tag 666\n"
			  "router bgp 10\n"
			  " bgp router-id 10.0.0.1\n"
			  " address-family ipv4 vrf cust1\n"
			  "  redistribute connected\n"
			  "  redistribute static route-map cust1\n"
			  "  default-information originate\n";

struct fx {
	struct rfx fx_r;
	struct bgp_peer fx_spoke; /* a dynamic neighbor, as the hub's spokes are */
	uint32_t fx_in, fx_agg;	  /* the hub's label for spoke 1's route, cust1's aggregate label */
};

/* Spoke 1's 192.168.113.0/24: AS path 100, origin incomplete, MED 0, RT 1:1, its label 16. */
static void add_spoke_route(struct fx *f, struct bgp_table *t)
{
	static const uint32_t asn = 100;
	struct bgp_ext_community rt;
	struct bgp_attrs a = {.ba_has = 1u << BGP_ATTR_ORIGIN | 1u << BGP_ATTR_AS_PATH | 1u << BGP_ATTR_MED |
					1u << BGP_ATTR_EXT_COMMUNITIES,
			      .ba_origin = BGP_ORIGIN_INCOMPLETE,
			      .ba_ext = &rt,
			      .ba_next = 1};
	struct bgp_nlri n = {.bn_prefix = 0xc0a87100, .bn_plen = 24};
	struct bgp_pattr *pa;
	struct bgp_path *p;
	struct bgp_dest *d;

	assert_int_equal(bgp_ext_set_rt(&rt, BGP_ASNN_AS2, 1, 1), 0);
	assert_int_equal(bgp_aspath_add_segment(&a.ba_as_path, BGP_AS_SEQUENCE, &asn, 1), 0);
	assert_int_equal(bgp_rd_set(&n.bn_rd, BGP_ASNN_AS2, 1, 1), 0);
	pa = bgp_pattr_new(&a);
	free(a.ba_as_path.bap_segs);
	free(a.ba_as_path.bap_asns);
	p = bgp_path_new(pa);
	bgp_pattr_unref(pa);
	*p = (struct bgp_path){.pa_src = &f->fx_spoke,
			       .pa_attr = p->pa_attr,
			       .pa_next_hop = 0x0a010103,
			       .pa_from = 0x0a010103,
			       .pa_from_id = 0xac100167,
			       .pa_ebgp = true,
			       .pa_nlabels = 1,
			       .pa_labels = {16}};
	d = bgp_table_get(t, BGP_FAMILY_VPNV4, &n);
	assert_int_equal(bgp_dest_set_path(t, d, p), 0);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct ferryd *d = &f->fx_r.rf_d;
	struct bgp_table *t = bgp_run_table();
	struct bgp_dest *de;

	assert_non_null(f);
	rfx_init(&f->fx_r);
	f->fx_spoke.bp_dynamic = true;
	rfx_config(&f->fx_r, hub);
	rfx_sync(&f->fx_r);
	t->bt_path_gone = bgp_label_path_gone;
	t->bt_arg = mfi_of(d);
	assert_int_equal(bgp_export_run(t, d->fd_running, rib_of(d), mfi_of(d)), 0);
	add_spoke_route(f, t);
	for (struct bgp_table_iter it = {0}; (de = bgp_table_next(t, &it));) {
		de->de_best = bgp_best_select(de);
		if (de->de_prefix == 0xc0a87100)
			f->fx_in = bgp_label_readvertise(mfi_of(d), d->fd_running, de);
	}
	bgp_table_settle(t);
	f->fx_agg = mfi_vrf_binding(mfi_of(d), "cust1")->ml_label;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	struct bgp_dest *de;

	for (struct bgp_table_iter it = {0}; (de = bgp_table_next(bgp_run_table(), &it));)
		if (de->de_label != MFI_LABEL_NONE)
			mfi_release(mfi_of(&f->fx_r.rf_d), de->de_label, MFI_OWNER_BGP);
	bgp_table_clear(bgp_run_table());
	rfx_fini(&f->fx_r);
	free(f);
	return 0;
}

static void test_table(void **state)
{
	struct fx *f = *state;
	char *out = strdup(rfx_exec(&f->fx_r, "show ip bgp vpnv4 all")), want[64];

	snprintf(want, sizeof(want), "BGP table version is %llu, local router ID is 10.0.0.1\n",
		 (unsigned long long)bgp_session_table_version());
	assert_ptr_equal(strstr(out, want), out);
	assert_non_null(strstr(out, "\nOrigin codes: i - IGP, e - EGP, ? - incomplete\n\n"
				    "     Network          Next Hop            Metric LocPrf Weight Path\n"
				    "Route Distinguisher: 1:1 (default for vrf cust1)\n"
				    " *>  0.0.0.0          0.0.0.0                  0         32768 ?\n"
				    " *>  192.168.110.0    0.0.0.0                  0         32768 ?\n"
				    " *>  192.168.113.0    10.1.1.3                 0             0 100 ?\n"));
	assert_string_equal(rfx_exec(&f->fx_r, "show ip bgp vpnv4 vrf cust1"), out); /* its RD is cust1's */
	free(out);
}

static void test_labels(void **state)
{
	struct fx *f = *state;
	char want[512];

	snprintf(want, sizeof(want),
		 "   Network          Next Hop      In label/Out label\n"
		 "Route Distinguisher: 1:1 (cust1)\n"
		 "   0.0.0.0          0.0.0.0         %u/nolabel(cust1)\n"
		 "   192.168.110.0    0.0.0.0         %u/nolabel(cust1)\n"
		 "   192.168.113.0    10.1.1.3        %u/16\n",
		 f->fx_agg, f->fx_agg, f->fx_in);
	assert_string_equal(rfx_exec(&f->fx_r, "show ip bgp vpnv4 all labels"), want);
	assert_string_equal(rfx_exec(&f->fx_r, "show ip bgp vpnv4 all label"), want); /* IOS abbreviates */
}

static void test_detail(void **state)
{
	struct fx *f = *state;
	char want[1024];

	snprintf(want, sizeof(want),
		 "BGP routing table entry for 1:1:192.168.113.0/24, version 0\n"
		 "Paths: (1 available, best #1, table cust1)\n"
		 "  Refresh Epoch 1\n"
		 "  100\n"
		 "    10.1.1.3 from *10.1.1.3 (172.16.1.103)\n"
		 "      Origin incomplete, metric 0, localpref 100, valid, external, best\n"
		 "      Extended Community: RT:1:1\n"
		 "      mpls labels in/out %u/16\n",
		 f->fx_in);
	assert_string_equal(rfx_exec(&f->fx_r, "show ip bgp vpnv4 all 192.168.113.1"), want);
	snprintf(want, sizeof(want),
		 "BGP routing table entry for 1:1:192.168.110.0/24, version 0\n"
		 "Paths: (1 available, best #1, table cust1)\n"
		 "  Refresh Epoch 1\n"
		 "  Local\n"
		 "    0.0.0.0 from 0.0.0.0 (10.0.0.1)\n"
		 "      Origin incomplete, metric 0, localpref 100, weight 32768, valid, sourced, best\n"
		 "      Extended Community: RT:1:1\n"
		 "      mpls labels in/out %u/aggregate(cust1)\n",
		 f->fx_agg);
	assert_string_equal(rfx_exec(&f->fx_r, "show ip bgp vpnv4 all 192.168.110.9"), want);
}

static void test_json(void **state)
{
	struct fx *f = *state;
	struct json_object *doc, *rds, *routes, *path, *v;

	f->fx_r.rf_s.s_format = PIPE_FMT_JSON;
	doc = json_tokener_parse(rfx_exec(&f->fx_r, "show ip bgp vpnv4 all"));
	assert_non_null(doc);
	assert_true(json_object_object_get_ex(doc, "route_distinguishers", &rds));
	assert_int_equal(json_object_array_length(rds), 1);
	assert_true(json_object_object_get_ex(json_object_array_get_idx(rds, 0), "routes", &routes));
	assert_int_equal(json_object_array_length(routes), 3);
	assert_true(json_object_object_get_ex(json_object_array_get_idx(routes, 2), "paths", &v));
	path = json_object_array_get_idx(v, 0);
	assert_true(json_object_object_get_ex(path, "label_out", &v));
	assert_string_equal(json_object_get_string(v), "16");
	assert_true(json_object_object_get_ex(path, "as_path", &v));
	assert_string_equal(json_object_get_string(v), "100");
	json_object_put(doc);
}

/* Refusals in IOS's words, one "% " each. */
static void test_refusals(void **state)
{
	struct fx *f = *state;

	assert_string_equal(rfx_exec_rc(&f->fx_r, "show ip bgp vpnv4 vrf nope", CLI_ERR_FAILED),
			    "% No such vrf nope\n");
	assert_string_equal(rfx_exec_rc(&f->fx_r, "show ip bgp vpnv4 all neighbors 10.9.9.9 routes", CLI_ERR_FAILED),
			    "% No such neighbor or address family\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_table, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_labels, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_detail, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
