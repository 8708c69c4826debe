/* Diffie-Hellman key pairs made ahead on worker threads (ikev2_dh_pool.h). */
#include "ike/ikev2_dh_pool.h"

#include <stdbool.h>
#include <stdlib.h>

#include "core/workq.h"

#define POOL_KEYS   16 /* ready per group */
#define POOL_BATCH  4  /* made by one refill job */
#define POOL_GROUPS 6  /* 14, 15, 16, 19, 20, 21 */

struct pool_group {
	uint16_t pg_id; /* 0: slot unused */
	struct ikev2_dh *pg_keys[POOL_KEYS];
	unsigned pg_n;
	bool pg_filling; /* a refill job is out */
};

struct refill {
	uint16_t rf_group;
	unsigned rf_gen; /* the pool's generation when sent: a detached pool takes nothing back */
	struct ikev2_dh *rf_keys[POOL_BATCH];
};

static struct {
	struct workq *dp_q;
	unsigned dp_gen;
	struct pool_group dp_groups[POOL_GROUPS];
} pool;

static struct pool_group *group_slot(uint16_t group, bool add)
{
	for (int i = 0; i < POOL_GROUPS; i++)
		if (pool.dp_groups[i].pg_id == group)
			return &pool.dp_groups[i];
	for (int i = 0; add && i < POOL_GROUPS; i++)
		if (pool.dp_groups[i].pg_id == 0) {
			pool.dp_groups[i].pg_id = group;
			return &pool.dp_groups[i];
		}
	return NULL;
}

static void refill_run(void *arg)
{
	struct refill *rf = arg;

	for (int i = 0; i < POOL_BATCH; i++)
		rf->rf_keys[i] = ikev2_dh_generate(rf->rf_group);
}

static void refill_done(void *arg)
{
	struct refill *rf = arg;
	struct pool_group *pg = rf->rf_gen == pool.dp_gen && pool.dp_q ? group_slot(rf->rf_group, false) : NULL;

	if (pg)
		pg->pg_filling = false;
	for (int i = 0; i < POOL_BATCH; i++) {
		if (pg && rf->rf_keys[i] && pg->pg_n < POOL_KEYS)
			pg->pg_keys[pg->pg_n++] = rf->rf_keys[i];
		else
			ikev2_dh_free(rf->rf_keys[i]);
	}
	free(rf);
}

/* Below half full: one more batch (one job at a time per group). */
static void refill(struct pool_group *pg)
{
	struct refill *rf;

	if (!pool.dp_q || pg->pg_filling || pg->pg_n >= POOL_KEYS / 2 || ikev2_dh_public_len(pg->pg_id) == 0)
		return;
	if (!(rf = calloc(1, sizeof(*rf))))
		return;
	*rf = (struct refill){.rf_group = pg->pg_id, .rf_gen = pool.dp_gen};
	if (workq_submit(pool.dp_q, refill_run, refill_done, rf) < 0) {
		free(rf);
		return;
	}
	pg->pg_filling = true;
}

void ikev2_dh_pool_attach(struct workq *q)
{
	pool.dp_q = q;
}

void ikev2_dh_pool_detach(void)
{
	for (int i = 0; i < POOL_GROUPS; i++) {
		struct pool_group *pg = &pool.dp_groups[i];
		while (pg->pg_n)
			ikev2_dh_free(pg->pg_keys[--pg->pg_n]);
		*pg = (struct pool_group){0};
	}
	pool.dp_q = NULL;
	pool.dp_gen++;
}

struct ikev2_dh *ikev2_dh_pool_take(uint16_t group)
{
	struct pool_group *pg = pool.dp_q ? group_slot(group, true) : NULL;
	struct ikev2_dh *dh = NULL;

	if (!pg)
		return NULL;
	if (pg->pg_n)
		dh = pg->pg_keys[--pg->pg_n];
	refill(pg);
	return dh;
}

unsigned ikev2_dh_pool_ready(uint16_t group)
{
	const struct pool_group *pg = group_slot(group, false);

	return pg ? pg->pg_n : 0;
}
