/* Traffic selector payloads TSi and TSr (RFC 7296 §3.13). */
#include <stdlib.h>

#include "ike/ikev2_pl.h"

#define TS_HDR_LEN 8 /* type, protocol, length, ports: the smallest selector */

static size_t ts_addr_len(uint8_t type)
{
	return type == IKEV2_TS_IPV4_ADDR_RANGE ? 4 : type == IKEV2_TS_IPV6_ADDR_RANGE ? 16 : 0;
}

/* One selector; false (decoding) when its type is unknown and it was skipped. */
static bool ts_io(struct ikev2_io *io, struct ikev2_ts *ts)
{
	size_t start = io->io_pos, alen;
	struct io_span sp;

	io_u8(io, &ts->ts_type);
	io_u8(io, &ts->ts_proto);
	io_span_begin(io, &sp, start, 2);
	alen = ts_addr_len(ts->ts_type);
	if (alen) {
		io_u16(io, &ts->ts_port_start);
		io_u16(io, &ts->ts_port_end);
		io_bytes(io, ts->ts_addr_start, alen);
		io_bytes(io, ts->ts_addr_end, alen);
	} else if (io->io_enc) {
		io_fail(io, IKEV2_N_INVALID_SYNTAX, "no layout for this traffic selector type");
	} else {
		io_skip_rest(io);
	}
	io_span_end(io, &sp);
	return alen != 0;
}

static void tsp_io(struct ikev2_io *io, struct ikev2_pl *pl)
{
	struct ikev2_tsp *tsp = &pl->pl_ts;
	size_t count = tsp->tsp_nts, kept = 0;

	io_count(io, &count, 1);
	io_reserved(io, 3);
	io_array(io, (void **)&tsp->tsp_ts, &tsp->tsp_nts, count, sizeof(*tsp->tsp_ts), TS_HDR_LEN);
	for (size_t i = 0; i < count && io_ok(io); i++)
		kept += ts_io(io, &tsp->tsp_ts[kept]);
	if (io_dec(io))
		tsp->tsp_nts = kept;
}

static void tsp_free(struct ikev2_pl *pl)
{
	free(pl->pl_ts.tsp_ts);
}

const struct ikev2_layout ikev2_layout_ts = {tsp_io, tsp_free};
