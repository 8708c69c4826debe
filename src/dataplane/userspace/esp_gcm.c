/* AES-GCM in ESP (RFC 4106): nonce from salt and explicit IV, AAD of SPI and sequence number. */
#include <openssl/core_names.h>
#include <string.h>

#include "dataplane/userspace/esp_int.h"
#include "dataplane/userspace/wire.h"

#define GCM_NONCE_LEN 12
#define GCM_AAD_MAX   12 /* SPI, high and low halves of an extended sequence number */

/*
 * The tag as an OpenSSL parameter. Passing it straight to the provider
 * spares the per-packet EVP_CIPHER_CTX_ctrl translation into parameters.
 */
static void gcm_tag_param(OSSL_PARAM param[2], const struct esp_sa *sa, const uint8_t *tag)
{
	param[0] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, (void *)tag, sa->sa_info->ai_icvlen);
	param[1] = OSSL_PARAM_construct_end();
}

/*
 * Runs the keyed context over aad and buf (in place) with nonce = salt || iv.
 * Opening, the expected tag goes in with the nonce, in the same call.
 */
static bool gcm_run(EVP_CIPHER_CTX *c, const struct esp_sa *sa, const uint8_t *iv, const uint8_t *aad, size_t aadlen,
		    uint8_t *buf, size_t len, const uint8_t *tag)
{
	uint8_t nonce[GCM_NONCE_LEN];
	OSSL_PARAM tag_param[2];
	int n, fin;

	memcpy(nonce, sa->sa_key + sa->sa_info->ai_keylen, DP_SA_GCM_SALT_LEN);
	memcpy(nonce + DP_SA_GCM_SALT_LEN, iv, GCM_NONCE_LEN - DP_SA_GCM_SALT_LEN);
	if (tag)
		gcm_tag_param(tag_param, sa, tag);
	return EVP_CipherInit_ex2(c, NULL, NULL, nonce, -1, tag ? tag_param : NULL) &&
	       EVP_CipherUpdate(c, NULL, &n, aad, (int)aadlen) && EVP_CipherUpdate(c, buf, &n, buf, (int)len) &&
	       EVP_CipherFinal_ex(c, buf + n, &fin);
}

enum us_drop esp_aead_seal(struct esp_ctx *ctx, const struct esp_sa *sa, const uint8_t *iv, const uint8_t *aad,
			   size_t aadlen, uint8_t *buf, size_t len, uint8_t *tag)
{
	struct esp_slot *s = esp_ctx_slot(ctx, sa, true);
	OSSL_PARAM tag_param[2];

	gcm_tag_param(tag_param, sa, tag);
	if (!s || !gcm_run(s->sl_cipher, sa, iv, aad, aadlen, buf, len, NULL) ||
	    !EVP_CIPHER_CTX_get_params(s->sl_cipher, tag_param))
		return DROP_ESP_CRYPTO;
	return DROP_NONE;
}

enum us_drop esp_aead_open(struct esp_ctx *ctx, const struct esp_sa *sa, const uint8_t *iv, const uint8_t *aad,
			   size_t aadlen, uint8_t *buf, size_t len, const uint8_t *tag)
{
	struct esp_slot *s = esp_ctx_slot(ctx, sa, false);

	if (!s)
		return DROP_ESP_CRYPTO;
	/* The final step fails exactly when the tag does not verify. */
	return gcm_run(s->sl_cipher, sa, iv, aad, aadlen, buf, len, tag) ? DROP_NONE : DROP_ESP_ICV;
}

/* The AAD (RFC 4106 5): SPI || sequence number, with ESN SPI || high || low half. */
static size_t gcm_aad(const struct esp_sa *sa, const uint8_t *esp, uint64_t seq, uint8_t *aad)
{
	memcpy(aad, esp, 4);
	if (!sa->sa_esn) {
		memcpy(aad + 4, esp + 4, 4);
		return 8;
	}
	wire_put64(aad + 4, seq);
	return 12;
}

static enum us_drop gcm_seal(struct esp_ctx *ctx, const struct esp_sa *sa, struct pkt *p, uint64_t seq)
{
	uint8_t aad[GCM_AAD_MAX], *iv = p->pkt_data + ESP_HDR_LEN, *data = iv + sa->sa_info->ai_ivlen;
	size_t aadlen = gcm_aad(sa, p->pkt_data, seq, aad), len = p->pkt_len - (size_t)(data - p->pkt_data);

	/* The explicit IV is the sequence number: never repeated under one key, as RFC 4106 3.1 requires. */
	wire_put64(iv, seq);
	return esp_aead_seal(ctx, sa, iv, aad, aadlen, data, len, pkt_put(p, sa->sa_info->ai_icvlen));
}

static enum us_drop gcm_verify(struct esp_ctx *ctx, const struct esp_sa *sa, struct pkt *p, uint64_t seq)
{
	uint8_t aad[GCM_AAD_MAX], *iv = p->pkt_data + ESP_HDR_LEN, *data = iv + sa->sa_info->ai_ivlen;
	size_t aadlen = gcm_aad(sa, p->pkt_data, seq, aad);
	size_t len = p->pkt_len - (size_t)(data - p->pkt_data) - sa->sa_info->ai_icvlen;

	return esp_aead_open(ctx, sa, iv, aad, aadlen, data, len, data + len);
}

const struct esp_xform esp_xform_gcm = {.x_seal = gcm_seal, .x_verify = gcm_verify};
