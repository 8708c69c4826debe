/*
 * Protection of IKEv2 messages: the SK payload (RFC 7296 §3.14) and its
 * fragments SKF (RFC 7383), with AES-CBC + HMAC-SHA-2 truncated (RFC 4868)
 * or AES-GCM with a 16-octet ICV (RFC 5282: an 8-octet IV, the salt from
 * the key material, AAD = the IKE header through the SK payload header).
 */
#ifndef FERRY_IKE_IKEV2_SK_H
#define FERRY_IKE_IKEV2_SK_H

#include "ike/ikev2_alg.h"
#include "ike/ikev2_msg.h"
#include "ike/ikev2_secret.h"

/* The keys of one direction (SK_ei/SK_ai or SK_er/SK_ar). */
struct ikev2_sk_keys {
	const struct ikev2_encr_alg *sk_encr;
	size_t sk_key_len; /* of the cipher, without salt */
	const struct ikev2_integ_alg *sk_integ;
	struct ikev2_secret sk_ekey; /* the cipher key, then (AEAD) the salt */
	struct ikev2_secret sk_akey; /* empty with AEAD */
};

void ikev2_sk_keys_free(struct ikev2_sk_keys *k);

/*
 * Seals m: its last payload must be SK or SKF (sk_next and the fragment
 * numbers set by the caller). Its body becomes IV | encrypted(plain,
 * padding, pad length) | ICV, and out gets the message as sent. plain is
 * the inner payload chain (ikev2_chain_encode) or, for SKF, a piece of it.
 */
int ikev2_msg_seal(const struct ikev2_sk_keys *k, struct ikev2_msg *m, const uint8_t *plain, size_t plain_len,
		   struct ikev2_blob *out, struct ikev2_err *err);
/*
 * Opens the SK or SKF payload ending m, decoded from raw: checks the ICV
 * over raw, decrypts and strips the padding into *plain (a secret: the
 * caller frees it). A failed integrity check has e_notify 0: drop the
 * message without answering (§2.21).
 */
int ikev2_msg_open(const struct ikev2_sk_keys *k, const uint8_t *raw, size_t raw_len, const struct ikev2_msg *m,
		   struct ikev2_secret *plain, struct ikev2_err *err);

#endif
