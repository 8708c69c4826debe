/* COOKIE notifies in IKE_SA_INIT messages (RFC 7296 §2.6): the responder's check and challenge, the initiator's take.
 */
#include "ike/ikev2_cookie.h"

#include "ike/ikev2_init_int.h"

/* The answer that asks for a cookie: a COOKIE notify only, SPIr zero (§2.6). */
static enum ikev2_cookie_verdict challenge(const struct ikev2_cookie_jar *j, const struct ikev2_msg *m,
					   const struct ikev2_blob *ni, struct in_addr ipi, struct ikev2_blob *out)
{
	uint8_t cookie[IKEV2_COOKIE_LEN];
	struct ikev2_err err;
	struct ikev2_msg resp;
	int rc;

	if (ikev2_cookie_make(j, ni, ipi, m->m_spi_i, cookie) < 0)
		return IKEV2_COOKIE_DROP;
	ikev2_msg_init(&resp, m->m_spi_i, 0, IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_RESPONSE, 0);
	rc = init_add_notify(&resp.m_pl, IKEV2_N_COOKIE, cookie, sizeof(cookie));
	if (rc == 0)
		rc = ikev2_msg_encode(&resp, out, &err);
	ikev2_msg_fini(&resp);
	return rc < 0 ? IKEV2_COOKIE_DROP : IKEV2_COOKIE_CHALLENGE;
}

enum ikev2_cookie_verdict ikev2_cookie_check(const struct ikev2_cookie_jar *j, bool challenged,
					     const struct ikev2_msg *m, struct in_addr ipi, struct ikev2_blob *out)
{
	const struct ikev2_pl *first = m->m_pl;
	const struct ikev2_pl *np = ikev2_pl_find(m->m_pl, IKEV2_PL_NONCE);
	const struct ikev2_blob *cookie;

	if (!challenged)
		return IKEV2_COOKIE_PASS;
	/* Without a nonce the exchange fails anyway; answering it would only reflect traffic. */
	if (!np || np->pl_data.bl_len < IKEV2_NONCE_MIN || np->pl_data.bl_len > IKEV2_NONCE_MAX)
		return IKEV2_COOKIE_DROP;
	if (first && first->pl_type == IKEV2_PL_NOTIFY && first->pl_notify.no_type == IKEV2_N_COOKIE) {
		cookie = &first->pl_notify.no_data;
		if (ikev2_cookie_valid(j, cookie->bl_data, cookie->bl_len, &np->pl_data, ipi, m->m_spi_i))
			return IKEV2_COOKIE_PASS;
	}
	return challenge(j, m, &np->pl_data, ipi, out);
}

int ikev2_cookie_take(const struct ikev2_msg *resp, struct ikev2_blob *cookie)
{
	const struct ikev2_pl *pl = ikev2_notify_find(resp->m_pl, IKEV2_N_COOKIE);
	size_t len = pl ? pl->pl_notify.no_data.bl_len : 0;

	if (len < 1 || len > IKEV2_COOKIE_MAX)
		return -1;
	return ikev2_blob_set(cookie, pl->pl_notify.no_data.bl_data, len);
}

/* A fresh secret can make a responder ask once more; more than that is a peer not letting us in. */
#define COOKIE_TRIES 3

enum ikev2_init_result init_cookie_retry(struct ikev2_init *in, const struct ikev2_msg *m, struct ikev2_err *err)
{
	if (++in->in_cookie_tries > COOKIE_TRIES)
		return init_fail(err, 0, IKEV2_PL_NOTIFY, "the responder keeps asking for a cookie");
	ikev2_blob_free(&in->in_cookie);
	if (ikev2_cookie_take(m, &in->in_cookie) < 0)
		return init_fail(err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_NOTIFY, "COOKIE of a bad size");
	ikev2_blob_free(&in->in_req);
	return IKEV2_INIT_RETRY;
}
