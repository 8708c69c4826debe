/*
 * RFC 6793 §4.2.3: the AS path of a route from an OLD speaker (no 4-octet
 * AS capability) rebuilt from AS_PATH (AS_TRANS for every four-octet AS)
 * and AS4_PATH, confederation segments and AS_SETs counted as the RFC
 * says; AGGREGATOR from AS4_AGGREGATOR; and what §4.2.2 makes for an OLD
 * speaker merged back into the same path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "bgp/bgp_table.h"

#define AS4 4200000001u

struct seg {
	uint8_t sg_type;
	size_t sg_n;
	uint32_t sg_asns[4];
};

static void path_set(struct bgp_aspath *p, const struct seg *segs, size_t n)
{
	memset(p, 0, sizeof(*p));
	for (size_t i = 0; i < n; i++)
		assert_int_equal(bgp_aspath_add_segment(p, segs[i].sg_type, segs[i].sg_asns, segs[i].sg_n), 0);
}

static void assert_path(const struct bgp_aspath *p, const struct seg *segs, size_t n)
{
	const uint32_t *asns = p->bap_asns;

	assert_int_equal(p->bap_nsegs, n);
	for (size_t i = 0; i < n; asns += segs[i].sg_n, i++) {
		assert_int_equal(p->bap_segs[i].bas_type, segs[i].sg_type);
		assert_int_equal(p->bap_segs[i].bas_count, segs[i].sg_n);
		assert_memory_equal(asns, segs[i].sg_asns, segs[i].sg_n * sizeof(*asns));
	}
}

/* Attributes as an OLD speaker sends them: AS_PATH and, if given, AS4_PATH. */
static struct bgp_attrs from_old(const struct seg *as_path, size_t n, const struct seg *as4_path, size_t n4)
{
	struct bgp_attrs a = {.ba_has = 1u << BGP_ATTR_AS_PATH};

	path_set(&a.ba_as_path, as_path, n);
	path_set(&a.ba_as4_path, as4_path, n4);
	if (n4)
		a.ba_has |= 1u << BGP_ATTR_AS4_PATH;
	return a;
}

/* Merges what an OLD speaker sent and checks the path it gives. */
static void assert_merged(const struct seg *old, size_t n, const struct seg *as4, size_t n4, const struct seg *want,
			  size_t nwant)
{
	struct bgp_attrs a = from_old(old, n, as4, n4);

	assert_int_equal(bgp_attrs_as4_merge(&a), 0);
	assert_path(&a.ba_as_path, want, nwant);
	assert_false(a.ba_has & (1u << BGP_ATTR_AS4_PATH));
	bgp_attrs_free(&a);
}

static void test_merge_sequence(void **state)
{
	const struct seg old[] = {{BGP_AS_SEQUENCE, 3, {100, BGP_AS_TRANS, 200}}};
	const struct seg as4[] = {{BGP_AS_SEQUENCE, 2, {AS4, 200}}};
	const struct seg want[] = {{BGP_AS_SEQUENCE, 1, {100}}, {BGP_AS_SEQUENCE, 2, {AS4, 200}}};

	(void)state;
	assert_merged(old, 1, as4, 1, want, 2);
}

/* An AS4_PATH longer than AS_PATH is ignored (a NEW speaker's path went through an OLD one that prepended less). */
static void test_longer_as4_path_ignored(void **state)
{
	const struct seg old[] = {{BGP_AS_SEQUENCE, 1, {BGP_AS_TRANS}}};
	const struct seg as4[] = {{BGP_AS_SEQUENCE, 2, {AS4, 200}}};

	(void)state;
	assert_merged(old, 1, as4, 1, old, 1);
}

/* A leading confederation segment stays, not counted; an AS_SET counts one. */
static void test_confed_and_set(void **state)
{
	const struct seg old[] = {
	    {BGP_AS_CONFED_SEQUENCE, 1, {65001}}, {BGP_AS_SEQUENCE, 2, {100, BGP_AS_TRANS}}, {BGP_AS_SET, 2, {7, 8}}};
	const struct seg as4[] = {{BGP_AS_SEQUENCE, 1, {AS4}}, {BGP_AS_SET, 2, {7, 8}}};
	const struct seg want[] = {{BGP_AS_CONFED_SEQUENCE, 1, {65001}},
				   {BGP_AS_SEQUENCE, 1, {100}},
				   {BGP_AS_SEQUENCE, 1, {AS4}},
				   {BGP_AS_SET, 2, {7, 8}}};

	(void)state;
	assert_merged(old, 3, as4, 2, want, 4);
}

/* A path with AS_TRANS in AS_PATH, AS4_AGGREGATOR AS4, AGGREGATOR of the AS given, merged. */
static struct bgp_attrs merged_aggregate(uint32_t aggregator_as)
{
	const struct seg old[] = {{BGP_AS_SEQUENCE, 2, {100, BGP_AS_TRANS}}};
	const struct seg as4[] = {{BGP_AS_SEQUENCE, 1, {AS4}}};
	struct bgp_attrs a = from_old(old, 1, as4, 1);

	a.ba_has |= 1u << BGP_ATTR_AGGREGATOR | 1u << BGP_ATTR_AS4_AGGREGATOR;
	a.ba_aggregator = (struct bgp_aggregator){.bag_asn = aggregator_as, .bag_addr = 0x0a000009};
	a.ba_as4_aggregator = (struct bgp_aggregator){.bag_asn = AS4, .bag_addr = 0x0a000009};
	assert_int_equal(bgp_attrs_as4_merge(&a), 0);
	assert_false(a.ba_has & (1u << BGP_ATTR_AS4_AGGREGATOR));
	return a;
}

/* AGGREGATOR AS_TRANS takes AS4_AGGREGATOR's AS; a real AGGREGATOR AS makes both AS4 attributes stale. */
static void test_aggregator(void **state)
{
	struct bgp_attrs a = merged_aggregate(BGP_AS_TRANS);

	(void)state;
	assert_int_equal(a.ba_aggregator.bag_asn, AS4);
	assert_int_equal(a.ba_as_path.bap_asns[1], AS4);
	bgp_attrs_free(&a);
	a = merged_aggregate(300);
	assert_int_equal(a.ba_aggregator.bag_asn, 300);
	assert_int_equal(a.ba_as_path.bap_asns[1], BGP_AS_TRANS);
	bgp_attrs_free(&a);
}

/* §4.2.2 then §4.2.3: an OLD speaker passing the route on unchanged gives back the real path. */
static void test_round_trip(void **state)
{
	const struct seg real[] = {{BGP_AS_SEQUENCE, 3, {10, AS4, 100}}, {BGP_AS_SET, 2, {AS4 + 1, 7}}};
	const struct seg two_octet[] = {{BGP_AS_SEQUENCE, 3, {10, BGP_AS_TRANS, 100}},
					{BGP_AS_SET, 2, {BGP_AS_TRANS, 7}}};
	struct bgp_attrs a = from_old(real, 2, NULL, 0);

	(void)state;
	assert_int_equal(bgp_attrs_as4_for_old(&a), 0);
	assert_path(&a.ba_as_path, two_octet, 2);
	assert_path(&a.ba_as4_path, real, 2);
	assert_int_equal(bgp_attrs_as4_merge(&a), 0);
	assert_int_equal(bgp_aspath_length(&a.ba_as_path), 4);
	assert_memory_equal(a.ba_as_path.bap_asns, ((const uint32_t[]){10, AS4, 100, AS4 + 1, 7}),
			    5 * sizeof(uint32_t));
	bgp_attrs_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_merge_sequence), cmocka_unit_test(test_longer_as4_path_ignored),
	    cmocka_unit_test(test_confed_and_set), cmocka_unit_test(test_aggregator),
	    cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
