/*
 * The kernel backend's ESP algorithms in XFRM_MSG_NEWSA, read back with
 * libmnl: every AES-GCM key size as rfc4106(gcm(aes)) with its 4-byte salt
 * and a 128-bit ICV, every AES-CBC key size with hmac(sha256), hmac(sha384)
 * and hmac(sha512) truncated to 128, 192 and 256 bits (RFC 4868), and the
 * key lengths refused.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <linux/xfrm.h>

#include "nl_fixture.h"

struct alg_case {
	enum dp_sa_alg ac_alg;
	const char *ac_cipher;
	unsigned ac_key_bytes; /* GCM: key and salt */
	const char *ac_auth;   /* NULL: AEAD */
	unsigned ac_auth_bytes, ac_trunc_bits;
};

static const struct alg_case cases[] = {
    {DP_SA_AES_GCM_128, "rfc4106(gcm(aes))", 20, NULL, 0, 0},
    {DP_SA_AES_GCM_192, "rfc4106(gcm(aes))", 28, NULL, 0, 0},
    {DP_SA_AES_GCM_256, "rfc4106(gcm(aes))", 36, NULL, 0, 0},
    {DP_SA_AES_CBC_128_SHA256, "cbc(aes)", 16, "hmac(sha256)", 32, 128},
    {DP_SA_AES_CBC_192_SHA256, "cbc(aes)", 24, "hmac(sha256)", 32, 128},
    {DP_SA_AES_CBC_256_SHA256, "cbc(aes)", 32, "hmac(sha256)", 32, 128},
    {DP_SA_AES_CBC_128_SHA384, "cbc(aes)", 16, "hmac(sha384)", 48, 192},
    {DP_SA_AES_CBC_192_SHA384, "cbc(aes)", 24, "hmac(sha384)", 48, 192},
    {DP_SA_AES_CBC_256_SHA384, "cbc(aes)", 32, "hmac(sha384)", 48, 192},
    {DP_SA_AES_CBC_128_SHA512, "cbc(aes)", 16, "hmac(sha512)", 64, 256},
    {DP_SA_AES_CBC_192_SHA512, "cbc(aes)", 24, "hmac(sha512)", 64, 256},
    {DP_SA_AES_CBC_256_SHA512, "cbc(aes)", 32, "hmac(sha512)", 64, 256},
};

/* An outbound SA of that case, keys counting up from distinct starts. */
static struct dp_op sa_op(const struct alg_case *c)
{
	struct dp_op op = {.op_type = DP_SA_ADD};
	struct dp_sa *s = &op.op_sa;

	s->dsa_spi = 0xc0ffee10;
	s->dsa_src = a4("172.16.1.103");
	s->dsa_dst = a4("172.16.0.1");
	s->dsa_mode = DP_SA_TUNNEL;
	s->dsa_alg = c->ac_alg;
	s->dsa_keylen = (uint8_t)c->ac_key_bytes;
	s->dsa_auth_keylen = (uint8_t)c->ac_auth_bytes;
	for (unsigned i = 0; i < DP_KEY_MAX; i++)
		s->dsa_key[i] = (uint8_t)(0x10 + i);
	for (unsigned i = 0; i < DP_AUTH_KEY_MAX; i++)
		s->dsa_auth_key[i] = (uint8_t)(0x80 + i);
	s->dsa_reqid = 9;
	s->dsa_replay_window = 32;
	return op;
}

/*
 * An algorithm attribute: struct xfrm_algo, xfrm_algo_aead or xfrm_algo_auth
 * (hdrlen octets, each starting with the name and the key length in bits),
 * then the key; the field after the key length (ICV or truncation bits,
 * none for xfrm_algo) is returned.
 */
static uint32_t check_alg_attr(const struct nlattr *a, size_t hdrlen, const char *name, const uint8_t *key,
			       unsigned key_bytes)
{
	struct xfrm_algo_auth head = {0}; /* the longest of the three headers */
	const char *payload = mnl_attr_get_payload(a);

	assert_non_null(a);
	assert_int_equal(mnl_attr_get_payload_len(a), hdrlen + key_bytes);
	memcpy(&head, payload, hdrlen);
	assert_string_equal(head.alg_name, name);
	assert_int_equal(head.alg_key_len, key_bytes * 8); /* GCM: the salt counts (RFC 4106 8.1) */
	assert_memory_equal(payload + hdrlen, key, key_bytes);
	return head.alg_trunc_len;
}

static void check_aead(const struct nlattr *const *tb, const struct alg_case *c, const struct dp_sa *s)
{
	assert_null(tb[XFRMA_ALG_CRYPT]);
	assert_null(tb[XFRMA_ALG_AUTH_TRUNC]);
	assert_int_equal(check_alg_attr(tb[XFRMA_ALG_AEAD], sizeof(struct xfrm_algo_aead), c->ac_cipher, s->dsa_key,
					c->ac_key_bytes),
			 128); /* the ICV */
}

static void check_cbc_hmac(const struct nlattr *const *tb, const struct alg_case *c, const struct dp_sa *s)
{
	assert_null(tb[XFRMA_ALG_AEAD]);
	check_alg_attr(tb[XFRMA_ALG_CRYPT], sizeof(struct xfrm_algo), c->ac_cipher, s->dsa_key, c->ac_key_bytes);
	assert_int_equal(check_alg_attr(tb[XFRMA_ALG_AUTH_TRUNC], sizeof(struct xfrm_algo_auth), c->ac_auth,
					s->dsa_auth_key, c->ac_auth_bytes),
			 c->ac_trunc_bits);
}

static void test_every_algorithm(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct alg_case *c = &cases[i];
		struct dp_op op = sa_op(c);
		const struct nlattr *tb[XFRMA_MAX + 1];
		struct kn_msgs m;

		build_ok(&m, &op, 1);
		assert_int_equal(msg_at(&m, 0)->nlmsg_type, XFRM_MSG_NEWSA);
		attrs_of(msg_at(&m, 0), sizeof(struct xfrm_usersa_info), tb, XFRMA_MAX);
		if (c->ac_auth)
			check_cbc_hmac(tb, c, &op.op_sa);
		else
			check_aead(tb, c, &op.op_sa);
	}
}

/* A key one byte short of each case, or an HMAC key of another hash's length, is refused before sending. */
static void test_wrong_key_lengths(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dp_op op = sa_op(&cases[i]);

		op.op_sa.dsa_keylen--;
		build_fails(&op, EINVAL, "-byte key");
		if (!cases[i].ac_auth)
			continue;
		op = sa_op(&cases[i]);
		op.op_sa.dsa_auth_keylen = (uint8_t)(cases[i].ac_auth_bytes == 32 ? 64 : 32);
		build_fails(&op, EINVAL, cases[i].ac_auth);
	}
}

static void test_unknown_algorithm(void **state)
{
	struct dp_op op = sa_op(&cases[0]);

	op.op_sa.dsa_alg = DP_SA_ALG_COUNT;
	build_fails(&op, EINVAL, "unknown SA algorithm");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_algorithm),
	    cmocka_unit_test(test_wrong_key_lengths),
	    cmocka_unit_test(test_unknown_algorithm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
