/*
 * The per-thread ESP context: OpenSSL algorithms fetched once, and cipher
 * and MAC contexts keyed per SA and direction, so that a packet only sets
 * its IV (AES key schedule, GHASH key and HMAC pads are computed once).
 */
#include <openssl/core_names.h>
#include <stdlib.h>

#include "dataplane/userspace/esp_int.h"

struct esp_ctx *esp_ctx_new(void)
{
	struct esp_ctx *ctx = calloc(1, sizeof(*ctx));
	bool ok = ctx != NULL;

	for (int alg = 0; ok && alg < DP_SA_ALG_COUNT; alg++) {
		ctx->ec_cipher[alg] = EVP_CIPHER_fetch(NULL, esp_alg_info(alg)->ai_cipher, NULL);
		ok = ctx->ec_cipher[alg] != NULL;
	}
	if (ok)
		ctx->ec_hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (ok && ctx->ec_hmac)
		return ctx;
	esp_ctx_free(ctx);
	return NULL;
}

void esp_ctx_free(struct esp_ctx *ctx)
{
	if (!ctx)
		return;
	for (int dir = 0; dir < 2; dir++) {
		for (int i = 0; i < ESP_CTX_SLOTS; i++) {
			EVP_CIPHER_CTX_free(ctx->ec_slots[dir][i].sl_cipher);
			EVP_MAC_CTX_free(ctx->ec_slots[dir][i].sl_mac);
		}
	}
	for (int alg = 0; alg < DP_SA_ALG_COUNT; alg++)
		EVP_CIPHER_free(ctx->ec_cipher[alg]);
	EVP_MAC_free(ctx->ec_hmac);
	free(ctx);
}

static int key_mac(struct esp_ctx *ctx, struct esp_slot *s, const struct esp_sa *sa)
{
	OSSL_PARAM params[] = {
	    OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)sa->sa_info->ai_digest, 0),
	    OSSL_PARAM_construct_end()};

	if (!s->sl_mac && !(s->sl_mac = EVP_MAC_CTX_new(ctx->ec_hmac)))
		return -1;
	return EVP_MAC_init(s->sl_mac, sa->sa_auth_key, sa->sa_auth_keylen, params) ? 0 : -1;
}

static int key_slot(struct esp_ctx *ctx, struct esp_slot *s, const struct esp_sa *sa, bool seal)
{
	s->sl_sa_id = 0;
	if (!s->sl_cipher && !(s->sl_cipher = EVP_CIPHER_CTX_new()))
		return -1;
	/* The key is the key material's start; GCM's salt after it goes into each nonce. */
	if (!EVP_CipherInit_ex2(s->sl_cipher, ctx->ec_cipher[sa->sa_alg], sa->sa_key, NULL, seal, NULL))
		return -1;
	if (sa->sa_info->ai_authkeylen) {
		/* ESP pads by itself (RFC 4303 2.4). */
		EVP_CIPHER_CTX_set_padding(s->sl_cipher, 0);
		if (key_mac(ctx, s, sa) < 0)
			return -1;
	}
	s->sl_sa_id = sa->sa_id;
	return 0;
}

struct esp_slot *esp_ctx_slot(struct esp_ctx *ctx, const struct esp_sa *sa, bool seal)
{
	struct esp_slot *s = &ctx->ec_slots[seal][sa->sa_id % ESP_CTX_SLOTS];

	if (s->sl_sa_id == sa->sa_id)
		return s;
	return key_slot(ctx, s, sa, seal) == 0 ? s : NULL;
}
