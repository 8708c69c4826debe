/* AES-CBC (RFC 3602) with HMAC-SHA-256/384/512 (RFC 4868) in ESP: encrypt, then authenticate. */
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <string.h>

#include "dataplane/userspace/esp_int.h"
#include "dataplane/userspace/wire.h"

enum us_drop esp_hmac_icv(struct esp_ctx *ctx, const struct esp_sa *sa, bool seal, const uint8_t *data, size_t len,
			  const uint8_t *esn_hi, uint8_t *icv)
{
	struct esp_slot *s = esp_ctx_slot(ctx, sa, seal);
	uint8_t full[EVP_MAX_MD_SIZE];
	size_t outlen;

	/* A NULL key restarts the MAC with the key the slot was given. */
	if (!s || !EVP_MAC_init(s->sl_mac, NULL, 0, NULL) || !EVP_MAC_update(s->sl_mac, data, len) ||
	    (esn_hi && !EVP_MAC_update(s->sl_mac, esn_hi, 4)) || !EVP_MAC_final(s->sl_mac, full, &outlen, sizeof(full)))
		return DROP_ESP_CRYPTO;
	memcpy(icv, full, sa->sa_info->ai_icvlen); /* the leftmost half (RFC 4868 2.1.1) */
	return DROP_NONE;
}

/* CBC over the encrypted part, in place; its IV precedes it on the wire. */
static enum us_drop cbc_crypt(struct esp_ctx *ctx, const struct esp_sa *sa, struct pkt *p, size_t icvlen, bool seal)
{
	struct esp_slot *s = esp_ctx_slot(ctx, sa, seal);
	uint8_t *iv = p->pkt_data + ESP_HDR_LEN, *data = iv + sa->sa_info->ai_ivlen;
	int len = (int)(p->pkt_len - (size_t)(data - p->pkt_data) - icvlen), n, fin;

	if (!s || !EVP_CipherInit_ex2(s->sl_cipher, NULL, NULL, iv, -1, NULL) ||
	    !EVP_CipherUpdate(s->sl_cipher, data, &n, data, len) || !EVP_CipherFinal_ex(s->sl_cipher, data + n, &fin))
		return DROP_ESP_CRYPTO;
	return DROP_NONE;
}

/* The ICV of the packet's first len bytes: with ESN, the high half of seq is appended (RFC 4303 2.2.1). */
static enum us_drop cbc_icv(struct esp_ctx *ctx, const struct esp_sa *sa, bool seal, const struct pkt *p, size_t len,
			    uint64_t seq, uint8_t *icv)
{
	uint8_t hi[4];

	wire_put32(hi, (uint32_t)(seq >> 32));
	return esp_hmac_icv(ctx, sa, seal, p->pkt_data, len, sa->sa_esn ? hi : NULL, icv);
}

static enum us_drop cbc_seal(struct esp_ctx *ctx, const struct esp_sa *sa, struct pkt *p, uint64_t seq)
{
	size_t len = p->pkt_len;
	enum us_drop why;

	/* RFC 3602 3: the IV must be unpredictable, so it is random, never a counter. */
	if (RAND_bytes(p->pkt_data + ESP_HDR_LEN, sa->sa_info->ai_ivlen) != 1)
		return DROP_ESP_CRYPTO;
	why = cbc_crypt(ctx, sa, p, 0, true);
	if (why != DROP_NONE)
		return why;
	return cbc_icv(ctx, sa, true, p, len, seq, pkt_put(p, sa->sa_info->ai_icvlen));
}

static enum us_drop cbc_verify(struct esp_ctx *ctx, const struct esp_sa *sa, struct pkt *p, uint64_t seq)
{
	size_t len = p->pkt_len - sa->sa_info->ai_icvlen;
	uint8_t icv[ESP_ICV_MAX];
	enum us_drop why = cbc_icv(ctx, sa, false, p, len, seq, icv);

	if (why != DROP_NONE)
		return why;
	return CRYPTO_memcmp(icv, p->pkt_data + len, sa->sa_info->ai_icvlen) ? DROP_ESP_ICV : DROP_NONE;
}

static enum us_drop cbc_decrypt(struct esp_ctx *ctx, const struct esp_sa *sa, struct pkt *p)
{
	return cbc_crypt(ctx, sa, p, sa->sa_info->ai_icvlen, false);
}

const struct esp_xform esp_xform_cbc = {.x_seal = cbc_seal, .x_verify = cbc_verify, .x_decrypt = cbc_decrypt};
