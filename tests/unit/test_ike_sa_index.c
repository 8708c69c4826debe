/*
 * The SA table's indexes (src/ike/ikev2_sa_index.c): SAs found by Tunnel-id
 * and by SPIs among many, in creation order in the list, after SAs went
 * from the middle and the end, an initiator SPI two SAs share, and the
 * table emptied and filled again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "config/config.h"
#include "core/loop.h"
#include "ike/ikev2_sa.h"
#include "rib/fib.h"
#include "subsys.h"

#define NSA 3000

static struct ferryd daemon_;
static struct cli_tree *tree;
static struct ikev2_ike_sa *sas[NSA];

static uint64_t spi_i_of(int i)
{
	return 0x1000000000000000ull + (uint64_t)i * 7919u;
}

static struct ikev2_ike_sa *linked(uint64_t spi_i, uint64_t spi_r)
{
	struct ikev2_ike_sa *sa = ikev2_sa_alloc(&ikev2_mgr);

	assert_non_null(sa);
	sa->sa_init.in_spi_i = spi_i;
	sa->sa_init.in_spi_r = spi_r;
	ikev2_sa_link(&ikev2_mgr, sa);
	return sa;
}

static void fill(void)
{
	for (int i = 0; i < NSA; i++)
		sas[i] = linked(spi_i_of(i), (uint64_t)i + 1);
}

/* The list holds the SAs in creation order, the last one at its end. */
static void assert_order(int n)
{
	int k = 0;

	for (struct ikev2_ike_sa *sa = ikev2_mgr.mg_sas; sa; sa = sa->sa_next, k++)
		if (sa->sa_next == NULL)
			assert_ptr_equal(sa, ikev2_mgr.mg_last);
	assert_int_equal(k, n);
}

static void test_lookups(void **state)
{
	fill();
	assert_order(NSA);
	for (int i = 0; i < NSA; i++) {
		assert_ptr_equal(ikev2_sa_by_id(&ikev2_mgr, sas[i]->sa_id), sas[i]);
		assert_ptr_equal(ikev2_sa_find(&ikev2_mgr, spi_i_of(i), (uint64_t)i + 1), sas[i]);
		assert_ptr_equal(ikev2_sa_find(&ikev2_mgr, spi_i_of(i), 0), sas[i]);
	}
	assert_null(ikev2_sa_find(&ikev2_mgr, spi_i_of(5), 99999)); /* the responder SPI must match */
	assert_null(ikev2_sa_find(&ikev2_mgr, 42, 0));
	assert_null(ikev2_sa_by_id(&ikev2_mgr, sas[NSA - 1]->sa_id + 1));
}

static void test_drop(void **state)
{
	unsigned gone_mid, gone_last;
	struct ikev2_ike_sa *sa;

	fill();
	gone_mid = sas[NSA / 2]->sa_id;
	gone_last = sas[NSA - 1]->sa_id;
	ikev2_sa_drop(&ikev2_mgr, sas[NSA / 2]);
	ikev2_sa_drop(&ikev2_mgr, sas[NSA - 1]);
	assert_null(ikev2_sa_by_id(&ikev2_mgr, gone_mid));
	assert_null(ikev2_sa_by_id(&ikev2_mgr, gone_last));
	assert_null(ikev2_sa_find(&ikev2_mgr, spi_i_of(NSA / 2), 0));
	assert_ptr_equal(ikev2_mgr.mg_last, sas[NSA - 2]);
	sa = linked(77, 78); /* appended after the new last */
	assert_ptr_equal(sas[NSA - 2]->sa_next, sa);
	assert_order(NSA - 1);
	assert_ptr_equal(ikev2_sa_find(&ikev2_mgr, 77, 78), sa);
}

/* A peer that chose an initiator SPI another SA has: each is found by its responder SPI. */
static void test_shared_spi(void **state)
{
	struct ikev2_ike_sa *a = linked(5, 6), *b = linked(5, 9);

	assert_ptr_equal(ikev2_sa_find(&ikev2_mgr, 5, 6), a);
	assert_ptr_equal(ikev2_sa_find(&ikev2_mgr, 5, 9), b);
	ikev2_sa_drop(&ikev2_mgr, a);
	assert_ptr_equal(ikev2_sa_find(&ikev2_mgr, 5, 9), b);
	assert_null(ikev2_sa_find(&ikev2_mgr, 5, 6));
}

/* Emptied, the table starts over: the indexes go with the last SA and come back with the next. */
static void test_refill(void **state)
{
	struct ikev2_ike_sa *sa;

	fill();
	while (ikev2_mgr.mg_sas)
		ikev2_sa_drop(&ikev2_mgr, ikev2_mgr.mg_sas);
	assert_null(ikev2_mgr.mg_by_id);
	sa = linked(11, 12);
	assert_non_null(ikev2_mgr.mg_by_id);
	assert_ptr_equal(ikev2_sa_by_id(&ikev2_mgr, sa->sa_id), sa);
	assert_ptr_equal(ikev2_mgr.mg_sas, sa);
	assert_ptr_equal(ikev2_mgr.mg_last, sa);
}

static int teardown(void **state)
{
	while (ikev2_mgr.mg_sas)
		ikev2_sa_drop(&ikev2_mgr, ikev2_mgr.mg_sas);
	assert_null(ikev2_mgr.mg_by_id);
	assert_null(ikev2_mgr.mg_by_spi);
	return 0;
}

static int group_setup(void **state)
{
	tree = subsys_grammar();
	daemon_.fd_tree = tree;
	daemon_.fd_loop = loop_new();
	daemon_.fd_running = cfg_new();
	ikev2_mgr.mg_d = &daemon_;
	return tree && daemon_.fd_loop && daemon_.fd_running ? 0 : -1;
}

static int group_teardown(void **state)
{
	fib_forget(&daemon_);
	cfg_free(daemon_.fd_running);
	loop_free(daemon_.fd_loop);
	cli_tree_free(tree);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_lookups, teardown),
	    cmocka_unit_test_teardown(test_drop, teardown),
	    cmocka_unit_test_teardown(test_shared_spi, teardown),
	    cmocka_unit_test_teardown(test_refill, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
