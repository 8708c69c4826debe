/*
 * The encrypted payloads: SK (RFC 7296 §3.14) and SKF (RFC 7383 §2.5).
 * Their body stays whole until the negotiated cipher tells how to cut it.
 */
#include "ike/ikev2_pl.h"

static void sk_io(struct ikev2_io *io, struct ikev2_pl *pl)
{
	io_blob_rest(io, &pl->pl_sk.sk_body);
}

static void skf_io(struct ikev2_io *io, struct ikev2_pl *pl)
{
	struct ikev2_sk *sk = &pl->pl_sk;

	io_u16(io, &sk->sk_frag_num);
	io_u16(io, &sk->sk_frag_total);
	if (io_ok(io) && (sk->sk_frag_num == 0 || sk->sk_frag_num > sk->sk_frag_total))
		io_fail(io, IKEV2_N_INVALID_SYNTAX, "fragment number zero or above the total");
	io_blob_rest(io, &sk->sk_body);
}

static void sk_free(struct ikev2_pl *pl)
{
	ikev2_blob_free(&pl->pl_sk.sk_body);
}

int ikev2_sk_split(const struct ikev2_sk *sk, size_t iv_len, size_t icv_len, struct ikev2_sk_parts *parts,
		   struct ikev2_err *err)
{
	const uint8_t *body = sk->sk_body.bl_data;
	size_t len = sk->sk_body.bl_len;

	if (len < iv_len || len - iv_len < icv_len) {
		*err = (struct ikev2_err){.e_notify = IKEV2_N_INVALID_SYNTAX,
					  .e_payload = IKEV2_PL_SK,
					  .e_what = "encrypted payload shorter than its IV and ICV"};
		return -1;
	}
	*parts = (struct ikev2_sk_parts){.sp_iv = body,
					 .sp_iv_len = iv_len,
					 .sp_ct = body + iv_len,
					 .sp_ct_len = len - iv_len - icv_len,
					 .sp_icv = body + len - icv_len,
					 .sp_icv_len = icv_len};
	return 0;
}

const struct ikev2_layout ikev2_layout_sk = {sk_io, sk_free};
const struct ikev2_layout ikev2_layout_skf = {skf_io, sk_free};
