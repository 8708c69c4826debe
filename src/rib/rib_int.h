/* The static route tables, shared by the files of the rib folder only. */
#ifndef FERRY_RIB_RIB_INT_H
#define FERRY_RIB_RIB_INT_H

#include "rib/rib.h"

/*
 * The routes by identity: a route among 100,000 is found at once, and they
 * print in configuration order.
 */
struct static_table {
	char *tb_vrf;		/* NULL: the global table */
	struct omap *tb_routes; /* identity -> struct rib_route */
};

extern struct cfg_module rib_module;

/* The VRF tables (not the global one) by vrf name, in creation order. */
const struct omap *static_vrf_tables(const struct config *cfg);
struct static_table *static_table_find(const struct config *cfg, const char *vrf);
/* Finds or creates a table; NULL if out of memory. */
struct static_table *static_table_get(struct config *cfg, const char *vrf);

/* The route with the same identity as rt, or NULL. */
struct rib_route *rib_route_find(const struct static_table *tb, const struct rib_route *rt);
/* Appends a route (the table owns it then); -1 if out of memory. */
int rib_route_add(struct static_table *tb, struct rib_route *rt);
void rib_route_del(struct static_table *tb, struct rib_route *rt);
void rib_route_free(struct rib_route *rt);
/* The VRF delete hook: a removed VRF takes its static routes along. */
void rib_vrf_deleted(struct config *cfg, const char *vrf);

#endif
