/*
 * A byte queue: bytes appended at the end and consumed from the front, as
 * sockets' send and receive buffers need. Consuming only moves an offset;
 * the bytes left go back to the front when an append reaches the end, and
 * the buffer doubles when they would fill more than half of it, so a queue
 * filled faster than a socket drains copies each byte O(1) times. Drained,
 * it gives back storage beyond 64 KiB.
 */
#ifndef FERRY_CORE_BYTEBUF_H
#define FERRY_CORE_BYTEBUF_H

#include <stddef.h>
#include <stdint.h>

struct bytebuf {
	uint8_t *bb_data;
	size_t bb_off; /* where the bytes not consumed yet begin */
	size_t bb_len; /* how many bytes are not consumed yet */
	size_t bb_cap;
};

/* Returns -1 on allocation failure (the queue is unchanged). */
int bytebuf_add(struct bytebuf *b, const void *data, size_t len);
/* The bytes not consumed yet (bb_len of them); NULL when there are none. */
const uint8_t *bytebuf_head(const struct bytebuf *b);
/* Drops the first n bytes (n <= bb_len). */
void bytebuf_consume(struct bytebuf *b, size_t n);
void bytebuf_clear(struct bytebuf *b);
void bytebuf_free(struct bytebuf *b);

#endif
