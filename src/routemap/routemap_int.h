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

/* match tag / match ip address lists: adding a present value does nothing; -1 if out of memory. */
int rmap_tag_add(struct rmap_entry *re, uint32_t tag);
void rmap_tag_del(struct rmap_entry *re, uint32_t tag);
int rmap_acl_add(struct rmap_entry *re, const char *acl);
void rmap_acl_del(struct rmap_entry *re, const char *acl);
/* Drops every tag, or every access list. */
void rmap_tags_clear(struct rmap_entry *re);
void rmap_acls_clear(struct rmap_entry *re);

#endif
