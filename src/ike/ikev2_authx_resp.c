/* IKE_AUTH: the responder. */
#include "ike/ikev2_authx_int.h"

#include "ike/ikev2_critical.h"
#include "ike/ikev2_skmsg.h"

/* An encrypted answer holding the error notify *err names (§2.21.2). */
static enum ikev2_init_result refuse(const struct ikev2_init *in, struct ikev2_blob *out, struct ikev2_err *err)
{
	struct ikev2_pl *inner = NULL;
	struct ikev2_err why = *err;
	int rc = -1;

	if (ikev2_critical_error_notify(&inner, &why, IKEV2_N_AUTHENTICATION_FAILED) == 0)
		rc = ikev2_sk_send(in, IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_RESPONSE, 1, inner, out, err);
	ikev2_pl_list_free(inner);
	*err = why;
	return rc < 0 ? IKEV2_INIT_FAILED : IKEV2_INIT_REFUSED;
}

static int answer(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, const struct ikev2_child *c,
		  struct ikev2_authx_work *w, struct ikev2_blob *out, struct ikev2_err *err)
{
	struct ikev2_pl *inner = NULL;
	int rc = -1;

	if (authx_add_id_auth(in, ac, w, &inner, err) == 0 && ikev2_modecfg_add_reply(&ac->ac_cfg, &inner, err) == 0 &&
	    authx_add_child(in, c, &inner, err) == 0)
		rc = ikev2_sk_send(in, IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_RESPONSE, 1, inner, out, err);
	ikev2_pl_list_free(inner);
	return rc;
}

/* Who the peer is, and the signature work its AUTH and ours need. */
static int start_request(const struct ikev2_init *in, ikev2_authx_lookup_fn *lookup, void *arg,
			 struct ikev2_authx_conf *ac, struct ikev2_authx_work *w, struct ikev2_err *err)
{
	const struct ikev2_pl *idi = ikev2_pl_find(w->aw_inner, IKEV2_PL_IDI);

	if (!idi)
		return authx_fail(err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_IDI, "IKE_AUTH without IDi");
	if (lookup(arg, &idi->pl_id, w->aw_inner, &in->in_remote, ac) < 0)
		return authx_fail(err, IKEV2_N_AUTHENTICATION_FAILED, IKEV2_PL_IDI,
				  "no IKEv2 profile matches the peer");
	if (authx_verify_start(in, ac, w, err) < 0)
		return -1;
	return authx_sign_start(in, ac, w, err);
}

/* Whether the peer's AUTH held, and the CHILD_SA and mode config it asks for. */
static int finish_request(const struct ikev2_init *in, struct ikev2_authx_conf *ac, struct ikev2_child *c,
			  const struct ikev2_authx_work *w, struct ikev2_err *err)
{
	if (authx_verify_finish(in, ac, w, err) < 0)
		return -1;
	if (ikev2_child_init(c, in->in_local.sin_addr, in->in_remote.sin_addr) < 0)
		return authx_fail(err, 0, IKEV2_PL_NONE, "no randomness");
	/* IOS accepts only the transform sets of the peer's IPsec profile, not every suite Ferry runs. */
	c->cs_offer = ac->ac_esp;
	if (ikev2_esp_offer_empty(&c->cs_offer))
		return authx_fail(err, IKEV2_N_NO_PROPOSAL_CHOSEN, IKEV2_PL_SA,
				  "the IPsec profile's transform sets hold no transform Ferry runs");
	if (authx_choose_child(in, c, w->aw_inner, err) < 0)
		return -1;
	return ikev2_modecfg_accept(&ac->ac_cfg, ac->ac_cfg_assign, ac->ac_cfg_arg, w->aw_inner, err);
}

enum ikev2_init_result ikev2_authx_accept_start(const struct ikev2_init *in, ikev2_authx_lookup_fn *lookup, void *arg,
						struct ikev2_authx_conf *ac, struct ikev2_child *c,
						const struct ikev2_msg *m, const uint8_t *raw, size_t len,
						struct ikev2_authx_work *w, struct ikev2_blob *out,
						struct ikev2_err *err)
{
	*ac = (struct ikev2_authx_conf){0};
	*c = (struct ikev2_child){0};
	*w = (struct ikev2_authx_work){0};
	if (m->m_exchange != IKEV2_EXCH_IKE_AUTH || (m->m_flags & IKEV2_FLAG_RESPONSE) || m->m_msgid != 1) {
		authx_fail(err, 0, IKEV2_PL_NONE, "not an IKE_AUTH request");
		return IKEV2_INIT_FAILED;
	}
	switch (ikev2_sk_receive(in, m, raw, len, &w->aw_inner, err)) {
	case IKEV2_SK_RX_SEALED:
		return IKEV2_INIT_FAILED;
	case IKEV2_SK_RX_PAYLOADS: /* authentic: UNSUPPORTED_CRITICAL_PAYLOAD or INVALID_SYNTAX (§2.5, §2.21.2) */
		return refuse(in, out, err);
	case IKEV2_SK_RX_OK:
		break;
	}
	if (start_request(in, lookup, arg, ac, w, err) < 0)
		return refuse(in, out, err);
	return IKEV2_INIT_DONE;
}

enum ikev2_init_result ikev2_authx_accept_finish(const struct ikev2_init *in, struct ikev2_authx_conf *ac,
						 struct ikev2_child *c, struct ikev2_authx_work *w,
						 struct ikev2_blob *out, struct ikev2_err *err)
{
	if (finish_request(in, ac, c, w, err) < 0)
		return refuse(in, out, err);
	return answer(in, ac, c, w, out, err) == 0 ? IKEV2_INIT_DONE : IKEV2_INIT_FAILED;
}

enum ikev2_init_result ikev2_authx_accept(const struct ikev2_init *in, ikev2_authx_lookup_fn *lookup, void *arg,
					  struct ikev2_authx_conf *ac, struct ikev2_child *c, const struct ikev2_msg *m,
					  const uint8_t *raw, size_t len, struct ikev2_blob *out, struct ikev2_err *err)
{
	struct ikev2_authx_work w;
	enum ikev2_init_result r = ikev2_authx_accept_start(in, lookup, arg, ac, c, m, raw, len, &w, out, err);

	if (r == IKEV2_INIT_DONE) {
		ikev2_authx_work_run(&w);
		r = ikev2_authx_accept_finish(in, ac, c, &w, out, err);
	}
	ikev2_authx_work_fini(&w);
	return r;
}
