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

/* One "route-map NAME permit|deny SEQ" entry. */
struct rmap_entry {
	bool re_permit;
	uint16_t re_seq;
	char *re_description;
	uint32_t *re_tags; /* match tag: any of these */
	size_t re_ntags;
	char **re_acls; /* match ip address: access-list names, any of these */
	size_t re_nacls;
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
 * The entry that decides for a route with this tag: the first, by
 * sequence, whose match clauses all accept it (an entry without match
 * clauses accepts every route). Access lists ("match ip address") are not
 * evaluated yet, so an entry that names one never matches. NULL when no
 * entry matches.
 */
const struct rmap_entry *routemap_match_tag(const struct routemap *rm, uint32_t tag);
/*
 * Whether the named route-map lets a route with this tag through. As on
 * IOS, a route-map that does not exist permits nothing, and a route no
 * entry matches is denied.
 */
bool routemap_permits_tag(const struct config *cfg, const char *name, uint32_t tag);

void routemap_cli_init(struct cli_tree *t);

#endif
