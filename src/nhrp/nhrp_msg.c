/*
 * NHRP packets (RFC 2332 5.1-5.2, draft-detienne-dmvpn-01 for the traffic
 * indication): the fixed header, the mandatory part, then the CIEs
 * (nhrp_cie.c) or the packet an indication carries, then the extensions
 * (nhrp_ext.c) from ar$extoff.
 */
#include <string.h>

#include "dataplane/userspace/csum.h"
#include "nhrp/nhrp_msg_int.h"

static const char mand_truncated[] = "mandatory part truncated";

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static bool snap_zero(const uint8_t *buf)
{
	static const uint8_t zero[5];

	return memcmp(buf + FH_PRO_SNAP, zero, sizeof(zero)) == 0;
}

/* The fixed header's fields other than the lengths, which the caller has checked. */
static int fixed_fields(const uint8_t *buf, struct nhrp_msg *m, struct nhrp_err *err)
{
	if (be16(buf + FH_AFN) != NHRP_AFN_IPV4)
		return nhrp_fail(err, NHRP_ERR_PROTOCOL, FH_AFN, "ar$afn is not IPv4");
	if (be16(buf + FH_PRO_TYPE) != NHRP_PRO_IPV4 || !snap_zero(buf))
		return nhrp_fail(err, NHRP_ERR_PROTOCOL, FH_PRO_TYPE, "ar$pro is not IPv4");
	if (buf[FH_VERSION] != NHRP_VERSION)
		return nhrp_fail(err, NHRP_ERR_PROTOCOL, FH_VERSION, "ar$op.version is not 1");
	if (buf[FH_TYPE] < NHRP_RES_REQUEST || buf[FH_TYPE] > NHRP_TRAFFIC_IND)
		return nhrp_fail(err, NHRP_ERR_PROTOCOL, FH_TYPE, "unknown ar$op.type");
	if (buf[FH_SHTL] != NHRP_ADDR_LEN)
		return nhrp_fail(err, NHRP_ERR_PROTOCOL, FH_SHTL, "ar$shtl: NBMA address is not 4 bytes");
	if (buf[FH_SSTL] != 0)
		return nhrp_fail(err, NHRP_ERR_PROTOCOL, FH_SSTL, "ar$sstl: NBMA subaddress on IPv4");
	m->nm_type = buf[FH_TYPE];
	m->nm_hopcnt = buf[FH_HOPCNT];
	return 0;
}

/* Lengths and checksum first: a packet that fails them is dropped without an answer. */
static int fixed_decode(const uint8_t *buf, size_t len, struct nhrp_msg *m, uint16_t *extoff, struct nhrp_err *err)
{
	if (len < NHRP_FIXED_LEN)
		return nhrp_fail(err, NHRP_ERR_NONE, 0, "shorter than the NHRP fixed header");
	if (be16(buf + FH_PKTSZ) != len)
		return nhrp_fail(err, NHRP_ERR_NONE, FH_PKTSZ, "ar$pktsz disagrees with the packet's length");
	if (inet_csum(buf, len) != 0)
		return nhrp_fail(err, NHRP_ERR_NONE, FH_CHKSUM, "bad ar$chksum");
	*extoff = be16(buf + FH_EXTOFF);
	if (*extoff != 0 && (*extoff < NHRP_FIXED_LEN + NHRP_MAND_LEN || *extoff > len))
		return nhrp_fail(err, NHRP_ERR_PROTOCOL, FH_EXTOFF, "ar$extoff outside the packet");
	return fixed_fields(buf, m, err);
}

/* After the two protocol lengths: flags and request ID, or code and offset. */
static int mand_words(struct nhrp_rd *r, struct nhrp_msg *m)
{
	const char *trunc = mand_truncated;
	uint16_t unused;

	if (!nhrp_is_indication(m->nm_type))
		return nhrp_rd_u16(r, &m->nm_flags, trunc) < 0 ? -1 : nhrp_rd_u32(r, &m->nm_reqid, trunc);
	if (nhrp_rd_u16(r, &unused, trunc) < 0 || nhrp_rd_u16(r, &m->nm_code, trunc) < 0 ||
	    nhrp_rd_u16(r, &m->nm_err_offset, trunc) < 0)
		return -1;
	if (m->nm_type == NHRP_TRAFFIC_IND)
		m->nm_err_offset = 0; /* unused there */
	return 0;
}

static int mand_decode(struct nhrp_rd *r, struct nhrp_msg *m)
{
	const char *trunc = mand_truncated;
	uint8_t src_len, dst_len;

	if (nhrp_rd_u8(r, &src_len, trunc) < 0 || nhrp_rd_u8(r, &dst_len, trunc) < 0)
		return -1;
	if (src_len != NHRP_ADDR_LEN || dst_len != NHRP_ADDR_LEN) {
		r->rd_off -= 2;
		return nhrp_rd_fail(r, NHRP_ERR_PROTOCOL, "protocol address length is not 4");
	}
	if (mand_words(r, m) < 0 || nhrp_rd_addr(r, &m->nm_src_nbma, trunc) < 0 ||
	    nhrp_rd_addr(r, &m->nm_src_proto, trunc) < 0 || nhrp_rd_addr(r, &m->nm_dst_proto, trunc) < 0)
		return -1;
	if (!nhrp_is_indication(m->nm_type))
		return nhrp_cie_list_decode(r, &m->nm_cies);
	m->nm_data_len = nhrp_rd_left(r);
	m->nm_data = nhrp_rd_take(r, m->nm_data_len, trunc);
	return 0;
}

int nhrp_msg_decode(const uint8_t *buf, size_t len, struct nhrp_msg *m, struct nhrp_err *err)
{
	struct nhrp_rd all = {.rd_buf = buf, .rd_len = len, .rd_err = err}, body, ext;
	uint16_t extoff = 0;
	size_t body_end;

	memset(m, 0, sizeof(*m));
	if (fixed_decode(buf, len, m, &extoff, err) < 0)
		return -1;
	all.rd_off = NHRP_FIXED_LEN;
	body_end = extoff ? extoff : len;
	if (nhrp_rd_sub(&all, body_end - NHRP_FIXED_LEN, &body, "ar$extoff outside the packet") < 0 ||
	    nhrp_rd_sub(&all, len - body_end, &ext, "ar$extoff outside the packet") < 0 || mand_decode(&body, m) < 0)
		return -1;
	if (extoff && m->nm_type == NHRP_ERROR_IND)
		return nhrp_fail(err, NHRP_ERR_PROTOCOL, FH_EXTOFF,
				 "extensions in an error indication (RFC 2332 5.2.7)");
	if (extoff && nhrp_ext_decode(&ext, &m->nm_ext) < 0)
		return -1;
	if ((m->nm_ext.ex_present & (1u << NHRP_EXT_VENDOR)) && !nhrp_label_ext_fits(m))
		return nhrp_fail(err, NHRP_ERR_INVALID_EXT, body_end,
				 "label extension: label count does not fit the packet");
	return 0;
}
