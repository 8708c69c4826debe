/* Address pools: ip local pool. */
#ifndef FERRY_POOL_POOL_H
#define FERRY_POOL_POOL_H

#include <stdint.h>

#include "config/config.h"
#include "core/omap.h"
#include "parser/cli.h"

/* One "ip local pool NAME START [END]" line: an inclusive range. */
struct pool_range {
	uint32_t pr_start, pr_end;  /* IPv4 addresses, host order */
	struct pool_range *pr_next; /* in configuration order */
};

/* A pool: every range configured under its name. */
struct pool {
	char *pl_name;
	struct pool_range *pl_ranges;
};

extern struct cfg_module pool_module;

const struct pool *pool_lookup(const struct config *cfg, const char *name);
/* Every pool by name, in creation order (values: struct pool *). */
const struct omap *pool_all(const struct config *cfg);
/* Number of addresses in a range. */
uint64_t pool_range_size(const struct pool_range *pr);

void pool_cli_init(struct cli_tree *t);

#endif
