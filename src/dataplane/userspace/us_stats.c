/* Counters per link and per label, kept across snapshots. */
#include "dataplane/userspace/us_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool us_same_stats_link(const void *a, const void *b)
{
	return strcmp(((const struct us_stats_link *)a)->sl_name, ((const struct us_stats_link *)b)->sl_name) == 0;
}

void us_stats_init(struct us_stats *st)
{
	*st = (struct us_stats){.st_links = US_VEC_INIT(struct us_stats_link)};
}

void us_stats_free(struct us_stats *st)
{
	const struct keymap_slot *slot;

	for (size_t i = 0; i < st->st_links.v_n; i++)
		free(((struct us_stats_link *)us_vec_at(&st->st_links, i))->sl_stats);
	us_vec_free(&st->st_links);
	for (size_t pos = 0; (slot = keymap_next(&st->st_labels, &pos));)
		free(slot->ks_val);
	keymap_clear(&st->st_labels);
}

struct us_link_stats *us_stats_link_find(const struct us_stats *st, const char *name)
{
	struct us_stats_link key = {.sl_stats = NULL}, *found;

	snprintf(key.sl_name, sizeof(key.sl_name), "%s", name);
	found = us_vec_find(&st->st_links, &key, us_same_stats_link);
	return found ? found->sl_stats : NULL;
}

struct us_link_stats *us_stats_link(struct us_stats *st, const char *name)
{
	struct us_stats_link entry = {.sl_stats = us_stats_link_find(st, name)};

	if (entry.sl_stats)
		return entry.sl_stats;
	snprintf(entry.sl_name, sizeof(entry.sl_name), "%s", name);
	if (!(entry.sl_stats = calloc(1, sizeof(*entry.sl_stats))))
		return NULL;
	if (!us_vec_put(&st->st_links, &entry, NULL)) {
		free(entry.sl_stats);
		return NULL;
	}
	return entry.sl_stats;
}

struct us_count *us_stats_label(struct us_stats *st, uint32_t label)
{
	struct us_count *c = us_stats_label_find(st, label);

	if (c)
		return c;
	if (!(c = calloc(1, sizeof(*c))))
		return NULL;
	if (keymap_put(&st->st_labels, label, c) < 0) {
		free(c);
		return NULL;
	}
	return c;
}
