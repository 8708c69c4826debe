/* Encrypted IKEv2 messages: seal a payload chain into SK, open SK into a chain. */
#include "ike/ikev2_skmsg.h"

#include "ike/ikev2_frag.h"
#include "ike/ikev2_sk.h"

int ikev2_sk_send(const struct ikev2_init *in, uint8_t exchange, uint8_t flags, uint32_t msgid,
		  const struct ikev2_pl *inner, struct ikev2_blob *out, struct ikev2_err *err)
{
	const struct ikev2_sk_keys *k = in->in_initiator ? &in->in_keys.ik_i2r : &in->in_keys.ik_r2i;
	struct ikev2_blob plain = {0};
	struct ikev2_pl *sk;
	struct ikev2_msg m;
	uint8_t first = IKEV2_PL_NONE;
	int rc = -1;

	ikev2_msg_init(&m, in->in_spi_i, in->in_spi_r, exchange,
		       (uint8_t)(flags | (in->in_initiator ? IKEV2_FLAG_INITIATOR : 0)), msgid);
	sk = ikev2_pl_add(&m.m_pl, IKEV2_PL_SK);
	if (!sk)
		*err = (struct ikev2_err){.e_what = "out of memory"};
	else if ((!inner || ikev2_chain_encode(inner, &plain, &first, err) == 0)) {
		sk->pl_sk.sk_next = first;
		/* An empty SK (INFORMATIONAL liveness or answer) still needs a valid pointer for memcpy. */
		rc = ikev2_msg_seal(k, &m, plain.bl_data ? plain.bl_data : (const uint8_t *)"", plain.bl_len, out, err);
		if (rc == 0 && (rc = ikev2_frag_send(in, k, &m, first, &plain, out, err)) < 0)
			ikev2_blob_free(out);
	}
	ikev2_blob_free(&plain);
	ikev2_msg_fini(&m);
	return rc;
}

enum ikev2_sk_rx ikev2_sk_receive(const struct ikev2_init *in, const struct ikev2_msg *m, const uint8_t *raw,
				  size_t len, struct ikev2_pl **inner, struct ikev2_err *err)
{
	const struct ikev2_sk_keys *k = in->in_initiator ? &in->in_keys.ik_r2i : &in->in_keys.ik_i2r;
	const struct ikev2_pl *last = m->m_pl;
	struct ikev2_secret plain = {0};
	int rc;

	*inner = NULL;
	while (last && last->pl_next)
		last = last->pl_next;
	if (!last || last->pl_type != IKEV2_PL_SK) {
		*err = (struct ikev2_err){.e_notify = IKEV2_N_INVALID_SYNTAX, .e_what = "no SK payload"};
		return IKEV2_SK_RX_SEALED;
	}
	if (ikev2_msg_open(k, raw, len, m, &plain, err) < 0)
		return IKEV2_SK_RX_SEALED;
	rc = ikev2_chain_decode(last->pl_sk.sk_next, plain.se_data, plain.se_len, inner, err);
	ikev2_secret_free(&plain);
	return rc < 0 ? IKEV2_SK_RX_PAYLOADS : IKEV2_SK_RX_OK;
}
