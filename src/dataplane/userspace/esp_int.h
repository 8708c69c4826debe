/* Inside ESP: the per-thread context and the transforms, shared by the esp_*.c files and their tests. */
#ifndef FERRY_DATAPLANE_USERSPACE_ESP_INT_H
#define FERRY_DATAPLANE_USERSPACE_ESP_INT_H

#include <openssl/evp.h>
#include <stdbool.h>

#include "dataplane/userspace/esp.h"
#include "dataplane/userspace/esp_tx.h"

#define ESP_CTX_SLOTS 64 /* SAs whose keys a context keeps scheduled, per direction */

/* A cipher (and for CBC, HMAC) context keyed for one SA in one direction. */
struct esp_slot {
	uint64_t sl_sa_id; /* 0: not keyed */
	EVP_CIPHER_CTX *sl_cipher;
	EVP_MAC_CTX *sl_mac;
};

struct esp_ctx {
	EVP_CIPHER *ec_cipher[DP_SA_ALG_COUNT]; /* fetched once: no lookup per packet */
	EVP_MAC *ec_hmac;
	struct esp_slot ec_slots[2][ESP_CTX_SLOTS]; /* [0] opening, [1] sealing */
	uint16_t ec_ip_id;			    /* identification of the outer headers it writes */
	struct esp_tx ec_own_tx;		    /* its thread's sender (esp_tx.h) */
	struct esp_tx *ec_tx;			    /* the sender it seals for; NULL: no ordering */
	bool ec_tx_wait;			    /* it may wait for another sender's SA */
};

/* The context keyed for sa in that direction (rekeying a slot on a miss); NULL if OpenSSL fails. */
struct esp_slot *esp_ctx_slot(struct esp_ctx *ctx, const struct esp_sa *sa, bool seal);

/*
 * The AEAD path of RFC 4106: nonce = the SA's salt || the 8-byte explicit
 * IV, in place over buf, with the 16-byte tag. Open: DROP_ESP_ICV when the
 * tag does not verify.
 */
enum us_drop esp_aead_seal(struct esp_ctx *ctx, const struct esp_sa *sa, const uint8_t *iv, const uint8_t *aad,
			   size_t aadlen, uint8_t *buf, size_t len, uint8_t *tag);
enum us_drop esp_aead_open(struct esp_ctx *ctx, const struct esp_sa *sa, const uint8_t *iv, const uint8_t *aad,
			   size_t aadlen, uint8_t *buf, size_t len, const uint8_t *tag);
/* The SA's truncated HMAC-SHA-256/384/512 (RFC 4868) of data, then of esn_hi unless NULL, into icv. */
enum us_drop esp_hmac_icv(struct esp_ctx *ctx, const struct esp_sa *sa, bool seal, const uint8_t *data, size_t len,
			  const uint8_t *esn_hi, uint8_t *icv);

/*
 * A transform on an ESP packet in p, laid out as header, IV, encrypted part
 * and (when verifying) ICV. Seal fills the IV, encrypts and appends the ICV
 * (tailroom checked by the caller); verify checks the ICV (GCM: decrypting);
 * decrypt, NULL for GCM, decrypts once verified.
 */
struct esp_xform {
	enum us_drop (*x_seal)(struct esp_ctx *ctx, const struct esp_sa *sa, struct pkt *p, uint64_t seq);
	enum us_drop (*x_verify)(struct esp_ctx *ctx, const struct esp_sa *sa, struct pkt *p, uint64_t seq);
	enum us_drop (*x_decrypt)(struct esp_ctx *ctx, const struct esp_sa *sa, struct pkt *p);
};

extern const struct esp_xform esp_xform_gcm;
extern const struct esp_xform esp_xform_cbc;

#endif
