/* IKE_AUTH signatures as worker jobs, and the signature method for a peer (ikev2_sig.h). */
#include "ike/ikev2_sig.h"

#include <stdlib.h>

#include "ike/ikev2_auth.h"
#include "ike/ikev2_cert.h"

/* A job owning a reference to key (NULL: a certificate's, found by the job) and a copy of octets. */
static struct ikev2_sig_job *job_new(EVP_PKEY *key, struct ikev2_chunk octets)
{
	struct ikev2_sig_job *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	if ((key && EVP_PKEY_up_ref(key) != 1) || ikev2_blob_set(&j->sj_octets, octets.ch_ptr, octets.ch_len) < 0) {
		free(j);
		return NULL;
	}
	j->sj_key = key;
	j->sj_rc = -1;
	return j;
}

struct ikev2_sig_job *ikev2_sig_job_sign(EVP_PKEY *key, uint8_t method, uint16_t hash, struct ikev2_chunk octets)
{
	struct ikev2_sig_job *j = job_new(key, octets);

	if (j) {
		j->sj_sign = true;
		j->sj_method = method;
		j->sj_hash = hash;
	}
	return j;
}

struct ikev2_sig_job *ikev2_sig_job_verify(EVP_PKEY *key, const struct ikev2_auth *auth, struct ikev2_chunk octets)
{
	struct ikev2_sig_job *j = job_new(key, octets);

	if (j && (ikev2_blob_set(&j->sj_auth.au_alg, auth->au_alg.bl_data, auth->au_alg.bl_len) < 0 ||
		  ikev2_blob_set(&j->sj_auth.au_data, auth->au_data.bl_data, auth->au_data.bl_len) < 0)) {
		ikev2_sig_job_free(j);
		return NULL;
	}
	if (j)
		j->sj_auth.au_method = auth->au_method;
	return j;
}

struct ikev2_sig_job *ikev2_sig_job_verify_cert(struct ikev2_cert_peer *cp, const struct ikev2_auth *auth,
						struct ikev2_chunk octets)
{
	struct ikev2_sig_job *j = ikev2_sig_job_verify(NULL, auth, octets);

	if (j)
		j->sj_peer = cp;
	else
		ikev2_cert_peer_free(cp);
	return j;
}

/* Verify: the key of the peer's certificate once it passes its checks (costly, so on the worker), then AUTH. */
static int verify(struct ikev2_sig_job *j, struct ikev2_chunk octets)
{
	const char *why;

	if (j->sj_peer && !j->sj_key && !(j->sj_key = ikev2_cert_peer_verify(j->sj_peer, &why))) {
		j->sj_cert_refused = true;
		j->sj_err = (struct ikev2_err){
		    .e_notify = IKEV2_N_AUTHENTICATION_FAILED, .e_payload = IKEV2_PL_CERT, .e_what = why};
		return -1;
	}
	return ikev2_auth_verify(j->sj_key, NULL, ikev2_chunk(NULL, 0), &j->sj_auth, octets, &j->sj_err);
}

void ikev2_sig_job_run(void *arg)
{
	struct ikev2_sig_job *j = arg;
	struct ikev2_chunk octets = ikev2_chunk(j->sj_octets.bl_data, j->sj_octets.bl_len);

	if (j->sj_sign)
		j->sj_rc = ikev2_auth_sign(j->sj_key, j->sj_method, j->sj_hash, octets, &j->sj_auth, &j->sj_err);
	else
		j->sj_rc = verify(j, octets);
}

void ikev2_sig_job_free(struct ikev2_sig_job *j)
{
	if (!j)
		return;
	EVP_PKEY_free(j->sj_key);
	ikev2_cert_peer_free(j->sj_peer);
	ikev2_blob_free(&j->sj_octets);
	ikev2_blob_free(&j->sj_auth.au_alg);
	ikev2_blob_free(&j->sj_auth.au_data);
	free(j);
}

/* Whether a SIGNATURE_HASH_ALGORITHMS list (2 octets each) names hash. */
static bool list_has(const struct ikev2_blob *list, uint16_t hash)
{
	for (size_t i = 0; i + 1 < list->bl_len; i += 2)
		if ((uint16_t)(list->bl_data[i] << 8 | list->bl_data[i + 1]) == hash)
			return true;
	return false;
}

bool ikev2_sig_peer_sha256(const struct ikev2_init *in)
{
	const struct ikev2_blob *raw = in->in_initiator ? &in->in_resp : &in->in_req;
	const struct ikev2_pl *no;
	struct ikev2_msg m;
	struct ikev2_err err;
	bool yes;

	if (ikev2_msg_decode(raw->bl_data, raw->bl_len, &m, &err) < 0)
		return false;
	no = ikev2_notify_find(m.m_pl, IKEV2_N_SIGNATURE_HASH_ALGORITHMS);
	yes = no && list_has(&no->pl_notify.no_data, IKEV2_HASH_SHA2_256);
	ikev2_msg_fini(&m);
	return yes;
}

void ikev2_sig_choose(const struct ikev2_init *in, uint8_t *method, uint16_t *hash)
{
	bool rfc7427 = ikev2_sig_peer_sha256(in);

	*method = rfc7427 ? IKEV2_AUTH_DIGITAL_SIGNATURE : IKEV2_AUTH_RSA_SIG;
	*hash = rfc7427 ? IKEV2_HASH_SHA2_256 : IKEV2_HASH_SHA1;
}
