/*
 * IKEv2 cryptography against published vectors: RFC 4868 §2.7 (PRF and
 * integrity HMACs), RFC 5903 §8 (ECP groups 19, 20, 21), RFC 3526 (MODP
 * primes 14, 15, 16, checked by an exchange with a peer computed here with
 * BIGNUMs), and against values derived here independently with one-shot
 * OpenSSL calls (prf+, SKEYSEED, SK payloads, AUTH, NAT detection).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "ike/ikev2_auth.h"
#include "ike/ikev2_dh.h"
#include "ike/ikev2_keys.h"
#include "ike/ikev2_natd.h"
#include "ike/ikev2_prf.h"
#include "ike/ikev2_sk.h"

/* Hex with spaces (as RFCs print it) into out; returns the octet count. */
static size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;

	for (; *s; s++) {
		unsigned v;
		if (*s == ' ')
			continue;
		assert_int_equal(sscanf(s, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		s++;
	}
	return n;
}

/* The reference HMAC: OpenSSL's one-shot call, not the code under test. */
static void hmac_ref(const char *md, const void *key, size_t key_len, const void *data, size_t len, uint8_t *out)
{
	size_t out_len;

	assert_non_null(
	    EVP_Q_mac(NULL, "HMAC", NULL, md, NULL, key, key_len, data, len, out, EVP_MAX_MD_SIZE, &out_len));
}

struct prf_vector {
	uint16_t pv_prf;
	const char *pv_key, *pv_data, *pv_out;
};

/* RFC 4868 §2.7.1: PRF-1 (0x0b x 20, "Hi There") and PRF-2 ("Jefe", "what do ya want for nothing?"). */
static const struct prf_vector prf_vectors[] = {
    {IKEV2_PRF_HMAC_SHA2_256, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
    {IKEV2_PRF_HMAC_SHA2_384, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
     "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6"},
    {IKEV2_PRF_HMAC_SHA2_512, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
     "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
     "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"},
    {IKEV2_PRF_HMAC_SHA2_256, "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
    {IKEV2_PRF_HMAC_SHA2_384, "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
     "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"},
    {IKEV2_PRF_HMAC_SHA2_512, "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
     "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
     "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
};

static void test_prf_rfc4868(void **state)
{
	for (size_t i = 0; i < sizeof(prf_vectors) / sizeof(prf_vectors[0]); i++) {
		const struct prf_vector *v = &prf_vectors[i];
		const struct ikev2_prf_alg *prf = ikev2_prf_alg(v->pv_prf);
		uint8_t key[64], data[64], want[64], got[64];
		size_t key_len = unhex(v->pv_key, key), len = unhex(v->pv_data, data);
		/* the data in two chunks: the PRF concatenates its inputs */
		struct ikev2_chunk in[] = {ikev2_chunk(data, 3), ikev2_chunk(data + 3, len - 3)};

		assert_int_equal(unhex(v->pv_out, want), prf->pa_len);
		assert_int_equal(ikev2_prf(prf, ikev2_chunk(key, key_len), in, 2, got), 0);
		assert_memory_equal(got, want, prf->pa_len);
	}
}

/* RFC 4868 §2.7.2.1 AUTH256-1 and AUTH256-2: HMAC-SHA-256-128 is the first 16 octets. */
static void test_integ_rfc4868(void **state)
{
	const struct ikev2_integ_alg *integ = ikev2_integ_alg(IKEV2_INTEG_HMAC_SHA2_256_128);
	uint8_t key[32], data[64], want[16], got[16];
	struct ikev2_chunk in;

	assert_int_equal(integ->ia_key_len, 32);
	assert_int_equal(integ->ia_icv_len, 16);
	memset(key, 0x0b, sizeof(key));
	in = ikev2_chunk("Hi There", 8);
	unhex("198a607eb44bfbc69903a0f1cf2bbdc5", want);
	assert_int_equal(ikev2_hmac(integ->ia_md, ikev2_chunk(key, 32), &in, 1, got, integ->ia_icv_len), 0);
	assert_memory_equal(got, want, 16);
	for (int i = 0; i < 32; i += 4)
		memcpy(key + i, "Jefe", 4);
	in = ikev2_chunk(data, unhex("7768617420646f2079612077616e7420666f72206e6f7468696e673f", data));
	unhex("167f928588c5cc2eef8e3093caa0e87c", want);
	assert_int_equal(ikev2_hmac(integ->ia_md, ikev2_chunk(key, 32), &in, 1, got, integ->ia_icv_len), 0);
	assert_memory_equal(got, want, 16);
	assert_int_equal(ikev2_integ_alg(IKEV2_INTEG_HMAC_SHA2_512_256)->ia_icv_len, 32);
	assert_int_equal(ikev2_integ_alg(IKEV2_INTEG_HMAC_SHA2_384_192)->ia_icv_len, 24);
}

/* prf+ (§2.13) against T1 = prf(K, S | 1), Tn = prf(K, Tn-1 | S | n) computed here with one-shot HMACs. */
static void test_prf_plus(void **state)
{
	const struct ikev2_prf_alg *prf = ikev2_prf_alg(IKEV2_PRF_HMAC_SHA2_256);
	static const uint8_t key[] = "prf+ key", s1[] = "seed one", s2[] = "seed two";
	struct ikev2_chunk seed[] = {ikev2_chunk(s1, 8), ikev2_chunk(s2, 8)};
	uint8_t want[4 * 32], got[100], in[32 + 16 + 1], big[255 * 32 + 1];

	for (unsigned n = 1; n <= 4; n++) {
		size_t len = 0;
		if (n > 1)
			memcpy(in, want + (n - 2) * 32, 32), len = 32;
		memcpy(in + len, "seed oneseed two", 16);
		in[len + 16] = (uint8_t)n;
		hmac_ref("SHA256", key, 8, in, len + 17, want + (n - 1) * 32);
	}
	assert_int_equal(ikev2_prf_plus(prf, ikev2_chunk(key, 8), seed, 2, got, sizeof(got)), 0);
	assert_memory_equal(got, want, sizeof(got));
	/* 255 blocks at most */
	assert_int_equal(ikev2_prf_plus(prf, ikev2_chunk(key, 8), seed, 2, big, sizeof(big)), -1);
	assert_int_equal(ikev2_prf_plus(prf, ikev2_chunk(key, 8), seed, 2, big, sizeof(big) - 1), 0);
}

static const uint8_t ni[32] = "initiator nonce, thirty-two oct", nr[16] = "responder nonce";

/* SKEYSEED = prf(Ni | Nr, g^ir), checked with a one-shot HMAC. */
static void skeyseed_of(struct ikev2_secret *skeyseed)
{
	static const uint8_t gir_bytes[48] = "shared secret g^ir of forty-eight octets, fake.";
	struct ikev2_secret gir;
	uint8_t nonces[48], want[32];

	assert_int_equal(ikev2_secret_copy(&gir, gir_bytes, sizeof(gir_bytes)), 0);
	assert_int_equal(ikev2_skeyseed(ikev2_prf_alg(IKEV2_PRF_HMAC_SHA2_256), ikev2_chunk(ni, 32),
					ikev2_chunk(nr, 16), &gir, skeyseed),
			 0);
	memcpy(nonces, ni, 32);
	memcpy(nonces + 32, nr, 16);
	hmac_ref("SHA256", nonces, 48, gir_bytes, 48, want);
	assert_int_equal(skeyseed->se_len, 32);
	assert_memory_equal(skeyseed->se_data, want, 32);
	ikev2_secret_free(&gir);
}

/* The keys cut prf+(SKEYSEED, Ni | Nr | SPIi | SPIr) in §2.14's order. */
static void test_ike_keys(void **state)
{
	static const uint8_t spis[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
	struct ikev2_secret skeyseed;
	struct ikev2_suite suite;
	struct ikev2_ike_keys k;
	uint8_t stream[3 * 32 + 2 * 32 + 2 * 32];
	struct ikev2_chunk seed[] = {ikev2_chunk(ni, 32), ikev2_chunk(nr, 16), ikev2_chunk(spis, 16)};

	skeyseed_of(&skeyseed);
	assert_int_equal(
	    ikev2_suite_init(&suite, IKEV2_ENCR_AES_CBC, 256, IKEV2_PRF_HMAC_SHA2_256, IKEV2_INTEG_HMAC_SHA2_256_128),
	    0);
	assert_int_equal(ikev2_ike_keys_derive(&k, &suite, &skeyseed, ikev2_chunk(ni, 32), ikev2_chunk(nr, 16),
					       0x0102030405060708, 0x090a0b0c0d0e0f10),
			 0);
	assert_int_equal(ikev2_prf_plus(suite.su_prf, ikev2_secret_chunk(&skeyseed), seed, 3, stream, sizeof(stream)),
			 0);
	assert_memory_equal(k.ik_d.se_data, stream, 32);
	assert_memory_equal(k.ik_i2r.sk_akey.se_data, stream + 32, 32);
	assert_memory_equal(k.ik_r2i.sk_akey.se_data, stream + 64, 32);
	assert_memory_equal(k.ik_i2r.sk_ekey.se_data, stream + 96, 32);
	assert_memory_equal(k.ik_r2i.sk_ekey.se_data, stream + 128, 32);
	assert_memory_equal(k.ik_pi.se_data, stream + 160, 32);
	assert_memory_equal(k.ik_pr.se_data, stream + 192, 32);
	ikev2_ike_keys_free(&k);
	assert_null(k.ik_d.se_data);
	ikev2_secret_free(&skeyseed);
}

/* AES-GCM: no SK_a, and SK_e carries the 4-octet salt (RFC 5282 §7.1). */
static void test_ike_keys_gcm(void **state)
{
	struct ikev2_secret skeyseed;
	struct ikev2_suite suite;
	struct ikev2_ike_keys k;

	skeyseed_of(&skeyseed);
	assert_int_equal(ikev2_suite_init(&suite, IKEV2_ENCR_AES_GCM_16, 128, IKEV2_PRF_HMAC_SHA2_384, 0), 0);
	assert_int_equal(ikev2_ike_keys_derive(&k, &suite, &skeyseed, ikev2_chunk(ni, 32), ikev2_chunk(nr, 16), 1, 2),
			 0);
	assert_int_equal(k.ik_i2r.sk_akey.se_len, 0);
	assert_int_equal(k.ik_r2i.sk_ekey.se_len, 20);
	assert_int_equal(k.ik_pr.se_len, 48);
	ikev2_ike_keys_free(&k);
	ikev2_secret_free(&skeyseed);
}

static void test_suite_errors(void **state)
{
	struct ikev2_suite s;

	assert_int_equal(
	    ikev2_suite_init(&s, IKEV2_ENCR_AES_GCM_16, 256, IKEV2_PRF_HMAC_SHA2_256, IKEV2_INTEG_HMAC_SHA2_256_128),
	    -1);
	assert_int_equal(ikev2_suite_init(&s, IKEV2_ENCR_AES_CBC, 256, IKEV2_PRF_HMAC_SHA2_256, IKEV2_INTEG_NONE), -1);
	assert_int_equal(
	    ikev2_suite_init(&s, IKEV2_ENCR_AES_CBC, 100, IKEV2_PRF_HMAC_SHA2_256, IKEV2_INTEG_HMAC_SHA2_256_128), -1);
	assert_int_equal(ikev2_suite_init(&s, 3, 256, IKEV2_PRF_HMAC_SHA2_256, IKEV2_INTEG_HMAC_SHA2_256_128), -1);
}

/* §2.18 rekey SKEYSEED and §2.17 KEYMAT, with and without PFS. */
static void test_rekey_child(void **state)
{
	const struct ikev2_prf_alg *prf = ikev2_prf_alg(IKEV2_PRF_HMAC_SHA2_512);
	struct ikev2_secret sk_d, gir, skeyseed;
	struct ikev2_child_keys ck;
	uint8_t in[16 + 32 + 16], want[64], keymat[2 * (36 + 0)];
	struct ikev2_chunk seed[] = {ikev2_chunk(ni, 32), ikev2_chunk(nr, 16)};

	assert_int_equal(ikev2_secret_copy(&sk_d, (const uint8_t *)"old SK_d, 64 octets long enough", 32), 0);
	assert_int_equal(ikev2_secret_copy(&gir, (const uint8_t *)"new g^ir value.", 16), 0);
	assert_int_equal(ikev2_skeyseed_rekey(prf, &sk_d, &gir, ikev2_chunk(ni, 32), ikev2_chunk(nr, 16), &skeyseed),
			 0);
	memcpy(in, gir.se_data, 16);
	memcpy(in + 16, ni, 32);
	memcpy(in + 48, nr, 16);
	hmac_ref("SHA512", sk_d.se_data, 32, in, sizeof(in), want);
	assert_memory_equal(skeyseed.se_data, want, 64);

	/* AES-GCM-256 ESP: 36 octets per direction, no integrity key */
	assert_int_equal(
	    ikev2_child_keys_derive(&ck, prf, &sk_d, NULL, ikev2_chunk(ni, 32), ikev2_chunk(nr, 16), 36, 0), 0);
	assert_int_equal(ikev2_prf_plus(prf, ikev2_secret_chunk(&sk_d), seed, 2, keymat, sizeof(keymat)), 0);
	assert_memory_equal(ck.ck_ei.se_data, keymat, 36);
	assert_memory_equal(ck.ck_er.se_data, keymat + 36, 36);
	assert_int_equal(ck.ck_ai.se_len, 0);
	ikev2_child_keys_free(&ck);
	/* PFS puts the new g^ir before the nonces */
	assert_int_equal(
	    ikev2_child_keys_derive(&ck, prf, &sk_d, &gir, ikev2_chunk(ni, 32), ikev2_chunk(nr, 16), 16, 32), 0);
	assert_int_equal(
	    ikev2_prf_plus(prf, ikev2_secret_chunk(&sk_d), (struct ikev2_chunk[]){ikev2_chunk(in, 64)}, 1, keymat, 48),
	    0);
	assert_memory_equal(ck.ck_ei.se_data, keymat, 16);
	assert_memory_equal(ck.ck_ai.se_data, keymat + 16, 32);
	ikev2_child_keys_free(&ck);
	ikev2_secret_free(&skeyseed);
	ikev2_secret_free(&sk_d);
	ikev2_secret_free(&gir);
}

struct ecp_vector {
	uint16_t ev_group;
	const char *ev_name, *ev_i, *ev_gi, *ev_r, *ev_gr, *ev_girx;
};

/* RFC 5903 §8.1-8.3 (gi and gr are x | y, as the KE payload carries them). */
static const struct ecp_vector ecp_vectors[] = {
    {IKEV2_DH_ECP_256, "P-256", "C88F01F5 10D9AC3F 70A292DA A2316DE5 44E9AAB8 AFE84049 C62A9C57 862D1433",
     "DAD0B653 94221CF9 B051E1FE CA5787D0 98DFE637 FC90B9EF 945D0C37 72581180"
     "5271A046 1CDB8252 D61F1C45 6FA3E59A B1F45B33 ACCF5F58 389E0577 B8990BB3",
     "C6EF9C5D 78AE012A 011164AC B397CE20 88685D8F 06BF9BE0 B283AB46 476BEE53",
     "D12DFB52 89C8D4F8 1208B702 70398C34 2296970A 0BCCB74C 736FC755 4494BF63"
     "56FBF3CA 366CC23E 8157854C 13C58D6A AC23F046 ADA30F83 53E74F33 039872AB",
     "D6840F6B 42F6EDAF D13116E0 E1256520 2FEF8E9E CE7DCE03 812464D0 4B9442DE"},
    {IKEV2_DH_ECP_384, "P-384",
     "099F3C70 34D4A2C6 99884D73 A375A67F 7624EF7C 6B3C0F16 0647B674 14DCE655 E35B5380 41E649EE 3FAEF896 783AB194",
     "667842D7 D180AC2C DE6F74F3 7551F557 55C7645C 20EF73E3 1634FE72 B4C55EE6 DE3AC808 ACB4BDB4 C88732AE E95F41AA"
     "9482ED1F C0EEB9CA FC498462 5CCFC23F 65032149 E0E144AD A0241815 35A0F38E EB9FCFF3 C2C947DA E69B4C63 4573A81C",
     "41CB0779 B4BDB85D 47846725 FBEC3C94 30FAB46C C8DC5060 855CC9BD A0AA2942 E0308312 916B8ED2 960E4BD5 5A7448FC",
     "E558DBEF 53EECDE3 D3FCCFC1 AEA08A89 A987475D 12FD950D 83CFA417 32BC509D 0D1AC43A 0336DEF9 6FDA41D0 774A3571"
     "DCFBEC7A ACF31964 72169E83 8430367F 66EEBE3C 6E70C416 DD5F0C68 759DD1FF F83FA401 42209DFF 5EAAD96D B9E6386C",
     "11187331 C279962D 93D60424 3FD592CB 9D0A926F 422E4718 7521287E 7156C5C4 D6031355 69B9E9D0 9CF5D4A2 70F59746"},
    {IKEV2_DH_ECP_521, "P-521",
     "0037ADE9 319A89F4 DABDB3EF 411AACCC A5123C61 ACAB57B5 393DCE47 608172A0 95AA85A3 0FE1C295 2C6771D9 37BA9777 "
     "F5957B26 39BAB072 462F68C2 7A57382D 4A52",
     "0015417E 84DBF28C 0AD3C278 713349DC 7DF153C8 97A1891B D98BAB43 57C9ECBE E1E3BF42 E00B8E38 0AEAE57C 2D107564 "
     "94188594 2AF5A7F4 601723C4 195D176C ED3E"
     "017CAE20 B6641D2E EB695786 D8C94614 6239D099 E18E1D5A 514C739D 7CB4A10A D8A78801 5AC405D7 799DC75E 7B7D5B6C "
     "F2261A6A 7F150743 8BF01BEB 6CA3926F 9582",
     "0145BA99 A847AF43 793FDD0E 872E7CDF A16BE30F DC780F97 BCCC3F07 8380201E 9C677D60 0B343757 A3BDBF2A 3163E4C2 "
     "F869CCA7 458AA4A4 EFFC311F 5CB15168 5EB9",
     "00D0B397 5AC4B799 F5BEA16D 5E13E9AF 971D5E9B 984C9F39 728B5E57 39735A21 9B97C356 436ADC6E 95BB0352 F6BE64A6 "
     "C2912D4E F2D0433C ED2B6171 640012D9 460F"
     "015C6822 6383956E 3BD066E7 97B623C2 7CE0EAC2 F551A10C 2C724D98 52077B87 220B6536 C5C408A1 D2AEBB8E 86D678AE "
     "49CB5709 1F473229 6579AB44 FCD17F0F C56A",
     "01144C7D 79AE6956 BC8EDB8E 7C787C45 21CB086F A64407F9 7894E5E6 B2D79B04 D1427E73 CA4BAA24 0A347868 59810C06 "
     "B3C715A3 A8CC3151 F2BEE417 996D19F3 DDEA"},
};

/* The RFC's key pair as an EVP_PKEY: the private scalar and the public point (0x04 | x | y). */
static struct ikev2_dh *ecp_key(const struct ecp_vector *v, const char *priv_hex, const uint8_t *pub, size_t pub_len)
{
	uint8_t priv[66], point[1 + 132] = {0x04};
	size_t priv_len = unhex(priv_hex, priv);
	BIGNUM *d = BN_bin2bn(priv, (int)priv_len, NULL);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *key = NULL;

	memcpy(point + 1, pub, pub_len);
	assert_true(OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, v->ev_name, 0));
	assert_true(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d));
	assert_true(OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, pub_len + 1));
	params = OSSL_PARAM_BLD_to_param(bld);
	assert_int_equal(EVP_PKEY_fromdata_init(ctx), 1);
	assert_int_equal(EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_KEYPAIR, params), 1);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	BN_free(d);
	return ikev2_dh_adopt(v->ev_group, key);
}

/* One side of the exchange: our KE data is the RFC's, and the peer's gives the RFC's girx. */
static void ecp_side(const struct ecp_vector *v, const char *priv, const char *pub_hex, const char *peer_hex)
{
	uint8_t pub[132], peer[132], girx[66];
	size_t pub_len = unhex(pub_hex, pub), girx_len = unhex(v->ev_girx, girx);
	struct ikev2_dh *dh = ecp_key(v, priv, pub, pub_len);
	struct ikev2_blob ke = {0};
	struct ikev2_secret secret;
	struct ikev2_err err;

	assert_non_null(dh);
	assert_int_equal(ikev2_dh_public_len(v->ev_group), pub_len);
	assert_int_equal(ikev2_dh_public(dh, &ke), 0);
	assert_int_equal(ke.bl_len, pub_len);
	assert_memory_equal(ke.bl_data, pub, pub_len);
	assert_int_equal(ikev2_dh_shared(dh, peer, unhex(peer_hex, peer), &secret, &err), 0);
	assert_int_equal(secret.se_len, girx_len);
	assert_memory_equal(secret.se_data, girx, girx_len);
	ikev2_secret_free(&secret);
	/* a point off the curve, and a value of the wrong length (RFC 6989) */
	peer[pub_len - 1] ^= 1;
	assert_int_equal(ikev2_dh_shared(dh, peer, pub_len, &secret, &err), -1);
	assert_int_equal(err.e_notify, IKEV2_N_INVALID_SYNTAX);
	assert_int_equal(ikev2_dh_shared(dh, peer, pub_len - 1, &secret, &err), -1);
	assert_int_equal(err.e_notify, IKEV2_N_INVALID_SYNTAX);
	ikev2_blob_free(&ke);
	ikev2_dh_free(dh);
}

static void test_ecp_rfc5903(void **state)
{
	for (size_t i = 0; i < sizeof(ecp_vectors) / sizeof(ecp_vectors[0]); i++) {
		const struct ecp_vector *v = &ecp_vectors[i];
		ecp_side(v, v->ev_i, v->ev_gi, v->ev_gr);
		ecp_side(v, v->ev_r, v->ev_gr, v->ev_gi);
	}
}

/* RFC 3526 §3-5: the primes; the 3072- and 4096-bit ones extend the 2048-bit one's digits of pi. */
#define MODP_HEAD                                                                                                      \
	"FFFFFFFF FFFFFFFF C90FDAA2 2168C234 C4C6628B 80DC1CD1 29024E08 8A67CC74 020BBEA6 3B139B22 514A0879 8E3404DD " \
	"EF9519B3 CD3A431B 302B0A6D F25F1437 4FE1356D 6D51C245 E485B576 625E7EC6 F44C42E9 A637ED6B 0BFF5CB6 F406B7ED " \
	"EE386BFB 5A899FA5 AE9F2411 7C4B1FE6 49286651 ECE45B3D C2007CB8 A163BF05 98DA4836 1C55D39A 69163FA8 FD24CF5F " \
	"83655D23 DCA3AD96 1C62F356 208552BB 9ED52907 7096966D 670C354E 4ABC9804 F1746C08 CA18217C 32905E46 2E36CE3B " \
	"E39E772C 180E8603 9B2783A2 EC07A28F B5C55DF0 6F4C52C9 DE2BCBF6 95581718 3995497C EA956AE5 15D22618 98FA0510 "
#define MODP_3072_MID                                                                                                  \
	"15728E5A 8AAAC42D AD33170D 04507A33 A85521AB DF1CBA64 ECFB8504 58DBEF0A 8AEA7157 5D060C7D B3970F85 A6E1E4C7 " \
	"ABF5AE8C DB0933D7 1E8C94E0 4A25619D CEE3D226 1AD2EE6B F12FFA06 D98A0864 D8760273 3EC86A64 521F2B18 177B200C " \
	"BBE11757 7A615D6C 770988C0 BAD946E2 08E24FA0 74E5AB31 43DB5BFC E0FD108E 4B82D120 "

static const struct {
	uint16_t mp_group;
	const char *mp_prime;
} modp_primes[] = {
    {IKEV2_DH_MODP_2048, MODP_HEAD "15728E5A 8AACAA68 FFFFFFFF FFFFFFFF"},
    {IKEV2_DH_MODP_3072, MODP_HEAD MODP_3072_MID "A93AD2CA FFFFFFFF FFFFFFFF"},
    {IKEV2_DH_MODP_4096,
     MODP_HEAD MODP_3072_MID "A9210801 1A723C12 A787E6D7 88719A10 BDBA5B26 99C32718 6AF4E23C 1A946834 B6150BDA "
			     "2583E9CA 2AD44CE8 DBBBC2DB 04DE8EF9 2E8EFC14 1FBECAA6 287C5947 4E6BC05D 99B2964F "
			     "A090C3A2 233BA186 515BE7ED 1F612970 CEE2D7AF B81BDD76 2170481C D0069127 D5B05AA9 "
			     "93B4EA98 8D8FDDC1 86FFB7DC 90A6C08F 4DF435C9 34063199 FFFFFFFF FFFFFFFF"},
};

/* Our key against a peer computed here from the RFC's prime: both ends must get the same g^xy. */
static void modp_check_prime(struct ikev2_dh *dh, const char *prime_hex, size_t len)
{
	uint8_t p_bytes[512], y_bytes[512], want[512];
	BN_CTX *bn = BN_CTX_new();
	BIGNUM *p = BN_bin2bn(p_bytes, (int)unhex(prime_hex, p_bytes), NULL), *b = BN_new(), *g = BN_new(),
	       *y = BN_new(), *s = BN_new(), *a_pub;
	struct ikev2_blob ke = {0};
	struct ikev2_secret secret;
	struct ikev2_err err;

	assert_int_equal(BN_num_bytes(p), len);
	assert_true(BN_rand(b, 256, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) && BN_set_word(g, 2));
	assert_true(BN_mod_exp(y, g, b, p, bn));
	assert_int_equal(BN_bn2binpad(y, y_bytes, (int)len), (int)len);
	assert_int_equal(ikev2_dh_public(dh, &ke), 0);
	a_pub = BN_bin2bn(ke.bl_data, (int)ke.bl_len, NULL);
	assert_true(BN_mod_exp(s, a_pub, b, p, bn));
	assert_int_equal(BN_bn2binpad(s, want, (int)len), (int)len);
	assert_int_equal(ikev2_dh_shared(dh, y_bytes, len, &secret, &err), 0);
	assert_int_equal(secret.se_len, len);
	assert_memory_equal(secret.se_data, want, len);
	ikev2_secret_free(&secret);
	/* RFC 6989: 1 and p - 1 are refused */
	BN_one(y);
	BN_bn2binpad(y, y_bytes, (int)len);
	assert_int_equal(ikev2_dh_shared(dh, y_bytes, len, &secret, &err), -1);
	assert_int_equal(err.e_notify, IKEV2_N_INVALID_SYNTAX);
	BN_sub(y, p, BN_value_one());
	BN_bn2binpad(y, y_bytes, (int)len);
	assert_int_equal(ikev2_dh_shared(dh, y_bytes, len, &secret, &err), -1);
	ikev2_blob_free(&ke);
	BN_free(a_pub), BN_free(p), BN_free(b), BN_free(g), BN_free(y), BN_free(s);
	BN_CTX_free(bn);
}

static void test_modp_rfc3526(void **state)
{
	for (size_t i = 0; i < sizeof(modp_primes) / sizeof(modp_primes[0]); i++) {
		uint16_t group = modp_primes[i].mp_group;
		size_t len = ikev2_dh_public_len(group);
		struct ikev2_dh *a = ikev2_dh_new(group), *b = ikev2_dh_new(group);
		struct ikev2_blob ka = {0}, kb = {0};
		struct ikev2_secret sa, sb;
		struct ikev2_err err;

		assert_non_null(a);
		assert_non_null(b);
		assert_int_equal(ikev2_dh_group(a), group);
		assert_int_equal(ikev2_dh_public(a, &ka), 0);
		assert_int_equal(ikev2_dh_public(b, &kb), 0);
		assert_int_equal(ka.bl_len, len);
		assert_int_equal(ikev2_dh_shared(a, kb.bl_data, kb.bl_len, &sa, &err), 0);
		assert_int_equal(ikev2_dh_shared(b, ka.bl_data, ka.bl_len, &sb, &err), 0);
		assert_int_equal(sa.se_len, len);
		assert_memory_equal(sa.se_data, sb.se_data, len);
		modp_check_prime(a, modp_primes[i].mp_prime, len);
		ikev2_secret_free(&sa), ikev2_secret_free(&sb);
		ikev2_blob_free(&ka), ikev2_blob_free(&kb);
		ikev2_dh_free(a), ikev2_dh_free(b);
	}
	assert_null(ikev2_dh_new(IKEV2_DH_NONE));
	assert_int_equal(ikev2_dh_public_len(2), 0);
}

/* An INFORMATIONAL message whose SK payload protects one Delete payload. */
static void sealed_msg(const struct ikev2_sk_keys *k, uint8_t sk_type, struct ikev2_blob *out)
{
	struct ikev2_msg m;
	struct ikev2_pl *inner = NULL, *pl;
	struct ikev2_blob plain;
	struct ikev2_err err;
	uint8_t first;

	ikev2_msg_init(&m, 0xaaaaaaaaaaaaaaaa, 0xbbbbbbbbbbbbbbbb, IKEV2_EXCH_INFORMATIONAL, IKEV2_FLAG_INITIATOR, 5);
	ikev2_pl_add(&inner, IKEV2_PL_DELETE)->pl_delete.de_protocol = IKEV2_PROTO_IKE;
	assert_int_equal(ikev2_chain_encode(inner, &plain, &first, &err), 0);
	pl = ikev2_pl_add(&m.m_pl, sk_type);
	pl->pl_sk = (struct ikev2_sk){.sk_next = first, .sk_frag_num = 1, .sk_frag_total = 1};
	assert_int_equal(ikev2_msg_seal(k, &m, plain.bl_data, plain.bl_len, out, &err), 0);
	ikev2_blob_free(&plain);
	ikev2_pl_list_free(inner);
	ikev2_msg_fini(&m);
}

/* Opens raw with k: 0 and the Delete payload back, or the error's notification. */
static int open_msg(const struct ikev2_sk_keys *k, const uint8_t *raw, size_t len, struct ikev2_err *err)
{
	struct ikev2_msg m;
	struct ikev2_secret plain;
	struct ikev2_pl *inner;
	const struct ikev2_sk *sk;
	int rc;

	assert_int_equal(ikev2_msg_decode(raw, len, &m, err), 0);
	rc = ikev2_msg_open(k, raw, len, &m, &plain, err);
	sk = &m.m_pl->pl_sk;
	if (rc == 0) {
		assert_int_equal(ikev2_chain_decode(sk->sk_next, plain.se_data, plain.se_len, &inner, err), 0);
		assert_int_equal(inner->pl_type, IKEV2_PL_DELETE);
		assert_int_equal(inner->pl_delete.de_protocol, IKEV2_PROTO_IKE);
		ikev2_pl_list_free(inner);
		ikev2_secret_free(&plain);
	}
	ikev2_msg_fini(&m);
	return rc;
}

static void suite_keys(struct ikev2_ike_keys *k, uint16_t encr, uint16_t bits, uint16_t integ)
{
	struct ikev2_suite suite;
	struct ikev2_secret skeyseed;

	assert_int_equal(ikev2_suite_init(&suite, encr, bits, IKEV2_PRF_HMAC_SHA2_256, integ), 0);
	assert_int_equal(ikev2_secret_copy(&skeyseed, ni, 32), 0);
	assert_int_equal(ikev2_ike_keys_derive(k, &suite, &skeyseed, ikev2_chunk(ni, 32), ikev2_chunk(nr, 16), 1, 2),
			 0);
	ikev2_secret_free(&skeyseed);
}

/* RFC 5282 done by hand: AES-GCM with nonce salt | IV over AAD = header through the SK header. */
static void gcm_by_hand(const struct ikev2_sk_keys *k, const uint8_t *raw, size_t len)
{
	const uint8_t *body = raw + IKEV2_HDR_LEN + IKEV2_PL_HDR_LEN, *tag = raw + len - 16;
	size_t ct_len = (size_t)(tag - body - 8);
	uint8_t nonce[12], plain[64];
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl;

	memcpy(nonce, k->sk_ekey.se_data + 32, 4);
	memcpy(nonce + 4, body, 8);
	assert_true(EVP_DecryptInit_ex2(ctx, EVP_aes_256_gcm(), k->sk_ekey.se_data, nonce, NULL));
	assert_true(EVP_DecryptUpdate(ctx, NULL, &outl, raw, IKEV2_HDR_LEN + IKEV2_PL_HDR_LEN));
	assert_true(EVP_DecryptUpdate(ctx, plain, &outl, body + 8, (int)ct_len));
	assert_true(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, 16, (void *)tag));
	assert_true(EVP_DecryptFinal_ex(ctx, plain + outl, &outl));
	assert_int_equal(plain[0], 0); /* the Delete payload's generic header: no next payload */
	assert_int_equal(plain[4], IKEV2_PROTO_IKE);
	assert_int_equal(plain[ct_len - 1], ct_len - 8 - 1); /* pad length after the 8-octet Delete */
	EVP_CIPHER_CTX_free(ctx);
}

static void test_sk_gcm(void **state)
{
	struct ikev2_ike_keys k;
	struct ikev2_blob raw;
	struct ikev2_err err;

	suite_keys(&k, IKEV2_ENCR_AES_GCM_16, 256, IKEV2_INTEG_NONE);
	sealed_msg(&k.ik_i2r, IKEV2_PL_SK, &raw);
	gcm_by_hand(&k.ik_i2r, raw.bl_data, raw.bl_len);
	assert_int_equal(open_msg(&k.ik_i2r, raw.bl_data, raw.bl_len, &err), 0);
	/* the other direction's keys, a changed ICV and a changed header (in the AAD) all fail */
	assert_int_equal(open_msg(&k.ik_r2i, raw.bl_data, raw.bl_len, &err), -1);
	raw.bl_data[raw.bl_len - 1] ^= 1;
	assert_int_equal(open_msg(&k.ik_i2r, raw.bl_data, raw.bl_len, &err), -1);
	assert_int_equal(err.e_notify, 0);
	raw.bl_data[raw.bl_len - 1] ^= 1;
	raw.bl_data[23] ^= 1; /* message ID */
	assert_int_equal(open_msg(&k.ik_i2r, raw.bl_data, raw.bl_len, &err), -1);
	ikev2_blob_free(&raw);
	sealed_msg(&k.ik_r2i, IKEV2_PL_SKF, &raw);
	assert_int_equal(open_msg(&k.ik_r2i, raw.bl_data, raw.bl_len, &err), 0);
	ikev2_blob_free(&raw);
	ikev2_ike_keys_free(&k);
}

/* AES-CBC with each HMAC-SHA-2 truncation; the ICV is checked here with a one-shot HMAC. */
static void test_sk_cbc(void **state)
{
	static const uint16_t integs[] = {IKEV2_INTEG_HMAC_SHA2_256_128, IKEV2_INTEG_HMAC_SHA2_384_192,
					  IKEV2_INTEG_HMAC_SHA2_512_256};

	for (size_t i = 0; i < 3; i++) {
		const struct ikev2_integ_alg *integ = ikev2_integ_alg(integs[i]);
		struct ikev2_ike_keys k;
		struct ikev2_blob raw;
		struct ikev2_err err;
		uint8_t mac[EVP_MAX_MD_SIZE];
		size_t icv = integ->ia_icv_len;

		suite_keys(&k, IKEV2_ENCR_AES_CBC, 128, integs[i]);
		sealed_msg(&k.ik_i2r, IKEV2_PL_SK, &raw);
		hmac_ref(integ->ia_md, k.ik_i2r.sk_akey.se_data, integ->ia_key_len, raw.bl_data, raw.bl_len - icv, mac);
		assert_memory_equal(raw.bl_data + raw.bl_len - icv, mac, icv);
		/* IV 16 + one block (8-octet Delete, padding, pad length) + ICV */
		assert_int_equal(raw.bl_len, IKEV2_HDR_LEN + IKEV2_PL_HDR_LEN + 16 + 16 + icv);
		assert_int_equal(open_msg(&k.ik_i2r, raw.bl_data, raw.bl_len, &err), 0);
		raw.bl_data[IKEV2_HDR_LEN + IKEV2_PL_HDR_LEN + 20] ^= 1; /* ciphertext */
		assert_int_equal(open_msg(&k.ik_i2r, raw.bl_data, raw.bl_len, &err), -1);
		assert_int_equal(err.e_notify, 0);
		ikev2_blob_free(&raw);
		ikev2_ike_keys_free(&k);
	}
}

/* §2.15 signed octets: message | nonce | prf(SK_p, RestOfIDPayload). */
static void test_auth_octets_psk(void **state)
{
	const struct ikev2_prf_alg *prf = ikev2_prf_alg(IKEV2_PRF_HMAC_SHA2_256);
	static const uint8_t msg[] = "IKE_SA_INIT request", id[] = "\x02\x00\x00\x00hub";
	struct ikev2_secret sk_p;
	struct ikev2_blob octets;
	struct ikev2_auth auth;
	struct ikev2_err err;
	uint8_t want[32], padded[32];

	assert_int_equal(ikev2_secret_copy(&sk_p, (const uint8_t *)"SK_pi", 5), 0);
	assert_int_equal(
	    ikev2_auth_octets(prf, &sk_p, ikev2_chunk(msg, 19), ikev2_chunk(nr, 16), ikev2_chunk(id, 7), &octets), 0);
	assert_int_equal(octets.bl_len, 19 + 16 + 32);
	assert_memory_equal(octets.bl_data, msg, 19);
	assert_memory_equal(octets.bl_data + 19, nr, 16);
	hmac_ref("SHA256", "SK_pi", 5, id, 7, want);
	assert_memory_equal(octets.bl_data + 35, want, 32);

	/* AUTH = prf(prf(psk, "Key Pad for IKEv2"), octets) */
	assert_int_equal(
	    ikev2_auth_psk(prf, ikev2_chunk("cisco123", 8), ikev2_chunk(octets.bl_data, octets.bl_len), &auth), 0);
	hmac_ref("SHA256", "cisco123", 8, "Key Pad for IKEv2", 17, padded);
	hmac_ref("SHA256", padded, 32, octets.bl_data, octets.bl_len, want);
	assert_int_equal(auth.au_method, IKEV2_AUTH_SHARED_KEY_MIC);
	assert_memory_equal(auth.au_data.bl_data, want, 32);
	assert_int_equal(ikev2_auth_verify(NULL, prf, ikev2_chunk("cisco123", 8), &auth,
					   ikev2_chunk(octets.bl_data, octets.bl_len), &err),
			 0);
	assert_int_equal(ikev2_auth_verify(NULL, prf, ikev2_chunk("cisco124", 8), &auth,
					   ikev2_chunk(octets.bl_data, octets.bl_len), &err),
			 -1);
	assert_int_equal(err.e_notify, IKEV2_N_AUTHENTICATION_FAILED);
	ikev2_blob_free(&auth.au_data);
	ikev2_blob_free(&octets);
	ikev2_secret_free(&sk_p);
}

static const uint8_t sha256_rsa_alg[] = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
					 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00};

static void sign_verify(EVP_PKEY *key, uint8_t method, uint16_t hash, size_t sig_len)
{
	static const uint8_t octets[] = "the octets AUTH covers";
	struct ikev2_chunk in = ikev2_chunk(octets, sizeof(octets));
	struct ikev2_auth auth;
	struct ikev2_err err;

	assert_int_equal(ikev2_auth_sign(key, method, hash, in, &auth, &err), 0);
	assert_int_equal(auth.au_method, method);
	if (sig_len)
		assert_int_equal(auth.au_data.bl_len, sig_len);
	assert_int_equal(ikev2_auth_verify(key, NULL, ikev2_chunk(NULL, 0), &auth, in, &err), 0);
	in.ch_len--;
	assert_int_equal(ikev2_auth_verify(key, NULL, ikev2_chunk(NULL, 0), &auth, in, &err), -1);
	assert_int_equal(err.e_notify, IKEV2_N_AUTHENTICATION_FAILED);
	ikev2_blob_free(&auth.au_alg);
	ikev2_blob_free(&auth.au_data);
}

static void test_signatures(void **state)
{
	EVP_PKEY *rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	EVP_PKEY *ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	struct ikev2_chunk in = ikev2_chunk("x", 1);
	struct ikev2_auth auth;
	struct ikev2_err err;

	assert_non_null(rsa);
	assert_non_null(ec);
	sign_verify(rsa, IKEV2_AUTH_DIGITAL_SIGNATURE, IKEV2_HASH_SHA2_256, 256);
	sign_verify(rsa, IKEV2_AUTH_DIGITAL_SIGNATURE, IKEV2_HASH_SHA2_512, 256);
	sign_verify(rsa, IKEV2_AUTH_RSA_SIG, 0, 256);
	sign_verify(ec, IKEV2_AUTH_DIGITAL_SIGNATURE, IKEV2_HASH_SHA2_384, 0);
	/* RFC 7427 §3: the AlgorithmIdentifier of sha256WithRSAEncryption before the signature */
	assert_int_equal(ikev2_auth_sign(rsa, IKEV2_AUTH_DIGITAL_SIGNATURE, IKEV2_HASH_SHA2_256, in, &auth, &err), 0);
	assert_int_equal(auth.au_alg.bl_len, sizeof(sha256_rsa_alg));
	assert_memory_equal(auth.au_alg.bl_data, sha256_rsa_alg, sizeof(sha256_rsa_alg));
	/* an RSA signature checked with an EC key, and a method-1 signature with an EC key */
	assert_int_equal(ikev2_auth_verify(ec, NULL, ikev2_chunk(NULL, 0), &auth, in, &err), -1);
	assert_int_equal(err.e_notify, IKEV2_N_AUTHENTICATION_FAILED);
	ikev2_blob_free(&auth.au_alg);
	ikev2_blob_free(&auth.au_data);
	assert_int_equal(ikev2_auth_sign(ec, IKEV2_AUTH_RSA_SIG, 0, in, &auth, &err), -1);
	assert_null(auth.au_data.bl_data);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ec);
}

static void test_sig_hash_list(void **state)
{
	struct ikev2_blob list = {0};

	assert_int_equal(ikev2_sig_hash_list(&list), 0);
	assert_int_equal(list.bl_len, 6);
	assert_memory_equal(list.bl_data, "\x00\x02\x00\x03\x00\x04", 6);
	ikev2_blob_free(&list);
}

/* §2.23: SHA-1(SPIi | SPIr | IP | port). */
static void test_natd(void **state)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(500)};
	struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6, .sin6_port = htons(4500)};
	uint8_t in[8 + 8 + 16 + 2] = {1, 2, 3, 4, 5, 6, 7, 8}, got[IKEV2_NATD_LEN], want[IKEV2_NATD_LEN];

	inet_pton(AF_INET, "127.0.0.2", &sin.sin_addr);
	memcpy(in + 16, "\x7f\x00\x00\x02\x01\xf4", 6);
	assert_int_equal(ikev2_natd_hash(0x0102030405060708, 0, (struct sockaddr *)&sin, got), 0);
	assert_true(EVP_Q_digest(NULL, "SHA1", NULL, in, 22, want, NULL));
	assert_memory_equal(got, want, IKEV2_NATD_LEN);
	inet_pton(AF_INET6, "::1", &sin6.sin6_addr);
	memset(in + 16, 0, 16);
	in[31] = 1;
	memcpy(in + 32, "\x11\x94", 2);
	assert_int_equal(ikev2_natd_hash(0x0102030405060708, 0, (struct sockaddr *)&sin6, got), 0);
	assert_true(EVP_Q_digest(NULL, "SHA1", NULL, in, 34, want, NULL));
	assert_memory_equal(got, want, IKEV2_NATD_LEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_prf_rfc4868),	 cmocka_unit_test(test_integ_rfc4868),
	    cmocka_unit_test(test_prf_plus),	 cmocka_unit_test(test_ike_keys),
	    cmocka_unit_test(test_ike_keys_gcm), cmocka_unit_test(test_suite_errors),
	    cmocka_unit_test(test_rekey_child),	 cmocka_unit_test(test_ecp_rfc5903),
	    cmocka_unit_test(test_modp_rfc3526), cmocka_unit_test(test_sk_gcm),
	    cmocka_unit_test(test_sk_cbc),	 cmocka_unit_test(test_auth_octets_psk),
	    cmocka_unit_test(test_signatures),	 cmocka_unit_test(test_sig_hash_list),
	    cmocka_unit_test(test_natd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
