/* ip route: static routes of the global table and of VRFs. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/modes.h"
#include "config/order.h"
#include "core/sync.h"
#include "interface/iface.h"
#include "rib/fib.h"
#include "rib/rib_int.h"
#include "rib/rib_show.h"
#include "vrf/vrf.h"

/* Reads the route's identity (table aside); the interface name goes to ifname. */
static int route_identity(struct cli_ctx *c, const struct cli_args *a, struct rib_route *key, char *ifname, size_t len)
{
	struct in_addr mask;
	uint32_t inv;

	memset(key, 0, sizeof(*key));
	if (inet_pton(AF_INET, cli_arg(a, "prefix"), &key->rt_prefix) != 1 ||
	    inet_pton(AF_INET, cli_arg(a, "mask"), &mask) != 1)
		return cli_fail(c, "Inconsistent address and mask");
	inv = ~ntohl(mask.s_addr);
	/* the mask must be contiguous and cover every bit set in the prefix */
	if ((inv & (inv + 1)) || (ntohl(key->rt_prefix.s_addr) & inv))
		return cli_fail(c, "Inconsistent address and mask");
	key->rt_plen = (uint8_t)(32 - __builtin_popcount(inv));
	key->rt_has_gw = cli_has(a, "gw") && inet_pton(AF_INET, cli_arg(a, "gw"), &key->rt_gw) == 1;
	if (cli_has(a, "IFNAME")) {
		snprintf(ifname, len, "%s", cli_arg(a, "IFNAME"));
		key->rt_ifname = ifname;
	}
	return 0;
}

static struct rib_route *route_new(const struct rib_route *key)
{
	struct rib_route *rt = calloc(1, sizeof(*rt));

	if (!rt)
		return NULL;
	*rt = *key;
	rt->rt_ifname = NULL;
	if (key->rt_ifname && !(rt->rt_ifname = strdup(key->rt_ifname))) {
		free(rt);
		return NULL;
	}
	return rt;
}

/* A route typed again replaces its attributes, as on IOS. */
static int route_attrs(struct cli_ctx *c, const struct cli_args *a, struct rib_route *rt)
{
	char *name = NULL;

	if (cli_has(a, "rname") && !(name = strdup(cli_arg(a, "rname"))))
		return cli_fail(c, "Out of memory");
	free(rt->rt_name);
	rt->rt_name = name;
	rt->rt_distance = (uint8_t)cli_arg_num(a, "<1-255>", 1);
	rt->rt_tag = (uint32_t)cli_arg_num(a, "<1-4294967295>", 0);
	rt->rt_permanent = cli_has(a, "permanent");
	return 0;
}

static int route_add(struct cli_ctx *c, const struct cli_args *a, struct static_table *tb, const struct rib_route *key)
{
	struct rib_route *rt = rib_route_find(tb, key);

	if (rt)
		return route_attrs(c, a, rt);
	if (!(rt = route_new(key)) || rib_route_add(tb, rt) < 0) {
		if (rt)
			rib_route_free(rt);
		return cli_fail(c, "Out of memory");
	}
	return route_attrs(c, a, rt);
}

/* Without a next hop, "no ip route" removes every route to the prefix. */
static int route_remove(struct cli_ctx *c, struct static_table *tb, const struct rib_route *key)
{
	struct rib_route *rt = tb ? rib_route_find(tb, key) : NULL;
	bool found = rt != NULL;

	if (rt)
		rib_route_del(tb, rt);
	else if (tb && !key->rt_has_gw && !key->rt_ifname) {
		for (struct omap_iter it = omap_begin(tb->tb_routes); omap_next(&it);) {
			struct rib_route *r = it.oi_val;
			if (r->rt_prefix.s_addr == key->rt_prefix.s_addr && r->rt_plen == key->rt_plen) {
				rib_route_del(tb, r);
				found = true;
			}
		}
	}
	return found ? 0 : cli_fail(c, "No matching route to delete");
}

static int run_ip_route(struct cli_ctx *c, const struct cli_args *a)
{
	const char *vrf = cli_arg(a, "vrfname");
	struct rib_route key;
	struct static_table *tb;
	char ifname[IF_NAMELEN];

	if (vrf && !vrf_lookup(cfg_of(c), vrf))
		return cli_fail(c, "IP routing table %s does not exist. Create first", vrf);
	if (route_identity(c, a, &key, ifname, sizeof(ifname)) < 0)
		return -1;
	if (a->a_negate)
		return route_remove(c, static_table_find(cfg_of(c), vrf), &key);
	if (!(tb = static_table_get(cfg_of(c), vrf)))
		return cli_fail(c, "Out of memory");
	return route_add(c, a, tb, &key);
}

static void print_route(struct cli_writer *w, const struct static_table *tb, const struct rib_route *rt)
{
	char p[INET_ADDRSTRLEN], m[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN], *line = NULL;
	struct in_addr mask = {.s_addr = htonl(rt->rt_plen ? 0xffffffffu << (32 - rt->rt_plen) : 0)};
	size_t len;
	FILE *f = open_memstream(&line, &len);

	if (!f)
		return;
	fprintf(f, "ip route");
	if (tb->tb_vrf)
		fprintf(f, " vrf %s", tb->tb_vrf);
	fprintf(f, " %s %s", inet_ntop(AF_INET, &rt->rt_prefix, p, sizeof(p)), inet_ntop(AF_INET, &mask, m, sizeof(m)));
	if (rt->rt_ifname)
		fprintf(f, " %s", rt->rt_ifname);
	if (rt->rt_has_gw)
		fprintf(f, " %s", inet_ntop(AF_INET, &rt->rt_gw, g, sizeof(g)));
	if (rt->rt_distance > 1)
		fprintf(f, " %u", rt->rt_distance);
	if (rt->rt_tag)
		fprintf(f, " tag %u", rt->rt_tag);
	if (rt->rt_permanent)
		fprintf(f, " permanent");
	if (rt->rt_name)
		fprintf(f, " name %s", rt->rt_name);
	if (fclose(f) == 0)
		cli_line(w, "%s", line);
	free(line);
}

static void print_table(struct cli_writer *w, const struct static_table *tb)
{
	for (struct omap_iter it = omap_begin(tb->tb_routes); omap_next(&it);)
		print_route(w, tb, it.oi_val);
}

/* The global table first, then each VRF's, each in configuration order. */
static void print_routes(struct cli_writer *w, const void *obj)
{
	print_table(w, static_table_find(obj, NULL));
	for (struct omap_iter it = omap_begin(static_vrf_tables(obj)); omap_next(&it);)
		print_table(w, it.oi_val);
}

/* IOS takes the options after the next hop in any order. */
#define ROUTE_OPTION  "[(tag <1-4294967295>|name WORD$rname|permanent)]"
#define ROUTE_OPTIONS ROUTE_OPTION " " ROUTE_OPTION " " ROUTE_OPTION
#define ROUTE_OPTION_HELP                                                                                              \
	"Set tag for this route\nTag value\nSpecify name of the next hop\nName of the next hop\npermanent route\n"
#define ROUTE_NEXTHOP "(A.B.C.D$gw|IFNAME [A.B.C.D$gw]) [<1-255>] " ROUTE_OPTIONS
#define ROUTE_DEST    "ip route [vrf WORD$vrfname] A.B.C.D$prefix A.B.C.D$mask"

static struct cli_cmd rib_cmds[] = {
    {.cc_syntax = ROUTE_DEST " " ROUTE_NEXTHOP,
     .cc_help = "Global IP configuration subcommands\nEstablish static routes\nConfigure static route for a VPN "
		"Routing/Forwarding instance\nVPN Routing/Forwarding instance name\nDestination prefix\nDestination "
		"prefix mask\nForwarding router's address\nInterface for the next hop (Null0, Tunnel0 ...)\n"
		"Forwarding router's address\nDistance metric for this route\n" ROUTE_OPTION_HELP ROUTE_OPTION_HELP
		    ROUTE_OPTION_HELP,
     .cc_no_syntax = ROUTE_DEST " [" ROUTE_NEXTHOP "]",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_ip_route,
     .cc_print = print_routes,
     .cc_order = ORD_IP_ROUTE},
};

void rib_static_init(struct cli_tree *t)
{
	cfg_module_register(&rib_module);
	vrf_delete_hook(rib_vrf_deleted);
	cli_cmds_add(t, rib_cmds, sizeof(rib_cmds) / sizeof(rib_cmds[0]));
	rib_show_init(t);
	sync_register(fib_sync);
}
