/* AUTH payload contents: signed octets, shared key MIC and signatures (RFC 7296 §2.15, RFC 7427). */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ike/ikev2_auth.h"
#include "ike/ikev2_prf.h"
#include "ike/ikev2_sig.h"

struct sig_alg {
	uint16_t sg_hash;	 /* enum ikev2_hash_id */
	const char *sg_key_type; /* what EVP_PKEY_is_a() calls the key */
	const char *sg_md;
	uint8_t sg_alg[15]; /* the DER AlgorithmIdentifier (RFC 7427 appendix A) */
	size_t sg_alg_len;
};

#define RSA_PKCS1(last)                                                                                                \
	{                                                                                                              \
		0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, last, 0x05, 0x00               \
	}
#define ECDSA(last)                                                                                                    \
	{                                                                                                              \
		0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, last                                 \
	}

/* Method 14: sha*WithRSAEncryption and ecdsa-with-SHA*. */
static const struct sig_alg sig_algs[] = {
    {IKEV2_HASH_SHA2_256, "RSA", "SHA256", RSA_PKCS1(0x0b), 15},
    {IKEV2_HASH_SHA2_384, "RSA", "SHA384", RSA_PKCS1(0x0c), 15},
    {IKEV2_HASH_SHA2_512, "RSA", "SHA512", RSA_PKCS1(0x0d), 15},
    {IKEV2_HASH_SHA2_256, "EC", "SHA256", ECDSA(0x02), 12},
    {IKEV2_HASH_SHA2_384, "EC", "SHA384", ECDSA(0x03), 12},
    {IKEV2_HASH_SHA2_512, "EC", "SHA512", ECDSA(0x04), 12},
};

/* Method 1: PKCS#1 v1.5 with SHA-1, no AlgorithmIdentifier (§3.8). */
static const struct sig_alg rsa_sha1 = {IKEV2_HASH_SHA1, "RSA", "SHA1", {0}, 0};

#define NSIG (sizeof(sig_algs) / sizeof(sig_algs[0]))

static int auth_fail(struct ikev2_err *err, uint16_t notify, const char *what)
{
	*err = (struct ikev2_err){.e_notify = notify, .e_payload = IKEV2_PL_AUTH, .e_what = what};
	return -1;
}

int ikev2_auth_octets(const struct ikev2_prf_alg *prf, const struct ikev2_secret *sk_p, struct ikev2_chunk msg,
		      struct ikev2_chunk nonce, struct ikev2_chunk id_body, struct ikev2_blob *out)
{
	size_t len = msg.ch_len + nonce.ch_len + prf->pa_len;
	uint8_t *buf = malloc(len);

	*out = (struct ikev2_blob){0};
	if (!buf)
		return -1;
	memcpy(buf, msg.ch_ptr, msg.ch_len);
	memcpy(buf + msg.ch_len, nonce.ch_ptr, nonce.ch_len);
	if (ikev2_prf(prf, ikev2_secret_chunk(sk_p), &id_body, 1, buf + msg.ch_len + nonce.ch_len) < 0) {
		free(buf);
		return -1;
	}
	*out = (struct ikev2_blob){.bl_data = buf, .bl_len = len};
	return 0;
}

/* prf(prf(psk, "Key Pad for IKEv2"), octets) (§2.15) */
static int psk_mic(const struct ikev2_prf_alg *prf, struct ikev2_chunk psk, struct ikev2_chunk octets, uint8_t *mic)
{
	static const char key_pad[] = "Key Pad for IKEv2";
	struct ikev2_chunk pad = ikev2_chunk(key_pad, sizeof(key_pad) - 1);
	uint8_t padded[EVP_MAX_MD_SIZE];
	int rc;

	rc = ikev2_prf(prf, psk, &pad, 1, padded);
	if (rc == 0)
		rc = ikev2_prf(prf, ikev2_chunk(padded, prf->pa_len), &octets, 1, mic);
	OPENSSL_cleanse(padded, sizeof(padded));
	return rc;
}

int ikev2_auth_psk(const struct ikev2_prf_alg *prf, struct ikev2_chunk psk, struct ikev2_chunk octets,
		   struct ikev2_auth *out)
{
	uint8_t mic[EVP_MAX_MD_SIZE];

	*out = (struct ikev2_auth){.au_method = IKEV2_AUTH_SHARED_KEY_MIC};
	if (psk_mic(prf, psk, octets, mic) < 0)
		return -1;
	return ikev2_blob_set(&out->au_data, mic, prf->pa_len);
}

/* The algorithm that signs with key for method (and, method 14, hash). */
static const struct sig_alg *sig_by_hash(EVP_PKEY *key, uint8_t method, uint16_t hash)
{
	if (method == IKEV2_AUTH_RSA_SIG)
		return EVP_PKEY_is_a(key, rsa_sha1.sg_key_type) ? &rsa_sha1 : NULL;
	for (size_t i = 0; method == IKEV2_AUTH_DIGITAL_SIGNATURE && i < NSIG; i++)
		if (sig_algs[i].sg_hash == hash && EVP_PKEY_is_a(key, sig_algs[i].sg_key_type))
			return &sig_algs[i];
	return NULL;
}

/* The algorithm a received AUTH payload names, if key can check it. */
static const struct sig_alg *sig_by_auth(EVP_PKEY *key, const struct ikev2_auth *auth)
{
	if (auth->au_method == IKEV2_AUTH_RSA_SIG)
		return sig_by_hash(key, auth->au_method, IKEV2_HASH_SHA1);
	for (size_t i = 0; auth->au_method == IKEV2_AUTH_DIGITAL_SIGNATURE && i < NSIG; i++)
		if (auth->au_alg.bl_len == sig_algs[i].sg_alg_len &&
		    memcmp(auth->au_alg.bl_data, sig_algs[i].sg_alg, sig_algs[i].sg_alg_len) == 0 &&
		    EVP_PKEY_is_a(key, sig_algs[i].sg_key_type))
			return &sig_algs[i];
	return NULL;
}

static int digest_sign(EVP_PKEY *key, const struct sig_alg *sg, struct ikev2_chunk octets, struct ikev2_blob *sig)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t len = (size_t)EVP_PKEY_get_size(key);
	uint8_t *buf = malloc(len);
	int ok;

	ok = ctx && buf && EVP_DigestSignInit_ex(ctx, NULL, sg->sg_md, NULL, NULL, key, NULL) > 0 &&
	     EVP_DigestSign(ctx, buf, &len, octets.ch_ptr, octets.ch_len) > 0 && ikev2_blob_set(sig, buf, len) == 0;
	EVP_MD_CTX_free(ctx);
	free(buf);
	return ok ? 0 : -1;
}

int ikev2_auth_sign(EVP_PKEY *key, uint8_t method, uint16_t hash, struct ikev2_chunk octets, struct ikev2_auth *out,
		    struct ikev2_err *err)
{
	const struct sig_alg *sg = sig_by_hash(key, method, hash);

	*out = (struct ikev2_auth){.au_method = method};
	if (!sg)
		return auth_fail(err, IKEV2_N_AUTHENTICATION_FAILED, "no such signature method for this key");
	if (ikev2_blob_set(&out->au_alg, sg->sg_alg, sg->sg_alg_len) < 0 ||
	    digest_sign(key, sg, octets, &out->au_data) < 0) {
		ikev2_blob_free(&out->au_alg);
		return auth_fail(err, 0, "signing failed");
	}
	return 0;
}

static bool digest_verify(EVP_PKEY *key, const struct sig_alg *sg, struct ikev2_chunk octets,
			  const struct ikev2_blob *sig)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok;

	ok = ctx && EVP_DigestVerifyInit_ex(ctx, NULL, sg->sg_md, NULL, NULL, key, NULL) > 0 &&
	     EVP_DigestVerify(ctx, sig->bl_data, sig->bl_len, octets.ch_ptr, octets.ch_len) == 1;
	EVP_MD_CTX_free(ctx);
	return ok;
}

static bool psk_verify(const struct ikev2_prf_alg *prf, struct ikev2_chunk psk, struct ikev2_chunk octets,
		       const struct ikev2_blob *mic)
{
	uint8_t want[EVP_MAX_MD_SIZE];
	bool ok = mic->bl_len == prf->pa_len && psk_mic(prf, psk, octets, want) == 0 &&
		  CRYPTO_memcmp(want, mic->bl_data, prf->pa_len) == 0;

	OPENSSL_cleanse(want, sizeof(want));
	return ok;
}

int ikev2_auth_verify(EVP_PKEY *key, const struct ikev2_prf_alg *prf, struct ikev2_chunk psk,
		      const struct ikev2_auth *auth, struct ikev2_chunk octets, struct ikev2_err *err)
{
	const struct sig_alg *sg;

	if (auth->au_method == IKEV2_AUTH_SHARED_KEY_MIC && !key)
		return psk_verify(prf, psk, octets, &auth->au_data)
			   ? 0
			   : auth_fail(err, IKEV2_N_AUTHENTICATION_FAILED, "shared key MIC does not match");
	if (key && ikev2_sig_is_pss(auth)) /* parameterized: ikev2_sig_alg.c */
		return ikev2_sig_pss_verify(key, auth, octets)
			   ? 0
			   : auth_fail(err, IKEV2_N_AUTHENTICATION_FAILED, "RSASSA-PSS signature does not verify");
	if (!key || !(sg = sig_by_auth(key, auth)))
		return auth_fail(err, IKEV2_N_AUTHENTICATION_FAILED, "authentication method or algorithm not usable");
	if (!digest_verify(key, sg, octets, &auth->au_data))
		return auth_fail(err, IKEV2_N_AUTHENTICATION_FAILED, "signature does not verify");
	return 0;
}

int ikev2_sig_hash_list(struct ikev2_blob *out)
{
	uint8_t list[2 * NSIG];
	size_t n = 0;

	for (size_t i = 0; i < NSIG; i++) {
		bool seen = false;
		for (size_t j = 0; j < n; j += 2)
			seen |= list[j + 1] == sig_algs[i].sg_hash;
		if (!seen) {
			list[n++] = 0;
			list[n++] = (uint8_t)sig_algs[i].sg_hash;
		}
	}
	return ikev2_blob_set(out, list, n);
}
