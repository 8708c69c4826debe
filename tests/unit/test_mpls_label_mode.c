/*
 * mpls label mode {vrf NAME | all-vrfs} protocol bgp-vpnv4 {per-prefix |
 * per-vrf}: the lines print back as entered and go with "no"; per-prefix
 * gives each exported static route with a next hop a BGP label of its own
 * whose LFIB entry pops and forwards to that next hop, while connected and
 * Null0 routes keep the VRF's aggregate label; a VRF's line wins over
 * all-vrfs; going back to per-VRF releases the per-prefix labels.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bgp/bgp_run.h"
#include "bgp_export_fixture.h"
#include "mpls/label_mode.h"
#include "mpls/mfi.h"
#include "rib/fib.h"

static const char cust1[] = "ip vrf cust1\n"
			    " rd 1:1\n"
			    " route-target export 1:1\n"
			    "interface Ethernet0/2\n"
			    " ip vrf forwarding cust1\n"
			    " ip address 192.168.110.1 255.255.255.0\n"
			    " no shutdown\n"
			    "ip route vrf cust1 0.0.0.0 0.0.0.0 Null0\n"
			    "ip route vrf cust1 192.168.120.0 255.255.255.0 192.168.110.2\n"
			    "router bgp 10\n"
			    " address-family ipv4 vrf cust1\n"
			    "  redistribute connected\n"
			    "  redistribute static\n"
			    "  default-information originate\n";

/* Exports the local routes of a configuration, then syncs the LFIB into the record dataplane. */
static void export_lfib(struct fx *f, const char *config)
{
	fx_export(f, config);
	rfx_sync(&f->fx_r);
}

/* Whether the running configuration holds exactly these mpls label mode lines, then the group's end. */
static void assert_label_mode_lines(struct fx *f, const char *lines)
{
	const char *run = rfx_exec(&f->fx_r, "show running-config");
	const char *at = strstr(run, "mpls label mode");

	if (!*lines) {
		assert_null(at);
		return;
	}
	assert_non_null(at);
	assert_int_equal(strncmp(at, lines, strlen(lines)), 0);
	assert_string_equal(at + strlen(lines), "!\nend\n\n"); /* nothing else: the group is theirs */
}

/* The label cust1's local path to the prefix (host order) is advertised with. */
static uint32_t label_of(struct fx *f, uint32_t prefix, uint8_t plen)
{
	struct bgp_nlri n = {.bn_prefix = prefix, .bn_plen = plen};
	const struct bgp_dest *d;
	const struct bgp_path *pa;

	assert_int_equal(bgp_rd_set(&n.bn_rd, BGP_ASNN_AS2, 1, 1), 0);
	d = bgp_table_find(&f->fx_t, BGP_FAMILY_VPNV4, &n);
	assert_non_null(d);
	pa = bgp_dest_path_of(d, NULL);
	assert_non_null(pa);
	assert_int_equal(pa->pa_nlabels, 1);
	return pa->pa_labels[0];
}

static void test_print_back(void **state)
{
	struct fx *f = *state;

	assert_label_mode_lines(f, "");
	rfx_config(&f->fx_r, "mpls label mode vrf cust2 protocol bgp-vpnv4 per-vrf\n"
			     "mpls label mode all-vrfs protocol bgp-vpnv4 per-prefix\n"
			     "mpls label mode vrf cust1 protocol bgp-vpnv4 per-prefix\n");
	assert_label_mode_lines(f, "mpls label mode all-vrfs protocol bgp-vpnv4 per-prefix\n"
				   "mpls label mode vrf cust2 protocol bgp-vpnv4 per-vrf\n"
				   "mpls label mode vrf cust1 protocol bgp-vpnv4 per-prefix\n");
	rfx_config(&f->fx_r, "mpls label mode vrf cust2 protocol bgp-vpnv4 per-prefix\n"
			     "no mpls label mode all-vrfs protocol bgp-vpnv4\n"
			     "no mpls label mode vrf cust1 protocol bgp-vpnv4 per-prefix\n");
	assert_label_mode_lines(f, "mpls label mode vrf cust2 protocol bgp-vpnv4 per-prefix\n");
	assert_int_equal(mpls_label_mode_of(f->fx_r.rf_d.fd_running, "cust2"), MFI_PER_PREFIX);
	assert_int_equal(mpls_label_mode_of(f->fx_r.rf_d.fd_running, "cust1"), MFI_PER_VRF); /* the default */
}

static void test_per_vrf_default(void **state)
{
	struct fx *f = *state;
	const struct mfi_label *agg;

	export_lfib(f, cust1);
	agg = mfi_vrf_binding(mfi_of(&f->fx_r.rf_d), "cust1");
	assert_non_null(agg);
	assert_int_equal(label_of(f, 0xc0a87800, 24), agg->ml_label); /* the static route: aggregate */
	assert_int_equal(label_of(f, 0xc0a86e00, 24), agg->ml_label);
	assert_int_equal(agg->ml_refs[MFI_OWNER_BGP], 3);
}

static void test_per_prefix(void **state)
{
	struct fx *f = *state;
	struct mfi *m = mfi_of(&f->fx_r.rf_d);
	const struct mfi_label *agg, *own;

	export_lfib(f, cust1);
	export_lfib(f, "mpls label mode all-vrfs protocol bgp-vpnv4 per-prefix\n");
	agg = mfi_vrf_binding(m, "cust1");
	own = mfi_find(m, label_of(f, 0xc0a87800, 24));
	assert_non_null(agg);
	assert_non_null(own);
	assert_int_equal(own->ml_kind, MFI_PER_PREFIX);
	assert_string_equal(own->ml_vrf, "cust1");
	assert_int_equal(own->ml_plen, 24);
	assert_int_equal(own->ml_refs[MFI_OWNER_BGP], 1);
	assert_null(own->ml_out); /* the LFIB follows the route: pop, forward to 192.168.110.2 */
	assert_int_equal(label_of(f, 0xc0a86e00, 24), agg->ml_label); /* connected: a lookup */
	assert_int_equal(label_of(f, 0, 0), agg->ml_label);	      /* Null0 */
	assert_int_equal(agg->ml_refs[MFI_OWNER_BGP], 2);
	assert_non_null(strstr(rfx_exec(&f->fx_r, "show mpls forwarding-table"),
			       "No Label   192.168.120.0/24[V]   \\\n"
			       "                                       0             Et0/2      192.168.110.2\n"));
}

static void test_vrf_line_wins(void **state)
{
	struct fx *f = *state;
	struct mfi *m = mfi_of(&f->fx_r.rf_d);
	uint32_t own;

	export_lfib(f, cust1);
	export_lfib(f, "mpls label mode vrf cust1 protocol bgp-vpnv4 per-prefix\n"
		       "mpls label mode all-vrfs protocol bgp-vpnv4 per-vrf\n");
	own = label_of(f, 0xc0a87800, 24);
	assert_int_equal(mfi_find(m, own)->ml_kind, MFI_PER_PREFIX);
	export_lfib(f, "mpls label mode vrf cust1 protocol bgp-vpnv4 per-vrf\n");
	assert_int_equal(label_of(f, 0xc0a87800, 24), mfi_vrf_binding(m, "cust1")->ml_label);
	assert_null(mfi_find(m, own)); /* its only reference went with the old path */
	assert_null(strstr(rfx_exec(&f->fx_r, "show mpls forwarding-table"), "192.168.120.0/24"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_print_back, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_per_vrf_default, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_per_prefix, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_vrf_line_wins, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
