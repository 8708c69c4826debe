/* The address pool module of the configuration model. */
#include <stdlib.h>
#include <string.h>

#include "core/hmap.h"
#include "pool/pool_int.h"

struct pool_cfg {
	struct hmap *pc_byname;
	struct pool *pc_head, *pc_tail;
};

static void pool_free(struct pool *pl)
{
	for (struct pool_range *pr = pl->pl_ranges, *n; pr; pr = n) {
		n = pr->pr_next;
		free(pr);
	}
	free(pl->pl_name);
	free(pl);
}

static void *pool_cfg_new(struct config *cfg)
{
	struct pool_cfg *pc = calloc(1, sizeof(*pc));

	if (pc && !(pc->pc_byname = hmap_new(false))) {
		free(pc);
		return NULL;
	}
	return pc;
}

static void pool_cfg_free(void *data)
{
	struct pool_cfg *pc = data;

	for (struct pool *pl = pc->pc_head, *n; pl; pl = n) {
		n = pl->pl_next;
		pool_free(pl);
	}
	hmap_free(pc->pc_byname);
	free(pc);
}

struct cfg_module pool_module = {.cm_name = "ip local pool", .cm_new = pool_cfg_new, .cm_free = pool_cfg_free};

static struct pool_cfg *pool_cfg(const struct config *cfg)
{
	return cfg_mod(cfg, &pool_module);
}

struct pool *pool_find(const struct config *cfg, const char *name)
{
	return hmap_get(pool_cfg(cfg)->pc_byname, name);
}

const struct pool *pool_lookup(const struct config *cfg, const char *name)
{
	return pool_find(cfg, name);
}

const struct pool *pool_first(const struct config *cfg)
{
	return pool_cfg(cfg)->pc_head;
}

uint64_t pool_range_size(const struct pool_range *pr)
{
	return (uint64_t)pr->pr_end - pr->pr_start + 1;
}

struct pool *pool_get(struct config *cfg, const char *name)
{
	struct pool_cfg *pc = pool_cfg(cfg);
	struct pool *pl = pool_find(cfg, name);

	if (pl)
		return pl;
	if (!(pl = calloc(1, sizeof(*pl))) || !(pl->pl_name = strdup(name)) || hmap_put(pc->pc_byname, name, pl) < 0) {
		if (pl)
			free(pl->pl_name);
		free(pl);
		return NULL;
	}
	if (pc->pc_tail)
		pc->pc_tail->pl_next = pl;
	else
		pc->pc_head = pl;
	pc->pc_tail = pl;
	return pl;
}

void pool_delete(struct config *cfg, struct pool *pl)
{
	struct pool_cfg *pc = pool_cfg(cfg);
	struct pool **pp = &pc->pc_head, *prev = NULL;

	while (*pp != pl) {
		prev = *pp;
		pp = &(*pp)->pl_next;
	}
	*pp = pl->pl_next;
	if (pc->pc_tail == pl)
		pc->pc_tail = prev;
	hmap_del(pc->pc_byname, pl->pl_name);
	pool_free(pl);
}

int pool_range_add(struct pool *pl, uint32_t start, uint32_t end)
{
	struct pool_range **pp = &pl->pl_ranges, *pr = calloc(1, sizeof(*pr));

	if (!pr)
		return -1;
	pr->pr_start = start;
	pr->pr_end = end;
	while (*pp)
		pp = &(*pp)->pr_next;
	*pp = pr;
	return 0;
}

bool pool_range_del(struct pool *pl, uint32_t start, uint32_t end)
{
	for (struct pool_range **pp = &pl->pl_ranges; *pp; pp = &(*pp)->pr_next) {
		struct pool_range *pr = *pp;
		if (pr->pr_start == start && pr->pr_end == end) {
			*pp = pr->pr_next;
			free(pr);
			return true;
		}
	}
	return false;
}
