/*
 * The one ESP algorithm table (src/dataplane/dp_sa_alg.h): a row for every
 * enum dp_sa_alg value, names that find their algorithm again, and lengths
 * as the RFCs give them, written out here by hand: AES-GCM (RFC 4106) keys
 * of 16/24/32 bytes and a 4-byte salt, an 8-byte IV and a 16-byte ICV;
 * AES-CBC (RFC 3602) with a 16-byte IV; HMAC-SHA-256/384/512 (RFC 4868)
 * keys of 32/48/64 bytes, ICVs of 16/24/32. The userspace backend's table
 * and IKE's transform map, which expand the same lists, must agree with it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "dataplane/dp_sa_alg.h"
#include "dataplane/userspace/esp_sa.h"
#include "ike/ikev2_alg.h"

struct alg_row {
	enum dp_sa_alg ar_alg;
	const char *ar_name;
	unsigned ar_enc_keylen, ar_salt_len, ar_auth_keylen, ar_icv_len, ar_iv_len;
	uint16_t ar_encr, ar_integ; /* IKEv2 transform IDs (RFC 7296 3.3.2, RFC 4868 2.4) */
};

/* Key, HMAC key and ICV lengths in bytes, as written in the RFCs. */
#define GCM(bits, name, key)                                                                                           \
	{                                                                                                              \
		DP_SA_AES_GCM_##bits, name, key + 4, 4, 0, 16, 8, IKEV2_ENCR_AES_GCM_16, IKEV2_INTEG_NONE              \
	}
#define CBC(bits, sha, trunc, name, key, hkey, icv)                                                                    \
	{                                                                                                              \
		DP_SA_AES_CBC_##bits##_SHA##sha, name, key, 0, hkey, icv, 16, IKEV2_ENCR_AES_CBC,                      \
		    IKEV2_INTEG_HMAC_SHA2_##sha##_##trunc                                                              \
	}

static const struct alg_row rows[] = {
    GCM(128, "aes-gcm-128", 16),
    GCM(192, "aes-gcm-192", 24),
    GCM(256, "aes-gcm-256", 32),
    CBC(128, 256, 128, "aes-cbc-128/sha256", 16, 32, 16),
    CBC(192, 256, 128, "aes-cbc-192/sha256", 24, 32, 16),
    CBC(256, 256, 128, "aes-cbc-256/sha256", 32, 32, 16),
    CBC(128, 384, 192, "aes-cbc-128/sha384", 16, 48, 24),
    CBC(192, 384, 192, "aes-cbc-192/sha384", 24, 48, 24),
    CBC(256, 384, 192, "aes-cbc-256/sha384", 32, 48, 24),
    CBC(128, 512, 256, "aes-cbc-128/sha512", 16, 64, 32),
    CBC(192, 512, 256, "aes-cbc-192/sha512", 24, 64, 32),
    CBC(256, 512, 256, "aes-cbc-256/sha512", 32, 64, 32),
};
#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

/* Every value below DP_SA_ALG_COUNT has a named row (and this test a row for it); none past it. */
static void test_every_alg_has_a_row(void **state)
{
	unsigned seen[DP_SA_ALG_COUNT] = {0};

	(void)state;
	for (size_t i = 0; i < N_ROWS; i++)
		seen[rows[i].ar_alg]++;
	for (int i = 0; i < DP_SA_ALG_COUNT; i++) {
		const struct dp_sa_alg_info *info = dp_sa_alg_info((enum dp_sa_alg)i);

		assert_non_null(info);
		assert_non_null(info->sai_name);
		assert_int_equal(seen[i], 1); /* and every other test checks it once */
	}
	assert_null(dp_sa_alg_info(DP_SA_ALG_COUNT));
	assert_null(dp_sa_alg_info((enum dp_sa_alg)(DP_SA_ALG_COUNT + 7)));
}

/* Each name finds its own algorithm; other spellings find none. */
static void test_name_round_trip(void **state)
{
	static const char *const unknown[] = {"aes-cbc-128-sha256", "AES-GCM-128", "aes-gcm-64", "aes-gcm-128 ", ""};
	enum dp_sa_alg alg;

	(void)state;
	for (size_t i = 0; i < N_ROWS; i++) {
		const struct dp_sa_alg_info *info = dp_sa_alg_info(rows[i].ar_alg);

		assert_string_equal(info->sai_name, rows[i].ar_name);
		alg = DP_SA_ALG_COUNT;
		assert_ptr_equal(dp_sa_alg_by_name(rows[i].ar_name, &alg), info);
		assert_int_equal(alg, rows[i].ar_alg);
	}
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		assert_null(dp_sa_alg_by_name(unknown[i], &alg));
}

static void test_lengths_are_the_rfcs(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS; i++) {
		const struct dp_sa_alg_info *info = dp_sa_alg_info(rows[i].ar_alg);

		assert_int_equal(info->sai_enc_keylen, rows[i].ar_enc_keylen);
		assert_int_equal(info->sai_salt_len, rows[i].ar_salt_len);
		assert_int_equal(info->sai_auth_keylen, rows[i].ar_auth_keylen);
		assert_int_equal(info->sai_icv_len, rows[i].ar_icv_len);
		assert_int_equal(info->sai_iv_len, rows[i].ar_iv_len);
		assert_int_equal(info->sai_sha_bits, rows[i].ar_auth_keylen * 8u);
		assert_int_equal(info->sai_aes_bits, (rows[i].ar_enc_keylen - rows[i].ar_salt_len) * 8u);
	}
}

/* The userspace backend checks keys and builds packets with the same lengths. */
static void test_userspace_agrees(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS; i++) {
		const struct dp_sa_alg_info *info = dp_sa_alg_info(rows[i].ar_alg);
		const struct esp_alg_info *ai = esp_alg_info(rows[i].ar_alg);

		assert_non_null(ai);
		assert_int_equal(ai->ai_keylen + ai->ai_saltlen, info->sai_enc_keylen);
		assert_int_equal(ai->ai_saltlen, info->sai_salt_len);
		assert_int_equal(ai->ai_authkeylen, info->sai_auth_keylen);
		assert_int_equal(ai->ai_icvlen, info->sai_icv_len);
		assert_int_equal(ai->ai_ivlen, info->sai_iv_len);
	}
}

/* IKE maps the negotiated transforms to the algorithm, and derives key material of its lengths (RFC 7296 2.17). */
static void test_ike_agrees(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS; i++) {
		const struct dp_sa_alg_info *info = dp_sa_alg_info(rows[i].ar_alg);
		const struct ikev2_esp_suite *es =
		    ikev2_esp_suite(rows[i].ar_encr, info->sai_aes_bits, rows[i].ar_integ);
		const struct ikev2_integ_alg *ia = ikev2_integ_alg(rows[i].ar_integ);

		assert_non_null(es);
		assert_int_equal(es->es_dp_alg, rows[i].ar_alg);
		assert_int_equal(es->es_bits / 8u + ikev2_encr_alg(es->es_encr)->ea_salt_len, info->sai_enc_keylen);
		assert_int_equal(ia ? ia->ia_key_len : 0, info->sai_auth_keylen);
		assert_int_equal(ia ? ia->ia_icv_len : info->sai_icv_len, info->sai_icv_len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_alg_has_a_row),	 cmocka_unit_test(test_name_round_trip),
	    cmocka_unit_test(test_lengths_are_the_rfcs), cmocka_unit_test(test_userspace_agrees),
	    cmocka_unit_test(test_ike_agrees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
