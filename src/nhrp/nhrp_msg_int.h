/* The NHRP codec's byte cursors, shared by its files (nhrp_msg.c, nhrp_cie.c, nhrp_ext.c, nhrp_label_ext.c). */
#ifndef FERRY_NHRP_NHRP_MSG_INT_H
#define FERRY_NHRP_NHRP_MSG_INT_H

#include "nhrp/nhrp_msg.h"

/* Fixed header offsets. */
enum {
	FH_AFN = 0,
	FH_PRO_TYPE = 2,
	FH_PRO_SNAP = 4,
	FH_HOPCNT = 9,
	FH_PKTSZ = 10,
	FH_CHKSUM = 12,
	FH_EXTOFF = 14,
	FH_VERSION = 16,
	FH_TYPE = 17,
	FH_SHTL = 18,
	FH_SSTL = 19,
};

/* Error and traffic indications share a layout: code and offset instead of flags and request ID. */
static inline bool nhrp_is_indication(uint8_t type)
{
	return type == NHRP_ERROR_IND || type == NHRP_TRAFFIC_IND;
}

/* Reads a bounded region; rd_base is the packet's offset of rd_buf[0], for error offsets. */
struct nhrp_rd {
	const uint8_t *rd_buf;
	size_t rd_len;
	size_t rd_off;
	size_t rd_base;
	struct nhrp_err *rd_err;
};

/* Writes into the caller's buffer; wr_len counts what was written. */
struct nhrp_wr {
	uint8_t *wr_buf;
	size_t wr_cap;
	size_t wr_len;
	struct nhrp_err *wr_err;
};

/* Fills *err; always -1, so that callers can return it. */
int nhrp_fail(struct nhrp_err *err, uint16_t code, size_t offset, const char *what);
int nhrp_rd_fail(const struct nhrp_rd *r, uint16_t code, const char *what);
/* The next n bytes, or NULL after filling the error (protocol error, what) when fewer are left. */
const uint8_t *nhrp_rd_take(struct nhrp_rd *r, size_t n, const char *what);
int nhrp_rd_u8(struct nhrp_rd *r, uint8_t *v, const char *what);
int nhrp_rd_u16(struct nhrp_rd *r, uint16_t *v, const char *what);
int nhrp_rd_u32(struct nhrp_rd *r, uint32_t *v, const char *what);
int nhrp_rd_addr(struct nhrp_rd *r, struct in_addr *a, const char *what);
/* A reader over the next n bytes of r (which skips them), or -1 when fewer are left. */
int nhrp_rd_sub(struct nhrp_rd *r, size_t n, struct nhrp_rd *sub, const char *what);
static inline size_t nhrp_rd_left(const struct nhrp_rd *r)
{
	return r->rd_len - r->rd_off;
}

/* Appends; -1 (error filled) when the buffer is full. */
int nhrp_wr_put(struct nhrp_wr *w, const void *p, size_t n);
int nhrp_wr_u8(struct nhrp_wr *w, uint8_t v);
int nhrp_wr_u16(struct nhrp_wr *w, uint16_t v);
int nhrp_wr_u32(struct nhrp_wr *w, uint32_t v);
int nhrp_wr_addr(struct nhrp_wr *w, struct in_addr a);
/* Writes v at offset at (< wr_len), for lengths known only afterwards. */
void nhrp_wr_patch16(struct nhrp_wr *w, size_t at, uint16_t v);

/* CIE lists (nhrp_cie.c): decode until r is exhausted; encode all of them. */
int nhrp_cie_list_decode(struct nhrp_rd *r, struct nhrp_cie_list *l);
int nhrp_cie_list_encode(struct nhrp_wr *w, const struct nhrp_cie_list *l);

/* The extension part (nhrp_ext.c): r spans from ar$extoff to the packet's end. */
int nhrp_ext_decode(struct nhrp_rd *r, struct nhrp_ext *e);
int nhrp_ext_encode(struct nhrp_wr *w, const struct nhrp_ext *e);

/*
 * Ferry's label extension (nhrp_label_ext.c) in a vendor-private
 * extension's value r: 1 when decoded into *le, 0 when it is another
 * vendor's or another version (skip it), -1 when malformed.
 */
int nhrp_label_ext_decode(struct nhrp_rd *r, struct nhrp_label_ext *le);
int nhrp_label_ext_encode(struct nhrp_wr *w, const struct nhrp_label_ext *le);
bool nhrp_label_ext_fits(const struct nhrp_msg *m);

#endif
