/* The static route tables, shared by the files of the rib folder only. */
#ifndef FERRY_RIB_RIB_INT_H
#define FERRY_RIB_RIB_INT_H

#include "rib/rib.h"

/*
 * A hash on the route's identity finds a route among 100,000 at once; the
 * list keeps configuration order for printing.
 */
struct rib_table {
	char *tb_vrf; /* NULL: the global table */
	struct hmap *tb_byid;
	struct rib_route *tb_head, *tb_tail;
	struct rib_table *tb_next; /* the global table first, then VRFs in creation order */
};

extern struct cfg_module rib_module;

/* Every table: the global one, then VRF tables (follow tb_next). */
struct rib_table *rib_tables(const struct config *cfg);
struct rib_table *rib_table_find(const struct config *cfg, const char *vrf);
/* Finds or creates a table; NULL if out of memory. */
struct rib_table *rib_table_get(struct config *cfg, const char *vrf);

/* The route with the same identity as rt, or NULL. */
struct rib_route *rib_route_find(const struct rib_table *tb, const struct rib_route *rt);
/* Appends a route (the table owns it then); -1 if out of memory. */
int rib_route_add(struct rib_table *tb, struct rib_route *rt);
void rib_route_del(struct rib_table *tb, struct rib_route *rt);
void rib_route_free(struct rib_route *rt);
/* The VRF delete hook: a removed VRF takes its static routes along. */
void rib_vrf_deleted(struct config *cfg, const char *vrf);

#endif
