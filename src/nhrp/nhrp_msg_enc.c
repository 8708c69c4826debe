/* Encoding NHRP packets (nhrp_msg.h): the fixed header's lengths and checksum are patched in last. */
#include "dataplane/userspace/csum.h"
#include "nhrp/nhrp_msg_int.h"

/* ar$pktsz, ar$chksum and ar$extoff stay 0 here: nhrp_msg_encode patches them in. */
static int fixed_encode(struct nhrp_wr *w, const struct nhrp_msg *m)
{
	uint8_t h[NHRP_FIXED_LEN] = {0}; /* ar$pro.snap: zero with a short-form protocol type */

	h[FH_AFN + 1] = NHRP_AFN_IPV4;
	h[FH_PRO_TYPE] = NHRP_PRO_IPV4 >> 8;
	h[FH_HOPCNT] = m->nm_hopcnt;
	h[FH_VERSION] = NHRP_VERSION;
	h[FH_TYPE] = m->nm_type;
	h[FH_SHTL] = NHRP_ADDR_LEN;
	return nhrp_wr_put(w, h, sizeof(h));
}

static int mand_encode(struct nhrp_wr *w, const struct nhrp_msg *m)
{
	bool ind = nhrp_is_indication(m->nm_type);
	uint16_t err_offset = m->nm_type == NHRP_ERROR_IND ? m->nm_err_offset : 0;

	if (nhrp_wr_u8(w, NHRP_ADDR_LEN) < 0 || nhrp_wr_u8(w, NHRP_ADDR_LEN) < 0)
		return -1;
	if (!ind && (nhrp_wr_u16(w, m->nm_flags) < 0 || nhrp_wr_u32(w, m->nm_reqid) < 0))
		return -1;
	if (ind && (nhrp_wr_u16(w, 0) < 0 || nhrp_wr_u16(w, m->nm_code) < 0 || nhrp_wr_u16(w, err_offset) < 0))
		return -1;
	if (nhrp_wr_addr(w, m->nm_src_nbma) < 0 || nhrp_wr_addr(w, m->nm_src_proto) < 0 ||
	    nhrp_wr_addr(w, m->nm_dst_proto) < 0)
		return -1;
	return ind ? nhrp_wr_put(w, m->nm_data, m->nm_data_len) : nhrp_cie_list_encode(w, &m->nm_cies);
}

static int check(const struct nhrp_msg *m, struct nhrp_err *err)
{
	if (m->nm_type < NHRP_RES_REQUEST || m->nm_type > NHRP_TRAFFIC_IND)
		return nhrp_fail(err, NHRP_ERR_NONE, 0, "unknown packet type");
	if (m->nm_type == NHRP_ERROR_IND && m->nm_ext.ex_present)
		return nhrp_fail(err, NHRP_ERR_NONE, 0, "extensions in an error indication (RFC 2332 5.2.7)");
	if ((m->nm_ext.ex_present & (1u << NHRP_EXT_VENDOR)) && !nhrp_label_ext_fits(m))
		return nhrp_fail(err, NHRP_ERR_NONE, 0, "label extension: label count does not fit the packet");
	return 0;
}

ssize_t nhrp_msg_encode(const struct nhrp_msg *m, uint8_t *out, size_t cap, struct nhrp_err *err)
{
	struct nhrp_wr w = {.wr_buf = out, .wr_cap = cap, .wr_err = err};
	size_t extoff = 0;

	if (check(m, err) < 0 || fixed_encode(&w, m) < 0 || mand_encode(&w, m) < 0)
		return -1;
	if (m->nm_ext.ex_present) {
		extoff = w.wr_len;
		if (nhrp_ext_encode(&w, &m->nm_ext) < 0)
			return -1;
	}
	if (w.wr_len > UINT16_MAX)
		return nhrp_fail(err, NHRP_ERR_NONE, w.wr_len, "packet longer than 65535 bytes");
	nhrp_wr_patch16(&w, FH_PKTSZ, (uint16_t)w.wr_len);
	nhrp_wr_patch16(&w, FH_EXTOFF, (uint16_t)extoff);
	nhrp_wr_patch16(&w, FH_CHKSUM, inet_csum(out, w.wr_len));
	return (ssize_t)w.wr_len;
}
