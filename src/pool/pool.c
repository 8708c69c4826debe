/* The address pool module of the configuration model. */
#include <stdlib.h>
#include <string.h>

#include "core/omap.h"
#include "pool/pool_int.h"

static void pool_free(void *data)
{
	struct pool *pl = data;

	for (struct pool_range *pr = pl->pl_ranges, *n; pr; pr = n) {
		n = pr->pr_next;
		free(pr);
	}
	free(pl->pl_name);
	free(pl);
}

/* The module's data is the pools by name. */
static void *pool_cfg_new(struct config *cfg)
{
	return omap_new(false);
}

static void pool_cfg_free(void *data)
{
	omap_free(data, pool_free);
}

struct cfg_module pool_module = {.cm_name = "ip local pool", .cm_new = pool_cfg_new, .cm_free = pool_cfg_free};

static struct omap *pools(const struct config *cfg)
{
	return cfg_mod(cfg, &pool_module);
}

const struct omap *pool_all(const struct config *cfg)
{
	return pools(cfg);
}

struct pool *pool_find(const struct config *cfg, const char *name)
{
	return omap_get(pools(cfg), name);
}

const struct pool *pool_lookup(const struct config *cfg, const char *name)
{
	return pool_find(cfg, name);
}

uint64_t pool_range_size(const struct pool_range *pr)
{
	return (uint64_t)pr->pr_end - pr->pr_start + 1;
}

struct pool *pool_get(struct config *cfg, const char *name)
{
	struct pool *pl = pool_find(cfg, name);

	if (pl)
		return pl;
	if (!(pl = calloc(1, sizeof(*pl))) || !(pl->pl_name = strdup(name)) || omap_put(pools(cfg), name, pl) < 0) {
		if (pl)
			free(pl->pl_name);
		free(pl);
		return NULL;
	}
	return pl;
}

void pool_delete(struct config *cfg, struct pool *pl)
{
	omap_del(pools(cfg), pl->pl_name);
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
