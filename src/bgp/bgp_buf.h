/*
 * Bounds-checked big-endian reading and writing for the BGP codec. A read
 * past the end fails and consumes nothing; a writer that runs out of room
 * sets out_full and writes nothing more, so a message is built without a
 * check per field and tested once at the end.
 */
#ifndef FERRY_BGP_BGP_BUF_H
#define FERRY_BGP_BGP_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct bgp_in {
	const uint8_t *in_p;
	size_t in_left;
};

struct bgp_out {
	uint8_t *out_buf;
	size_t out_len, out_cap;
	bool out_full;
};

static inline struct bgp_in bgp_in_make(const uint8_t *p, size_t len)
{
	return (struct bgp_in){.in_p = p, .in_left = len};
}

/* Reads an unsigned big-endian number of width bytes (1-4). */
static inline bool in_uint(struct bgp_in *in, unsigned width, uint32_t *v)
{
	uint32_t x = 0;

	if (in->in_left < width)
		return false;
	for (unsigned i = 0; i < width; i++)
		x = x << 8 | in->in_p[i];
	in->in_p += width;
	in->in_left -= width;
	*v = x;
	return true;
}

static inline bool in_u8(struct bgp_in *in, uint8_t *v)
{
	uint32_t x;

	if (!in_uint(in, 1, &x))
		return false;
	*v = (uint8_t)x;
	return true;
}

static inline bool in_u16(struct bgp_in *in, uint16_t *v)
{
	uint32_t x;

	if (!in_uint(in, 2, &x))
		return false;
	*v = (uint16_t)x;
	return true;
}

static inline bool in_u32(struct bgp_in *in, uint32_t *v)
{
	return in_uint(in, 4, v);
}

/* Splits the next n bytes off into *sub. */
static inline bool in_sub(struct bgp_in *in, size_t n, struct bgp_in *sub)
{
	if (in->in_left < n)
		return false;
	*sub = bgp_in_make(in->in_p, n);
	in->in_p += n;
	in->in_left -= n;
	return true;
}

static inline bool in_copy(struct bgp_in *in, void *dst, size_t n)
{
	struct bgp_in sub;

	if (!in_sub(in, n, &sub))
		return false;
	if (n)
		memcpy(dst, sub.in_p, n);
	return true;
}

static inline struct bgp_out bgp_out_make(uint8_t *buf, size_t cap)
{
	return (struct bgp_out){.out_buf = buf, .out_cap = cap};
}

/*
 * Reserves n bytes and returns them, or NULL (and out_full) when they do not
 * fit. out_cap may be lowered below out_len to keep room for what follows.
 */
static inline uint8_t *out_room(struct bgp_out *o, size_t n)
{
	uint8_t *p;

	if (o->out_full || o->out_len > o->out_cap || o->out_cap - o->out_len < n) {
		o->out_full = true;
		return NULL;
	}
	p = o->out_buf + o->out_len;
	o->out_len += n;
	return p;
}

static inline void put_uint(uint8_t *p, unsigned width, uint32_t v)
{
	for (unsigned i = width; i-- > 0; v >>= 8)
		p[i] = (uint8_t)v;
}

static inline void out_uint(struct bgp_out *o, unsigned width, uint32_t v)
{
	uint8_t *p = out_room(o, width);

	if (p)
		put_uint(p, width, v);
}

static inline void out_u8(struct bgp_out *o, uint32_t v)
{
	out_uint(o, 1, v);
}

static inline void out_u16(struct bgp_out *o, uint32_t v)
{
	out_uint(o, 2, v);
}

static inline void out_u32(struct bgp_out *o, uint32_t v)
{
	out_uint(o, 4, v);
}

static inline void out_bytes(struct bgp_out *o, const void *src, size_t n)
{
	uint8_t *p = out_room(o, n);

	if (p && n)
		memcpy(p, src, n);
}

/* Writes a big-endian number over bytes already reserved at offset at. */
static inline void out_patch(struct bgp_out *o, size_t at, unsigned width, uint32_t v)
{
	if (!o->out_full)
		put_uint(o->out_buf + at, width, v);
}

#endif
