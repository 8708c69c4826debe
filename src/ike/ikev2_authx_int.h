/* Helpers shared by the two sides of IKE_AUTH (ikev2_authx.c, ikev2_authx_init.c, ikev2_authx_resp.c). */
#ifndef FERRY_IKE_IKEV2_AUTHX_INT_H
#define FERRY_IKE_IKEV2_AUTHX_INT_H

#include "ike/ikev2_authx.h"

/* The octets the AUTH of the signer covers: its IKE_SA_INIT message, the other's nonce, prf(SK_p, ID). */
int authx_octets(const struct ikev2_init *in, bool by_initiator, const struct ikev2_pl *id, struct ikev2_blob *out,
		 struct ikev2_err *err);
/* Prepares the signature of our AUTH in w->aw_sign (rsa-sig; nothing to do with pre-shared keys). */
int authx_sign_start(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, struct ikev2_authx_work *w,
		     struct ikev2_err *err);
/* Appends our ID payload and the AUTH over it (§2.15): the MIC computed here, or w's signature (moved). */
int authx_add_id_auth(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, struct ikev2_authx_work *w,
		      struct ikev2_pl **list, struct ikev2_err *err);
/* rsa-sig: prepares the check of the peer's certificate and AUTH in w->aw_inner. */
int authx_verify_start(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, struct ikev2_authx_work *w,
		       struct ikev2_err *err);
/* The outcome of that check (pre-shared keys: the MIC checked here); keeps the peer's ID. AUTHENTICATION_FAILED. */
int authx_verify_finish(const struct ikev2_init *in, struct ikev2_authx_conf *ac, const struct ikev2_authx_work *w,
			struct ikev2_err *err);
/* The ESP SA, the selectors and USE_TRANSPORT_MODE (initiator: its offer; responder: the choice). */
int authx_add_child(const struct ikev2_init *in, const struct ikev2_child *c, struct ikev2_pl **list,
		    struct ikev2_err *err);
/* Chooses from the peer's ESP SA payload in inner into c and checks its selectors. */
int authx_choose_child(const struct ikev2_init *in, struct ikev2_child *c, const struct ikev2_pl *inner,
		       struct ikev2_err *err);
int authx_fail(struct ikev2_err *err, uint16_t notify, uint8_t payload, const char *what);

/* rsa-sig (ikev2_authx_sig.c). The job signing our AUTH over the octets of our ID payload id. */
int authx_sig_sign_job(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, const struct ikev2_pl *id,
		       struct ikev2_sig_job **job, struct ikev2_err *err);
/* After our ID: CERT, (initiator) CERTREQ and the AUTH that job signed (moved out of it). */
int authx_sig_add(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, struct ikev2_sig_job *job,
		  struct ikev2_pl **list, struct ikev2_err *err);
/* The job checking the peer's certificate (ikev2_cert.h), then its signature in auth over the octets of id. */
int authx_sig_verify_job(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, const struct ikev2_pl *inner,
			 const struct ikev2_pl *id, const struct ikev2_auth *auth, struct ikev2_sig_job **job,
			 struct ikev2_err *err);
/* What that job found, logged. */
int authx_sig_verified(const struct ikev2_authx_conf *ac, const struct ikev2_sig_job *job, struct ikev2_err *err);

#endif
