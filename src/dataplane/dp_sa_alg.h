/*
 * The ESP algorithms both dataplanes run (enum dp_sa_alg, dataplane.h) and
 * the lengths their keys and packets have: AES-GCM with a 16-byte ICV
 * (RFC 4106), AES-CBC (RFC 3602) with HMAC-SHA-2 truncated to half the hash
 * (RFC 4868). The two lists are the one place the algorithms are spelled
 * out: dp_sa_alg_info's table is made from them, and the tables that must be
 * constant expressions (the userspace backend's, IKE's transform map) expand
 * them too, so that no table can miss an algorithm or disagree on a length.
 */
#ifndef FERRY_DATAPLANE_DP_SA_ALG_H
#define FERRY_DATAPLANE_DP_SA_ALG_H

#include <stdint.h>

#include "dataplane/dataplane.h"

#define DP_SA_GCM_SALT_LEN 4  /* RFC 4106 8.1: the key material ends with it */
#define DP_SA_GCM_IV_LEN   8  /* RFC 4106 3.1 */
#define DP_SA_GCM_ICV_LEN  16 /* the one of RFC 4106's three ICV lengths IKE negotiates here (ENCR_AES_GCM_16) */
#define DP_SA_CBC_IV_LEN   16 /* RFC 3602 3: one AES block */
/* RFC 4868 2.1.1: the HMAC key is as long as the hash; 2.1.2: the ICV is its first half. */
#define DP_SA_HMAC_KEY_LEN(sha_bits) ((sha_bits) / 8)
#define DP_SA_HMAC_ICV_LEN(sha_bits) ((sha_bits) / 16)

/* X(aes_bits) for each AES-GCM algorithm: DP_SA_AES_GCM_<aes_bits>. */
#define DP_SA_GCM_ALGS(X) X(128) X(192) X(256)
/* X(aes_bits, sha_bits) for each AES-CBC with HMAC-SHA-2: DP_SA_AES_CBC_<aes_bits>_SHA<sha_bits>. */
#define DP_SA_CBC_ALGS(X)                                                                                              \
	X(128, 256) X(192, 256) X(256, 256) X(128, 384) X(192, 384) X(256, 384) X(128, 512) X(192, 512) X(256, 512)

/* The names show prints and tests/kernel/dp_scenario takes. */
#define DP_SA_GCM_NAME(aes_bits)	   "aes-gcm-" #aes_bits
#define DP_SA_CBC_NAME(aes_bits, sha_bits) "aes-cbc-" #aes_bits "/sha" #sha_bits

struct dp_sa_alg_info {
	const char *sai_name;
	uint16_t sai_aes_bits;
	uint16_t sai_sha_bits;	 /* the HMAC's hash; 0 with AES-GCM, which authenticates itself */
	uint8_t sai_enc_keylen;	 /* dsa_keylen: the AES key, with AES-GCM followed by the salt */
	uint8_t sai_salt_len;	 /* part of sai_enc_keylen */
	uint8_t sai_auth_keylen; /* dsa_auth_keylen; 0 with AES-GCM */
	uint8_t sai_icv_len;
	uint8_t sai_iv_len; /* the explicit IV each packet carries */
};

/* NULL when alg is not an algorithm. */
const struct dp_sa_alg_info *dp_sa_alg_info(enum dp_sa_alg alg);
/* The algorithm named name (sai_name) into *alg; NULL when no algorithm has that name. */
const struct dp_sa_alg_info *dp_sa_alg_by_name(const char *name, enum dp_sa_alg *alg);

#endif
