/*
 * INFORMATIONAL exchanges on established SAs (§1.4): liveness checks are
 * answered empty; DELETE of the IKE SA ends it; DELETE of CHILD_SAs is
 * answered with our SPIs of the same SAs (§1.4.1) and removes them.
 */
#include <arpa/inet.h>

#include "core/log.h"
#include "ike/ikev2_sa.h"

static uint32_t spi_at(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static int add_delete(struct ikev2_pl **list, uint8_t protocol, const uint8_t *spis, uint16_t n)
{
	struct ikev2_pl *del = ikev2_pl_add(list, IKEV2_PL_DELETE);

	if (!del)
		return -1;
	del->pl_delete.de_protocol = protocol;
	del->pl_delete.de_spi_size = protocol == IKEV2_PROTO_IKE ? 0 : 4;
	del->pl_delete.de_nspi = n;
	return ikev2_blob_set(&del->pl_delete.de_spis, spis, (size_t)n * 4);
}

static void put_spi(uint8_t *b, uint32_t spi)
{
	b[0] = (uint8_t)(spi >> 24);
	b[1] = (uint8_t)(spi >> 16);
	b[2] = (uint8_t)(spi >> 8);
	b[3] = (uint8_t)spi;
}

/*
 * The CHILD_SAs a DELETE names by the peer's inbound SPIs: spares are
 * removed, our SPIs go into ours[]; *current when it names the current one.
 */
static uint16_t delete_children(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_delete *de,
				uint8_t *ours, uint16_t max, bool *current)
{
	uint16_t n = 0;

	for (uint16_t i = 0; de->de_spi_size == 4 && i < de->de_nspi && (size_t)(i + 1) * 4 <= de->de_spis.bl_len;
	     i++) {
		uint32_t spi = spi_at(de->de_spis.bl_data + 4 * i);
		struct ikev2_child *c = ikev2_sa_spare_by_out(sa, spi);

		if (c && n < max) {
			put_spi(ours + 4 * n++, c->cs_spi_in);
			ikev2_sa_spare_remove(mg, sa, c);
		} else if (sa->sa_child.cs_spi_in && sa->sa_child.cs_spi_out == spi && n < max) {
			put_spi(ours + 4 * n++, sa->sa_child.cs_spi_in);
			*current = true;
		}
	}
	return n;
}

/* The peer deleted the IKE SA: no DELETE back; a tunnel starts over, a replaced SA just goes. */
static void peer_deleted_ike(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	if (sa->sa_state == IKEV2_SA_REKEYED)
		return ikev2_sa_drop(mg, sa);
	ikev2_sa_dead(mg, sa, "deleted by the peer");
}

void ikev2_sa_info_rx(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, uint32_t msgid, const struct ikev2_pl *inner)
{
	struct ikev2_pl *answer = NULL;
	uint8_t ours[4 * 8];
	bool ike = false, current = false;

	for (const struct ikev2_pl *pl = inner; pl; pl = pl->pl_next) {
		uint16_t n;

		if (pl->pl_type != IKEV2_PL_DELETE)
			continue;
		if (pl->pl_delete.de_protocol == IKEV2_PROTO_IKE)
			ike = true;
		else if ((n = delete_children(mg, sa, &pl->pl_delete, ours, 8, &current)) > 0)
			add_delete(&answer, pl->pl_delete.de_protocol, ours, n);
	}
	ikev2_sa_answer(mg, sa, IKEV2_EXCH_INFORMATIONAL, msgid, ike ? NULL : answer);
	ikev2_pl_list_free(answer);
	if (ike)
		peer_deleted_ike(mg, sa);
	else if (current) /* one CHILD_SA per IKE SA: without it the session is over */
		ikev2_sa_close(mg, sa, "the peer deleted the CHILD_SA");
}

int ikev2_sa_delete_child(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, uint32_t spi)
{
	struct ikev2_pl *inner = NULL;
	uint8_t b[4];
	int rc = -1;

	put_spi(b, spi);
	if (add_delete(&inner, IKEV2_PROTO_ESP, b, 1) == 0 &&
	    ikev2_sa_request(mg, sa, IKEV2_REQ_DELETE_CHILD, IKEV2_EXCH_INFORMATIONAL, inner) == 0) {
		sa->sa_deleting = spi;
		rc = 0;
	}
	ikev2_pl_list_free(inner);
	return rc;
}

void ikev2_sa_info_deleted(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	for (int i = 0; i < IKEV2_SA_SPARES; i++)
		if (sa->sa_spare[i].cs_spi_in && sa->sa_spare[i].cs_spi_in == sa->sa_deleting)
			ikev2_sa_spare_remove(mg, sa, &sa->sa_spare[i]);
	sa->sa_deleting = 0;
}
