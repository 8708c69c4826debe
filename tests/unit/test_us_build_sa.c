/*
 * The builder's SAs (us_build_tab.c, us_publish.c): an SA whose destination
 * is only a tunnel source (no interface address ferryd configured) is
 * inbound, as the compile decides and the counters report; the same SA
 * applied again keeps its sequence number and counters, a changed one
 * starts afresh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "dataplane/userspace/esp_sa.h"
#include "dataplane/userspace/us_build.h"
#include "us_fwd_fixture.h"

static struct router r3;

static int setup(void **state)
{
	(void)state;
	fwdfx_init(&r3, &fwdfx_r3);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fwdfx_free(&r3);
	return 0;
}

static struct us_build_sa *sa_of(uint32_t spi)
{
	for (size_t i = 0; i < r3.rt_build.b_sas.v_n; i++) {
		struct us_build_sa *bs = us_vec_at(&r3.rt_build.b_sas, i);

		if (bs->bs_cfg.dsa_spi == spi)
			return bs;
	}
	fail_msg("no SA %08x", spi);
	return NULL;
}

/* R3's NBMA address is tun1's source only: the SA to it is inbound all the same. */
static void test_direction_from_tunnel_source(void **state)
{
	(void)state;
	assert_true(sa_of(fwdfx_r3.sp_spi_in)->bs_inbound);
	assert_false(sa_of(fwdfx_r3.sp_spi_out)->bs_inbound);
}

/* Re-applies R3's outbound SA, key bytes derived from key_spi (its own SPI: unchanged). */
static void reapply_out(uint32_t key_spi)
{
	struct dp_op op[1];
	size_t n = 0;

	fwdfx_sa(op, &n, key_spi, fwdfx_r3.sp_nbma, fwdfx_r3.sp_peer_nbma, 1);
	op[0].op_sa.dsa_spi = fwdfx_r3.sp_spi_out;
	fwdfx_apply(&r3, op, n);
}

static void test_same_sa_keeps_state(void **state)
{
	struct esp_sa *sa = sa_of(fwdfx_r3.sp_spi_out)->bs_sa;

	(void)state;
	atomic_store(&sa->sa_seq_out, 7);
	esp_sa_count(sa, 100);
	reapply_out(fwdfx_r3.sp_spi_out);
	assert_ptr_equal(sa_of(fwdfx_r3.sp_spi_out)->bs_sa, sa);
	assert_int_equal(atomic_load(&sa->sa_seq_out), 7);
	assert_int_equal(atomic_load(&sa->sa_packets), 1);
	assert_false(sa_of(fwdfx_r3.sp_spi_out)->bs_inbound);
}

static void test_changed_sa_starts_afresh(void **state)
{
	struct esp_sa *sa = sa_of(fwdfx_r3.sp_spi_out)->bs_sa, *now;

	(void)state;
	atomic_store(&sa->sa_seq_out, 7);
	reapply_out(fwdfx_r3.sp_spi_out + 1);
	now = sa_of(fwdfx_r3.sp_spi_out)->bs_sa;
	assert_ptr_not_equal(now, sa);
	assert_int_equal(atomic_load(&now->sa_seq_out), 0);
	assert_int_equal(now->sa_key[0], (uint8_t)(fwdfx_r3.sp_spi_out + 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_direction_from_tunnel_source, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_same_sa_keeps_state, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_changed_sa_starts_afresh, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
