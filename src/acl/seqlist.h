/*
 * What access lists and prefix lists share: a named list of entries kept
 * in sequence order, each a permit or a deny with a hit counter, searched
 * first match wins with an implicit deny after the last entry. Each kind
 * embeds struct seq_node first in its entry and keeps its lists by name in
 * its own configuration module.
 */
#ifndef FERRY_ACL_SEQLIST_H
#define FERRY_ACL_SEQLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "core/omap.h"

struct seq_node {
	uint32_t sn_seq;
	bool sn_permit;
	uint64_t sn_hits; /* routes this entry decided: IOS's "(N matches)" */
	struct seq_node *sn_next;
};

struct seq_list {
	char *sl_name;
	char *sl_description;	  /* prefix lists only */
	struct seq_node *sl_head; /* ascending sequence */
};

/* Whether an entry covers a route (the kind's own test). */
typedef bool seq_match_fn(const struct seq_node *sn, uint32_t prefix, uint8_t plen);

/* The module data: lists by name (case-sensitive, as on IOS). */
void *seq_lists_new(struct config *cfg);
void seq_lists_free(void *data);

struct seq_list *seq_list_find(const struct config *cfg, const struct cfg_module *m, const char *name);
/* Finds or creates a list; NULL if out of memory. */
struct seq_list *seq_list_get(struct config *cfg, const struct cfg_module *m, const char *name);
void seq_list_delete(struct config *cfg, const struct cfg_module *m, struct seq_list *sl);

struct seq_node *seq_node_find(const struct seq_list *sl, uint32_t seq);
/* The sequence an entry without one gets: step past the highest; 0 when that is past max (the grammar's). */
uint32_t seq_next(const struct seq_list *sl, uint32_t step, uint32_t max);
/* Puts sn (allocated by the caller) in sequence order, replacing an entry with the same sequence. */
void seq_node_insert(struct seq_list *sl, struct seq_node *sn);
void seq_node_delete(struct seq_list *sl, struct seq_node *sn);

/*
 * Whether the list permits the route: the first entry that covers it
 * decides (its counter counts it); none does: denied. The counters are the
 * only state a lookup changes, hence the const list.
 */
bool seq_list_permits(const struct seq_list *sl, seq_match_fn *match, uint32_t prefix, uint8_t plen);

/* Zeroes the counters of the named list, or of every list of the module (name NULL). */
void seq_lists_clear_hits(const struct config *cfg, const struct cfg_module *m, const char *name);

#endif
