/* The configuration payload CP (RFC 7296 §3.15): mode config requests, replies, sets and acks. */
#include <stdlib.h>

#include "ike/ikev2_pl.h"

/* The sizes §3.15.1 allows for the IPv4 attributes we read (a request sends them empty). */
static bool cfg_len_ok(uint16_t type, size_t len)
{
	switch (type) {
	case IKEV2_CFG_INTERNAL_IP4_ADDRESS:
	case IKEV2_CFG_INTERNAL_IP4_NETMASK:
	case IKEV2_CFG_INTERNAL_IP4_DNS:
	case IKEV2_CFG_INTERNAL_IP4_NBNS:
	case IKEV2_CFG_INTERNAL_IP4_DHCP:
		return len == 0 || len == 4;
	case IKEV2_CFG_INTERNAL_IP4_SUBNET:
		return len == 0 || len == 8;
	default:
		return true;
	}
}

static void cfg_attr_io(struct ikev2_io *io, struct ikev2_cfg_attr *ca)
{
	struct io_span sp;

	io_u16(io, &ca->ca_type);
	if (io_dec(io))
		ca->ca_type &= IKEV2_CFG_ATTR_MASK; /* the R bit is reserved */
	io_span_begin(io, &sp, io->io_pos + 2, 2);
	io_blob_rest(io, &ca->ca_value);
	io_span_end(io, &sp);
	if (io_ok(io) && !cfg_len_ok(ca->ca_type, ca->ca_value.bl_len))
		io_fail(io, IKEV2_N_INVALID_SYNTAX, "configuration attribute of the wrong size");
}

static void cp_io(struct ikev2_io *io, struct ikev2_pl *pl)
{
	struct ikev2_cp *cp = &pl->pl_cp;

	io_u8(io, &cp->cp_type);
	io_reserved(io, 3);
	for (size_t i = 0; io_next(io, i, cp->cp_nattr); i++) {
		struct ikev2_cfg_attr *ca = io_elem(io, (void **)&cp->cp_attr, &cp->cp_nattr, i, sizeof(*ca));
		if (!ca)
			return;
		cfg_attr_io(io, ca);
	}
}

static void cp_free(struct ikev2_pl *pl)
{
	for (size_t i = 0; i < pl->pl_cp.cp_nattr; i++)
		ikev2_blob_free(&pl->pl_cp.cp_attr[i].ca_value);
	free(pl->pl_cp.cp_attr);
}

const struct ikev2_layout ikev2_layout_cp = {cp_io, cp_free};
