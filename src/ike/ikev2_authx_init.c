/* IKE_AUTH: the initiator (its request, the responder's answer), in a _start and a _finish around the signatures. */
#include "ike/ikev2_authx_int.h"

#include "ike/ikev2_skmsg.h"

int ikev2_authx_request_start(const struct ikev2_init *in, const struct ikev2_authx_conf *ac,
			      struct ikev2_authx_work *w, struct ikev2_err *err)
{
	*w = (struct ikev2_authx_work){0};
	return authx_sign_start(in, ac, w, err);
}

int ikev2_authx_request_finish(const struct ikev2_init *in, const struct ikev2_authx_conf *ac,
			       const struct ikev2_child *c, struct ikev2_authx_work *w, struct ikev2_blob *out,
			       struct ikev2_err *err)
{
	struct ikev2_pl *inner = NULL;
	int rc = -1;

	if (authx_add_id_auth(in, ac, w, &inner, err) == 0 &&
	    ikev2_modecfg_add_request(&ac->ac_cfg, &inner, err) == 0 && authx_add_child(in, c, &inner, err) == 0)
		rc = ikev2_sk_send(in, IKEV2_EXCH_IKE_AUTH, 0, 1, inner, out, err);
	ikev2_pl_list_free(inner);
	return rc;
}

int ikev2_authx_request(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, const struct ikev2_child *c,
			struct ikev2_blob *out, struct ikev2_err *err)
{
	struct ikev2_authx_work w;
	int rc = ikev2_authx_request_start(in, ac, &w, err);

	if (rc == 0) {
		ikev2_authx_work_run(&w);
		rc = ikev2_authx_request_finish(in, ac, c, &w, out, err);
	}
	ikev2_authx_work_fini(&w);
	return rc;
}

/* The first error notify (§3.10.1: below 16384) of a chain, or NULL. */
static const struct ikev2_pl *error_notify(const struct ikev2_pl *list)
{
	for (const struct ikev2_pl *pl = list; pl; pl = pl->pl_next)
		if (pl->pl_type == IKEV2_PL_NOTIFY && pl->pl_notify.no_type < IKEV2_N_STATUS_FIRST)
			return pl;
	return NULL;
}

bool ikev2_authx_we_refused(const struct ikev2_err *err)
{
	return err->e_notify == IKEV2_N_AUTHENTICATION_FAILED && err->e_payload != IKEV2_PL_NOTIFY;
}

int ikev2_authx_response_start(const struct ikev2_init *in, const struct ikev2_authx_conf *ac,
			       const struct ikev2_msg *m, const uint8_t *raw, size_t len, struct ikev2_authx_work *w,
			       struct ikev2_err *err)
{
	const struct ikev2_pl *bad;

	*w = (struct ikev2_authx_work){0};
	if (m->m_exchange != IKEV2_EXCH_IKE_AUTH || !(m->m_flags & IKEV2_FLAG_RESPONSE) || m->m_msgid != 1)
		return authx_fail(err, 0, IKEV2_PL_NONE, "not the response to our IKE_AUTH");
	switch (ikev2_sk_receive(in, m, raw, len, &w->aw_inner, err)) {
	case IKEV2_SK_RX_SEALED: /* not authentic, whatever it held: dropped, the exchange goes on (§2.21) */
		err->e_notify = 0;
		return -1;
	case IKEV2_SK_RX_PAYLOADS: /* authentic but broken: the exchange fails with the decoder's error */
		return -1;
	case IKEV2_SK_RX_OK:
		break;
	}
	if ((bad = error_notify(w->aw_inner)))
		return authx_fail(err, bad->pl_notify.no_type, IKEV2_PL_NOTIFY, "the responder refused IKE_AUTH");
	return authx_verify_start(in, ac, w, err);
}

int ikev2_authx_response_finish(const struct ikev2_init *in, struct ikev2_authx_conf *ac, struct ikev2_child *c,
				struct ikev2_authx_work *w, struct ikev2_err *err)
{
	if (authx_verify_finish(in, ac, w, err) < 0 || authx_choose_child(in, c, w->aw_inner, err) < 0)
		return -1;
	return ikev2_modecfg_take_reply(&ac->ac_cfg, w->aw_inner, err);
}

int ikev2_authx_response(const struct ikev2_init *in, struct ikev2_authx_conf *ac, struct ikev2_child *c,
			 const struct ikev2_msg *m, const uint8_t *raw, size_t len, struct ikev2_err *err)
{
	struct ikev2_authx_work w;
	int rc = ikev2_authx_response_start(in, ac, m, raw, len, &w, err);

	if (rc == 0) {
		ikev2_authx_work_run(&w);
		rc = ikev2_authx_response_finish(in, ac, c, &w, err);
	}
	ikev2_authx_work_fini(&w);
	return rc;
}
