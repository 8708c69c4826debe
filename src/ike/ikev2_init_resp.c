/* IKE_SA_INIT: the responder. */
#include "ike/ikev2_init_int.h"

#include <openssl/rand.h>

#include "ike/ikev2_cert.h"
#include "ike/ikev2_dh.h"
#include "ike/ikev2_frag.h"

/* An answer holding one error notify, to a request we keep no state for (§2.21.1). */
static enum ikev2_init_result refuse(const struct ikev2_msg *req, uint16_t type, const void *data, size_t len,
				     struct ikev2_blob *out, struct ikev2_err *err)
{
	struct ikev2_msg m;
	int rc;

	ikev2_msg_init(&m, req->m_spi_i, 0, IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_RESPONSE, 0);
	rc = init_add_notify(&m.m_pl, type, data, len);
	if (rc == 0)
		rc = init_encode(&m, out, NULL, err);
	ikev2_msg_fini(&m);
	if (rc < 0)
		return init_fail(err, 0, IKEV2_PL_NONE, "cannot encode the refusal");
	return IKEV2_INIT_REFUSED;
}

static bool is_request(const struct ikev2_msg *m)
{
	return m->m_exchange == IKEV2_EXCH_IKE_SA_INIT && !(m->m_flags & IKEV2_FLAG_RESPONSE) &&
	       (m->m_flags & IKEV2_FLAG_INITIATOR) && m->m_msgid == 0 && m->m_spi_r == 0 && m->m_spi_i != 0;
}

/* Our SPI, nonce and key pair, then j to compute g^ir. */
static int answer_keys(struct ikev2_init *in, const struct ikev2_ke *ke, const struct ikev2_blob *ni,
		       struct ikev2_dh_job *j, struct ikev2_err *err)
{
	do {
		if (RAND_bytes((uint8_t *)&in->in_spi_r, sizeof(in->in_spi_r)) != 1)
			return init_fail(err, 0, IKEV2_PL_NONE, "no randomness");
	} while (in->in_spi_r == 0);
	if (ikev2_blob_set(&in->in_ni, ni->bl_data, ni->bl_len) < 0 || init_random(&in->in_nr, INIT_NONCE_LEN) < 0 ||
	    !(in->in_dh = ikev2_dh_new(ke->ke_group)))
		return init_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	return init_derive_start(in, ke, j, err);
}

static int answer(struct ikev2_init *in, struct ikev2_blob *out, struct ikev2_err *err)
{
	struct ikev2_sa chosen;
	struct ikev2_msg m;
	int rc = -1;

	if (ikev2_choice_to_sa(&in->in_choice, NULL, 0, &chosen) < 0)
		return init_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	ikev2_msg_init(&m, in->in_spi_i, in->in_spi_r, IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_RESPONSE, 0);
	/* CERTREQ for every trustpoint's CA: no profile is known before IKE_AUTH (strongSwan sends CERT if asked). */
	if (init_add_body(in, &chosen, &in->in_nr, &m.m_pl) == 0 && ikev2_certreq_add(NULL, &m.m_pl) == 0)
		rc = init_encode(&m, out, &in->in_resp, err);
	else
		init_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	ikev2_msg_fini(&m);
	ikev2_offer_free(&chosen);
	return rc;
}

enum ikev2_init_result ikev2_init_accept_start(struct ikev2_init *in, const struct ike_proposal *pp,
					       const struct sockaddr_in *local, const struct sockaddr_in *remote,
					       const struct ikev2_msg *m, const uint8_t *raw, size_t len,
					       struct ikev2_dh_job *j, struct ikev2_blob *out, struct ikev2_err *err)
{
	const struct ikev2_ke *ke;
	const struct ikev2_blob *ni;
	uint8_t group[2];

	*j = (struct ikev2_dh_job){0};
	*in = (struct ikev2_init){
	    .in_local = *local, .in_remote = *remote, .in_spi_i = m->m_spi_i, .in_frag_mtu = ikev2_frag_conf_mtu()};
	if (!is_request(m))
		return init_fail(err, 0, IKEV2_PL_NONE, "not an IKE_SA_INIT request");
	if (init_peer_parts(m, &ke, &ni, err) < 0)
		return refuse(m, err->e_notify, NULL, 0, out, err);
	if (ikev2_offer_build(pp, &in->in_ours) < 0)
		return init_fail(err, 0, IKEV2_PL_NONE, "no usable local proposal");
	if (ikev2_offer_choose(&ikev2_pl_find(m->m_pl, IKEV2_PL_SA)->pl_sa, &in->in_ours, &in->in_choice, err) < 0)
		return refuse(m, IKEV2_N_NO_PROPOSAL_CHOSEN, NULL, 0, out, err);
	if (ke->ke_group != in->in_choice.ch_tr[IKEV2_TRANS_DH].tr_id) {
		group[0] = (uint8_t)(in->in_choice.ch_tr[IKEV2_TRANS_DH].tr_id >> 8);
		group[1] = (uint8_t)in->in_choice.ch_tr[IKEV2_TRANS_DH].tr_id;
		return refuse(m, IKEV2_N_INVALID_KE_PAYLOAD, group, sizeof(group), out, err);
	}
	if (ikev2_blob_set(&in->in_req, raw, len) < 0 || answer_keys(in, ke, ni, j, err) < 0)
		return IKEV2_INIT_FAILED;
	init_detect_nat(in, m);
	init_detect_frag(in, m);
	return IKEV2_INIT_DONE;
}

int ikev2_init_accept_finish(struct ikev2_init *in, struct ikev2_dh_job *j, struct ikev2_blob *out,
			     struct ikev2_err *err)
{
	if (init_derive_finish(in, j, err) < 0)
		return -1;
	return answer(in, out, err);
}

enum ikev2_init_result ikev2_init_accept(struct ikev2_init *in, const struct ike_proposal *pp,
					 const struct sockaddr_in *local, const struct sockaddr_in *remote,
					 const struct ikev2_msg *m, const uint8_t *raw, size_t len,
					 struct ikev2_blob *out, struct ikev2_err *err)
{
	struct ikev2_dh_job j;
	enum ikev2_init_result r = ikev2_init_accept_start(in, pp, local, remote, m, raw, len, &j, out, err);

	if (r == IKEV2_INIT_DONE) {
		ikev2_dh_job_run(&j);
		r = ikev2_init_accept_finish(in, &j, out, err) < 0 ? IKEV2_INIT_FAILED : IKEV2_INIT_DONE;
	}
	ikev2_dh_job_fini(&j);
	return r;
}
