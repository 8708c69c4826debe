/*
 * IKEv2 key derivation: SKEYSEED and the IKE SA keys (RFC 7296 §2.14), the
 * rekeyed SKEYSEED (§2.18) and CHILD_SA key material (§2.17).
 */
#ifndef FERRY_IKE_IKEV2_KEYS_H
#define FERRY_IKE_IKEV2_KEYS_H

#include "ike/ikev2_alg.h"
#include "ike/ikev2_secret.h"
#include "ike/ikev2_sk.h"

struct ikev2_ike_keys {
	struct ikev2_secret ik_d;  /* SK_d: the CHILD_SAs' keys come from it */
	struct ikev2_secret ik_pi; /* SK_pi, SK_pr: for the AUTH payloads */
	struct ikev2_secret ik_pr;
	struct ikev2_sk_keys ik_i2r; /* SK_ei, SK_ai: what the initiator sends */
	struct ikev2_sk_keys ik_r2i; /* SK_er, SK_ar: what the responder sends */
};

/* Keys of one CHILD_SA, per direction (initiator to responder first, §2.17). */
struct ikev2_child_keys {
	struct ikev2_secret ck_ei, ck_ai, ck_er, ck_ar;
};

/* SKEYSEED = prf(Ni | Nr, g^ir) */
int ikev2_skeyseed(const struct ikev2_prf_alg *prf, struct ikev2_chunk ni, struct ikev2_chunk nr,
		   const struct ikev2_secret *gir, struct ikev2_secret *skeyseed);
/* Rekeying an IKE SA: SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr) */
int ikev2_skeyseed_rekey(const struct ikev2_prf_alg *old_prf, const struct ikev2_secret *old_sk_d,
			 const struct ikev2_secret *gir, struct ikev2_chunk ni, struct ikev2_chunk nr,
			 struct ikev2_secret *skeyseed);
/* {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr) */
int ikev2_ike_keys_derive(struct ikev2_ike_keys *k, const struct ikev2_suite *s, const struct ikev2_secret *skeyseed,
			  struct ikev2_chunk ni, struct ikev2_chunk nr, uint64_t spi_i, uint64_t spi_r);
void ikev2_ike_keys_free(struct ikev2_ike_keys *k);

/*
 * KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr) cut into ei, ai, er, ar of
 * encr_len (with any salt) and integ_len octets; gir NULL without PFS.
 */
int ikev2_child_keys_derive(struct ikev2_child_keys *k, const struct ikev2_prf_alg *prf,
			    const struct ikev2_secret *sk_d, const struct ikev2_secret *gir, struct ikev2_chunk ni,
			    struct ikev2_chunk nr, size_t encr_len, size_t integ_len);
void ikev2_child_keys_free(struct ikev2_child_keys *k);

#endif
