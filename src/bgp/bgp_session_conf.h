/* What the configuration asks of a session: a neighbor's effective settings (its own, else its peer group's). */
#ifndef FERRY_BGP_BGP_SESSION_CONF_H
#define FERRY_BGP_BGP_SESSION_CONF_H

#include "bgp/bgp.h"
#include "bgp/bgp_session.h"

/* bgp router-id, else the highest interface address (a loopback's first, as IOS picks). */
uint32_t bgp_conf_router_id(struct ferryd *d, const struct bgp_cfg *bgp);
/* The peer group of the listen range holding src (the longest), or NULL. */
const char *bgp_conf_range_group(const struct bgp_cfg *bgp, struct in_addr src);
/* The session settings of a neighbor or peer group; -1 when it has no remote AS. */
int bgp_conf_peer(struct ferryd *d, const struct bgp_cfg *bgp, const struct bgp_nbr *nb, struct bgp_peer_conf *pc);
/* The same for a running peer; -1 when the configuration no longer has it. */
int bgp_conf_of_peer(struct ferryd *d, const struct bgp_cfg *bgp, const struct bgp_peer *p, struct bgp_peer_conf *pc);

#endif
