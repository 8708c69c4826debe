/*
 * The IKEv2 algorithms Ferry implements, by transform ID: PRFs (RFC 7296,
 * RFC 4868), integrity (RFC 4868 truncations) and encryption (AES-CBC,
 * AES-GCM with a 16-octet ICV, RFC 5282), and the suite an IKE SA uses.
 */
#ifndef FERRY_IKE_IKEV2_ALG_H
#define FERRY_IKE_IKEV2_ALG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/dataplane.h"
#include "ike/ikev2_const.h"

struct ikev2_prf_alg {
	uint16_t pa_id;	   /* enum ikev2_prf_id */
	const char *pa_md; /* OpenSSL digest name */
	size_t pa_len;	   /* output and preferred key length */
};

struct ikev2_integ_alg {
	uint16_t ia_id; /* enum ikev2_integ_id */
	const char *ia_md;
	size_t ia_key_len;
	size_t ia_icv_len; /* the truncated HMAC */
};

struct ikev2_encr_alg {
	uint16_t ea_id;	     /* enum ikev2_encr_id */
	const char *ea_mode; /* "CBC" or "GCM": OpenSSL's cipher is AES-<bits>-<mode> */
	bool ea_aead;
	size_t ea_iv_len;   /* the IV sent in the SK payload */
	size_t ea_salt_len; /* AEAD: key material beyond the key (RFC 5282 §7.1) */
	size_t ea_icv_len;  /* AEAD: the tag */
	size_t ea_block;    /* padding makes the plaintext a multiple of this */
};

/* NULL when not implemented. */
const struct ikev2_prf_alg *ikev2_prf_alg(uint16_t id);
const struct ikev2_integ_alg *ikev2_integ_alg(uint16_t id);
const struct ikev2_encr_alg *ikev2_encr_alg(uint16_t id);

/* An ESP transform both dataplanes run: cipher and key size, integrity (IKEV2_INTEG_NONE with AES-GCM). */
struct ikev2_esp_suite {
	uint16_t es_encr; /* enum ikev2_encr_id */
	uint16_t es_bits;
	uint16_t es_integ; /* enum ikev2_integ_id */
	enum dp_sa_alg es_dp_alg;
	const char *es_ios; /* as IOS names the transforms in show crypto ipsec sa */
};

/* The suite of negotiated transform IDs; NULL when Ferry does not run that combination. */
const struct ikev2_esp_suite *ikev2_esp_suite(uint16_t encr, uint16_t bits, uint16_t integ);

/* The transforms an IKE SA (or its SK payloads) uses. */
struct ikev2_suite {
	const struct ikev2_prf_alg *su_prf;
	const struct ikev2_encr_alg *su_encr;
	size_t su_key_len;			/* encryption key octets, without salt */
	const struct ikev2_integ_alg *su_integ; /* NULL with an AEAD cipher */
};

/*
 * Resolves negotiated transform IDs (key length in bits, integ
 * IKEV2_INTEG_NONE with AES-GCM); -1 for a combination Ferry cannot run.
 */
int ikev2_suite_init(struct ikev2_suite *s, uint16_t encr, uint16_t key_bits, uint16_t prf, uint16_t integ);

#endif
