/*
 * What an established IKEv2 SA needs as time passes (ikev2_sa_due), on a
 * fake clock: DPD after INTERVAL seconds of silence and not before, never
 * while a request is in flight; rekeys at the soft lifetimes, the IKE SA
 * first; closed at the hard lifetime; a replaced IKE SA dropped after a
 * minute without DELETE; and the soft lifetime itself between 85 and 90 %
 * of the lifetime.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ike/ikev2_dpd.h"
#include "ike/ikev2_sa_life.h"

#define T0 1000000 /* the fake clock's start */

static void test_dpd_timing(void **state)
{
	struct ikev2_ike_sa sa = {.sa_state = IKEV2_SA_READY, .sa_last_rx = T0};

	(void)state;
	assert_int_equal(ikev2_sa_due(&sa, 10, T0 + 9), IKEV2_DUE_NONE);
	assert_int_equal(ikev2_sa_due(&sa, 10, T0 + 10), IKEV2_DUE_DPD);
	assert_int_equal(ikev2_sa_due(&sa, 0, T0 + 1000), IKEV2_DUE_NONE); /* no dpd configured */
	sa.sa_req_kind = IKEV2_REQ_DPD; /* the probe is out: its own timer retransmits */
	assert_int_equal(ikev2_sa_due(&sa, 10, T0 + 20), IKEV2_DUE_NONE);
	sa.sa_req_kind = IKEV2_REQ_NONE;
	sa.sa_last_rx = T0 + 15; /* the answer came */
	assert_int_equal(ikev2_sa_due(&sa, 10, T0 + 20), IKEV2_DUE_NONE);
	assert_int_equal(ikev2_sa_due(&sa, 10, T0 + 25), IKEV2_DUE_DPD);
	sa.sa_state = IKEV2_SA_AUTH_SENT; /* not established: nothing */
	assert_int_equal(ikev2_sa_due(&sa, 10, T0 + 100), IKEV2_DUE_NONE);
}

static void test_rekey_timing(void **state)
{
	struct ikev2_ike_sa sa = {
	    .sa_state = IKEV2_SA_READY, .sa_last_rx = T0, .sa_ike_rekey_at = T0 + 100, .sa_child_rekey_at = T0 + 50};

	(void)state;
	assert_int_equal(ikev2_sa_due(&sa, 0, T0 + 49), IKEV2_DUE_NONE);
	assert_int_equal(ikev2_sa_due(&sa, 0, T0 + 50), IKEV2_DUE_REKEY_CHILD);
	assert_int_equal(ikev2_sa_due(&sa, 0, T0 + 100), IKEV2_DUE_REKEY_IKE); /* the IKE SA first */
	sa.sa_req_kind = IKEV2_REQ_REKEY_IKE;
	assert_int_equal(ikev2_sa_due(&sa, 0, T0 + 100), IKEV2_DUE_NONE); /* one request at a time */
	/* No rekey succeeded before the lifetime ended: the SA goes, even with a request in flight. */
	sa.sa_child_expire_at = T0 + 120;
	assert_int_equal(ikev2_sa_due(&sa, 0, T0 + 119), IKEV2_DUE_NONE);
	assert_int_equal(ikev2_sa_due(&sa, 0, T0 + 120), IKEV2_DUE_HARD);
}

static void test_replaced(void **state)
{
	struct ikev2_ike_sa sa = {.sa_state = IKEV2_SA_REKEYED, .sa_ready_at = T0, .sa_last_rx = T0};

	(void)state;
	assert_int_equal(ikev2_sa_due(&sa, 10, T0 + 59), IKEV2_DUE_NONE); /* no DPD on a replaced SA */
	assert_int_equal(ikev2_sa_due(&sa, 10, T0 + 60), IKEV2_DUE_EXPIRE);
	sa.sa_state = IKEV2_SA_READY;
	sa.sa_spare[0].cs_spi_in = 0x1234;
	sa.sa_spare_at[0] = T0;
	assert_int_equal(ikev2_sa_due(&sa, 0, T0 + 59), IKEV2_DUE_NONE);
	assert_int_equal(ikev2_sa_due(&sa, 0, T0 + 60), IKEV2_DUE_SPARE);
}

static void test_soft_lifetime(void **state)
{
	(void)state;
	for (int i = 0; i < 200; i++) {
		time_t t = ikev2_soft_lifetime(T0, 120);

		assert_in_range(t, T0 + 102, T0 + 108);
		assert_in_range(ikev2_soft_lifetime(T0, 86400), T0 + 73440, T0 + 77760);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dpd_timing),
	    cmocka_unit_test(test_rekey_timing),
	    cmocka_unit_test(test_replaced),
	    cmocka_unit_test(test_soft_lifetime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
