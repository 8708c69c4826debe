/* The NHRP codec's bounds-checked byte cursors (nhrp_msg_int.h). */
#include <string.h>

#include "nhrp/nhrp_msg_int.h"

int nhrp_fail(struct nhrp_err *err, uint16_t code, size_t offset, const char *what)
{
	err->ne_code = code;
	err->ne_offset = offset > UINT16_MAX ? UINT16_MAX : (uint16_t)offset;
	err->ne_what = what;
	return -1;
}

int nhrp_rd_fail(const struct nhrp_rd *r, uint16_t code, const char *what)
{
	return nhrp_fail(r->rd_err, code, r->rd_base + r->rd_off, what);
}

const uint8_t *nhrp_rd_take(struct nhrp_rd *r, size_t n, const char *what)
{
	const uint8_t *p;

	if (n > nhrp_rd_left(r)) {
		nhrp_rd_fail(r, NHRP_ERR_PROTOCOL, what);
		return NULL;
	}
	p = r->rd_buf + r->rd_off;
	r->rd_off += n;
	return p;
}

int nhrp_rd_u8(struct nhrp_rd *r, uint8_t *v, const char *what)
{
	const uint8_t *p = nhrp_rd_take(r, 1, what);

	if (!p)
		return -1;
	*v = p[0];
	return 0;
}

int nhrp_rd_u16(struct nhrp_rd *r, uint16_t *v, const char *what)
{
	const uint8_t *p = nhrp_rd_take(r, 2, what);

	if (!p)
		return -1;
	*v = (uint16_t)(p[0] << 8 | p[1]);
	return 0;
}

int nhrp_rd_u32(struct nhrp_rd *r, uint32_t *v, const char *what)
{
	const uint8_t *p = nhrp_rd_take(r, 4, what);

	if (!p)
		return -1;
	*v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return 0;
}

int nhrp_rd_addr(struct nhrp_rd *r, struct in_addr *a, const char *what)
{
	const uint8_t *p = nhrp_rd_take(r, NHRP_ADDR_LEN, what);

	if (!p)
		return -1;
	memcpy(&a->s_addr, p, NHRP_ADDR_LEN); /* already in network order */
	return 0;
}

int nhrp_rd_sub(struct nhrp_rd *r, size_t n, struct nhrp_rd *sub, const char *what)
{
	size_t base = r->rd_base + r->rd_off;
	const uint8_t *p = nhrp_rd_take(r, n, what);

	if (!p)
		return -1;
	*sub = (struct nhrp_rd){.rd_buf = p, .rd_len = n, .rd_base = base, .rd_err = r->rd_err};
	return 0;
}

int nhrp_wr_put(struct nhrp_wr *w, const void *p, size_t n)
{
	if (n > w->wr_cap - w->wr_len)
		return nhrp_fail(w->wr_err, NHRP_ERR_NONE, w->wr_len, "output buffer too small");
	if (n)
		memcpy(w->wr_buf + w->wr_len, p, n);
	w->wr_len += n;
	return 0;
}

int nhrp_wr_u8(struct nhrp_wr *w, uint8_t v)
{
	return nhrp_wr_put(w, &v, 1);
}

int nhrp_wr_u16(struct nhrp_wr *w, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};

	return nhrp_wr_put(w, b, sizeof(b));
}

int nhrp_wr_u32(struct nhrp_wr *w, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};

	return nhrp_wr_put(w, b, sizeof(b));
}

int nhrp_wr_addr(struct nhrp_wr *w, struct in_addr a)
{
	return nhrp_wr_put(w, &a.s_addr, NHRP_ADDR_LEN);
}

void nhrp_wr_patch16(struct nhrp_wr *w, size_t at, uint16_t v)
{
	w->wr_buf[at] = (uint8_t)(v >> 8);
	w->wr_buf[at + 1] = (uint8_t)v;
}
