/*
 * One walker for both directions of the IKEv2 codec. A layout function
 * calls io_u8(io, &field), io_blob(io, &blob, n)... once per wire field:
 * decoding, each call reads the field into the structure; encoding, it
 * writes the structure's value. So each payload layout exists once.
 *
 * Decoding is bounds-checked against the innermost length-prefixed region
 * (a span). The first error sticks: later calls do nothing (decoded fields
 * stay zero), so a layout function needs no error check between fields,
 * only io_ok() in its loops.
 */
#ifndef FERRY_IKE_IKEV2_IO_H
#define FERRY_IKE_IKEV2_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike/ikev2_msg.h"

struct ikev2_io {
	bool io_enc;	      /* encoding: write fields; else decode them */
	const uint8_t *io_in; /* decoding: the input */
	uint8_t *io_out;      /* encoding: the output so far (malloc'd) */
	size_t io_pos;	      /* decoding: next octet to read; encoding: octets written */
	size_t io_end;	      /* decoding: end of the current span */
	size_t io_cap;	      /* encoding: octets allocated */
	uint8_t io_payload;   /* the payload in progress, for error reports */
	struct ikev2_err io_err;
	bool io_failed;
};

/* A length-prefixed region: decoding bounds reads to it, encoding patches its length. */
struct io_span {
	size_t sp_start;     /* the octet the length counts from */
	size_t sp_field;     /* where the length field is */
	size_t sp_outer_end; /* decoding: the enclosing region's end */
	unsigned sp_width;   /* of the length field: 2 or 4 octets */
};

void io_init_decode(struct ikev2_io *io, const uint8_t *buf, size_t len);
void io_init_encode(struct ikev2_io *io);
/* Ends a walk: 0 and (encoding) the output in *out, or -1 and *err; frees what the walk holds. */
int io_finish(struct ikev2_io *io, struct ikev2_blob *out, struct ikev2_err *err);

static inline bool io_ok(const struct ikev2_io *io)
{
	return !io->io_failed;
}

static inline bool io_dec(const struct ikev2_io *io)
{
	return !io->io_enc && !io->io_failed;
}

/* Decoding: octets left in the current span. */
static inline bool io_more(const struct ikev2_io *io)
{
	return io_dec(io) && io->io_pos < io->io_end;
}

/* Another element of a list without a count: encoding, while i < n; decoding, while the span has octets. */
static inline bool io_next(const struct ikev2_io *io, size_t i, size_t n)
{
	return io->io_enc ? !io->io_failed && i < n : io_more(io);
}

void io_fail(struct ikev2_io *io, uint16_t notify, const char *what);

void io_u8(struct ikev2_io *io, uint8_t *v);
void io_u16(struct ikev2_io *io, uint16_t *v);
void io_u32(struct ikev2_io *io, uint32_t *v);
void io_u64(struct ikev2_io *io, uint64_t *v);
/* Reserved octets: written as zero, ignored when read (§3.2). */
void io_reserved(struct ikev2_io *io, size_t n);
void io_bytes(struct ikev2_io *io, uint8_t *p, size_t n);
/* A count field of width octets: encoding writes *n (an error if it does not fit). */
void io_count(struct ikev2_io *io, size_t *n, unsigned width);
/* n octets into an owned blob (encoding: the blob, which must be n long). */
void io_blob(struct ikev2_io *io, struct ikev2_blob *b, size_t n);
/* The rest of the current span into an owned blob (encoding: the whole blob). */
void io_blob_rest(struct ikev2_io *io, struct ikev2_blob *b);
/* Decoding: skips the rest of the current span. */
void io_skip_rest(struct ikev2_io *io);

/* The length field of a region that began at start (an io->io_pos seen earlier). */
void io_span_begin(struct ikev2_io *io, struct io_span *sp, size_t start, unsigned width);
/* Decoding: the span must be used up; encoding: writes its length. */
void io_span_end(struct ikev2_io *io, struct io_span *sp);

/* A substructure's "last" octet: 0 on the last one, more on the others (§3.3.1, §3.3.2). */
void io_last(struct ikev2_io *io, bool *last, uint8_t more);
/*
 * An array of count elements whose count the wire gave: decoding allocates
 * it zeroed (each element needs at least min_size octets of the span, so a
 * lying count cannot allocate much); encoding checks *n == count.
 */
void io_array(struct ikev2_io *io, void **arr, size_t *n, size_t count, size_t size, size_t min_size);
/* Element i of a growing array: decoding appends a zeroed one. NULL on error. */
void *io_elem(struct ikev2_io *io, void **arr, size_t *n, size_t i, size_t size);

#endif
