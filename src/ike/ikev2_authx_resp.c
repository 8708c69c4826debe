/* IKE_AUTH: the responder. */
#include "ike/ikev2_authx_int.h"

#include "ike/ikev2_skmsg.h"

/* An encrypted answer holding the error notify *err names (§2.21.2). */
static enum ikev2_init_result refuse(const struct ikev2_init *in, struct ikev2_blob *out, struct ikev2_err *err)
{
	struct ikev2_pl *inner = NULL, *no = ikev2_pl_add(&inner, IKEV2_PL_NOTIFY);
	struct ikev2_err why = *err;
	int rc = -1;

	if (no) {
		no->pl_notify.no_type = why.e_notify ? why.e_notify : IKEV2_N_AUTHENTICATION_FAILED;
		rc = ikev2_sk_send(in, IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_RESPONSE, 1, inner, out, err);
	}
	ikev2_pl_list_free(inner);
	*err = why;
	return rc < 0 ? IKEV2_INIT_FAILED : IKEV2_INIT_REFUSED;
}

static int answer(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, const struct ikev2_child *c,
		  struct ikev2_blob *out, struct ikev2_err *err)
{
	struct ikev2_pl *inner = NULL;
	int rc = -1;

	if (authx_add_id_auth(in, ac, &inner, err) == 0 && ikev2_modecfg_add_reply(&ac->ac_cfg, &inner, err) == 0 &&
	    authx_add_child(in, c, &inner, err) == 0)
		rc = ikev2_sk_send(in, IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_RESPONSE, 1, inner, out, err);
	ikev2_pl_list_free(inner);
	return rc;
}

/* Who the peer is, whether its AUTH holds, and the CHILD_SA it asks for. */
static int check_request(const struct ikev2_init *in, ikev2_authx_lookup_fn *lookup, void *arg,
			 struct ikev2_authx_conf *ac, struct ikev2_child *c, const struct ikev2_pl *inner,
			 struct ikev2_err *err)
{
	const struct ikev2_pl *idi = ikev2_pl_find(inner, IKEV2_PL_IDI);

	if (!idi)
		return authx_fail(err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_IDI, "IKE_AUTH without IDi");
	if (lookup(arg, &idi->pl_id, &in->in_remote, ac) < 0)
		return authx_fail(err, IKEV2_N_AUTHENTICATION_FAILED, IKEV2_PL_IDI,
				  "no IKEv2 profile matches the peer");
	if (authx_verify_peer(in, ac, inner, err) < 0)
		return -1;
	if (ikev2_child_init(c, in->in_local.sin_addr, in->in_remote.sin_addr) < 0)
		return authx_fail(err, 0, IKEV2_PL_NONE, "no randomness");
	if (authx_choose_child(in, c, inner, err) < 0)
		return -1;
	return ikev2_modecfg_accept(&ac->ac_cfg, ac->ac_cfg_assign, ac->ac_cfg_arg, inner, err);
}

enum ikev2_init_result ikev2_authx_accept(const struct ikev2_init *in, ikev2_authx_lookup_fn *lookup, void *arg,
					  struct ikev2_authx_conf *ac, struct ikev2_child *c, const struct ikev2_msg *m,
					  const uint8_t *raw, size_t len, struct ikev2_blob *out, struct ikev2_err *err)
{
	struct ikev2_pl *inner = NULL;
	enum ikev2_init_result r = IKEV2_INIT_FAILED;

	*ac = (struct ikev2_authx_conf){0};
	*c = (struct ikev2_child){0};
	if (m->m_exchange != IKEV2_EXCH_IKE_AUTH || (m->m_flags & IKEV2_FLAG_RESPONSE) || m->m_msgid != 1) {
		authx_fail(err, 0, IKEV2_PL_NONE, "not an IKE_AUTH request");
		return IKEV2_INIT_FAILED;
	}
	if (ikev2_sk_receive(in, m, raw, len, &inner, err) < 0)
		return IKEV2_INIT_FAILED;
	if (check_request(in, lookup, arg, ac, c, inner, err) < 0)
		r = refuse(in, out, err);
	else if (answer(in, ac, c, out, err) == 0)
		r = IKEV2_INIT_DONE;
	ikev2_pl_list_free(inner);
	return r;
}
