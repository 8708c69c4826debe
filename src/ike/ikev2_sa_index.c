/*
 * The SA table's indexes: Tunnel-id and initiator SPI to SA, so that a hub
 * with thousands of SAs finds the one a message or a worker job is for
 * without walking the list. The list stays the table (creation order, for
 * show and the reconcilers); the indexes exist only while complete: one
 * that could not take an SA (out of memory) is dropped, and lookups walk
 * the list until the table is empty again.
 */
#include <inttypes.h>
#include <stdio.h>

#include "core/hmap.h"
#include "ike/ikev2_sa.h"

#define KEY_LEN 24 /* 16 hex digits of a SPI, or a decimal unsigned */

static void id_key(char *key, unsigned id)
{
	snprintf(key, KEY_LEN, "%u", id);
}

static void spi_key(char *key, uint64_t spi)
{
	snprintf(key, KEY_LEN, "%016" PRIx64, spi);
}

static void index_drop(struct ikev2_mgr *mg)
{
	hmap_free(mg->mg_by_id);
	hmap_free(mg->mg_by_spi);
	mg->mg_by_id = mg->mg_by_spi = NULL;
}

static void put_spi(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	char key[KEY_LEN];

	if (!mg->mg_by_spi || sa->sa_init.in_spi_i == 0)
		return;
	spi_key(key, sa->sa_init.in_spi_i);
	if (hmap_put(mg->mg_by_spi, key, sa) < 0)
		index_drop(mg);
}

void ikev2_sa_index_add(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	char key[KEY_LEN];

	if (!mg->mg_sas) { /* the first SA: (re)build from nothing */
		index_drop(mg);
		mg->mg_by_id = hmap_new(false);
		mg->mg_by_spi = hmap_new(false);
		if (!mg->mg_by_id || !mg->mg_by_spi)
			index_drop(mg);
	}
	if (!mg->mg_by_id)
		return;
	id_key(key, sa->sa_id);
	if (hmap_put(mg->mg_by_id, key, sa) < 0)
		return index_drop(mg);
	put_spi(mg, sa);
}

void ikev2_sa_index_unspi(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	char key[KEY_LEN];

	if (!mg->mg_by_spi || sa->sa_init.in_spi_i == 0)
		return;
	spi_key(key, sa->sa_init.in_spi_i);
	if (hmap_get(mg->mg_by_spi, key) == sa) /* an SPI two initiators chose is indexed once */
		hmap_del(mg->mg_by_spi, key);
}

void ikev2_sa_index_spi(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	put_spi(mg, sa);
}

void ikev2_sa_index_del(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	char key[KEY_LEN];

	if (!mg->mg_by_id)
		return;
	ikev2_sa_index_unspi(mg, sa);
	id_key(key, sa->sa_id);
	hmap_del(mg->mg_by_id, key);
	if (hmap_count(mg->mg_by_id) == 0)
		index_drop(mg);
}

struct ikev2_ike_sa *ikev2_sa_by_id(struct ikev2_mgr *mg, unsigned id)
{
	char key[KEY_LEN];

	if (mg->mg_by_id) {
		id_key(key, id);
		return hmap_get(mg->mg_by_id, key);
	}
	for (struct ikev2_ike_sa *sa = mg->mg_sas; sa; sa = sa->sa_next)
		if (sa->sa_id == id)
			return sa;
	return NULL;
}

static bool spis_match(const struct ikev2_ike_sa *sa, uint64_t spi_i, uint64_t spi_r)
{
	return sa->sa_init.in_spi_i == spi_i && (spi_r == 0 || sa->sa_init.in_spi_r == spi_r);
}

struct ikev2_ike_sa *ikev2_sa_find(struct ikev2_mgr *mg, uint64_t spi_i, uint64_t spi_r)
{
	char key[KEY_LEN];
	struct ikev2_ike_sa *sa;

	if (mg->mg_by_spi) {
		spi_key(key, spi_i);
		sa = hmap_get(mg->mg_by_spi, key);
		if (!sa || spis_match(sa, spi_i, spi_r))
			return sa;
		/* two SAs with that initiator SPI (a peer reusing it): the list has both */
	}
	for (sa = mg->mg_sas; sa; sa = sa->sa_next)
		if (spis_match(sa, spi_i, spi_r))
			return sa;
	return NULL;
}
