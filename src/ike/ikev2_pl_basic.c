/*
 * Payloads made of a few fixed fields and opaque data: KE (§3.4), IDi/IDr
 * (§3.5), CERT/CERTREQ (§3.6, §3.7), AUTH (§3.8, RFC 7427 §3), Nonce (§3.9),
 * Vendor ID (§3.12) and EAP (§3.16, kept raw).
 */
#include "ike/ikev2_pl.h"

static void ke_io(struct ikev2_io *io, struct ikev2_pl *pl)
{
	io_u16(io, &pl->pl_ke.ke_group);
	io_reserved(io, 2);
	io_blob_rest(io, &pl->pl_ke.ke_data);
}

static void ke_free(struct ikev2_pl *pl)
{
	ikev2_blob_free(&pl->pl_ke.ke_data);
}

/* Address identities have a fixed size; the others are free-form. */
static size_t id_fixed_len(uint8_t type)
{
	return type == IKEV2_ID_IPV4_ADDR ? 4 : type == IKEV2_ID_IPV6_ADDR ? 16 : 0;
}

static void id_io(struct ikev2_io *io, struct ikev2_pl *pl)
{
	struct ikev2_id *id = &pl->pl_id;
	size_t fixed;

	io_u8(io, &id->id_type);
	io_reserved(io, 3);
	io_blob_rest(io, &id->id_data);
	fixed = id_fixed_len(id->id_type);
	if (io_ok(io) && fixed && id->id_data.bl_len != fixed)
		io_fail(io, IKEV2_N_INVALID_SYNTAX, "identity address of the wrong size");
}

static void id_free(struct ikev2_pl *pl)
{
	ikev2_blob_free(&pl->pl_id.id_data);
}

static void cert_io(struct ikev2_io *io, struct ikev2_pl *pl)
{
	io_u8(io, &pl->pl_cert.ce_encoding);
	io_blob_rest(io, &pl->pl_cert.ce_data);
}

static void cert_free(struct ikev2_pl *pl)
{
	ikev2_blob_free(&pl->pl_cert.ce_data);
}

static void auth_io(struct ikev2_io *io, struct ikev2_pl *pl)
{
	struct ikev2_auth *au = &pl->pl_auth;
	size_t alg_len = au->au_alg.bl_len;

	io_u8(io, &au->au_method);
	io_reserved(io, 3);
	if (au->au_method == IKEV2_AUTH_DIGITAL_SIGNATURE) {
		io_count(io, &alg_len, 1);
		io_blob(io, &au->au_alg, alg_len);
	}
	io_blob_rest(io, &au->au_data);
}

static void auth_free(struct ikev2_pl *pl)
{
	ikev2_blob_free(&pl->pl_auth.au_alg);
	ikev2_blob_free(&pl->pl_auth.au_data);
}

static void data_io(struct ikev2_io *io, struct ikev2_pl *pl)
{
	io_blob_rest(io, &pl->pl_data);
}

static void nonce_io(struct ikev2_io *io, struct ikev2_pl *pl)
{
	io_blob_rest(io, &pl->pl_data);
	if (io_ok(io) && (pl->pl_data.bl_len < IKEV2_NONCE_MIN || pl->pl_data.bl_len > IKEV2_NONCE_MAX))
		io_fail(io, IKEV2_N_INVALID_SYNTAX, "nonce shorter than 16 or longer than 256 octets");
}

static void data_free(struct ikev2_pl *pl)
{
	ikev2_blob_free(&pl->pl_data);
}

const struct ikev2_layout ikev2_layout_ke = {ke_io, ke_free};
const struct ikev2_layout ikev2_layout_id = {id_io, id_free};
const struct ikev2_layout ikev2_layout_cert = {cert_io, cert_free};
const struct ikev2_layout ikev2_layout_auth = {auth_io, auth_free};
const struct ikev2_layout ikev2_layout_data = {data_io, data_free};
const struct ikev2_layout ikev2_layout_nonce = {nonce_io, data_free};
