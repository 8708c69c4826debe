/* A string-keyed hash map (chained); keys are copied, values are the caller's. */
#ifndef FERRY_CORE_HMAP_H
#define FERRY_CORE_HMAP_H

#include <stdbool.h>
#include <stddef.h>

struct hmap;

struct hmap *hmap_new(bool nocase);
void hmap_free(struct hmap *h);
/* Returns -1 on allocation failure; replaces an existing value. */
int hmap_put(struct hmap *h, const char *key, void *val);
void *hmap_get(const struct hmap *h, const char *key);
void *hmap_del(struct hmap *h, const char *key);
size_t hmap_count(const struct hmap *h);

#endif
