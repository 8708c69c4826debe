/* The IKEv2 module's model container and helpers shared by its command files. */
#ifndef FERRY_IKE_IKE_INT_H
#define FERRY_IKE_IKE_INT_H

#include "ike/ike.h"

#define IKEV2_HELP	CRYPTO_HELP "Configure IKEv2 Options\n"
#define MATCH_FVRF_HELP "Match values of peer\nMatch a front door VRF\nFront door VRF name\nAny front door VRF"

struct ike_cfg {
	struct nametab ic_authz;     /* struct ike_authz */
	struct nametab ic_profiles;  /* struct ike_profile */
	struct nametab ic_proposals; /* struct ike_proposal */
	struct nametab ic_policies;  /* struct ike_policy */
	struct nametab ic_keyrings;  /* struct ike_keyring */

	/* crypto ikev2 cookie-challenge N, crypto ikev2 fragmentation [mtu N] */
	bool ic_cookie_on;
	unsigned ic_cookie_threshold; /* half-open SAs from which IKE_SA_INIT gets a COOKIE */
	unsigned ic_frag_mtu;	      /* 0: no fragmentation */
};

extern struct cfg_module ike_module;

struct ike_cfg *ike_cfg(const struct config *cfg);
void ike_authz_free(void *obj);
void ike_profile_free(void *obj);
void ike_proposal_free(void *obj);
void ike_policy_free(void *obj);
void ike_keyring_free(void *obj);
void ike_peer_free(void *obj);
/* Why the profile cannot be removed (printed), or 0. */
int ike_profile_busy(struct cli_ctx *c, const void *obj);

/* Identities as typed: "(dn|fqdn [domain] WORD|address A.B.C.D [A.B.C.D]|email [domain] WORD|key-id WORD)". */
void ike_id_from_args(const struct cli_args *a, struct ike_id *id);
/* Copies the identity's fields (not its list link); -1 when out of memory. */
int ike_id_copy(struct ike_id *dst, const struct ike_id *src);
void ike_id_clear(struct ike_id *id);
bool ike_id_equal(const struct ike_id *x, const struct ike_id *y);
/* The identity as IOS prints it after its keyword: "fqdn domain cisco.com". */
const char *ike_id_format(const struct ike_id *id, char *buf, size_t len);

/* "match fvrf (WORD|any)" and its "no" form. */
int ike_fvrf_set(struct cli_ctx *c, const struct cli_args *a, struct ike_fvrf *fv);
void ike_fvrf_print(struct cli_writer *w, const struct ike_fvrf *fv);

void ike_authz_cli_init(struct cli_tree *t);
void ike_profile_cli_init(struct cli_tree *t);

#endif
