/* The two-way field walker of the IKEv2 codec (see ikev2_io.h). */
#include <stdlib.h>
#include <string.h>

#include "ike/ikev2_io.h"

void io_init_decode(struct ikev2_io *io, const uint8_t *buf, size_t len)
{
	*io = (struct ikev2_io){.io_in = buf, .io_end = len};
}

void io_init_encode(struct ikev2_io *io)
{
	*io = (struct ikev2_io){.io_enc = true};
}

int io_finish(struct ikev2_io *io, struct ikev2_blob *out, struct ikev2_err *err)
{
	if (io->io_failed) {
		free(io->io_out);
		if (err)
			*err = io->io_err;
		return -1;
	}
	if (io->io_enc)
		*out = (struct ikev2_blob){.bl_data = io->io_out, .bl_len = io->io_pos};
	return 0;
}

void io_fail(struct ikev2_io *io, uint16_t notify, const char *what)
{
	if (io->io_failed)
		return;
	io->io_failed = true;
	io->io_err =
	    (struct ikev2_err){.e_notify = notify, .e_payload = io->io_payload, .e_offset = io->io_pos, .e_what = what};
}

/* Decoding: n more octets of the span, or NULL (and the walk fails). */
static const uint8_t *io_take(struct ikev2_io *io, size_t n)
{
	const uint8_t *p;

	if (io->io_failed)
		return NULL;
	if (n > io->io_end - io->io_pos) {
		io_fail(io, IKEV2_N_INVALID_SYNTAX, "truncated");
		return NULL;
	}
	p = n ? io->io_in + io->io_pos : NULL; /* nothing to point at: the input may be NULL when empty */
	io->io_pos += n;
	return p;
}

/* Encoding: room for n more octets, or NULL (and the walk fails). */
static uint8_t *io_room(struct ikev2_io *io, size_t n)
{
	uint8_t *p;

	if (io->io_failed)
		return NULL;
	if (n > io->io_cap - io->io_pos || !io->io_out) {
		size_t cap = io->io_cap ? io->io_cap : 256;
		while (cap - io->io_pos < n)
			cap *= 2;
		if (!(p = realloc(io->io_out, cap))) {
			io_fail(io, 0, "out of memory");
			return NULL;
		}
		io->io_out = p;
		io->io_cap = cap;
	}
	p = io->io_out + io->io_pos;
	io->io_pos += n;
	return p;
}

/* An unsigned big-endian field of width octets. */
static void io_uint(struct ikev2_io *io, uint64_t *v, unsigned width)
{
	if (io->io_enc) {
		uint8_t *p = io_room(io, width);
		for (unsigned i = 0; p && i < width; i++)
			p[i] = (uint8_t)(*v >> (8 * (width - 1 - i)));
	} else {
		const uint8_t *p = io_take(io, width);
		uint64_t x = 0;
		for (unsigned i = 0; p && i < width; i++)
			x = x << 8 | p[i];
		if (p)
			*v = x;
	}
}

void io_u8(struct ikev2_io *io, uint8_t *v)
{
	uint64_t x = *v;

	io_uint(io, &x, 1);
	*v = (uint8_t)x;
}

void io_u16(struct ikev2_io *io, uint16_t *v)
{
	uint64_t x = *v;

	io_uint(io, &x, 2);
	*v = (uint16_t)x;
}

void io_u32(struct ikev2_io *io, uint32_t *v)
{
	uint64_t x = *v;

	io_uint(io, &x, 4);
	*v = (uint32_t)x;
}

void io_u64(struct ikev2_io *io, uint64_t *v)
{
	io_uint(io, v, 8);
}

void io_reserved(struct ikev2_io *io, size_t n)
{
	uint8_t *p;

	if (!io->io_enc)
		io_take(io, n);
	else if ((p = io_room(io, n)))
		memset(p, 0, n);
}

void io_bytes(struct ikev2_io *io, uint8_t *buf, size_t n)
{
	if (io->io_enc) {
		uint8_t *p = io_room(io, n);
		if (p && n)
			memcpy(p, buf, n);
	} else {
		const uint8_t *p = io_take(io, n);
		if (p && n)
			memcpy(buf, p, n);
	}
}

void io_count(struct ikev2_io *io, size_t *n, unsigned width)
{
	uint64_t x = *n;

	if (io->io_enc && width < 8 && x >> (8 * width)) {
		io_fail(io, IKEV2_N_INVALID_SYNTAX, "count or size too large for its field");
		return;
	}
	io_uint(io, &x, width);
	*n = (size_t)x;
}

void io_blob(struct ikev2_io *io, struct ikev2_blob *b, size_t n)
{
	const uint8_t *p;

	if (io->io_enc) {
		if (b->bl_len != n)
			io_fail(io, IKEV2_N_INVALID_SYNTAX, "data length disagrees with its length field");
		else
			io_bytes(io, b->bl_data, n);
		return;
	}
	if (!(p = io_take(io, n)) || n == 0)
		return;
	if (!(b->bl_data = malloc(n))) {
		io_fail(io, 0, "out of memory");
		return;
	}
	memcpy(b->bl_data, p, n);
	b->bl_len = n;
}

void io_blob_rest(struct ikev2_io *io, struct ikev2_blob *b)
{
	io_blob(io, b, io->io_enc ? b->bl_len : io->io_end - io->io_pos);
}

void io_skip_rest(struct ikev2_io *io)
{
	if (io_dec(io))
		io->io_pos = io->io_end;
}

void io_span_begin(struct ikev2_io *io, struct io_span *sp, size_t start, unsigned width)
{
	uint64_t len = 0;

	*sp =
	    (struct io_span){.sp_start = start, .sp_field = io->io_pos, .sp_outer_end = io->io_end, .sp_width = width};
	io_uint(io, &len, width);
	if (!io_dec(io))
		return;
	if (len < io->io_pos - start || len > io->io_end - start)
		io_fail(io, IKEV2_N_INVALID_SYNTAX, "length field out of bounds");
	else
		io->io_end = start + len;
}

void io_span_end(struct ikev2_io *io, struct io_span *sp)
{
	size_t len = io->io_pos - sp->sp_start;

	if (io->io_failed)
		return;
	if (!io->io_enc) {
		if (io->io_pos != io->io_end)
			io_fail(io, IKEV2_N_INVALID_SYNTAX, "octets left over inside a length");
		io->io_end = sp->sp_outer_end;
		return;
	}
	if (sp->sp_width < 8 && len >> (8 * sp->sp_width)) {
		io_fail(io, IKEV2_N_INVALID_SYNTAX, "too long for its length field");
		return;
	}
	for (unsigned i = 0; i < sp->sp_width; i++)
		io->io_out[sp->sp_field + i] = (uint8_t)(len >> (8 * (sp->sp_width - 1 - i)));
}

void io_last(struct ikev2_io *io, bool *last, uint8_t more)
{
	uint8_t v = *last ? 0 : more;

	io_u8(io, &v);
	if (!io_dec(io))
		return;
	if (v != 0 && v != more)
		io_fail(io, IKEV2_N_INVALID_SYNTAX, "bad last-substructure value");
	*last = v == 0;
}

void io_array(struct ikev2_io *io, void **arr, size_t *n, size_t count, size_t size, size_t min_size)
{
	if (io->io_failed)
		return;
	if (io->io_enc) {
		if (*n != count)
			io_fail(io, IKEV2_N_INVALID_SYNTAX, "element count disagrees");
		return;
	}
	if (count > (io->io_end - io->io_pos) / min_size) {
		io_fail(io, IKEV2_N_INVALID_SYNTAX, "count larger than the payload holds");
		return;
	}
	if (count && !(*arr = calloc(count, size))) {
		io_fail(io, 0, "out of memory");
		return;
	}
	*n = count;
}

void *io_elem(struct ikev2_io *io, void **arr, size_t *n, size_t i, size_t size)
{
	uint8_t *a = *arr;

	if (io->io_failed)
		return NULL;
	if (io->io_enc)
		return i < *n ? a + i * size : NULL;
	/* Capacity doubles at each power of two, so appends stay linear. */
	if ((i & (i - 1)) == 0) {
		if (!(a = realloc(a, (i ? 2 * i : 1) * size))) {
			io_fail(io, 0, "out of memory");
			return NULL;
		}
		*arr = a;
	}
	memset(a + i * size, 0, size);
	*n = i + 1;
	return a + i * size;
}
