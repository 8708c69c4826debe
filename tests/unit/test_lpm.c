/* The 64-bit key map and longest-prefix match, against brute-force references. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rib/keymap.h"
#include "rib/lpm.h"

/* A fixed-seed generator: every run tests the same sets. */
static uint64_t rng_state;

static uint32_t rnd(void)
{
	rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(rng_state >> 33);
}

static void test_mask(void **state)
{
	assert_int_equal(lpm_mask(0), 0);
	assert_int_equal(lpm_mask(8), 0xff000000u);
	assert_int_equal(lpm_mask(31), 0xfffffffeu);
	assert_int_equal(lpm_mask(32), 0xffffffffu);
}

/* Puts, replacements and deletions (which shift probe runs back) against a plain array. */
static void test_keymap_against_array(void **state)
{
	enum { N = 5000 };
	static uintptr_t ref[N]; /* key i -> value, 0: absent */
	struct keymap m = KEYMAP_INIT;

	rng_state = 1;
	memset(ref, 0, sizeof(ref));
	for (int round = 0; round < 40000; round++) {
		uint64_t k = rnd() % N;
		uintptr_t v = (uintptr_t)rnd() * 8 + 8;
		if (rnd() % 3) {
			assert_int_equal(keymap_put(&m, k * 0x100000001u, (void *)v), 0);
			ref[k] = v;
		} else {
			assert_int_equal((uintptr_t)keymap_del(&m, k * 0x100000001u), ref[k]);
			ref[k] = 0;
		}
	}
	size_t count = 0;
	for (uint64_t k = 0; k < N; k++) {
		assert_int_equal((uintptr_t)keymap_get(&m, k * 0x100000001u), ref[k]);
		count += ref[k] != 0;
	}
	assert_int_equal(m.km_count, count);
	const struct keymap_slot *s;
	size_t seen = 0;
	for (size_t i = 0; (s = keymap_next(&m, &i)); seen++)
		assert_int_equal((uintptr_t)s->ks_val, ref[s->ks_key / 0x100000001u]);
	assert_int_equal(seen, count);
	keymap_clear(&m);
	assert_null(keymap_get(&m, 1));
}

static struct lpm_node *brute_longest(struct lpm_node *v, size_t n, uint32_t addr, uint8_t maxplen)
{
	struct lpm_node *best = NULL;

	for (size_t i = 0; i < n; i++) {
		if (!v[i].ln_plen && v[i].ln_addr == 0xdeadbeef)
			continue; /* removed */
		if (v[i].ln_plen <= maxplen && (addr & lpm_mask(v[i].ln_plen)) == v[i].ln_addr &&
		    (!best || v[i].ln_plen > best->ln_plen))
			best = &v[i];
	}
	return best;
}

/* A random prefix, lengths weighted towards the ones routing tables hold. */
static struct lpm_node random_prefix(void)
{
	static const uint8_t lens[] = {0, 8, 12, 16, 20, 22, 23, 24, 24, 24, 25, 28, 30, 32, 32};
	uint8_t plen = rnd() % 4 ? lens[rnd() % sizeof(lens)] : (uint8_t)(rnd() % 33);
	/* few first octets, so that prefixes nest */
	uint32_t addr = (rnd() % 4 + 10) << 24 | (rnd() & 0x0003ffff) << 6;
	return (struct lpm_node){.ln_addr = addr & lpm_mask(plen), .ln_plen = plen};
}

static void check_lookups(const struct lpm *t, struct lpm_node *v, size_t n)
{
	for (int q = 0; q < 20000; q++) {
		/* half the queries fall inside a stored prefix */
		uint32_t addr = q % 2 ? (rnd() % 4 + 10) << 24 | (rnd() & 0x00ffffff)
				      : v[rnd() % n].ln_addr | (rnd() & ~lpm_mask(v[rnd() % n].ln_plen));
		uint8_t maxplen = q % 5 ? 32 : (uint8_t)(rnd() % 33);
		assert_ptr_equal(lpm_longest(t, addr, maxplen), brute_longest(v, n, addr, maxplen));
	}
}

static void test_lpm_random_against_brute_force(void **state)
{
	enum { N = 3000 };
	struct lpm_node *v = calloc(N, sizeof(*v));
	struct lpm t = {0};
	size_t n = 0;

	assert_non_null(v);
	rng_state = 7;
	while (n < N) {
		struct lpm_node p = random_prefix();
		if (lpm_exact(&t, p.ln_addr, p.ln_plen))
			continue;
		v[n] = p;
		assert_int_equal(lpm_insert(&t, &v[n]), 0);
		n++;
	}
	assert_int_equal(t.lp_count, N);
	check_lookups(&t, v, n);
	for (size_t i = 0; i < n; i += 2) { /* remove every other prefix and look again */
		lpm_remove(&t, &v[i]);
		v[i] = (struct lpm_node){.ln_addr = 0xdeadbeef};
	}
	assert_int_equal(t.lp_count, N / 2);
	check_lookups(&t, v, n);
	lpm_clear(&t);
	free(v);
}

static void test_lpm_exact_and_iteration(void **state)
{
	struct lpm_node a = {0x0a000000, 8}, b = {0x0a000000, 16}, c = {0, 0};
	struct lpm t = {0};
	struct lpm_iter it = {0};
	int seen = 0;

	assert_int_equal(lpm_insert(&t, &a), 0);
	assert_int_equal(lpm_insert(&t, &b), 0);
	assert_int_equal(lpm_insert(&t, &c), 0);
	assert_ptr_equal(lpm_exact(&t, 0x0a000000, 16), &b);
	assert_ptr_equal(lpm_exact(&t, 0x0a000001, 32), NULL);
	assert_ptr_equal(lpm_longest(&t, 0x0a00ff01, 32), &b);
	assert_ptr_equal(lpm_longest(&t, 0x0a00ff01, 15), &a);
	assert_ptr_equal(lpm_longest(&t, 0x0b000001, 32), &c);
	assert_ptr_equal(lpm_exact(&t, 0, 33), NULL);
	while (lpm_next(&t, &it))
		seen++;
	assert_int_equal(seen, 3);
	lpm_remove(&t, &b);
	lpm_remove(&t, &b); /* not there any more: nothing happens */
	assert_int_equal(t.lp_count, 2);
	assert_ptr_equal(lpm_longest(&t, 0x0a00ff01, 32), &a);
	lpm_clear(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mask),
	    cmocka_unit_test(test_keymap_against_array),
	    cmocka_unit_test(test_lpm_random_against_brute_force),
	    cmocka_unit_test(test_lpm_exact_and_iteration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
