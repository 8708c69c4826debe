/* Notify (RFC 7296 §3.10) and Delete (§3.11) payloads. */
#include "ike/ikev2_pl.h"

static void notify_io(struct ikev2_io *io, struct ikev2_pl *pl)
{
	struct ikev2_notify *no = &pl->pl_notify;
	size_t spi_size = no->no_spi.bl_len;

	io_u8(io, &no->no_protocol);
	io_count(io, &spi_size, 1);
	io_u16(io, &no->no_type);
	io_blob(io, &no->no_spi, spi_size);
	io_blob_rest(io, &no->no_data);
}

static void notify_free(struct ikev2_pl *pl)
{
	ikev2_blob_free(&pl->pl_notify.no_spi);
	ikev2_blob_free(&pl->pl_notify.no_data);
}

static void delete_io(struct ikev2_io *io, struct ikev2_pl *pl)
{
	struct ikev2_delete *de = &pl->pl_delete;

	io_u8(io, &de->de_protocol);
	io_u8(io, &de->de_spi_size);
	io_u16(io, &de->de_nspi);
	io_blob(io, &de->de_spis, (size_t)de->de_nspi * de->de_spi_size);
}

static void delete_free(struct ikev2_pl *pl)
{
	ikev2_blob_free(&pl->pl_delete.de_spis);
}

const struct ikev2_layout ikev2_layout_notify = {notify_io, notify_free};
const struct ikev2_layout ikev2_layout_delete = {delete_io, delete_free};
