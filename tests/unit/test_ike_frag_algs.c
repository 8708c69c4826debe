/*
 * The integrity transforms the IKE SA suites use beyond SHA-256, against
 * RFC 4868 §2.7.2.2 (AUTH384-1, AUTH384-2) and §2.7.2.3 (AUTH512-1,
 * AUTH512-2): HMAC-SHA-384-192 and HMAC-SHA-512-256 are the first 24 and
 * 32 octets. Then every encryption and integrity pair an IKE SA can run
 * carries a message in SKF fragments and back, and one flipped octet in
 * any fragment is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ike/ikev2_frag.h"
#include "ike/ikev2_prf.h"

struct integ_vector {
	uint16_t iv_integ;
	uint8_t iv_key_octet; /* 0x0b, or 0: "Jefe" repeated */
	const char *iv_data;
	const uint8_t *iv_icv;
};

static const uint8_t auth384_1[] = {0xb6, 0xa8, 0xd5, 0x63, 0x6f, 0x5c, 0x6a, 0x72, 0x24, 0xf9, 0x97, 0x7d,
				    0xcf, 0x7e, 0xe6, 0xc7, 0xfb, 0x6d, 0x0c, 0x48, 0xcb, 0xde, 0xe9, 0x73};
static const uint8_t auth384_2[] = {0x2c, 0x73, 0x53, 0x97, 0x4f, 0x18, 0x42, 0xfd, 0x66, 0xd5, 0x3c, 0x45,
				    0x2c, 0xa4, 0x21, 0x22, 0xb2, 0x8c, 0x0b, 0x59, 0x4c, 0xfb, 0x18, 0x4d};
static const uint8_t auth512_1[] = {0x63, 0x7e, 0xdc, 0x6e, 0x01, 0xdc, 0xe7, 0xe6, 0x74, 0x2a, 0x99,
				    0x45, 0x1a, 0xae, 0x82, 0xdf, 0x23, 0xda, 0x3e, 0x92, 0x43, 0x9e,
				    0x59, 0x0e, 0x43, 0xe7, 0x61, 0xb3, 0x3e, 0x91, 0x0f, 0xb8};
static const uint8_t auth512_2[] = {0xcb, 0x37, 0x09, 0x17, 0xae, 0x8a, 0x7c, 0xe2, 0x8c, 0xfd, 0x1d,
				    0x8f, 0x47, 0x05, 0xd6, 0x14, 0x1c, 0x17, 0x3b, 0x2a, 0x93, 0x62,
				    0xc1, 0x5d, 0xf2, 0x35, 0xdf, 0xb2, 0x51, 0xb1, 0x54, 0x54};

static const struct integ_vector integ_vectors[] = {
    {IKEV2_INTEG_HMAC_SHA2_384_192, 0x0b, "Hi There", auth384_1},
    {IKEV2_INTEG_HMAC_SHA2_384_192, 0, "what do ya want for nothing?", auth384_2},
    {IKEV2_INTEG_HMAC_SHA2_512_256, 0x0b, "Hi There", auth512_1},
    {IKEV2_INTEG_HMAC_SHA2_512_256, 0, "what do ya want for nothing?", auth512_2},
};

static void test_integ_rfc4868_384_512(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(integ_vectors) / sizeof(integ_vectors[0]); i++) {
		const struct integ_vector *v = &integ_vectors[i];
		const struct ikev2_integ_alg *ia = ikev2_integ_alg(v->iv_integ);
		struct ikev2_chunk in = ikev2_chunk(v->iv_data, strlen(v->iv_data));
		uint8_t key[64], got[32];

		/* §2.6: the key is as long as the hash output */
		for (size_t k = 0; k < ia->ia_key_len; k++)
			key[k] = v->iv_key_octet ? v->iv_key_octet : (uint8_t) "Jefe"[k % 4];
		assert_int_equal(ikev2_hmac(ia->ia_md, ikev2_chunk(key, ia->ia_key_len), &in, 1, got, ia->ia_icv_len),
				 0);
		assert_memory_equal(got, v->iv_icv, ia->ia_icv_len);
	}
}

/* Keys of one direction for a suite, from a fixed pattern. */
static void suite_keys(struct ikev2_sk_keys *k, uint16_t encr, size_t key_len, uint16_t integ)
{
	uint8_t material[64 + 4];

	for (size_t i = 0; i < sizeof(material); i++)
		material[i] = (uint8_t)(0xa5 ^ i);
	*k = (struct ikev2_sk_keys){
	    .sk_encr = ikev2_encr_alg(encr), .sk_key_len = key_len, .sk_integ = ikev2_integ_alg(integ)};
	assert_int_equal(ikev2_secret_copy(&k->sk_ekey, material, key_len + k->sk_encr->ea_salt_len), 0);
	if (k->sk_integ)
		assert_int_equal(ikev2_secret_copy(&k->sk_akey, material, k->sk_integ->ia_key_len), 0);
}

/* 1500 octets in fragments of a 576-octet path, reassembled; with one octet flipped, refused. */
static void carry(const struct ikev2_sk_keys *k, size_t flip)
{
	uint8_t plain[1500];
	struct ikev2_msg hdr, m;
	struct ikev2_blob train = {0}, whole = {0};
	struct ikev2_frag_rx *rx = NULL;
	struct ikev2_frag_stats st = {0};
	struct ikev2_err err;
	enum ikev2_frag_result r = IKEV2_FRAG_DROPPED;
	const uint8_t *one;
	size_t off = 0, len;

	memset(plain, 0x3c, sizeof(plain));
	ikev2_msg_init(&hdr, 7, 9, IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_RESPONSE, 1);
	assert_int_equal(ikev2_frag_seal(k, &hdr, IKEV2_PL_IDR, plain, sizeof(plain), 548, &train, &err), 0);
	if (flip)
		train.bl_data[flip % train.bl_len] ^= 0x80;
	while (ikev2_train_next(train.bl_data, train.bl_len, &off, &one, &len) > 0) {
		if (ikev2_msg_decode(one, len, &m, &err) < 0)
			continue;
		r = ikev2_frag_add(&rx, k, &m, one, len, &whole, &st, &err);
		ikev2_msg_fini(&m);
	}
	assert_int_equal(r == IKEV2_FRAG_DONE, flip == 0);
	ikev2_frag_rx_free(rx);
	ikev2_blob_free(&whole);
	ikev2_blob_free(&train);
	ikev2_msg_fini(&hdr);
}

static void test_suites_fragmented(void **state)
{
	static const struct {
		uint16_t encr;
		size_t key_len;
		uint16_t integ;
	} suites[] = {
	    {IKEV2_ENCR_AES_CBC, 16, IKEV2_INTEG_HMAC_SHA2_256_128},
	    {IKEV2_ENCR_AES_CBC, 24, IKEV2_INTEG_HMAC_SHA2_384_192},
	    {IKEV2_ENCR_AES_CBC, 32, IKEV2_INTEG_HMAC_SHA2_512_256},
	    {IKEV2_ENCR_AES_GCM_16, 16, IKEV2_INTEG_NONE},
	    {IKEV2_ENCR_AES_GCM_16, 32, IKEV2_INTEG_NONE},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		struct ikev2_sk_keys k;

		suite_keys(&k, suites[i].encr, suites[i].key_len, suites[i].integ);
		carry(&k, 0);
		carry(&k, 1200); /* inside the third fragment's ciphertext */
		ikev2_sk_keys_free(&k);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_integ_rfc4868_384_512),
	    cmocka_unit_test(test_suites_fragmented),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
