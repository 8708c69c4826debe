/* The routing table sources; for now static routes (ip route). */
#ifndef FERRY_RIB_RIB_H
#define FERRY_RIB_RIB_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "core/omap.h"
#include "parser/cli.h"

/* One "ip route" line. Its identity is table, prefix, next hop address and interface. */
struct rib_route {
	struct in_addr rt_prefix;
	uint8_t rt_plen;
	bool rt_has_gw;
	struct in_addr rt_gw; /* next hop address, if rt_has_gw */
	char *rt_ifname;      /* next hop interface ("Null0", "Tunnel0"), or NULL */
	uint8_t rt_distance;  /* 1-255; 1 is the default and not printed */
	uint32_t rt_tag;      /* 0: none */
	char *rt_name;	      /* "name WORD", or NULL */
	bool rt_permanent;
};

/*
 * The static routes of a table (vrf NULL: the global table) in
 * configuration order (values: struct rib_route *). NULL when the VRF has
 * no table.
 */
const struct omap *rib_static_routes(const struct config *cfg, const char *vrf);

void rib_static_init(struct cli_tree *t);

#endif
