/*
 * A packet in a caller-provided buffer: the bytes in use, with free room
 * before them (headroom, where headers are pushed) and after them
 * (tailroom, where trailers are put). Nothing here allocates: every codec
 * of the userspace dataplane works in place on one of these, so a worker
 * can receive into a buffer with enough headroom for the outer headers it
 * will add and send from the same buffer.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_PKT_H
#define FERRY_DATAPLANE_USERSPACE_PKT_H

#include <stddef.h>
#include <stdint.h>

struct pkt {
	uint8_t *pkt_data;   /* first byte in use */
	size_t pkt_len;	     /* bytes in use */
	size_t pkt_headroom; /* free bytes before pkt_data */
	size_t pkt_tailroom; /* free bytes after pkt_data + pkt_len */
};

/* An empty packet in buf[0..size), its data starting after headroom bytes (<= size). */
static inline void pkt_init(struct pkt *p, uint8_t *buf, size_t size, size_t headroom)
{
	p->pkt_data = buf + headroom;
	p->pkt_len = 0;
	p->pkt_headroom = headroom;
	p->pkt_tailroom = size - headroom;
}

/* Prepends n bytes; returns where they start, or NULL when the headroom is too small. */
static inline uint8_t *pkt_push(struct pkt *p, size_t n)
{
	if (n > p->pkt_headroom)
		return NULL;
	p->pkt_data -= n;
	p->pkt_len += n;
	p->pkt_headroom -= n;
	return p->pkt_data;
}

/* Removes n bytes from the front; returns where they started, or NULL when shorter. */
static inline uint8_t *pkt_pull(struct pkt *p, size_t n)
{
	uint8_t *old = p->pkt_data;

	if (n > p->pkt_len)
		return NULL;
	p->pkt_data += n;
	p->pkt_len -= n;
	p->pkt_headroom += n;
	return old;
}

/* Appends n bytes; returns where they start, or NULL when the tailroom is too small. */
static inline uint8_t *pkt_put(struct pkt *p, size_t n)
{
	uint8_t *end = p->pkt_data + p->pkt_len;

	if (n > p->pkt_tailroom)
		return NULL;
	p->pkt_len += n;
	p->pkt_tailroom -= n;
	return end;
}

/* Removes n bytes from the end; returns where they started, or NULL when shorter. */
static inline uint8_t *pkt_trim(struct pkt *p, size_t n)
{
	if (n > p->pkt_len)
		return NULL;
	p->pkt_len -= n;
	p->pkt_tailroom += n;
	return p->pkt_data + p->pkt_len;
}

#endif
