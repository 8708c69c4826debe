/*
 * IKEv2 messages: the header (RFC 7296 §3.1), the chain of generic payload
 * headers (§3.2) and the payload list. Payload bodies are in ikev2_pl_*.c.
 */
#include <stdlib.h>
#include <string.h>

#include "ike/ikev2_pl.h"

static bool is_encrypted(uint8_t type)
{
	return type == IKEV2_PL_SK || type == IKEV2_PL_SKF;
}

/* The generic payload header and the body (§3.2); *next is the header's Next Payload. */
static void payload_io(struct ikev2_io *io, struct ikev2_pl *pl, uint8_t *next)
{
	const struct ikev2_layout *ly = ikev2_layout_of(pl->pl_type);
	uint8_t flags = pl->pl_critical ? IKEV2_CRITICAL : 0;
	size_t start = io->io_pos;
	struct io_span sp;

	io->io_payload = pl->pl_type;
	io_u8(io, next);
	io_u8(io, &flags);
	io_span_begin(io, &sp, start, 2);
	if (io_dec(io))
		pl->pl_critical = flags & IKEV2_CRITICAL;
	if (ly)
		ly->ly_io(io, pl);
	else if (io->io_enc)
		io_fail(io, IKEV2_N_INVALID_SYNTAX, "no layout for this payload type");
	else if (pl->pl_critical)
		io_fail(io, IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD, "unknown payload marked critical");
	else
		io_skip_rest(io); /* §2.5: skip unknown payloads whose critical bit is clear */
	io_span_end(io, &sp);
}

static void chain_decode(struct ikev2_io *io, uint8_t next, struct ikev2_pl **list)
{
	struct ikev2_pl **tail = list; /* appends stay constant-time however many payloads come */

	while (next != IKEV2_PL_NONE && io_ok(io)) {
		struct ikev2_pl unknown = {.pl_type = next}, *pl = &unknown;
		if (ikev2_layout_of(next)) {
			if (!(pl = ikev2_pl_add(tail, next))) {
				io_fail(io, 0, "out of memory");
				return;
			}
			tail = &pl->pl_next;
		}
		payload_io(io, pl, &next);
		if (is_encrypted(pl->pl_type)) {
			/* §3.14: its Next Payload names the first payload inside; it ends the chain */
			pl->pl_sk.sk_next = next;
			next = IKEV2_PL_NONE;
		}
	}
	io->io_payload = IKEV2_PL_NONE;
	if (io_more(io))
		io_fail(io, IKEV2_N_INVALID_SYNTAX, "octets after the last payload");
}

static void chain_encode(struct ikev2_io *io, const struct ikev2_pl *list)
{
	for (const struct ikev2_pl *pl = list; pl && io_ok(io); pl = pl->pl_next) {
		uint8_t next = pl->pl_next ? pl->pl_next->pl_type : IKEV2_PL_NONE;
		if (is_encrypted(pl->pl_type)) {
			next = pl->pl_sk.sk_next;
			if (pl->pl_next)
				io_fail(io, IKEV2_N_INVALID_SYNTAX, "the encrypted payload must be the last one");
		}
		payload_io(io, (struct ikev2_pl *)pl, &next);
	}
}

/* The header (§3.1) and the payloads, in either direction. */
static void msg_io(struct ikev2_io *io, struct ikev2_msg *m)
{
	uint8_t first = m->m_pl ? m->m_pl->pl_type : IKEV2_PL_NONE;
	struct io_span sp;

	io_u64(io, &m->m_spi_i);
	io_u64(io, &m->m_spi_r);
	io_u8(io, &first);
	io_u8(io, &m->m_version);
	if (io_dec(io) && m->m_version >> 4 != IKEV2_VERSION >> 4)
		io_fail(io, IKEV2_N_INVALID_MAJOR_VERSION, "not IKE major version 2");
	io_u8(io, &m->m_exchange);
	io_u8(io, &m->m_flags);
	io_u32(io, &m->m_msgid);
	io_span_begin(io, &sp, 0, 4);
	if (io->io_enc)
		chain_encode(io, m->m_pl);
	else
		chain_decode(io, first, &m->m_pl);
	io_span_end(io, &sp);
	if (io_more(io))
		io_fail(io, IKEV2_N_INVALID_SYNTAX, "datagram longer than the message's length");
}

int ikev2_msg_decode(const uint8_t *buf, size_t len, struct ikev2_msg *m, struct ikev2_err *err)
{
	struct ikev2_io io;

	*m = (struct ikev2_msg){0};
	io_init_decode(&io, buf, len);
	msg_io(&io, m);
	if (io_finish(&io, NULL, err) == 0)
		return 0;
	ikev2_msg_fini(m);
	return -1;
}

int ikev2_msg_encode(const struct ikev2_msg *m, struct ikev2_blob *out, struct ikev2_err *err)
{
	struct ikev2_io io;

	io_init_encode(&io);
	msg_io(&io, (struct ikev2_msg *)m);
	return io_finish(&io, out, err);
}

int ikev2_chain_decode(uint8_t first, const uint8_t *buf, size_t len, struct ikev2_pl **list, struct ikev2_err *err)
{
	struct ikev2_io io;

	*list = NULL;
	io_init_decode(&io, buf, len);
	chain_decode(&io, first, list);
	if (io_finish(&io, NULL, err) == 0)
		return 0;
	ikev2_pl_list_free(*list);
	*list = NULL;
	return -1;
}

int ikev2_chain_encode(const struct ikev2_pl *list, struct ikev2_blob *out, uint8_t *first, struct ikev2_err *err)
{
	struct ikev2_io io;

	*first = list ? list->pl_type : IKEV2_PL_NONE;
	io_init_encode(&io);
	chain_encode(&io, list);
	return io_finish(&io, out, err);
}

int ikev2_pl_body_encode(const struct ikev2_pl *pl, struct ikev2_blob *out, struct ikev2_err *err)
{
	const struct ikev2_layout *ly = ikev2_layout_of(pl->pl_type);
	struct ikev2_io io;

	io_init_encode(&io);
	io.io_payload = pl->pl_type;
	if (ly)
		ly->ly_io(&io, (struct ikev2_pl *)pl);
	else
		io_fail(&io, IKEV2_N_INVALID_SYNTAX, "no layout for this payload type");
	return io_finish(&io, out, err);
}

void ikev2_msg_init(struct ikev2_msg *m, uint64_t spi_i, uint64_t spi_r, uint8_t exchange, uint8_t flags,
		    uint32_t msgid)
{
	*m = (struct ikev2_msg){.m_spi_i = spi_i,
				.m_spi_r = spi_r,
				.m_version = IKEV2_VERSION,
				.m_exchange = exchange,
				.m_flags = flags,
				.m_msgid = msgid};
}

void ikev2_msg_fini(struct ikev2_msg *m)
{
	ikev2_pl_list_free(m->m_pl);
	m->m_pl = NULL;
}
