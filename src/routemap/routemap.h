/* Route-maps: route-map, match, set. */
#ifndef FERRY_ROUTEMAP_ROUTEMAP_H
#define FERRY_ROUTEMAP_ROUTEMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "core/omap.h"
#include "parser/cli.h"
#include "vrf/vrf.h"

/* A "set" of one number: set tag, set local-preference, set metric. */
struct rmap_set {
	bool rs_on;
	uint32_t rs_value;
};

/* Names a match clause lists (access lists, prefix lists): the clause matches when any of them does. */
struct rmap_names {
	char **rn_v;
	size_t rn_n;
};

/* What the match clauses see of a route: its tag and its destination (host order). */
struct rmap_route {
	uint32_t rr_tag;
	uint32_t rr_prefix;
	uint8_t rr_plen;
};

/* One "route-map NAME permit|deny SEQ" entry. */
struct rmap_entry {
	bool re_permit;
	uint16_t re_seq;
	char *re_description;
	uint32_t *re_tags; /* match tag: any of these */
	size_t re_ntags;
	struct rmap_names re_acls;   /* match ip address */
	struct rmap_names re_plists; /* match ip address prefix-list */
	struct rmap_set re_set_metric, re_set_locpref, re_set_tag;
	struct vrf_rts re_set_rt; /* set extcommunity rt */
	bool re_rt_additive;
	struct rmap_entry *re_next; /* by sequence */
};

struct routemap {
	char *rm_name;
	struct rmap_entry *rm_entries; /* sorted by sequence */
};

extern struct cfg_module routemap_module;

const struct routemap *routemap_lookup(const struct config *cfg, const char *name);
/* Every route-map by name, in creation order (values: struct routemap *). */
const struct omap *routemap_all(const struct config *cfg);

/*
 * The entry that decides for the route: the first, by sequence, whose
 * match clauses all accept it (an entry without match clauses accepts
 * every route). Different clauses must all match (AND); the values of
 * one clause, any of them (OR), as on IOS. An access list or prefix list
 * that does not exist matches every route (see src/acl/acl.h). NULL when
 * no entry matches.
 */
const struct rmap_entry *routemap_match(const struct config *cfg, const struct routemap *rm,
					const struct rmap_route *route);
/*
 * Whether the named route-map lets the route through. As on IOS, a
 * route-map that does not exist permits nothing, and a route no entry
 * matches is denied.
 */
bool routemap_permits(const struct config *cfg, const char *name, const struct rmap_route *route);

void routemap_cli_init(struct cli_tree *t);

#endif
