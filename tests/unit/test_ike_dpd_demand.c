/*
 * On-demand DPD (dpd INTERVAL RETRY on-demand, RFC 7296 §2.4): once the
 * peer has been silent for INTERVAL, probe only when ESP packets went out
 * and none came in since the last look. An idle SA is looked at once an
 * interval and never probed; inbound traffic counts as liveness; a rekeyed
 * CHILD_SA's counts start from zero.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ike/ikev2_dpd.h"

#define T0	 1700000000
#define INTERVAL 60
#define SPI_A	 0xc0de0001u
#define SPI_B	 0xc0de0002u

static void test_idle_never_probed(void **state)
{
	struct ikev2_dpd_watch w = {0};

	(void)state;
	assert_false(ikev2_dpd_demand(&w, SPI_A, 0, 0, T0 + INTERVAL));
	assert_int_equal(w.dw_at, T0 + INTERVAL);
	assert_false(ikev2_dpd_demand(&w, SPI_A, 0, 0, T0 + 2 * INTERVAL));
	assert_int_equal(w.dw_spi_in, SPI_A);
}

static void test_out_without_in_probes(void **state)
{
	struct ikev2_dpd_watch w = {0};

	(void)state;
	assert_true(ikev2_dpd_demand(&w, SPI_A, 0, 5, T0 + INTERVAL));
	assert_int_equal(w.dw_out, 5);
	/* the same counts later: nothing went out since, no probe */
	assert_false(ikev2_dpd_demand(&w, SPI_A, 0, 5, T0 + 2 * INTERVAL));
	/* more went out and still nothing came in */
	assert_true(ikev2_dpd_demand(&w, SPI_A, 0, 9, T0 + 3 * INTERVAL));
}

static void test_inbound_is_liveness(void **state)
{
	struct ikev2_dpd_watch w = {.dw_spi_in = SPI_A, .dw_in = 10, .dw_out = 10, .dw_at = T0};

	(void)state;
	assert_false(ikev2_dpd_demand(&w, SPI_A, 11, 20, T0 + INTERVAL));     /* both ways: alive */
	assert_false(ikev2_dpd_demand(&w, SPI_A, 12, 20, T0 + 2 * INTERVAL)); /* only in: alive */
	assert_int_equal(w.dw_in, 12);
}

static void test_rekeyed_child_counts_from_zero(void **state)
{
	struct ikev2_dpd_watch w = {.dw_spi_in = SPI_A, .dw_in = 500, .dw_out = 700, .dw_at = T0};

	(void)state;
	/* fewer packets than the old CHILD_SA's, but all of them since the rekey */
	assert_true(ikev2_dpd_demand(&w, SPI_B, 0, 3, T0 + INTERVAL));
	w = (struct ikev2_dpd_watch){.dw_spi_in = SPI_A, .dw_in = 500, .dw_out = 700, .dw_at = T0};
	assert_false(ikev2_dpd_demand(&w, SPI_B, 2, 3, T0 + INTERVAL));
	assert_false(ikev2_dpd_demand(&w, SPI_B, 2, 3, T0 + 2 * INTERVAL));
}

/* The interval of silence runs from the peer's last message or on-demand's last look, the later. */
static void test_due_after_last_look(void **state)
{
	struct ikev2_ike_sa sa = {.sa_state = IKEV2_SA_READY, .sa_last_rx = T0};

	(void)state;
	assert_int_equal(ikev2_sa_due(&sa, INTERVAL, T0 + INTERVAL), IKEV2_DUE_DPD);
	sa.sa_dpd.dw_at = T0 + INTERVAL; /* looked: idle */
	assert_int_equal(ikev2_sa_due(&sa, INTERVAL, T0 + 2 * INTERVAL - 1), IKEV2_DUE_NONE);
	assert_int_equal(ikev2_sa_due(&sa, INTERVAL, T0 + 2 * INTERVAL), IKEV2_DUE_DPD);
	sa.sa_last_rx = T0 + 2 * INTERVAL + 5; /* the peer spoke since */
	assert_int_equal(ikev2_sa_due(&sa, INTERVAL, T0 + 3 * INTERVAL), IKEV2_DUE_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_idle_never_probed),	cmocka_unit_test(test_out_without_in_probes),
	    cmocka_unit_test(test_inbound_is_liveness), cmocka_unit_test(test_rekeyed_child_counts_from_zero),
	    cmocka_unit_test(test_due_after_last_look),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
