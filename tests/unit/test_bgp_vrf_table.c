/*
 * The routing table numbers of the VRFs BGP imports into (vrf_table.h):
 * numbers from the name's hash, ranked among names hashing alike and
 * renumbered when one of them comes or goes, and the FIB's question (every
 * VRF's number, on every sync) answered in time linear in the VRFs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <cmocka.h>

#include "vrf/vrf.h"
#include "vrf/vrf_table.h"

/* Two names whose 24-bit FNV-1a hashes are both 7434397 (found by search, checked by hand). */
#define SAME_HASH_A    "V19664"
#define SAME_HASH_B    "V58300"
#define SAME_HASH_BASE (VRF_TABLE_BASE + 7434397u * VRF_TABLE_RANKS)

static struct config *new_config(void)
{
	cfg_module_register(&vrf_module);
	return cfg_new();
}

static void test_known_numbers(void **state)
{
	struct config *cfg = new_config();

	(void)state;
	assert_non_null(vrf_create(cfg, "CUST-A", VRF_STYLE_DEFINITION));
	/* FNV-1a of "CUST-A" is 0x8bb13f94; its low 24 bits 0xb13f94 = 11616148 */
	assert_int_equal(vrf_table_id(cfg, "CUST-A"), VRF_TABLE_BASE + 11616148u * VRF_TABLE_RANKS);
	assert_int_equal(vrf_table_id(cfg, NULL), VRF_TABLE_MAIN);
	cfg_free(cfg);
}

static void test_same_hash_ranked(void **state)
{
	struct config *cfg = new_config();
	struct vrf *a;

	(void)state;
	assert_non_null(vrf_create(cfg, SAME_HASH_B, VRF_STYLE_DEFINITION));
	assert_int_equal(vrf_table_id(cfg, SAME_HASH_B), SAME_HASH_BASE);
	/* not configured: the number it would get */
	assert_int_equal(vrf_table_id(cfg, SAME_HASH_A), SAME_HASH_BASE);
	assert_non_null(a = vrf_create(cfg, SAME_HASH_A, VRF_STYLE_IP_VRF));
	assert_int_equal(vrf_table_id(cfg, SAME_HASH_A), SAME_HASH_BASE);
	assert_int_equal(vrf_table_id(cfg, SAME_HASH_B), SAME_HASH_BASE + 1);
	vrf_delete(cfg, a);
	assert_int_equal(vrf_table_id(cfg, SAME_HASH_B), SAME_HASH_BASE);
	cfg_free(cfg);
}

#define SCALE_VRFS   3000
#define SCALE_PASSES 10
#define SCALE_MAX_MS 100 /* ranking by scanning every VRF took ~700 ms here */

static double elapsed_ms(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

static void test_every_vrf_linear(void **state)
{
	struct config *cfg = new_config();
	struct timespec t0, t1;
	char name[32];
	size_t n = 0;

	(void)state;
	for (int i = 0; i < SCALE_VRFS; i++) {
		snprintf(name, sizeof(name), "CUST%04d", i);
		assert_non_null(vrf_create(cfg, name, VRF_STYLE_DEFINITION));
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int pass = 0; pass < SCALE_PASSES; pass++)
		for (struct omap_iter it = omap_begin(vrf_all(cfg)); omap_next(&it);)
			n += vrf_table_id(cfg, ((const struct vrf *)it.oi_val)->vrf_name) >= VRF_TABLE_BASE;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(n, (size_t)SCALE_VRFS * SCALE_PASSES);
	assert_true(elapsed_ms(&t0, &t1) < SCALE_MAX_MS);
	cfg_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_numbers),
	    cmocka_unit_test(test_same_hash_ranked),
	    cmocka_unit_test(test_every_vrf_linear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
