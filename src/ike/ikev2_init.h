/*
 * The IKE_SA_INIT exchange (RFC 7296 §1.2) on both sides: the proposals,
 * Diffie-Hellman, nonces and NAT detection (§2.23), and the IKE SA keys it
 * ends with. INVALID_KE_PAYLOAD makes the initiator retry with the group
 * the responder asks for (§1.3); a COOKIE makes it send the request again
 * with the cookie first (§2.6, ikev2_cookie.h).
 *
 * Key pairs come made ahead on worker threads (ikev2_dh_pool.h). g^ir is
 * a job (ikev2_dh_job in ikev2_dh.h) between a _start and a _finish: the
 * SA manager runs it on a worker (ikev2_sa_init.c); ikev2_init_response
 * and ikev2_init_accept run all three on the caller's thread.
 */
#ifndef FERRY_IKE_IKEV2_INIT_H
#define FERRY_IKE_IKEV2_INIT_H

#include <netinet/in.h>
#include <stdbool.h>

#include "ike/ikev2_keys.h"
#include "ike/ikev2_prop.h"

struct ikev2_dh;
struct ikev2_dh_job;
struct ikev2_frag_rx;

struct ikev2_init {
	bool in_initiator;
	uint64_t in_spi_i, in_spi_r;
	struct sockaddr_in in_local, in_remote;
	struct ikev2_sa in_ours;       /* initiator: the offer; responder: what it accepts */
	struct ikev2_choice in_choice; /* once chosen */
	struct ikev2_dh *in_dh;
	struct ikev2_blob in_ni, in_nr;
	struct ikev2_blob in_req, in_resp; /* the messages as sent and received, for the AUTH octets */
	struct ikev2_suite in_suite;
	struct ikev2_ike_keys in_keys;	  /* once IKEV2_INIT_DONE */
	bool in_nat_local, in_nat_remote; /* a NAT in front of us, of the peer */
	struct ikev2_blob in_cookie;	  /* initiator: the responder's COOKIE, sent first */
	unsigned in_cookie_tries;	  /* COOKIE answers taken: a peer asking forever is refused */
	size_t in_frag_mtu;		  /* RFC 7383: our fragment size; 0: we do not fragment */
	bool in_frag_peer;		  /* the peer sent IKEV2_FRAGMENTATION_SUPPORTED */
	struct ikev2_frag_rx *in_frag_rx; /* fragments of the message being reassembled, or NULL */
};

enum ikev2_init_result {
	IKEV2_INIT_FAILED = -1, /* *err says why */
	IKEV2_INIT_DONE = 0,	/* the keys are ready */
	IKEV2_INIT_RETRY = 1,	/* initiator: send ikev2_init_request again (another DH group) */
	IKEV2_INIT_REFUSED = 2, /* responder: the answer in *out is an error notify; keep no state */
};

/* Initiator: the offer from pp (NULL: the default), fresh SPIi, Ni and a key pair of the first group. */
int ikev2_init_start(struct ikev2_init *in, const struct ike_proposal *pp, const struct sockaddr_in *local,
		     const struct sockaddr_in *remote);
/* Initiator: the request to send (also kept in in_req). */
int ikev2_init_request(struct ikev2_init *in, struct ikev2_blob *out, struct ikev2_err *err);
/* Initiator: the decoded response m, raw as received. DONE, RETRY or FAILED. */
enum ikev2_init_result ikev2_init_response(struct ikev2_init *in, const struct ikev2_msg *m, const uint8_t *raw,
					   size_t len, struct ikev2_err *err);
/*
 * Responder: a decoded request m (raw as received) from remote to local,
 * against pp's proposals. DONE with the response in *out (also in_resp),
 * REFUSED with an error response in *out, or FAILED (drop it).
 */
enum ikev2_init_result ikev2_init_accept(struct ikev2_init *in, const struct ike_proposal *pp,
					 const struct sockaddr_in *local, const struct sockaddr_in *remote,
					 const struct ikev2_msg *m, const uint8_t *raw, size_t len,
					 struct ikev2_blob *out, struct ikev2_err *err);
/*
 * The same in two steps around the job j computing g^ir: _start is DONE
 * when j is ready to run (and must be run, then finished), else as above
 * with nothing to run; j is ready for ikev2_dh_job_fini either way. _finish
 * derives the keys (the responder's: and its response in *out); -1 with *err.
 */
enum ikev2_init_result ikev2_init_response_start(struct ikev2_init *in, const struct ikev2_msg *m, const uint8_t *raw,
						 size_t len, struct ikev2_dh_job *j, struct ikev2_err *err);
int ikev2_init_response_finish(struct ikev2_init *in, struct ikev2_dh_job *j, struct ikev2_err *err);
enum ikev2_init_result ikev2_init_accept_start(struct ikev2_init *in, const struct ike_proposal *pp,
					       const struct sockaddr_in *local, const struct sockaddr_in *remote,
					       const struct ikev2_msg *m, const uint8_t *raw, size_t len,
					       struct ikev2_dh_job *j, struct ikev2_blob *out, struct ikev2_err *err);
int ikev2_init_accept_finish(struct ikev2_init *in, struct ikev2_dh_job *j, struct ikev2_blob *out,
			     struct ikev2_err *err);
/*
 * Once IKE_AUTH is over: frees what only it needed (the two IKE_SA_INIT
 * messages its AUTH covers, our offer), so a hub's thousands of SAs keep
 * only their keys.
 */
void ikev2_init_trim(struct ikev2_init *in);
void ikev2_init_fini(struct ikev2_init *in);

#endif
