/* A byte queue for sockets' buffers (bytebuf.h). */
#include <stdlib.h>
#include <string.h>

#include "core/bytebuf.h"

#define BYTEBUF_MIN  4096
#define BYTEBUF_KEEP 65536 /* a drained queue keeps at most this much storage */

/* Room for len more bytes after those not consumed yet. */
static int bytebuf_room(struct bytebuf *b, size_t len)
{
	size_t cap = b->bb_cap ? b->bb_cap : BYTEBUF_MIN;
	uint8_t *data;

	if (b->bb_off + b->bb_len + len <= b->bb_cap)
		return 0;
	if (b->bb_off) {
		memmove(b->bb_data, b->bb_data + b->bb_off, b->bb_len);
		b->bb_off = 0;
	}
	while (cap < 2 * (b->bb_len + len))
		cap *= 2;
	if (cap == b->bb_cap)
		return 0;
	if (!(data = realloc(b->bb_data, cap)))
		return -1;
	b->bb_data = data;
	b->bb_cap = cap;
	return 0;
}

int bytebuf_add(struct bytebuf *b, const void *data, size_t len)
{
	if (len == 0)
		return 0;
	if (bytebuf_room(b, len) < 0)
		return -1;
	memcpy(b->bb_data + b->bb_off + b->bb_len, data, len);
	b->bb_len += len;
	return 0;
}

const uint8_t *bytebuf_head(const struct bytebuf *b)
{
	return b->bb_len ? b->bb_data + b->bb_off : NULL;
}

void bytebuf_consume(struct bytebuf *b, size_t n)
{
	b->bb_len -= n;
	b->bb_off = b->bb_len ? b->bb_off + n : 0;
	if (!b->bb_len && b->bb_cap > BYTEBUF_KEEP)
		bytebuf_free(b); /* a table dump's peak is not kept for the session's life */
}

void bytebuf_clear(struct bytebuf *b)
{
	b->bb_off = b->bb_len = 0;
}

void bytebuf_free(struct bytebuf *b)
{
	free(b->bb_data);
	*b = (struct bytebuf){0};
}
