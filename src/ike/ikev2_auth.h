/*
 * IKEv2 authentication (RFC 7296 §2.15): the signed octets, the shared key
 * MIC (method 2), RSA signatures (method 1: PKCS#1 v1.5 with SHA-1) and
 * RFC 7427 digital signatures (method 14: an AlgorithmIdentifier, then the
 * signature), signed and checked with EVP_PKEY.
 */
#ifndef FERRY_IKE_IKEV2_AUTH_H
#define FERRY_IKE_IKEV2_AUTH_H

#include <openssl/evp.h>

#include "ike/ikev2_alg.h"
#include "ike/ikev2_msg.h"
#include "ike/ikev2_secret.h"

/*
 * The octets an AUTH payload covers: message | nonce | prf(SK_p, id_body).
 * The initiator passes its IKE_SA_INIT request, Nr, SK_pi and the body of
 * IDi (ikev2_pl_body_encode); the responder its response, Ni, SK_pr, IDr.
 */
int ikev2_auth_octets(const struct ikev2_prf_alg *prf, const struct ikev2_secret *sk_p, struct ikev2_chunk msg,
		      struct ikev2_chunk nonce, struct ikev2_chunk id_body, struct ikev2_blob *out);

/* Method 2: AUTH = prf(prf(psk, "Key Pad for IKEv2"), octets) into out. */
int ikev2_auth_psk(const struct ikev2_prf_alg *prf, struct ikev2_chunk psk, struct ikev2_chunk octets,
		   struct ikev2_auth *out);
/* Signs octets with key: method IKEV2_AUTH_RSA_SIG, or IKEV2_AUTH_DIGITAL_SIGNATURE with hash (enum ikev2_hash_id). */
int ikev2_auth_sign(EVP_PKEY *key, uint8_t method, uint16_t hash, struct ikev2_chunk octets, struct ikev2_auth *out,
		    struct ikev2_err *err);
/*
 * Checks a received AUTH payload against octets: a signature with the
 * peer's public key, or (key NULL, method 2) the MIC with psk.
 * AUTHENTICATION_FAILED when it does not match.
 */
int ikev2_auth_verify(EVP_PKEY *key, const struct ikev2_prf_alg *prf, struct ikev2_chunk psk,
		      const struct ikev2_auth *auth, struct ikev2_chunk octets, struct ikev2_err *err);

/* The SIGNATURE_HASH_ALGORITHMS notify data Ferry sends (RFC 7427 §4): its hashes, 2 octets each. */
int ikev2_sig_hash_list(struct ikev2_blob *out);

#endif
