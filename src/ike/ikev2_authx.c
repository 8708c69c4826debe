/* IKE_AUTH: what both sides share, and the initiator. */
#include "ike/ikev2_authx_int.h"

#include <string.h>

#include "ike/ikev2_auth.h"
#include "ike/ikev2_cert.h"
#include "ike/ikev2_skmsg.h"

int authx_fail(struct ikev2_err *err, uint16_t notify, uint8_t payload, const char *what)
{
	*err = (struct ikev2_err){.e_notify = notify, .e_payload = payload, .e_what = what};
	return -1;
}

void ikev2_authx_conf_fini(struct ikev2_authx_conf *ac)
{
	ikev2_blob_free(&ac->ac_id.id_data);
	ikev2_blob_free(&ac->ac_peer_id.id_data);
	ikev2_secret_free(&ac->ac_psk_local);
	ikev2_secret_free(&ac->ac_psk_remote);
	ikev2_cert_conf_free(ac->ac_cert);
	ikev2_modecfg_fini(&ac->ac_cfg);
	*ac = (struct ikev2_authx_conf){0};
}

int authx_octets(const struct ikev2_init *in, bool by_initiator, const struct ikev2_pl *id, struct ikev2_blob *out,
		 struct ikev2_err *err)
{
	const struct ikev2_blob *msg = by_initiator ? &in->in_req : &in->in_resp;
	const struct ikev2_blob *nonce = by_initiator ? &in->in_nr : &in->in_ni;
	const struct ikev2_secret *sk_p = by_initiator ? &in->in_keys.ik_pi : &in->in_keys.ik_pr;
	struct ikev2_blob body = {0};
	int rc;

	if (ikev2_pl_body_encode(id, &body, err) < 0)
		return -1;
	rc = ikev2_auth_octets(in->in_suite.su_prf, sk_p, ikev2_chunk(msg->bl_data, msg->bl_len),
			       ikev2_chunk(nonce->bl_data, nonce->bl_len), ikev2_chunk(body.bl_data, body.bl_len), out);
	ikev2_blob_free(&body);
	return rc < 0 ? authx_fail(err, 0, IKEV2_PL_AUTH, "cannot compute the AUTH octets") : 0;
}

/* Our ID payload, from ac's identity. */
static struct ikev2_pl *add_id(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, struct ikev2_pl **list)
{
	struct ikev2_pl *id = ikev2_pl_add(list, in->in_initiator ? IKEV2_PL_IDI : IKEV2_PL_IDR);

	if (!id || ikev2_blob_set(&id->pl_id.id_data, ac->ac_id.id_data.bl_data, ac->ac_id.id_data.bl_len) < 0)
		return NULL;
	id->pl_id.id_type = ac->ac_id.id_type;
	return id;
}

int authx_sign_start(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, struct ikev2_authx_work *w,
		     struct ikev2_err *err)
{
	struct ikev2_pl *list = NULL, *id;
	int rc;

	if (!ac->ac_cert)
		return 0;
	if (!(id = add_id(in, ac, &list)))
		rc = authx_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	else
		rc = authx_sig_sign_job(in, ac, id, &w->aw_sign, err);
	ikev2_pl_list_free(list);
	return rc;
}

int authx_add_id_auth(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, struct ikev2_authx_work *w,
		      struct ikev2_pl **list, struct ikev2_err *err)
{
	struct ikev2_pl *id = add_id(in, ac, list);
	struct ikev2_pl *auth;
	struct ikev2_blob octets = {0};
	int rc;

	if (!id)
		return authx_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	if (ac->ac_cert)
		return authx_sig_add(in, ac, w->aw_sign, list, err);
	if (!(auth = ikev2_pl_add(list, IKEV2_PL_AUTH)))
		return authx_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	if (authx_octets(in, in->in_initiator, id, &octets, err) < 0)
		return -1;
	rc = ikev2_auth_psk(in->in_suite.su_prf, ikev2_secret_chunk(&ac->ac_psk_local),
			    ikev2_chunk(octets.bl_data, octets.bl_len), &auth->pl_auth);
	ikev2_blob_free(&octets);
	return rc < 0 ? authx_fail(err, 0, IKEV2_PL_AUTH, "cannot compute the AUTH") : 0;
}

/* The verified peer's identity, kept for show crypto ikev2 sa detailed. */
static int keep_peer_id(struct ikev2_authx_conf *ac, const struct ikev2_id *id, struct ikev2_err *err)
{
	ikev2_blob_free(&ac->ac_peer_id.id_data);
	ac->ac_peer_id.id_type = id->id_type;
	if (ikev2_blob_set(&ac->ac_peer_id.id_data, id->id_data.bl_data, id->id_data.bl_len) < 0)
		return authx_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	return 0;
}

/* The peer's ID and AUTH payloads; INVALID_SYNTAX without them. */
static int peer_id_auth(const struct ikev2_init *in, const struct ikev2_pl *inner, const struct ikev2_pl **id,
			const struct ikev2_pl **auth, struct ikev2_err *err)
{
	*id = ikev2_pl_find(inner, in->in_initiator ? IKEV2_PL_IDR : IKEV2_PL_IDI);
	*auth = ikev2_pl_find(inner, IKEV2_PL_AUTH);
	if (!*id || !*auth)
		return authx_fail(err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_AUTH, "IKE_AUTH without ID or AUTH");
	return 0;
}

int authx_verify_start(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, struct ikev2_authx_work *w,
		       struct ikev2_err *err)
{
	const struct ikev2_pl *id, *auth;

	if (peer_id_auth(in, w->aw_inner, &id, &auth, err) < 0)
		return -1;
	if (!ac->ac_cert)
		return 0;
	return authx_sig_verify_job(in, ac, w->aw_inner, id, &auth->pl_auth, &w->aw_verify, err);
}

/* Pre-shared keys: the peer's MIC over its octets. */
static int verify_psk(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, const struct ikev2_pl *id,
		      const struct ikev2_auth *auth, struct ikev2_err *err)
{
	struct ikev2_blob octets = {0};
	int rc;

	if (auth->au_method != IKEV2_AUTH_SHARED_KEY_MIC)
		return authx_fail(err, IKEV2_N_AUTHENTICATION_FAILED, IKEV2_PL_AUTH,
				  "peer does not use a pre-shared key");
	if (authx_octets(in, !in->in_initiator, id, &octets, err) < 0)
		return -1;
	rc = ikev2_auth_verify(NULL, in->in_suite.su_prf, ikev2_secret_chunk(&ac->ac_psk_remote), auth,
			       ikev2_chunk(octets.bl_data, octets.bl_len), err);
	ikev2_blob_free(&octets);
	return rc;
}

int authx_verify_finish(const struct ikev2_init *in, struct ikev2_authx_conf *ac, const struct ikev2_authx_work *w,
			struct ikev2_err *err)
{
	const struct ikev2_pl *id, *auth;
	int rc;

	if (peer_id_auth(in, w->aw_inner, &id, &auth, err) < 0)
		return -1;
	if (ac->ac_cert)
		rc = w->aw_verify ? authx_sig_verified(ac, w->aw_verify, err)
				  : authx_fail(err, IKEV2_N_AUTHENTICATION_FAILED, IKEV2_PL_AUTH, "not verified");
	else
		rc = verify_psk(in, ac, id, &auth->pl_auth, err);
	return rc < 0 ? -1 : keep_peer_id(ac, &id->pl_id, err);
}

static int add_child_sa(const struct ikev2_init *in, const struct ikev2_child *c, struct ikev2_pl *sa)
{
	uint8_t spi[4] = {(uint8_t)(c->cs_spi_in >> 24), (uint8_t)(c->cs_spi_in >> 16), (uint8_t)(c->cs_spi_in >> 8),
			  (uint8_t)c->cs_spi_in};

	if (in->in_initiator)
		return ikev2_child_offer(c, &sa->pl_sa);
	return ikev2_choice_to_sa(&c->cs_choice, spi, sizeof(spi), &sa->pl_sa);
}

int authx_add_child(const struct ikev2_init *in, const struct ikev2_child *c, struct ikev2_pl **list,
		    struct ikev2_err *err)
{
	struct ikev2_pl *sa, *mode;

	/* IOS proposes transport mode for GRE and takes tunnel mode when the peer answers without it. */
	if (in->in_initiator || c->cs_transport) {
		if (!(mode = ikev2_pl_add(list, IKEV2_PL_NOTIFY)))
			return authx_fail(err, 0, IKEV2_PL_NONE, "out of memory");
		mode->pl_notify.no_type = IKEV2_N_USE_TRANSPORT_MODE;
	}
	sa = ikev2_pl_add(list, IKEV2_PL_SA);
	if (!sa || add_child_sa(in, c, sa) < 0 || ikev2_child_add_ts(c, in->in_initiator, list) < 0)
		return authx_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	return 0;
}

int authx_choose_child(const struct ikev2_init *in, struct ikev2_child *c, const struct ikev2_pl *inner,
		       struct ikev2_err *err)
{
	const struct ikev2_pl *sa = ikev2_pl_find(inner, IKEV2_PL_SA);
	struct ikev2_sa ours;
	int rc;

	if (!sa)
		return authx_fail(err, IKEV2_N_NO_PROPOSAL_CHOSEN, IKEV2_PL_SA, "no CHILD_SA proposal");
	if (in->in_initiator && sa->pl_sa.sa_nprop != 1)
		return authx_fail(err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_SA, "the answer must hold one proposal");
	if (ikev2_child_offer(c, &ours) < 0)
		return authx_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	rc = ikev2_offer_choose(&sa->pl_sa, &ours, &c->cs_choice, err);
	ikev2_offer_free(&ours);
	if (rc < 0)
		return -1;
	c->cs_spi_out = c->cs_choice.ch_spi;
	c->cs_transport = ikev2_notify_find(inner, IKEV2_N_USE_TRANSPORT_MODE) != NULL;
	if (ikev2_child_check_ts(c, in->in_initiator, inner, err) < 0)
		return -1;
	if (ikev2_child_derive(c, in->in_suite.su_prf, &in->in_keys.ik_d, &in->in_ni, &in->in_nr, in->in_initiator) < 0)
		return authx_fail(err, 0, IKEV2_PL_NONE, "CHILD_SA key derivation failed");
	return 0;
}
