/* HMAC, prf and prf+ (RFC 7296 §2.13) with OpenSSL 3's EVP_MAC. */
#include <pthread.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "ike/ikev2_prf.h"

static EVP_MAC *hmac_method;
static pthread_once_t hmac_once = PTHREAD_ONCE_INIT;

/* Fetched once: a fetch per call costs more than a short HMAC. */
static void hmac_fetch(void)
{
	hmac_method = EVP_MAC_fetch(NULL, "HMAC", NULL);
}

int ikev2_hmac(const char *md, struct ikev2_chunk key, const struct ikev2_chunk *in, size_t nin, uint8_t *out,
	       size_t out_len)
{
	/* HMAC pads keys with zeros, so an empty key is the key "\0" (EVP_MAC_init takes no empty key). */
	static const uint8_t zero_key;
	uint8_t full[EVP_MAX_MD_SIZE];
	OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)md, 0),
			       OSSL_PARAM_construct_end()};
	EVP_MAC_CTX *ctx;
	size_t len = 0;
	int ok;

	pthread_once(&hmac_once, hmac_fetch);
	if (!hmac_method || !(ctx = EVP_MAC_CTX_new(hmac_method)))
		return -1;
	if (!key.ch_len)
		key = ikev2_chunk(&zero_key, 1);
	ok = EVP_MAC_init(ctx, key.ch_ptr, key.ch_len, params);
	for (size_t i = 0; ok && i < nin; i++)
		ok = EVP_MAC_update(ctx, in[i].ch_ptr, in[i].ch_len);
	ok = ok && EVP_MAC_final(ctx, full, &len, sizeof(full)) && out_len <= len;
	EVP_MAC_CTX_free(ctx);
	if (ok)
		memcpy(out, full, out_len);
	OPENSSL_cleanse(full, sizeof(full));
	return ok ? 0 : -1;
}

int ikev2_prf(const struct ikev2_prf_alg *prf, struct ikev2_chunk key, const struct ikev2_chunk *in, size_t nin,
	      uint8_t *out)
{
	return ikev2_hmac(prf->pa_md, key, in, nin, out, prf->pa_len);
}

/* T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n); the output is T1 | T2 | ... */
int ikev2_prf_plus(const struct ikev2_prf_alg *prf, struct ikev2_chunk key, const struct ikev2_chunk *seed,
		   size_t nseed, uint8_t *out, size_t out_len)
{
	struct ikev2_chunk in[IKEV2_PRF_PLUS_MAX_SEEDS + 2];
	uint8_t t[EVP_MAX_MD_SIZE], n = 1;
	size_t done = 0;
	int rc = 0;

	if (nseed > IKEV2_PRF_PLUS_MAX_SEEDS || out_len > 255 * prf->pa_len)
		return -1;
	in[0] = ikev2_chunk(t, 0);
	memcpy(in + 1, seed, nseed * sizeof(*seed));
	in[nseed + 1] = ikev2_chunk(&n, 1);
	for (; done < out_len; n++) {
		size_t take = out_len - done < prf->pa_len ? out_len - done : prf->pa_len;
		if ((rc = ikev2_prf(prf, key, in, nseed + 2, t)) < 0)
			break;
		in[0].ch_len = prf->pa_len;
		memcpy(out + done, t, take);
		done += take;
	}
	OPENSSL_cleanse(t, sizeof(t));
	return rc;
}
