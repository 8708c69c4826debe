/* Client Information Entries (RFC 2332 5.2.0.1), IPv4 only: addresses of 4 bytes or absent. */
#include "nhrp/nhrp_msg_int.h"

/* An address length byte: 0 (absent) or 4; anything else (E.164 types, other sizes) is refused. */
static int addr_len(struct nhrp_rd *r, bool *has, const char *what)
{
	uint8_t v;

	if (nhrp_rd_u8(r, &v, what) < 0)
		return -1;
	if (v != 0 && v != NHRP_ADDR_LEN) {
		r->rd_off--; /* the error offset names the length byte */
		return nhrp_rd_fail(r, NHRP_ERR_PROTOCOL, what);
	}
	*has = v != 0;
	return 0;
}

/* 0-32 bits, or 255: a registration with the U bit (RFC 2332 5.2.3). */
static bool prefix_len_valid(uint8_t len)
{
	return len <= 32 || len == NHRP_PREFIX_UNIQUE;
}

static int cie_lengths(struct nhrp_rd *r, struct nhrp_cie *c)
{
	bool has_sub;

	if (addr_len(r, &c->ci_has_nbma, "CIE: client NBMA address length not 0 or 4") < 0 ||
	    addr_len(r, &has_sub, "CIE: client NBMA subaddress length not 0 or 4") < 0)
		return -1;
	if (has_sub) {
		r->rd_off--;
		return nhrp_rd_fail(r, NHRP_ERR_PROTOCOL, "CIE: NBMA subaddress on IPv4");
	}
	return addr_len(r, &c->ci_has_proto, "CIE: client protocol address length not 0 or 4");
}

static int cie_decode(struct nhrp_rd *r, struct nhrp_cie *c)
{
	const char *trunc = "CIE truncated";
	uint16_t unused;

	if (nhrp_rd_u8(r, &c->ci_code, trunc) < 0 || nhrp_rd_u8(r, &c->ci_prefix_len, trunc) < 0 ||
	    nhrp_rd_u16(r, &unused, trunc) < 0 || nhrp_rd_u16(r, &c->ci_mtu, trunc) < 0 ||
	    nhrp_rd_u16(r, &c->ci_holdtime, trunc) < 0 || cie_lengths(r, c) < 0 ||
	    nhrp_rd_u8(r, &c->ci_preference, trunc) < 0)
		return -1;
	if (!prefix_len_valid(c->ci_prefix_len)) {
		r->rd_off -= NHRP_CIE_LEN - 1;
		return nhrp_rd_fail(r, NHRP_ERR_PROTOCOL, "CIE: prefix length neither 0-32 nor 255");
	}
	if (c->ci_has_nbma && nhrp_rd_addr(r, &c->ci_nbma, "CIE: client NBMA address truncated") < 0)
		return -1;
	if (c->ci_has_proto && nhrp_rd_addr(r, &c->ci_proto, "CIE: client protocol address truncated") < 0)
		return -1;
	return 0;
}

int nhrp_cie_list_decode(struct nhrp_rd *r, struct nhrp_cie_list *l)
{
	l->cl_n = 0;
	while (nhrp_rd_left(r) > 0) {
		if (l->cl_n == NHRP_CIE_MAX)
			return nhrp_rd_fail(r, NHRP_ERR_PROTOCOL, "more CIEs than Ferry takes in one list");
		if (cie_decode(r, &l->cl_cie[l->cl_n]) < 0)
			return -1;
		l->cl_n++;
	}
	return 0;
}

static int cie_encode(struct nhrp_wr *w, const struct nhrp_cie *c)
{
	uint8_t nbma_len = c->ci_has_nbma ? NHRP_ADDR_LEN : 0, proto_len = c->ci_has_proto ? NHRP_ADDR_LEN : 0;

	if (!prefix_len_valid(c->ci_prefix_len))
		return nhrp_fail(w->wr_err, NHRP_ERR_NONE, w->wr_len, "CIE: prefix length neither 0-32 nor 255");
	if (nhrp_wr_u8(w, c->ci_code) < 0 || nhrp_wr_u8(w, c->ci_prefix_len) < 0 || nhrp_wr_u16(w, 0) < 0 ||
	    nhrp_wr_u16(w, c->ci_mtu) < 0 || nhrp_wr_u16(w, c->ci_holdtime) < 0 || nhrp_wr_u8(w, nbma_len) < 0 ||
	    nhrp_wr_u8(w, 0) < 0 || nhrp_wr_u8(w, proto_len) < 0 || nhrp_wr_u8(w, c->ci_preference) < 0)
		return -1;
	if (c->ci_has_nbma && nhrp_wr_addr(w, c->ci_nbma) < 0)
		return -1;
	if (c->ci_has_proto && nhrp_wr_addr(w, c->ci_proto) < 0)
		return -1;
	return 0;
}

int nhrp_cie_list_encode(struct nhrp_wr *w, const struct nhrp_cie_list *l)
{
	if (l->cl_n > NHRP_CIE_MAX)
		return nhrp_fail(w->wr_err, NHRP_ERR_NONE, w->wr_len, "more CIEs than NHRP_CIE_MAX");
	for (size_t i = 0; i < l->cl_n; i++)
		if (cie_encode(w, &l->cl_cie[i]) < 0)
			return -1;
	return 0;
}
