/*
 * IKE_AUTH with certificates (rsa-sig): CERT, CERTREQ and a signed AUTH
 * (method 1 or RFC 7427's 14, ikev2_sig.h) out; the peer's certificate and
 * signature in. The signatures are jobs that own their inputs: the SA
 * manager runs them on the worker queue (ikev2_authx_work). The peer's
 * certificate too is checked in the job, on the worker: here only what
 * the checks need is copied.
 */
#include "ike/ikev2_authx_int.h"

#include "core/log.h"
#include "ike/ikev2_cert.h"
#include "ike/ikev2_sig.h"

int authx_sig_sign_job(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, const struct ikev2_pl *id,
		       struct ikev2_sig_job **job, struct ikev2_err *err)
{
	struct ikev2_blob octets = {0};
	uint8_t method;
	uint16_t hash;

	if (authx_octets(in, in->in_initiator, id, &octets, err) < 0)
		return -1;
	ikev2_sig_choose(in, &method, &hash);
	*job = ikev2_sig_job_sign(ac->ac_cert->cc_key, method, hash, ikev2_chunk(octets.bl_data, octets.bl_len));
	ikev2_blob_free(&octets);
	return *job ? 0 : authx_fail(err, 0, IKEV2_PL_NONE, "out of memory");
}

int authx_sig_add(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, struct ikev2_sig_job *job,
		  struct ikev2_pl **list, struct ikev2_err *err)
{
	const struct ikev2_cert_conf *cc = ac->ac_cert;
	struct ikev2_pl *auth;

	if (!job)
		return authx_fail(err, 0, IKEV2_PL_AUTH, "no signature was made");
	if (job->sj_rc < 0) {
		*err = job->sj_err;
		return -1;
	}
	if (ikev2_cert_add(cc, list) < 0 || (in->in_initiator && ikev2_certreq_add(cc->cc_cas, list) < 0) ||
	    !(auth = ikev2_pl_add(list, IKEV2_PL_AUTH)))
		return authx_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	auth->pl_auth = job->sj_auth;
	job->sj_auth = (struct ikev2_auth){0};
	return 0;
}

static bool is_signature(uint8_t method)
{
	return method == IKEV2_AUTH_RSA_SIG || method == IKEV2_AUTH_DIGITAL_SIGNATURE;
}

int authx_sig_verify_job(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, const struct ikev2_pl *inner,
			 const struct ikev2_pl *id, const struct ikev2_auth *auth, struct ikev2_sig_job **job,
			 struct ikev2_err *err)
{
	struct ikev2_blob octets = {0};
	struct ikev2_cert_peer *cp;

	*job = NULL;
	if (!is_signature(auth->au_method)) {
		log_msg(SEV_WARN, "IKEV2", "AUTH", "peer authenticates with method %u, not a signature (rsa-sig)",
			auth->au_method);
		return authx_fail(err, IKEV2_N_AUTHENTICATION_FAILED, IKEV2_PL_AUTH,
				  "the peer does not sign (authentication remote rsa-sig)");
	}
	if (ikev2_cert_peer_take(ac->ac_cert, inner, &id->pl_id, &cp, err) < 0)
		return -1;
	if (authx_octets(in, !in->in_initiator, id, &octets, err) < 0)
		ikev2_cert_peer_free(cp);
	else if (!(*job = ikev2_sig_job_verify_cert(cp, auth, ikev2_chunk(octets.bl_data, octets.bl_len))))
		authx_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	ikev2_blob_free(&octets);
	return *job ? 0 : -1;
}

int authx_sig_verified(const struct ikev2_authx_conf *ac, const struct ikev2_sig_job *job, struct ikev2_err *err)
{
	const struct ikev2_auth *auth = &job->sj_auth;

	if (job->sj_rc < 0) {
		*err = job->sj_err;
		if (job->sj_cert_refused)
			ikev2_cert_peer_log(ac->ac_cert, job->sj_peer, err->e_what);
		else
			log_msg(SEV_WARN, "IKEV2", "AUTH", "peer's AUTH (method %u) refused: %s", auth->au_method,
				err->e_what ? err->e_what : "failed");
		return -1;
	}
	log_msg(SEV_NOTICE, "IKEV2", "AUTH", "peer's certificate and signature (AUTH method %u, %s) verified",
		auth->au_method, ikev2_sig_name(auth));
	return 0;
}
