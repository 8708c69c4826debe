/*
 * HMAC through OpenSSL's EVP_MAC, the IKEv2 pseudo-random function and
 * prf+ (RFC 7296 §2.13). Inputs are lists of chunks, concatenated.
 */
#ifndef FERRY_IKE_IKEV2_PRF_H
#define FERRY_IKE_IKEV2_PRF_H

#include "ike/ikev2_alg.h"
#include "ike/ikev2_secret.h"

#define IKEV2_PRF_PLUS_MAX_SEEDS 6

/* HMAC-md(key, in[0] | in[1] ...), its first out_len octets (at most the digest's). -1 on failure. */
int ikev2_hmac(const char *md, struct ikev2_chunk key, const struct ikev2_chunk *in, size_t nin, uint8_t *out,
	       size_t out_len);
/* prf(key, in...): prf->pa_len octets into out. */
int ikev2_prf(const struct ikev2_prf_alg *prf, struct ikev2_chunk key, const struct ikev2_chunk *in, size_t nin,
	      uint8_t *out);
/* prf+(key, seed...) (§2.13): out_len octets, at most 255 blocks; -1 beyond. */
int ikev2_prf_plus(const struct ikev2_prf_alg *prf, struct ikev2_chunk key, const struct ikev2_chunk *seed,
		   size_t nseed, uint8_t *out, size_t out_len);

#endif
