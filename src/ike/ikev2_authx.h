/*
 * The IKE_AUTH exchange (RFC 7296 §1.2) with pre-shared keys (§2.15,
 * method 2) or certificates (ac_cert: CERT, CERTREQ and signatures,
 * ikev2_authx_sig.c), negotiating one CHILD_SA for GRE between the two addresses
 * (ikev2_child.h). Runs on an IKE SA whose IKE_SA_INIT is done.
 */
#ifndef FERRY_IKE_IKEV2_AUTHX_H
#define FERRY_IKE_IKEV2_AUTHX_H

#include "ike/ikev2_child.h"
#include "ike/ikev2_init.h"
#include "ike/ikev2_modecfg.h"

struct ikev2_cert_conf;

/* One side's part in IKE_AUTH, from its profile and keyring (owned copies). */
struct ikev2_authx_conf {
	struct ikev2_id ac_id;			/* our identity, as the ID payload carries it */
	struct ikev2_id ac_peer_id;		/* the peer's, once its AUTH verified (show, logs) */
	struct ikev2_secret ac_psk_local;	/* signs our AUTH */
	struct ikev2_secret ac_psk_remote;	/* checks the peer's */
	struct ikev2_cert_conf *ac_cert;	/* rsa-sig (ikev2_cert.h); NULL: pre-shared keys */
	char ac_profile[64];			/* the IKEv2 profile's name, for show and logs */
	struct ikev2_modecfg ac_cfg;		/* mode config asked for and got (initiator) or assigned (responder) */
	ikev2_modecfg_assign_fn *ac_cfg_assign; /* responder: answers a CFG_REQUEST */
	void *ac_cfg_arg;
	struct ikev2_esp_offer ac_esp; /* responder: the suites its lookup allows (ikev2_esp_offer_resp) */
};

void ikev2_authx_conf_fini(struct ikev2_authx_conf *ac);

/* Responder: the configuration for a peer's identity (and its payloads inner) from remote; -1 when no profile matches.
 */
typedef int ikev2_authx_lookup_fn(void *arg, const struct ikev2_id *peer, const struct ikev2_pl *inner,
				  const struct sockaddr_in *remote, struct ikev2_authx_conf *out);

/*
 * The signature work of one IKE_AUTH step with certificates: checking the
 * peer's AUTH and making ours, as ikev2_sig jobs that own their inputs. A
 * step's _start does all that needs the configuration and leaves the
 * signatures here; ikev2_authx_work_run runs them (a workq_fn: on a worker
 * thread, or inline); its _finish takes the results on the loop thread.
 * With pre-shared keys there is no job: the HMACs are computed in _finish.
 */
struct ikev2_sig_job;
struct ikev2_authx_work {
	struct ikev2_pl *aw_inner;	 /* the peer's decrypted message (not for our own request) */
	struct ikev2_sig_job *aw_verify; /* the peer's AUTH to check, or NULL */
	struct ikev2_sig_job *aw_sign;	 /* our AUTH to sign, or NULL */
};

/* Whether a step left a job to run. */
bool ikev2_authx_work_pending(const struct ikev2_authx_work *w);
/* Checks the peer's signature, then signs ours unless that check failed. */
void ikev2_authx_work_run(void *w);
void ikev2_authx_work_fini(struct ikev2_authx_work *w);

/* Initiator: the IKE_AUTH request (message ID 1) for child c (its SPI and addresses set). */
int ikev2_authx_request_start(const struct ikev2_init *in, const struct ikev2_authx_conf *ac,
			      struct ikev2_authx_work *w, struct ikev2_err *err);
int ikev2_authx_request_finish(const struct ikev2_init *in, const struct ikev2_authx_conf *ac,
			       const struct ikev2_child *c, struct ikev2_authx_work *w, struct ikev2_blob *out,
			       struct ikev2_err *err);
/* The two with the work run inline. */
int ikev2_authx_request(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, const struct ikev2_child *c,
			struct ikev2_blob *out, struct ikev2_err *err);
/*
 * Initiator: checks the response (the peer's AUTH, the chosen ESP
 * proposal, selectors), keys c, takes a CFG_REPLY. -1 with *err: e_notify
 * 0 when the message did not decrypt; the responder's error notify with
 * e_payload IKEV2_PL_NOTIFY when it refused us; else our own refusal of it.
 */
int ikev2_authx_response_start(const struct ikev2_init *in, const struct ikev2_authx_conf *ac,
			       const struct ikev2_msg *m, const uint8_t *raw, size_t len, struct ikev2_authx_work *w,
			       struct ikev2_err *err);
int ikev2_authx_response_finish(const struct ikev2_init *in, struct ikev2_authx_conf *ac, struct ikev2_child *c,
				struct ikev2_authx_work *w, struct ikev2_err *err);
int ikev2_authx_response(const struct ikev2_init *in, struct ikev2_authx_conf *ac, struct ikev2_child *c,
			 const struct ikev2_msg *m, const uint8_t *raw, size_t len, struct ikev2_err *err);
/* Whether an ikev2_authx_response error is our refusal of the responder's AUTH or certificate. */
bool ikev2_authx_we_refused(const struct ikev2_err *err);

/*
 * Responder: a request m. DONE: ac and c set, the answer in *out. REFUSED:
 * *out is an encrypted error notify (AUTHENTICATION_FAILED ...), *err why.
 * FAILED: drop the message (it did not decrypt). ac and c are reset
 * first: free them in every case. _start's DONE means: run w, then _finish.
 */
enum ikev2_init_result ikev2_authx_accept_start(const struct ikev2_init *in, ikev2_authx_lookup_fn *lookup, void *arg,
						struct ikev2_authx_conf *ac, struct ikev2_child *c,
						const struct ikev2_msg *m, const uint8_t *raw, size_t len,
						struct ikev2_authx_work *w, struct ikev2_blob *out,
						struct ikev2_err *err);
enum ikev2_init_result ikev2_authx_accept_finish(const struct ikev2_init *in, struct ikev2_authx_conf *ac,
						 struct ikev2_child *c, struct ikev2_authx_work *w,
						 struct ikev2_blob *out, struct ikev2_err *err);
enum ikev2_init_result ikev2_authx_accept(const struct ikev2_init *in, ikev2_authx_lookup_fn *lookup, void *arg,
					  struct ikev2_authx_conf *ac, struct ikev2_child *c, const struct ikev2_msg *m,
					  const uint8_t *raw, size_t len, struct ikev2_blob *out,
					  struct ikev2_err *err);

#endif
