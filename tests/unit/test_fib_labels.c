/*
 * How many labels a FIB sync looks at per change (struct fib's
 * fb_labels_planned): counts, not timings. Swap labels toward a global next
 * hop are looked at again only when a global route covering that next hop
 * changes, not at every route a VPN feed brings into a VRF (each sync
 * looking at every one made a feed quadratic in its labels).
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mpls/mfi.h"
#include "rib/fib.h"
#include "rib/fib_int.h"
#include "rib/rib_table.h"
#include "rib_fixture.h"

#define SWAP_LABELS 1000
#define FEED_ROUTES 10

/* The daemon of the test running (each starts one and stops it). */
static struct rfx fixture;

static size_t count_lines(const char *text, const char *start)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, start)); p++)
		n += p == text || p[-1] == '\n';
	return n;
}

/* SWAP_LABELS re-advertised VPN prefixes of cust1 swapping toward 10.0.0.1 in the global table. */
static void bind_swap_labels(struct rfx *f)
{
	struct mfi *m = mfi_of(&f->rf_d);
	struct mfi_out out = {.mo_gw = rfx_ip("10.0.0.1"), .mo_global = true};

	for (uint32_t i = 0; i < SWAP_LABELS; i++) {
		struct in_addr prefix = {.s_addr = htonl(0x0b000000u + (i << 8))};
		uint32_t label = mfi_prefix_label(m, "cust1", prefix, 24, MFI_OWNER_BGP);
		out.mo_label = 100000 + i;
		assert_int_not_equal(label, MFI_LABEL_NONE);
		assert_int_equal(mfi_set_out(m, label, &out), 0);
	}
}

/* A route of cust1 through the tunnel itself (NHRP's kind: no recursive next hop). */
static void vrf_route(struct rfx *f, uint32_t i)
{
	struct rib_nexthop nh = {.rn_ifname = "Tunnel0"};
	struct rib_attrs ra = {.ra_source = RIB_SRC_NHRP, .ra_nnh = 1, .ra_nh = &nh};
	struct in_addr prefix = {.s_addr = htonl(0xc0a86400u + (i << 8))}; /* 192.168.100.0 upward */

	assert_int_equal(rib_update(rib_of(&f->rf_d), "cust1", prefix, 24, &ra), 0);
}

static void test_feed_into_a_vrf_replans_no_swap_label(void **state)
{
	struct rfx *f = &fixture;
	const struct fib *fb;

	rfx_init(f);
	rfx_load_seed(f, "R3-Spoke1");
	rfx_sync(f);
	bind_swap_labels(f);
	assert_int_equal(count_lines(rfx_sync(f), "label-add "), SWAP_LABELS);
	fb = fib_of(&f->rf_d);
	for (uint32_t i = 0; i < FEED_ROUTES; i++) {
		vrf_route(f, i);
		assert_int_equal(count_lines(rfx_sync(f), "route-add "), 1);
		assert_int_equal(fb->fb_labels_planned, 0);
	}
	/* the route to the labels' next hop goes: every one of them is looked at and goes */
	rfx_config(f, "no ip route 10.0.0.1 255.255.255.255 Tunnel0\n");
	assert_int_equal(count_lines(rfx_sync(f), "label-del "), SWAP_LABELS);
	assert_int_equal(fb->fb_labels_planned, SWAP_LABELS);
	/* and comes back */
	rfx_config(f, "ip route 10.0.0.1 255.255.255.255 Tunnel0\n");
	assert_int_equal(count_lines(rfx_sync(f), "label-add "), SWAP_LABELS);
	rfx_fini(f);
}

/* A label whose outgoing side resolves in its VRF is looked at again when that VRF's routes change. */
static void test_vrf_outgoing_side_follows_vrf_routes(void **state)
{
	struct rfx *f = &fixture;
	struct mfi *m;
	struct mfi_out out = {.mo_label = 100, .mo_gw = rfx_ip("192.168.100.1")};
	uint32_t label;

	rfx_init(f);
	m = mfi_of(&f->rf_d);
	rfx_load_seed(f, "R3-Spoke1");
	rfx_sync(f);
	label = mfi_prefix_label(m, "cust1", rfx_ip("11.0.0.0"), 24, MFI_OWNER_BGP);
	assert_int_equal(mfi_set_out(m, label, &out), 0);
	assert_string_equal(rfx_sync(f), ""); /* its next hop does not resolve yet */
	vrf_route(f, 0);
	assert_int_equal(count_lines(rfx_sync(f), "label-add "), 1);
	assert_int_equal(fib_of(&f->rf_d)->fb_labels_planned, 1);
	assert_int_equal(mfi_release(m, label, MFI_OWNER_BGP), 0);
	assert_int_equal(m->mf_out_vrf, 0);
	assert_int_equal(m->mf_out_gws.km_count, 0);
	rfx_fini(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_feed_into_a_vrf_replans_no_swap_label),
	    cmocka_unit_test(test_vrf_outgoing_side_follows_vrf_routes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
