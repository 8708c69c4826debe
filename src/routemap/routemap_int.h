/* Changing the route-map model: shared by the files of the routemap folder only. */
#ifndef FERRY_ROUTEMAP_ROUTEMAP_INT_H
#define FERRY_ROUTEMAP_ROUTEMAP_INT_H

#include "routemap/routemap.h"

struct routemap *routemap_find(const struct config *cfg, const char *name);
/* Finds or creates a route-map; NULL if out of memory. */
struct routemap *routemap_get(struct config *cfg, const char *name);
void routemap_delete(struct config *cfg, struct routemap *rm);

struct rmap_entry *rmap_entry_find(const struct routemap *rm, uint16_t seq);
/* Creates an entry in sequence order; NULL if out of memory. */
struct rmap_entry *rmap_entry_new(struct routemap *rm, uint16_t seq, bool permit);
void rmap_entry_delete(struct routemap *rm, struct rmap_entry *re);

/* match tag: adding a present value does nothing; -1 if out of memory. */
bool rmap_has_tag(const struct rmap_entry *re, uint32_t tag);
int rmap_tag_add(struct rmap_entry *re, uint32_t tag);
void rmap_tag_del(struct rmap_entry *re, uint32_t tag);
/* Adds a name to a clause's list; a present one does nothing; -1 if out of memory. */
int rmap_names_add(struct rmap_names *rn, const char *name);
void rmap_names_del(struct rmap_names *rn, const char *name);
void rmap_names_clear(struct rmap_names *rn);
/* Drops every tag. */
void rmap_tags_clear(struct rmap_entry *re);

#endif
