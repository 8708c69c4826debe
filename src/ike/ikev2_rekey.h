/*
 * The CREATE_CHILD_SA exchange (RFC 7296 §1.3) on an established IKE SA,
 * as pure functions on decrypted payload chains: rekeying the CHILD_SA
 * (REKEY_SA, new SPIs, a KE when PFS is asked for, §1.3.3) and rekeying
 * the IKE SA itself (new SPIs, KE, keys per §2.18, §1.3.2), from either
 * side. Which of two simultaneous rekeys survives is decided per §2.8.1.
 * The SA manager (ikev2_sa_rekey.c) sends, retransmits and installs.
 */
#ifndef FERRY_IKE_IKEV2_REKEY_H
#define FERRY_IKE_IKEV2_REKEY_H

#include "ike/ikev2_child.h"
#include "ike/ikev2_dh.h"
#include "ike/ikev2_init.h"

enum ikev2_rekey_kind { IKEV2_REKEY_CHILD, IKEV2_REKEY_IKE };

/* One CREATE_CHILD_SA exchange, either side. */
struct ikev2_rekey {
	enum ikev2_rekey_kind rk_kind;
	bool rk_initiator; /* we sent the request */
	struct ikev2_dh *rk_dh;
	struct ikev2_blob rk_ni, rk_nr;
	uint32_t rk_old_spi;	     /* CHILD: our inbound SPI of the CHILD_SA replaced */
	struct ikev2_child rk_child; /* CHILD: the new one */
	struct ikev2_init rk_ike;    /* IKE: the new IKE SA (SPIs, choice, keys; addresses of the old) */
};

enum ikev2_rekey_result {
	IKEV2_REKEY_FAILED = -1, /* drop; *err says why */
	IKEV2_REKEY_DONE = 0,	 /* the new SA is keyed */
	IKEV2_REKEY_REFUSED = 1, /* responder: the answer holds an error notify; initiator: the peer refused */
};

/*
 * Initiator, CHILD_SA: the request's payloads (REKEY_SA, mode, SA, Ni, KE
 * when pfs_group is not 0, TSi, TSr) replacing old over the IKE SA in.
 */
int ikev2_rekey_child_request(struct ikev2_rekey *rk, const struct ikev2_init *in, const struct ikev2_child *old,
			      uint16_t pfs_group, struct ikev2_pl **inner, struct ikev2_err *err);
/* Initiator, IKE SA: SA (the current algorithms, a new SPIi), Ni, KEi. */
int ikev2_rekey_ike_request(struct ikev2_rekey *rk, const struct ikev2_init *in, struct ikev2_pl **inner,
			    struct ikev2_err *err);
/* Initiator: the decrypted answer; DONE keys rk_child or rk_ike, REFUSED carries the peer's notify in *err. */
enum ikev2_rekey_result ikev2_rekey_response(struct ikev2_rekey *rk, const struct ikev2_init *in,
					     const struct ikev2_pl *inner, struct ikev2_err *err);
/*
 * Responder: a decrypted request over in, the CHILD_SA current (NULL:
 * none) and the IKE proposal pp (NULL: the default). DONE with the answer's
 * payloads in *answer, REFUSED with an error notify there (NO_ADDITIONAL_SAS
 * for a CHILD_SA that rekeys nothing, CHILD_SA_NOT_FOUND, INVALID_KE_PAYLOAD
 * with the group, NO_PROPOSAL_CHOSEN, TS_UNACCEPTABLE), FAILED to drop.
 */
enum ikev2_rekey_result ikev2_rekey_accept(struct ikev2_rekey *rk, const struct ikev2_init *in,
					   const struct ikev2_child *current, const struct ike_proposal *pp,
					   const struct ikev2_pl *inner, struct ikev2_pl **answer,
					   struct ikev2_err *err);
/*
 * The same two in steps around the job j computing g^ir (ikev2_dh.h; an
 * empty job when the exchange has no KE): _start is DONE when j is ready
 * to run (then run it and call _finish), else as above with nothing to
 * run; j is ready for ikev2_dh_job_fini either way. _finish derives the
 * keys; the responder's builds *answer too (REFUSED: an error notify).
 */
enum ikev2_rekey_result ikev2_rekey_response_start(struct ikev2_rekey *rk, const struct ikev2_pl *inner,
						   struct ikev2_dh_job *j, struct ikev2_err *err);
int ikev2_rekey_response_finish(struct ikev2_rekey *rk, const struct ikev2_init *in, struct ikev2_dh_job *j,
				struct ikev2_err *err);
enum ikev2_rekey_result ikev2_rekey_accept_start(struct ikev2_rekey *rk, const struct ikev2_init *in,
						 const struct ikev2_child *current, const struct ike_proposal *pp,
						 const struct ikev2_pl *inner, struct ikev2_dh_job *j,
						 struct ikev2_pl **answer, struct ikev2_err *err);
enum ikev2_rekey_result ikev2_rekey_accept_finish(struct ikev2_rekey *rk, const struct ikev2_init *in,
						  struct ikev2_dh_job *j, struct ikev2_pl **answer,
						  struct ikev2_err *err);
/*
 * §2.8.1: of two exchanges that rekeyed the same SA at once (a: nonces of
 * one, b: of the other), whether a's SA is the redundant one (it holds the
 * lowest of the four nonces).
 */
bool ikev2_rekey_redundant(const struct ikev2_rekey *a, const struct ikev2_rekey *b);
void ikev2_rekey_fini(struct ikev2_rekey *rk);

/* Helpers of the two sides (ikev2_rekey.c, ikev2_rekey_resp.c). */
/* j to compute g^ir with the peer's KE data (rk_dh moved into it); an empty job when rk_dh is NULL. */
int rekey_dh_start(struct ikev2_rekey *rk, const struct ikev2_ke *peer, struct ikev2_dh_job *j, struct ikev2_err *err);
/*
 * After j ran: rk_dh back, then the keys of the new SA: a CHILD_SA's (with
 * g^ir when there was a KE), or an IKE SA's from the old one's SK_d and PRF
 * (§2.18; rk_ike's choice, SPIs and rk's nonces set).
 */
int rekey_derive(struct ikev2_rekey *rk, const struct ikev2_init *in, struct ikev2_dh_job *j, struct ikev2_err *err);
/* An SA payload's copy without SPIs (the IKE proposal chooser expects none); the SPIs by proposal number. */
int rekey_strip_spis(const struct ikev2_sa *sa, struct ikev2_sa *out);
/* The 8-octet SPI of proposal num in sa, or 0. */
uint64_t rekey_ike_spi(const struct ikev2_sa *sa, uint8_t num);
/* A fresh IKE SPI, not 0; and an SPI as the 8 octets a proposal carries. */
int rekey_new_ike_spi(uint64_t *spi);
/* The new IKE SA's starting state: addresses, NAT and fragmentation (RFC 7383 §2.5.2) carry over. */
struct ikev2_init rekey_ike_carry(const struct ikev2_init *old, bool initiator);
void rekey_spi_octets(uint64_t spi, uint8_t out[8]);
/* Our ESP offer for c, each proposal with DH group (0: none, no PFS). */
int rekey_child_offer(const struct ikev2_child *c, uint16_t group, struct ikev2_sa *out);
/* Appends Nonce and (dh set) KE payloads. */
int rekey_add_nonce_ke(const struct ikev2_blob *nonce, const struct ikev2_dh *dh, struct ikev2_pl **list);
/* Appends an SA payload holding the choice ch (SPI spi of spi_len octets). */
int rekey_add_choice(const struct ikev2_choice *ch, const uint8_t *spi, size_t spi_len, struct ikev2_pl **list);
int rekey_fail(struct ikev2_err *err, uint16_t notify, uint8_t payload, const char *what);

#endif
