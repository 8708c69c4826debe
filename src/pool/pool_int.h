/* Changing the pool model: shared by the files of the pool folder only. */
#ifndef FERRY_POOL_POOL_INT_H
#define FERRY_POOL_POOL_INT_H

#include <stdbool.h>

#include "pool/pool.h"

struct pool *pool_find(const struct config *cfg, const char *name);
/* Finds or creates a pool; NULL if out of memory. */
struct pool *pool_get(struct config *cfg, const char *name);
void pool_delete(struct config *cfg, struct pool *pl);
/* Appends a range; -1 if out of memory. */
int pool_range_add(struct pool *pl, uint32_t start, uint32_t end);
/* Removes the range with these bounds; false if there is none. */
bool pool_range_del(struct pool *pl, uint32_t start, uint32_t end);

#endif
