/*
 * The extension part (RFC 2332 5.3): type/length/value records from
 * ar$extoff to the end of the packet, closed by End of Extensions. Known
 * extensions appear once; an unknown one is skipped unless its compulsory
 * bit asks the receiver to refuse the packet (code 1, its offset).
 */
#include <stddef.h>

#include "nhrp/nhrp_msg_int.h"

#define BIT(t) ((uint16_t)(1u << (t)))

/* The encoder's order; END closes the part. */
static const uint8_t ext_order[] = {NHRP_EXT_RESPONDER, NHRP_EXT_FWD_TRANSIT, NHRP_EXT_REV_TRANSIT,
				    NHRP_EXT_AUTH,	NHRP_EXT_VENDOR,      NHRP_EXT_NAT};

/* Where the extensions made of CIEs keep them; 0 for the others. */
static size_t cie_list_off(uint16_t type)
{
	switch (type) {
	case NHRP_EXT_RESPONDER:
		return offsetof(struct nhrp_ext, ex_responder);
	case NHRP_EXT_FWD_TRANSIT:
		return offsetof(struct nhrp_ext, ex_fwd_transit);
	case NHRP_EXT_REV_TRANSIT:
		return offsetof(struct nhrp_ext, ex_rev_transit);
	case NHRP_EXT_NAT:
		return offsetof(struct nhrp_ext, ex_nat);
	default:
		return 0;
	}
}

static int repeated(const struct nhrp_rd *v, size_t at)
{
	return nhrp_fail(v->rd_err, NHRP_ERR_INVALID_EXT, at, "extension repeated");
}

/* Only Ferry's own vendor-private extension counts as a repeat; other vendors' are passed over. */
static int vendor_decode(struct nhrp_rd *v, size_t at, struct nhrp_ext *e)
{
	struct nhrp_label_ext le = {0};
	int rc = nhrp_label_ext_decode(v, &le);

	if (rc == 1 && (e->ex_present & BIT(NHRP_EXT_VENDOR)))
		return repeated(v, at);
	if (rc == 1)
		e->ex_label = le;
	return rc;
}

/* One known extension's value; 0 when it was passed over as not ours. */
static int value_decode(struct nhrp_rd *v, uint16_t type, size_t at, struct nhrp_ext *e)
{
	struct nhrp_cie_list *l;

	if (type == NHRP_EXT_AUTH) {
		e->ex_auth = v->rd_buf;
		e->ex_auth_len = v->rd_len;
		return 1;
	}
	if (type == NHRP_EXT_VENDOR)
		return vendor_decode(v, at, e);
	l = (struct nhrp_cie_list *)((char *)e + cie_list_off(type));
	if (nhrp_cie_list_decode(v, l) < 0)
		return -1;
	if (type == NHRP_EXT_RESPONDER && l->cl_n > 1)
		return nhrp_fail(v->rd_err, NHRP_ERR_INVALID_EXT, v->rd_base, "responder address: more than one CIE");
	return 1;
}

static bool known(uint16_t type)
{
	return cie_list_off(type) || type == NHRP_EXT_AUTH || type == NHRP_EXT_VENDOR;
}

/* One extension after its header (type with its C bit, value v starting at offset at). */
static int one_decode(struct nhrp_rd *v, uint16_t type_c, size_t at, struct nhrp_ext *e)
{
	uint16_t type = type_c & NHRP_EXT_TYPE_MASK;
	int rc;

	if (!known(type)) {
		if (type_c & NHRP_EXT_COMPULSORY)
			return nhrp_fail(v->rd_err, NHRP_ERR_UNRECOGNIZED_EXT, at, "unknown compulsory extension");
		e->ex_skipped++;
		return 0;
	}
	if (type != NHRP_EXT_VENDOR && (e->ex_present & BIT(type)))
		return repeated(v, at);
	rc = value_decode(v, type, at, e);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		e->ex_skipped++;
		return 0;
	}
	e->ex_present |= BIT(type);
	if (type_c & NHRP_EXT_COMPULSORY)
		e->ex_compulsory |= BIT(type);
	return 0;
}

int nhrp_ext_decode(struct nhrp_rd *r, struct nhrp_ext *e)
{
	struct nhrp_rd v;
	uint16_t type_c, len;
	size_t at;

	while (nhrp_rd_left(r) > 0) {
		at = r->rd_base + r->rd_off;
		if (nhrp_rd_u16(r, &type_c, "extension header truncated") < 0 ||
		    nhrp_rd_u16(r, &len, "extension header truncated") < 0 ||
		    nhrp_rd_sub(r, len, &v, "extension longer than the packet") < 0)
			return -1;
		if ((type_c & NHRP_EXT_TYPE_MASK) != NHRP_EXT_END) {
			if (one_decode(&v, type_c, at, e) < 0)
				return -1;
			continue;
		}
		if (len != 0 || nhrp_rd_left(r) != 0)
			return nhrp_fail(r->rd_err, NHRP_ERR_PROTOCOL, at, "bytes after End of Extensions");
		e->ex_present |= BIT(NHRP_EXT_END);
		e->ex_compulsory |= type_c & NHRP_EXT_COMPULSORY ? BIT(NHRP_EXT_END) : 0;
		return 0;
	}
	return nhrp_rd_fail(r, NHRP_ERR_PROTOCOL, "extensions without End of Extensions");
}

static int value_encode(struct nhrp_wr *w, uint16_t type, const struct nhrp_ext *e)
{
	if (type == NHRP_EXT_END)
		return 0;
	if (type == NHRP_EXT_AUTH)
		return nhrp_wr_put(w, e->ex_auth, e->ex_auth_len);
	if (type == NHRP_EXT_VENDOR)
		return nhrp_label_ext_encode(w, &e->ex_label);
	return nhrp_cie_list_encode(w, (const struct nhrp_cie_list *)((const char *)e + cie_list_off(type)));
}

/* Header, value, then the length patched in. */
static int one_encode(struct nhrp_wr *w, uint16_t type, const struct nhrp_ext *e)
{
	/* RFC 2332 5.3.0: End of Extensions is always compulsory */
	uint16_t c = type == NHRP_EXT_END || (e->ex_compulsory & BIT(type)) ? NHRP_EXT_COMPULSORY : 0;
	size_t len_at = w->wr_len + 2;

	if (nhrp_wr_u16(w, type | c) < 0 || nhrp_wr_u16(w, 0) < 0 || value_encode(w, type, e) < 0)
		return -1;
	if (w->wr_len - len_at - 2 > UINT16_MAX)
		return nhrp_fail(w->wr_err, NHRP_ERR_NONE, len_at, "extension longer than 65535 bytes");
	nhrp_wr_patch16(w, len_at, (uint16_t)(w->wr_len - len_at - 2));
	return 0;
}

int nhrp_ext_encode(struct nhrp_wr *w, const struct nhrp_ext *e)
{
	if (e->ex_responder.cl_n > 1)
		return nhrp_fail(w->wr_err, NHRP_ERR_NONE, w->wr_len, "responder address: more than one CIE");
	for (size_t i = 0; i < sizeof(ext_order); i++)
		if ((e->ex_present & BIT(ext_order[i])) && one_encode(w, ext_order[i], e) < 0)
			return -1;
	return one_encode(w, NHRP_EXT_END, e);
}
