/*
 * neighbor X route-map NAME in|out on BGP paths (bgp_policy.c), with what
 * src/routemap/ evaluates: match tag (a BGP path carries none: tag 0),
 * match ip address [prefix-list] (the destination's prefix) and
 * the sets BGP has attributes for: set local-preference, set metric (MED),
 * set extcommunity rt [additive]. As on IOS a route-map that does not
 * exist denies every route, and so does one no entry of which matches.
 * Applied to what is received (bgp_routes.c) and what is advertised
 * (bgp_adv.c); a changed policy takes effect with clear ip bgp soft.
 */
#ifndef FERRY_BGP_BGP_POLICY_H
#define FERRY_BGP_BGP_POLICY_H

#include <stdbool.h>

#include "bgp/bgp.h"
#include "bgp/bgp_msg.h"
#include "routemap/routemap.h"

enum bgp_policy_verdict { BGP_POLICY_NONE, BGP_POLICY_PERMIT, BGP_POLICY_DENY };

/* The neighbor settings (nb_af index) of a table family. */
enum bgp_afi bgp_afi_of(enum bgp_family f);

/* Whether the neighbor (or its peer group) has a route-map for the family and direction, without running it
 * (running it would count hits in the lists it matches on). */
bool bgp_policy_has_map(const struct bgp_nbr *nb, enum bgp_afi afi, bool out);
/* The neighbor's route-map for the family and direction (its own, else its peer group's) decided for the BGP
 * path to prefix/plen: NONE without one; PERMIT with *re the entry whose sets apply; DENY. */
enum bgp_policy_verdict bgp_policy_decide(const struct config *cfg, const struct bgp_nbr *nb, enum bgp_afi afi,
					  bool out, uint32_t prefix, uint8_t plen, const struct rmap_entry **re);

/*
 * Writes the entry's sets into a. A route-target set replaces the route
 * targets (keeping other extended communities; additive: adds to them) in
 * a new array, a->ba_ext then, *ext_owned too for the caller to free; the
 * array it replaced is the caller's as before. -1 if out of memory.
 */
int bgp_policy_set(const struct rmap_entry *re, struct bgp_attrs *a, struct bgp_ext_community **ext_owned);

#endif
