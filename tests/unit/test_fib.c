/* The FIB sync: exact dataplane operations through the record backend, and only the differences. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/dataplane.h"
#include "interface/iface.h"
#include "mpls/mfi.h"
#include "rib/fib.h"
#include "rib/rib_table.h"
#include "rib_fixture.h"
#include "vrf/vrf_table.h"

static int setup(void **state)
{
	struct rfx *f = malloc(sizeof(*f));

	if (!f)
		return -1;
	rfx_init(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	rfx_fini(*state);
	free(*state);
	return 0;
}

/* Text with the table number of cust1 put in for each %u. */
static const char *with_table(struct rfx *f, const char *fmt)
{
	static char buf[2048];
	uint32_t t = vrf_table_id(f->rf_d.fd_running, "cust1");

	snprintf(buf, sizeof(buf), fmt, t, t, t, t);
	return buf;
}

/* A VPN route of cust1 as BGP would put it: next hop in the global table, one label. */
static void bgp_route(struct rfx *f, const char *prefix, uint8_t plen, const char *gw, uint32_t label)
{
	struct rib_nexthop nh = {.rn_gw = rfx_ip(gw), .rn_global = true, .rn_labels = {label}, .rn_nlabels = 1};
	struct rib_attrs ra = {.ra_source = RIB_SRC_EBGP, .ra_nnh = 1, .ra_nh = &nh, .ra_from = rfx_ip(gw)};

	assert_int_equal(rib_update(rib_of(&f->rf_d), "cust1", rfx_ip(prefix), plen, &ra), 0);
}

static void test_seed_spoke_routes(void **state)
{
	struct rfx *f = *state;

	rfx_load_seed(f, "R3-Spoke1");
	/* connected and local routes are the dataplane's own, from the addresses */
	assert_string_equal(rfx_sync(f), "route-add table 0 10.0.0.1/32 metric 0 via 0.0.0.0 dev fy-tu0\n"
					 "route-add table 0 172.16.0.1/32 metric 0 via 172.16.1.1 dev fy-et0-0\n");
	assert_string_equal(rfx_sync(f), ""); /* nothing changed */
	rfx_config(f, "no ip route 172.16.0.1 255.255.255.255 172.16.1.1 name FlexHUB\n");
	assert_string_equal(rfx_sync(f), "route-del table 0 172.16.0.1/32 metric 0 via 172.16.1.1 dev fy-et0-0\n");
	assert_string_equal(rfx_sync(f), "");
}

/* Devices mapped with -m keep their Linux names. */
static void test_mapped_device(void **state)
{
	struct rfx *f = *state;

	assert_int_equal(if_map_add("Ethernet0/0=eth0"), 0);
	rfx_load_seed(f, "R3-Spoke1");
	assert_string_equal(rfx_sync(f), "route-add table 0 10.0.0.1/32 metric 0 via 0.0.0.0 dev fy-tu0\n"
					 "route-add table 0 172.16.0.1/32 metric 0 via 172.16.1.1 dev eth0\n");
}

/* VPN routes land in the VRF's table with their label; they leave when their next hop goes. */
static void test_vpn_routes_and_labels(void **state)
{
	struct rfx *f = *state;
	struct mfi *m = mfi_of(&f->rf_d);
	uint32_t vrf_label, p110, p113;

	rfx_load_seed(f, "R3-Spoke1");
	rfx_sync(f);
	bgp_route(f, "192.168.110.0", 24, "10.0.0.1", 19);
	bgp_route(f, "192.168.99.0", 24, "10.9.9.9", 20); /* no route to its next hop */
	assert_string_equal(
	    rfx_sync(f),
	    with_table(f, "route-add table %u 192.168.110.0/24 metric 0 via 10.0.0.1 dev fy-tu0 labels 19\n"));

	vrf_label = mfi_vrf_label(m, "cust1", MFI_OWNER_BGP);
	p110 = mfi_prefix_label(m, "cust1", rfx_ip("192.168.110.0"), 24, MFI_OWNER_BGP);
	p113 = mfi_prefix_label(m, "cust1", rfx_ip("192.168.113.0"), 24, MFI_OWNER_BGP);
	assert_int_equal(vrf_label, 16);
	assert_int_equal(p110, 17);
	assert_int_equal(p113, 18);
	assert_int_equal(mfi_prefix_label(m, "cust1", rfx_ip("192.168.99.0"), 24, MFI_OWNER_BGP), 19);
	assert_string_equal(rfx_sync(f), "label-add 16 pop-lookup vrf fy-v-cust1\n"
					 "label-add 17 swap via 10.0.0.1 dev fy-tu0 labels 19\n"
					 "label-add 18 pop-lookup vrf fy-v-cust1\n");
	assert_string_equal(rfx_sync(f), "");

	/* NHRP shares the VRF label: releasing BGP's reference keeps it */
	assert_int_equal(mfi_vrf_label(m, "cust1", MFI_OWNER_NHRP), vrf_label);
	assert_int_equal(mfi_release(m, vrf_label, MFI_OWNER_BGP), 0);
	assert_string_equal(rfx_sync(f), "");
	assert_int_equal(mfi_release(m, vrf_label, MFI_OWNER_NHRP), 0);
	assert_string_equal(rfx_sync(f), "label-del 16 pop-lookup vrf fy-v-cust1\n");

	/* the next hop's route goes: the VPN route and the label that followed it go too */
	rfx_config(f, "no ip route 10.0.0.1 255.255.255.255 Tunnel0\n");
	assert_string_equal(
	    rfx_sync(f),
	    with_table(f, "route-del table 0 10.0.0.1/32 metric 0 via 0.0.0.0 dev fy-tu0\n"
			  "route-del table %u 192.168.110.0/24 metric 0 via 10.0.0.1 dev fy-tu0 labels 19\n"
			  "label-del 17 swap via 10.0.0.1 dev fy-tu0 labels 19\n"));
}

/* An owner's outgoing side overrides the route; the hub's re-advertised label swaps 25 -> 16. */
static void test_label_outgoing_side(void **state)
{
	struct rfx *f = *state;
	struct mfi *m = mfi_of(&f->rf_d);
	struct rib_nexthop ike = {
	    .rn_ifname = "Virtual-Access1", .rn_labels = {MFI_LABEL_IMPLICIT_NULL}, .rn_nlabels = 1};
	struct rib_attrs ra = {.ra_source = RIB_SRC_IKE, .ra_nnh = 1, .ra_nh = &ike};
	struct mfi_out out = {.mo_label = 16, .mo_gw = rfx_ip("10.1.1.3"), .mo_global = true};
	uint32_t label;

	rfx_load_seed(f, "R1-HUB");
	rfx_config(f, "mpls label range 25 1000\n");
	rfx_sync(f); /* the sync applies the label range */
	assert_int_equal(rib_update(rib_of(&f->rf_d), NULL, rfx_ip("10.1.1.3"), 32, &ra), 0);
	label = mfi_prefix_label(m, "cust1", rfx_ip("192.168.113.0"), 24, MFI_OWNER_BGP);
	assert_int_equal(label, 25);
	assert_string_equal(rfx_sync(f), "route-add table 0 10.1.1.3/32 metric 0 via 0.0.0.0 dev fy-va1\n");
	assert_int_equal(mfi_set_out(m, label, &out), 0);
	assert_string_equal(rfx_sync(f), "label-add 25 swap via 10.1.1.3 dev fy-va1 labels 16\n");
	out.mo_label = MFI_LABEL_IMPLICIT_NULL;
	assert_int_equal(mfi_set_out(m, label, &out), 0);
	assert_string_equal(rfx_sync(f), "label-add 25 pop-forward via 10.1.1.3 dev fy-va1\n");
	assert_int_equal(mfi_release(m, label, MFI_OWNER_BGP), 0);
	assert_string_equal(rfx_sync(f), "label-del 25 pop-forward via 10.1.1.3 dev fy-va1\n");
}

/* A backend that refuses routes to 10.0.0.1/32 and keeps the rest, like the record backend. */
static const char *refused = "10.0.0.1/32";

static int refusing_apply(struct dp *dp, const struct dp_op *ops, size_t n, size_t *failed, char *err, size_t errlen)
{
	char line[512];

	for (size_t i = 0; i < n; i++) {
		dp_op_format(&ops[i], line, sizeof(line));
		if (strstr(line, refused)) {
			if (i)
				dp_backend_record.db_apply(dp, ops, i, failed, err, errlen);
			*failed = i;
			snprintf(err, errlen, "refused");
			return -1;
		}
	}
	return dp_backend_record.db_apply(dp, ops, n, failed, err, errlen);
}

/* What the dataplane refused is tried again at the next sync; what it took is not. */
static void test_refused_operations_retried(void **state)
{
	struct rfx *f = *state;
	struct dp_backend refusing = dp_backend_record;

	refusing.db_apply = refusing_apply;
	f->rf_d.fd_dp.dpl_backend = &refusing;
	rfx_load_seed(f, "R3-Spoke1");
	assert_string_equal(rfx_sync(f), "route-add table 0 172.16.0.1/32 metric 0 via 172.16.1.1 dev fy-et0-0\n");
	assert_string_equal(rfx_sync(f), ""); /* refused again, taken nowhere */
	refused = "nothing";
	assert_string_equal(rfx_sync(f), "route-add table 0 10.0.0.1/32 metric 0 via 0.0.0.0 dev fy-tu0\n");
	assert_string_equal(rfx_sync(f), "");
	f->rf_d.fd_dp.dpl_backend = &dp_backend_record;
}

/* Routes and labels of a VRF wait for it to be configured and leave with it. */
static void test_vrf_comes_and_goes(void **state)
{
	struct rfx *f = *state;
	struct rib_nexthop nh = {.rn_ifname = "Tunnel0"};
	struct rib_attrs ra = {.ra_source = RIB_SRC_NHRP, .ra_nnh = 1, .ra_nh = &nh};
	char want[256];

	assert_int_equal(rib_update(rib_of(&f->rf_d), "ghost", rfx_ip("10.7.0.0"), 16, &ra), 0);
	assert_int_equal(mfi_vrf_label(mfi_of(&f->rf_d), "ghost", MFI_OWNER_BGP), 16);
	assert_string_equal(rfx_sync(f), "");
	rfx_config(f, "vrf definition ghost\n");
	snprintf(
	    want, sizeof(want),
	    "route-add table %u 10.7.0.0/16 metric 0 via 0.0.0.0 dev fy-tu0\nlabel-add 16 pop-lookup vrf fy-v-ghost\n",
	    vrf_table_id(f->rf_d.fd_running, "ghost"));
	assert_string_equal(rfx_sync(f), want);
	snprintf(
	    want, sizeof(want),
	    "route-del table %u 10.7.0.0/16 metric 0 via 0.0.0.0 dev fy-tu0\nlabel-del 16 pop-lookup vrf fy-v-ghost\n",
	    vrf_table_id(f->rf_d.fd_running, "ghost"));
	rfx_config(f, "no vrf definition ghost\n");
	assert_string_equal(rfx_sync(f), want);
}

/* The tests' generator: the same sequence every run. */
static uint32_t rnd(uint64_t *state)
{
	*state = *state * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(*state >> 33);
}

static void random_route_change(struct rfx *f, uint64_t *rng)
{
	static const char *const vrfs[] = {"cust1", "cust2"};
	static const char *const gws[] = {"10.0.0.1", "10.0.0.2", "10.1.1.3", "10.1.1.4", "172.16.1.7"};
	const char *vrf = vrfs[rnd(rng) % 2];
	struct in_addr p = {.s_addr = htonl(0xc0a80000u | (rnd(rng) % 16) << 8)}, host;
	struct rib_nexthop nh = {.rn_gw = rfx_ip(gws[rnd(rng) % 5]), .rn_global = true, .rn_nlabels = 1};
	struct rib_attrs ra = {.ra_source = RIB_SRC_EBGP, .ra_nnh = 1, .ra_nh = &nh};
	char ifname[32];

	nh.rn_labels[0] = 16 + rnd(rng) % 8;
	switch (rnd(rng) % 4) {
	case 0: /* a VPN route comes or changes */
		assert_int_equal(rib_update(rib_of(&f->rf_d), vrf, p, 24, &ra), 0);
		break;
	case 1:
		rib_withdraw(rib_of(&f->rf_d), vrf, p, 24, RIB_SRC_EBGP);
		break;
	case 2: /* a spoke's overlay route comes or goes: next hops move */
		host.s_addr = htonl(0x0a010103u + rnd(rng) % 2);
		snprintf(ifname, sizeof(ifname), "Virtual-Access%u", rnd(rng) % 3);
		nh = (struct rib_nexthop){.rn_ifname = ifname, .rn_labels = {MFI_LABEL_IMPLICIT_NULL}, .rn_nlabels = 1};
		ra.ra_source = RIB_SRC_IKE;
		if (rnd(rng) % 2)
			assert_int_equal(rib_update(rib_of(&f->rf_d), NULL, host, 32, &ra), 0);
		else
			rib_withdraw(rib_of(&f->rf_d), NULL, host, 32, RIB_SRC_IKE);
		break;
	default: /* a covering route in the global table */
		host.s_addr = htonl(0x0a000000u);
		ra.ra_source = RIB_SRC_IBGP;
		nh.rn_gw = rfx_ip("172.16.1.9");
		if (rnd(rng) % 2)
			assert_int_equal(rib_update(rib_of(&f->rf_d), NULL, host, 8, &ra), 0);
		else
			rib_withdraw(rib_of(&f->rf_d), NULL, host, 8, RIB_SRC_IBGP);
	}
}

static void random_label_change(struct rfx *f, uint64_t *rng, uint32_t *held, size_t *nheld)
{
	struct mfi *m = mfi_of(&f->rf_d);
	struct in_addr p = {.s_addr = htonl(0xc0a80000u | (rnd(rng) % 16) << 8)};
	struct mfi_out out = {.mo_label = 30, .mo_gw = rfx_ip("10.1.1.3"), .mo_global = true};
	uint32_t label;

	if (*nheld < 64 && rnd(rng) % 2) {
		label = rnd(rng) % 4 ? mfi_prefix_label(m, "cust1", p, 24, MFI_OWNER_BGP)
				     : mfi_vrf_label(m, "cust2", MFI_OWNER_NHRP);
		held[(*nheld)++] = label;
		if (rnd(rng) % 4 == 0)
			assert_int_equal(mfi_set_out(m, label, &out), 0);
	} else if (*nheld) {
		size_t i = rnd(rng) % *nheld;
		const struct mfi_label *l = mfi_find(m, held[i]);
		assert_non_null(l);
		assert_int_equal(mfi_release(m, held[i], l->ml_kind == MFI_PER_VRF ? MFI_OWNER_NHRP : MFI_OWNER_BGP),
				 0);
		held[i] = held[--*nheld];
	}
}

/* After any mix of changes, the sync that looks only at what changed leaves what a full one would. */
static void test_incremental_matches_full(void **state)
{
	struct rfx *f = *state;
	uint32_t held[64];
	size_t nheld = 0;
	uint64_t rng = 2024;

	rfx_load_seed(f, "R3-Spoke1");
	rfx_sync(f);
	for (int round = 0; round < 400; round++) {
		for (uint32_t n = rnd(&rng) % 6; n > 0; n--) {
			if (rnd(&rng) % 3)
				random_route_change(f, &rng);
			else
				random_label_change(f, &rng, held, &nheld);
		}
		rfx_sync(f);
		dp_record_clear(f->rf_d.fd_dp.dpl_state);
		fib_resync(&f->rf_d);
		assert_string_equal(dp_record_text(f->rf_d.fd_dp.dpl_state), "");
	}
}

/* Table numbers follow names, not the order VRFs were made in. */
static void test_vrf_table_ids(void **state)
{
	struct rfx *f = *state, g;
	uint32_t a, b;

	rfx_config(f, "vrf definition cust1\nvrf definition cust2\n");
	rfx_init(&g);
	rfx_config(&g, "ip vrf blue\nip vrf cust2\nip vrf cust1\n");
	a = vrf_table_id(f->rf_d.fd_running, "cust1");
	b = vrf_table_id(f->rf_d.fd_running, "cust2");
	assert_int_equal(vrf_table_id(g.rf_d.fd_running, "cust1"), a);
	assert_int_equal(vrf_table_id(g.rf_d.fd_running, "cust2"), b);
	assert_true(a != b && a >= VRF_TABLE_BASE && b >= VRF_TABLE_BASE);
	assert_int_equal(vrf_table_id(f->rf_d.fd_running, NULL), VRF_TABLE_MAIN);
	rfx_fini(&g);
}

/* v58829 and v60754 share their 24-bit name hash: the one that sorts first keeps the base number. */
static void test_vrf_table_id_collision(void **state)
{
	struct rfx *f = *state;
	uint32_t alone, a, b;

	rfx_config(f, "ip vrf v60754\n");
	alone = vrf_table_id(f->rf_d.fd_running, "v60754");
	rfx_config(f, "ip vrf v58829\n");
	a = vrf_table_id(f->rf_d.fd_running, "v58829");
	b = vrf_table_id(f->rf_d.fd_running, "v60754");
	assert_int_equal(a, alone);
	assert_int_equal(b, alone + 1);
	assert_int_equal((alone - VRF_TABLE_BASE) % VRF_TABLE_RANKS, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_seed_spoke_routes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mapped_device, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_vpn_routes_and_labels, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_label_outgoing_side, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refused_operations_retried, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_incremental_matches_full, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_vrf_comes_and_goes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_vrf_table_ids, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_vrf_table_id_collision, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
