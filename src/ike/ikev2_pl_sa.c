/* The SA payload (RFC 7296 §3.3): proposals, their transforms and transform attributes. */
#include <stdlib.h>

#include "ike/ikev2_pl.h"

/* §3.3.5: only Key Length is defined; anything else marks the transform for rejection. */
static void attr_io(struct ikev2_io *io, struct ikev2_transform *tr)
{
	uint16_t head = IKEV2_ATTR_TV | IKEV2_ATTR_KEY_LENGTH, value = tr->tr_keylen;
	struct io_span sp;

	io_u16(io, &head);
	if (head & IKEV2_ATTR_TV) {
		io_u16(io, &value);
	} else {
		io_span_begin(io, &sp, io->io_pos + 2, 2);
		io_skip_rest(io);
		io_span_end(io, &sp);
	}
	if (!io_dec(io))
		return;
	if (head == (IKEV2_ATTR_TV | IKEV2_ATTR_KEY_LENGTH))
		tr->tr_keylen = value;
	else
		tr->tr_unknown_attr = true;
}

static void transform_io(struct ikev2_io *io, struct ikev2_transform *tr, bool *last)
{
	size_t start = io->io_pos;
	struct io_span sp;

	io_last(io, last, 3);
	io_reserved(io, 1);
	io_span_begin(io, &sp, start, 2);
	io_u8(io, &tr->tr_type);
	io_reserved(io, 1);
	io_u16(io, &tr->tr_id);
	for (size_t i = 0; io_next(io, i, tr->tr_keylen ? 1 : 0); i++)
		attr_io(io, tr);
	io_span_end(io, &sp);
}

static void proposal_io(struct ikev2_io *io, struct ikev2_proposal *p, bool *last)
{
	size_t start = io->io_pos, spi_size = p->pr_spi.bl_len, ntr = p->pr_ntr;
	struct io_span sp;

	io_last(io, last, 2);
	io_reserved(io, 1);
	io_span_begin(io, &sp, start, 2);
	io_u8(io, &p->pr_num);
	io_u8(io, &p->pr_protocol);
	io_count(io, &spi_size, 1);
	io_count(io, &ntr, 1);
	io_blob(io, &p->pr_spi, spi_size);
	io_array(io, (void **)&p->pr_tr, &p->pr_ntr, ntr, sizeof(*p->pr_tr), 8);
	for (size_t i = 0; i < p->pr_ntr && io_ok(io); i++) {
		bool tr_last = i + 1 == p->pr_ntr, counted_last = tr_last;
		transform_io(io, &p->pr_tr[i], &tr_last);
		if (io_dec(io) && tr_last != counted_last)
			io_fail(io, IKEV2_N_INVALID_SYNTAX, "transform count and last-transform flags disagree");
	}
	io_span_end(io, &sp);
}

static void sa_io(struct ikev2_io *io, struct ikev2_pl *pl)
{
	struct ikev2_sa *sa = &pl->pl_sa;
	bool last = false;

	if (io->io_enc && sa->sa_nprop == 0)
		io_fail(io, IKEV2_N_INVALID_SYNTAX, "SA payload without proposals");
	for (size_t i = 0; !last && io_ok(io); i++) {
		struct ikev2_proposal *p = io_elem(io, (void **)&sa->sa_prop, &sa->sa_nprop, i, sizeof(*p));
		if (!p)
			return;
		last = i + 1 == sa->sa_nprop;
		proposal_io(io, p, &last);
	}
}

static void sa_free(struct ikev2_pl *pl)
{
	for (size_t i = 0; i < pl->pl_sa.sa_nprop; i++) {
		ikev2_blob_free(&pl->pl_sa.sa_prop[i].pr_spi);
		free(pl->pl_sa.sa_prop[i].pr_tr);
	}
	free(pl->pl_sa.sa_prop);
}

const struct ikev2_layout ikev2_layout_sa = {sa_io, sa_free};
