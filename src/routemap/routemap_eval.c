/* Route-map evaluation: which entry decides for a route (see routemap.h). */
#include "acl/acl.h"
#include "routemap/routemap_int.h"

typedef bool list_permits_fn(const struct config *cfg, const char *name, uint32_t prefix, uint8_t plen);

/* A clause naming lists: no names, no clause (matches); else any list that permits the route. */
static bool names_match(const struct config *cfg, const struct rmap_names *rn, list_permits_fn *permits,
			const struct rmap_route *route)
{
	for (size_t i = 0; i < rn->rn_n; i++)
		if (permits(cfg, rn->rn_v[i], route->rr_prefix, route->rr_plen))
			return true;
	return rn->rn_n == 0;
}

static bool entry_matches(const struct config *cfg, const struct rmap_entry *re, const struct rmap_route *route)
{
	return (re->re_ntags == 0 || rmap_has_tag(re, route->rr_tag)) &&
	       names_match(cfg, &re->re_acls, acl_permits_route, route) &&
	       names_match(cfg, &re->re_plists, prefix_list_permits, route);
}

const struct rmap_entry *routemap_match(const struct config *cfg, const struct routemap *rm,
					const struct rmap_route *route)
{
	for (const struct rmap_entry *re = rm->rm_entries; re; re = re->re_next)
		if (entry_matches(cfg, re, route))
			return re;
	return NULL;
}

bool routemap_permits(const struct config *cfg, const char *name, const struct rmap_route *route)
{
	const struct routemap *rm = routemap_lookup(cfg, name);
	const struct rmap_entry *re = rm ? routemap_match(cfg, rm, route) : NULL;

	return re && re->re_permit;
}
