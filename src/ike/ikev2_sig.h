/*
 * Signatures of IKE_AUTH as jobs a worker thread can run (src/core/workq.h):
 * a job owns its inputs (a key reference, the octets) and its result, and
 * touches nothing else, so workq_submit(q, ikev2_sig_job_run, done, job)
 * is safe. Also the choice of method: RFC 7427 (method 14) with SHA-256
 * when the peer sent SIGNATURE_HASH_ALGORITHMS naming it, else the classic
 * RSA signature (method 1, SHA-1).
 */
#ifndef FERRY_IKE_IKEV2_SIG_H
#define FERRY_IKE_IKEV2_SIG_H

#include <openssl/evp.h>

#include "ike/ikev2_init.h"

struct ikev2_cert_peer;
struct ikev2_sig_job {
	EVP_PKEY *sj_key;		 /* a reference of the job's own (verify with sj_peer: found by the job) */
	struct ikev2_cert_peer *sj_peer; /* verify: the peer's certificate, checked first; or NULL */
	bool sj_cert_refused;		 /* that check failed (sj_err says why) */
	bool sj_sign;			 /* else verify sj_auth */
	uint8_t sj_method;		 /* sign: IKEV2_AUTH_RSA_SIG or IKEV2_AUTH_DIGITAL_SIGNATURE */
	uint16_t sj_hash;		 /* sign, method 14: enum ikev2_hash_id */
	struct ikev2_blob sj_octets;	 /* what the AUTH covers (§2.15) */
	struct ikev2_auth sj_auth;	 /* sign: the result; verify: the peer's AUTH */
	struct ikev2_err sj_err;
	int sj_rc; /* 0: signed, or the signature verified */
};

/* A job signing octets (copied) with key (referenced) by method/hash; NULL if out of memory. */
struct ikev2_sig_job *ikev2_sig_job_sign(EVP_PKEY *key, uint8_t method, uint16_t hash, struct ikev2_chunk octets);
/* A job verifying the peer's auth (copied) over octets with its key (referenced). */
struct ikev2_sig_job *ikev2_sig_job_verify(EVP_PKEY *key, const struct ikev2_auth *auth, struct ikev2_chunk octets);
/*
 * A job checking the peer's certificate cp (taken: ikev2_cert_peer_take,
 * ikev2_cert.h: decoding, map, identity, chain to a trustpoint's CA), then
 * the peer's auth (copied) over octets with that certificate's key. Frees
 * cp when it fails.
 */
struct ikev2_sig_job *ikev2_sig_job_verify_cert(struct ikev2_cert_peer *cp, const struct ikev2_auth *auth,
						struct ikev2_chunk octets);
/* Runs the job (a workq_fn: on a worker, or inline). */
void ikev2_sig_job_run(void *job);
void ikev2_sig_job_free(struct ikev2_sig_job *job);

/* Whether the peer's IKE_SA_INIT message (kept in in) announced SHA-256 for RFC 7427 signatures. */
bool ikev2_sig_peer_sha256(const struct ikev2_init *in);
/* The method (and hash) to sign with: 14/SHA-256 when the peer takes it, else 1. */
void ikev2_sig_choose(const struct ikev2_init *in, uint8_t *method, uint16_t *hash);

/* How a received AUTH is signed, for the log: "RSA-SHA256", "RSASSA-PSS", ... (static text). */
const char *ikev2_sig_name(const struct ikev2_auth *auth);
/* Whether a method 14 AUTH names RSASSA-PSS (ikev2_auth_verify hands it to ikev2_sig_pss_verify). */
bool ikev2_sig_is_pss(const struct ikev2_auth *auth);
/* Checks an RSASSA-PSS signature (SHA-2 and MGF1 with SHA-2, the salt length its parameters give). */
bool ikev2_sig_pss_verify(EVP_PKEY *key, const struct ikev2_auth *auth, struct ikev2_chunk octets);

#endif
