/* Shared by the router and address-family command files (not for other subsystems). */
#ifndef FERRY_BGP_BGP_CLI_H
#define FERRY_BGP_BGP_CLI_H

#include "bgp/bgp.h"

/* The neighbor token of every "neighbor" command, with its help lines. */
#define BGP_NBR	     "neighbor (A.B.C.D$peer|WORD$peer) "
#define BGP_NBR_HELP "Specify a neighbor router\nNeighbor address\nNeighbor tag\n"

/* Print order in router bgp mode (IOS's). */
enum {
	ORD_BGP_ROUTER_ID = 10,
	ORD_BGP_LOG_NBR = 20,
	ORD_BGP_LISTEN_RANGE = 30,
	ORD_BGP_LISTEN_LIMIT = 40,
	ORD_BGP_DEFAULT_IPV4 = 50,
	ORD_BGP_TIMERS = 60,
	ORD_BGP_NEIGHBORS = 70,
	ORD_BGP_AF = 80,
};

/* Parses a dotted quad the way IOS reads it (decimal, leading zeros allowed). */
bool bgp_cli_addr(const char *s, struct in_addr *out);
/* The "peer" argument in canonical form; true if it is an address. */
bool bgp_cli_peer(const struct cli_args *a, char *buf, size_t len);
/* The neighbor or peer group named by "peer"; fails with IOS's message when
 * it is not configured (bgp NULL: a table without neighbors). */
struct bgp_nbr *bgp_cli_nbr(struct cli_ctx *c, const struct bgp_cfg *bgp, const struct cli_args *a);

void bgp_af_cli_init(struct cli_tree *t);

#endif
