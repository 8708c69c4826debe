/*
 * The BGP table: destinations keyed by family, RD and prefix, a path per
 * source, and best-path selection in IOS's order, each step checked with
 * the paths equal on every earlier step.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bgp/bgp_table.h"

static int peer_a, peer_b; /* path sources: only their addresses matter */

struct path_spec {
	uint32_t ps_weight, ps_local_pref, ps_med;
	const void *ps_src;
	size_t ps_aslen;
	uint32_t ps_first_as;
	uint8_t ps_origin;
	bool ps_ebgp, ps_no_med;
	uint32_t ps_id, ps_from;
};

static struct bgp_path *make_path(const struct path_spec *s)
{
	uint32_t asns[8] = {s->ps_first_as ? s->ps_first_as : 100, 200, 300, 400, 500, 600, 700, 800};
	struct bgp_attrs a = {.ba_has = 1u << BGP_ATTR_ORIGIN | 1u << BGP_ATTR_AS_PATH | 1u << BGP_ATTR_LOCAL_PREF,
			      .ba_origin = s->ps_origin,
			      .ba_local_pref = s->ps_local_pref ? s->ps_local_pref : 100,
			      .ba_med = s->ps_med};
	struct bgp_pattr *pa;
	struct bgp_path *p;

	if (!s->ps_no_med)
		a.ba_has |= 1u << BGP_ATTR_MED;
	if (s->ps_aslen)
		assert_int_equal(bgp_aspath_add_segment(&a.ba_as_path, BGP_AS_SEQUENCE, asns, s->ps_aslen), 0);
	pa = bgp_pattr_new(&a);
	assert_non_null(pa);
	p = bgp_path_new(pa);
	assert_non_null(p);
	bgp_pattr_unref(pa);
	bgp_attrs_free(&a);
	p->pa_weight = s->ps_weight;
	p->pa_src = s->ps_src;
	p->pa_ebgp = s->ps_ebgp;
	p->pa_from_id = s->ps_id;
	p->pa_from = s->ps_from;
	return p;
}

static void path_free(struct bgp_path *p)
{
	bgp_pattr_unref(p->pa_attr);
	free(p);
}

/* a is strictly better than b, and the comparison is antisymmetric. */
static void assert_better(const struct path_spec *a, const struct path_spec *b)
{
	struct bgp_path *x = make_path(a), *y = make_path(b);

	assert_true(bgp_path_cmp(x, y) < 0);
	assert_true(bgp_path_cmp(y, x) > 0);
	path_free(x);
	path_free(y);
}

/* A path from peer_a, equal to another such on every step. */
static struct path_spec peer(void)
{
	return (struct path_spec){.ps_src = &peer_a, .ps_aslen = 1, .ps_ebgp = true, .ps_id = 5, .ps_from = 5};
}

static void test_order(void **state)
{
	struct path_spec a, b;

	(void)state;
	a = peer(), b = peer(); /* 1 weight beats everything after it */
	a.ps_weight = 1, a.ps_local_pref = 50;
	assert_better(&a, &b);
	a = peer(), b = (struct path_spec){.ps_local_pref = 100}; /* 2 local preference beats local origination */
	a.ps_local_pref = 200;
	assert_better(&a, &b);
	a = (struct path_spec){.ps_aslen = 2}, b = peer(); /* 3 locally originated beats a shorter AS path */
	b.ps_aslen = 0;
	assert_better(&a, &b);
	a = peer(), b = peer(); /* 4 AS path length */
	a.ps_origin = BGP_ORIGIN_INCOMPLETE, b.ps_aslen = 2;
	assert_better(&a, &b);
	a = peer(), b = peer(); /* 5 origin: IGP < EGP < incomplete */
	a.ps_med = 9, b.ps_origin = BGP_ORIGIN_EGP;
	assert_better(&a, &b);
	a = peer(), b = peer(); /* 6 MED, between routes from the same neighbor AS */
	a.ps_med = 1, a.ps_ebgp = false, b.ps_med = 2;
	assert_better(&a, &b);
	a = peer(), b = peer(); /* a missing MED is 0 */
	a.ps_no_med = true, a.ps_id = 9, b.ps_med = 2;
	assert_better(&a, &b);
	a = peer(), b = peer(); /* 7 eBGP over iBGP; MED from another neighbor AS is not compared */
	a.ps_med = 50, a.ps_first_as = 65000, b.ps_med = 1, b.ps_ebgp = false;
	assert_better(&a, &b);
	a = peer(), b = peer(); /* 8 lowest BGP Identifier */
	a.ps_id = 1, a.ps_from = 9, b.ps_id = 2, b.ps_from = 1;
	assert_better(&a, &b);
	a = peer(), b = peer(); /* 9 lowest peer address */
	a.ps_from = 1, b.ps_from = 2;
	assert_better(&a, &b);
}

static void test_aspath_length(void **state)
{
	static const uint32_t seq[] = {1, 2, 3}, set[] = {4, 5, 6, 7};
	struct bgp_aspath p = {0};

	(void)state;
	assert_int_equal(bgp_aspath_add_segment(&p, BGP_AS_SEQUENCE, seq, 3), 0);
	assert_int_equal(bgp_aspath_add_segment(&p, BGP_AS_SET, set, 4), 0);
	assert_int_equal(bgp_aspath_add_segment(&p, BGP_AS_CONFED_SEQUENCE, seq, 2), 0);
	assert_int_equal(bgp_aspath_length(&p), 4); /* 3 + the set as one + confederation not counted */
	free(p.bap_segs);
	free(p.bap_asns);
}

static struct bgp_nlri vpn_route(uint32_t rd_number, uint32_t prefix, uint8_t plen)
{
	struct bgp_nlri n = {.bn_prefix = prefix, .bn_plen = plen};

	assert_int_equal(bgp_rd_set(&n.bn_rd, BGP_ASNN_AS2, 1, rd_number), 0);
	return n;
}

static void test_table_keys(void **state)
{
	struct bgp_table t = {0};
	struct bgp_nlri a = vpn_route(1, 0xc0a87100, 24), b = vpn_route(2, 0xc0a87100, 24);
	struct bgp_dest *da = bgp_table_get(&t, BGP_FAMILY_VPNV4, &a);

	(void)state;
	assert_non_null(da);
	assert_ptr_equal(bgp_table_get(&t, BGP_FAMILY_VPNV4, &a), da);
	assert_ptr_not_equal(bgp_table_get(&t, BGP_FAMILY_VPNV4, &b), da);	  /* another RD */
	assert_ptr_not_equal(bgp_table_get(&t, BGP_FAMILY_IPV4_UNICAST, &a), da); /* another family */
	a.bn_plen = 25;
	a.bn_prefix = 0xc0a87180;
	assert_null(bgp_table_find(&t, BGP_FAMILY_VPNV4, &a));
	assert_int_equal(t.bt_count, 3);
	bgp_table_clear(&t);
	assert_int_equal(t.bt_count, 0);
}

static void test_paths_and_best(void **state)
{
	struct bgp_table t = {0};
	struct bgp_nlri n = vpn_route(1, 0xc0a87100, 24);
	struct bgp_dest *d = bgp_table_get(&t, BGP_FAMILY_VPNV4, &n);
	struct path_spec sa = peer(), sb = peer(), sa2 = peer();
	struct bgp_path *a, *b, *a2;

	(void)state;
	sa.ps_aslen = 2, sb.ps_src = &peer_b, sa2.ps_aslen = 0;
	a = make_path(&sa), b = make_path(&sb), a2 = make_path(&sa2);
	bgp_dest_set_path(&t, d, a);
	bgp_dest_set_path(&t, d, b);
	assert_int_equal(bgp_dest_npaths(d), 2);
	assert_int_equal(t.bt_ndirty, 1); /* marked once */
	assert_ptr_equal(bgp_best_select(d), b);
	bgp_dest_set_path(&t, d, a2); /* replaces peer_a's path */
	assert_int_equal(bgp_dest_npaths(d), 2);
	assert_ptr_equal(bgp_dest_path_of(d, &peer_a), a2);
	assert_ptr_equal(bgp_best_select(d), a2);
	assert_true(bgp_dest_del_path(&t, d, &peer_a));
	assert_false(bgp_dest_del_path(&t, d, &peer_a));
	assert_ptr_equal(bgp_best_select(d), b);
	bgp_table_settle(&t);
	assert_int_equal(t.bt_count, 1);
	assert_true(bgp_dest_del_path(&t, d, &peer_b));
	bgp_table_settle(&t); /* no path left: the destination goes */
	assert_int_equal(t.bt_count, 0);
	assert_null(bgp_table_find(&t, BGP_FAMILY_VPNV4, &n));
	bgp_table_clear(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_order),
	    cmocka_unit_test(test_aspath_length),
	    cmocka_unit_test(test_table_keys),
	    cmocka_unit_test(test_paths_and_best),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
