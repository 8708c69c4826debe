/* BGP address families: entering them and the commands inside (config-router-af). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_cli.h"
#include "config/modes.h"

/* Print order inside an address family (IOS's). */
enum {
	ORD_AF_NETWORK = 10,
	ORD_AF_REDISTRIBUTE = 20,
	ORD_AF_NEIGHBORS = 30,
	ORD_AF_MAXIMUM_PATHS = 40,
	ORD_AF_DEFAULT_INFO = 50,
};

static const char *const redist_names[BGP_REDIST_COUNT] = {"connected", "static"};

/* ---- address-family / exit-address-family ---- */

static int af_mode(const struct bgp_af *af)
{
	switch (af->af_kind) {
	case BGP_AF_IPV4:
		return MODE_BGP_AF_IPV4;
	case BGP_AF_VPNV4:
		return MODE_BGP_AF_VPNV4;
	case BGP_AF_VRF:
		break;
	}
	return MODE_BGP_AF_VRF;
}

/* The address family a line names; a vrf one is created unless removing. */
static struct bgp_af *af_named(struct bgp_cfg *bgp, const struct cli_args *a)
{
	const char *vrf = cli_arg(a, "vrfname");

	if (cli_has(a, "vpnv4"))
		return &bgp->bgp_af_vpnv4;
	if (!vrf)
		return &bgp->bgp_af_ipv4;
	return a->a_negate ? bgp_vrf_af_lookup(bgp, vrf) : bgp_vrf_af_get(bgp, vrf);
}

static int run_address_family(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_af *af = af_named(cli_obj(c), a);

	if (a->a_negate) {
		if (af)
			bgp_af_remove(af);
		return 0;
	}
	if (!af)
		return cli_fail(c, "Out of memory");
	af->af_entered = true;
	cli_enter(c, af_mode(af), af);
	return 0;
}

static void print_af(struct cli_writer *w, const struct bgp_af *af)
{
	cli_line(w, "!");
	if (af->af_kind == BGP_AF_VRF)
		cli_line(w, "address-family ipv4 vrf %s", af->af_vrf);
	else
		cli_line(w, "address-family %s", af->af_kind == BGP_AF_IPV4 ? "ipv4" : "vpnv4");
	cli_block(w, af_mode(af), af);
	cli_line(w, "exit-address-family");
}

static void print_address_families(struct cli_writer *w, const void *obj)
{
	const struct bgp_cfg *bgp = obj;
	size_t n;
	struct bgp_af **v;

	if (bgp->bgp_af_ipv4.af_entered)
		print_af(w, &bgp->bgp_af_ipv4);
	if (bgp->bgp_af_vpnv4.af_entered)
		print_af(w, &bgp->bgp_af_vpnv4);
	v = bgp_vrf_afs_sorted(bgp, &n);
	for (size_t i = 0; v && i < n; i++)
		print_af(w, v[i]);
	free(v);
}

static int run_exit_af(struct cli_ctx *c, const struct cli_args *a)
{
	cli_exit(c);
	return 0;
}

/* ---- per-neighbor settings ---- */

/* The neighbor's settings in this address family, or NULL after reporting why not. */
static struct bgp_nbr_af *nbr_af_of(struct cli_ctx *c, const struct cli_args *a)
{
	const struct bgp_af *af = cli_obj(c);
	int idx = bgp_af_index(af);
	/* a vrf has no neighbors of its own yet: none can be referenced there */
	struct bgp_nbr *nb = bgp_cli_nbr(c, idx < 0 ? NULL : af->af_bgp, a);

	return nb ? &nb->nb_af[idx] : NULL;
}

static int run_activate(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_nbr_af *na = nbr_af_of(c, a);

	if (!na)
		return -1;
	na->na_activate = !a->a_negate;
	return 0;
}

static int run_send_community(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_nbr_af *na = nbr_af_of(c, a);
	uint8_t bits = BGP_COMM_STANDARD;

	if (!na)
		return -1;
	if (cli_has(a, "both"))
		bits = BGP_COMM_STANDARD | BGP_COMM_EXTENDED;
	else if (cli_has(a, "extended"))
		bits = BGP_COMM_EXTENDED;
	if (a->a_negate)
		na->na_send_community &= (uint8_t)~bits;
	else
		na->na_send_community |= bits;
	return 0;
}

static int run_next_hop_self(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_nbr_af *na = nbr_af_of(c, a);

	if (!na)
		return -1;
	na->na_next_hop_self = !a->a_negate;
	return 0;
}

static int run_soft_reconfig(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_nbr_af *na = nbr_af_of(c, a);

	if (!na)
		return -1;
	na->na_soft_reconfig_in = !a->a_negate;
	return 0;
}

static int run_nbr_route_map(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_nbr_af *na = nbr_af_of(c, a);

	if (!na)
		return -1;
	if (bgp_strset(cli_has(a, "in") ? &na->na_route_map_in : &na->na_route_map_out,
		       a->a_negate ? NULL : cli_arg(a, "map")) < 0)
		return cli_fail(c, "Out of memory");
	return 0;
}

static void print_nbr_af(struct cli_writer *w, const char *p, const struct bgp_nbr_af *na)
{
	static const char *const community[] = {"", "", " extended", " both"};

	if (na->na_activate)
		cli_line(w, "neighbor %s activate", p);
	if (na->na_send_community)
		cli_line(w, "neighbor %s send-community%s", p, community[na->na_send_community]);
	if (na->na_next_hop_self)
		cli_line(w, "neighbor %s next-hop-self", p);
	if (na->na_soft_reconfig_in)
		cli_line(w, "neighbor %s soft-reconfiguration inbound", p);
	if (na->na_route_map_in)
		cli_line(w, "neighbor %s route-map %s in", p, na->na_route_map_in);
	if (na->na_route_map_out)
		cli_line(w, "neighbor %s route-map %s out", p, na->na_route_map_out);
}

static void print_af_neighbors(struct cli_writer *w, const void *obj)
{
	const struct bgp_af *af = obj;
	int idx = bgp_af_index(af);
	size_t n;
	struct bgp_nbr **v;

	if (idx < 0)
		return;
	v = bgp_nbrs_sorted(af->af_bgp, &n);
	for (size_t i = 0; v && i < n; i++)
		print_nbr_af(w, v[i]->nb_name, &v[i]->nb_af[idx]);
	free(v);
}

/* ---- redistribution, networks, paths, default route ---- */

static int run_redistribute(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_af *af = cli_obj(c);
	struct bgp_redist *rd = &af->af_redist[cli_has(a, "static") ? BGP_REDIST_STATIC : BGP_REDIST_CONNECTED];
	bool options = cli_has(a, "route-map") || cli_has(a, "metric");

	if (a->a_negate && !options) {
		free(rd->rd_route_map);
		memset(rd, 0, sizeof(*rd));
		return 0;
	}
	/* with options, "no" removes just those; without, they add to what is there */
	if (cli_has(a, "route-map") && bgp_strset(&rd->rd_route_map, a->a_negate ? NULL : cli_arg(a, "map")) < 0)
		return cli_fail(c, "Out of memory");
	if (cli_has(a, "metric")) {
		rd->rd_metric_set = !a->a_negate;
		rd->rd_metric = (uint32_t)cli_arg_num(a, "<0-4294967295>", 0);
	}
	rd->rd_on |= !a->a_negate;
	return 0;
}

static void print_redistribute(struct cli_writer *w, const void *obj)
{
	const struct bgp_af *af = obj;

	for (int i = 0; i < BGP_REDIST_COUNT; i++) {
		const struct bgp_redist *rd = &af->af_redist[i];
		char metric[32] = "";

		if (!rd->rd_on)
			continue;
		if (rd->rd_metric_set)
			snprintf(metric, sizeof(metric), " metric %u", rd->rd_metric);
		cli_line(w, "redistribute %s%s%s%s", redist_names[i], metric, rd->rd_route_map ? " route-map " : "",
			 rd->rd_route_map ? rd->rd_route_map : "");
	}
}

/* The mask IOS assumes for a network statement without one. */
static uint8_t classful_len(struct in_addr addr)
{
	uint32_t a = ntohl(addr.s_addr);

	if (a == 0)
		return 0;
	return a < 0x80000000u ? 8 : a < 0xc0000000u ? 16 : 24;
}

static uint32_t len_mask(uint8_t plen)
{
	return plen ? 0xffffffffu << (32 - plen) : 0;
}

/* A mask is valid when its inverse is 2^n - 1. */
static bool mask_len(const char *s, uint8_t *plen)
{
	struct in_addr m;
	uint32_t inv;

	if (!bgp_cli_addr(s, &m))
		return false;
	inv = ~ntohl(m.s_addr);
	*plen = (uint8_t)(32 - __builtin_popcount(inv));
	return (inv & (inv + 1)) == 0;
}

static int run_network(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_af *af = cli_obj(c);
	const char *mask = cli_arg(a, "mask") ? cli_arg_nth(a, "A.B.C.D", 1) : NULL;
	struct in_addr prefix;
	uint8_t plen;

	bgp_cli_addr(cli_arg(a, "A.B.C.D"), &prefix);
	if (ntohl(prefix.s_addr) >= 0xe0000000u)
		return cli_fail(c, "Invalid network %s: not a unicast address", cli_arg(a, "A.B.C.D"));
	if (mask && !mask_len(mask, &plen))
		return cli_fail(c, "Bad mask %s", mask);
	if (!mask)
		plen = classful_len(prefix);
	if (ntohl(prefix.s_addr) & ~len_mask(plen))
		return cli_fail(c, "Inconsistent address and mask");
	if (a->a_negate) {
		bgp_network_delete(af, prefix, plen);
		return 0;
	}
	if (bgp_network_set(af, prefix, plen, cli_arg(a, "map")) < 0)
		return cli_fail(c, "Out of memory");
	return 0;
}

static void print_networks(struct cli_writer *w, const void *obj)
{
	const struct bgp_af *af = obj;

	for (const struct bgp_network *bn = af->af_networks; bn; bn = bn->bn_next) {
		char addr[INET_ADDRSTRLEN], mask[INET_ADDRSTRLEN + 8] = "";
		struct in_addr m = {.s_addr = htonl(len_mask(bn->bn_plen))};

		/* IOS leaves out a mask that is the classful one */
		if (bn->bn_plen != classful_len(bn->bn_prefix))
			snprintf(mask, sizeof(mask), " mask %s", inet_ntop(AF_INET, &m, addr, sizeof(addr)));
		inet_ntop(AF_INET, &bn->bn_prefix, addr, sizeof(addr));
		cli_line(w, "network %s%s%s%s", addr, mask, bn->bn_route_map ? " route-map " : "",
			 bn->bn_route_map ? bn->bn_route_map : "");
	}
}

static int run_maximum_paths(struct cli_ctx *c, const struct cli_args *a)
{
	long long n = a->a_negate ? 0 : cli_arg_num(a, "<1-32>", 0);

	/* one path is the default, which IOS does not print */
	((struct bgp_af *)cli_obj(c))->af_maximum_paths = n == 1 ? 0 : (uint8_t)n;
	return 0;
}

static void print_maximum_paths(struct cli_writer *w, const void *obj)
{
	const struct bgp_af *af = obj;

	if (af->af_maximum_paths)
		cli_line(w, "maximum-paths %u", af->af_maximum_paths);
}

static int run_default_info(struct cli_ctx *c, const struct cli_args *a)
{
	((struct bgp_af *)cli_obj(c))->af_default_originate = !a->a_negate;
	return 0;
}

static void print_default_info(struct cli_writer *w, const void *obj)
{
	if (((const struct bgp_af *)obj)->af_default_originate)
		cli_line(w, "default-information originate");
}

#define REDIST_HELP    "Redistribute information from another routing protocol\nConnected\nStatic routes\n"
#define METRIC_HELP    "Metric for redistributed routes\nDefault metric\n"
#define ROUTE_MAP_HELP "Route map reference\nPointer to route-map entries\n"

static struct cli_cmd af_cmds[] = {
    {.cc_syntax = "address-family (ipv4 [unicast] [vrf WORD$vrfname]|vpnv4 [unicast])",
     .cc_help = "Enter Address Family command mode\nAddress family\nAddress Family modifier\nSpecify parameters "
		"for a VPN Routing/Forwarding instance\nVPN Routing/Forwarding instance name\nAddress "
		"family\nAddress Family modifier",
     .cc_modes = CLI_MODE(MODE_BGP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_address_family,
     .cc_print = print_address_families,
     .cc_order = ORD_BGP_AF},
    {.cc_syntax = "exit-address-family",
     .cc_help = "Exit from Address Family configuration mode",
     .cc_modes = MODES_BGP_AF_ALL,
     .cc_run = run_exit_af},
    {.cc_syntax = BGP_NBR "activate",
     .cc_help = BGP_NBR_HELP "Enable the Address Family for this Neighbor",
     .cc_modes = MODES_BGP_AF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_activate,
     .cc_print = print_af_neighbors,
     .cc_order = ORD_AF_NEIGHBORS},
    {.cc_syntax = BGP_NBR "send-community [both|standard|extended]",
     .cc_help = BGP_NBR_HELP "Send Community attribute to this neighbor\nSend Standard and Extended Community "
			     "attributes\nSend Standard Community attribute\nSend Extended Community attribute",
     .cc_modes = MODES_BGP_AF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_send_community},
    {.cc_syntax = BGP_NBR "next-hop-self",
     .cc_help = BGP_NBR_HELP "Disable the next hop calculation for this neighbor",
     .cc_modes = MODES_BGP_AF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_next_hop_self},
    {.cc_syntax = BGP_NBR "soft-reconfiguration inbound",
     .cc_help = BGP_NBR_HELP "Per neighbor soft reconfiguration\nAllow inbound soft reconfiguration for this "
			     "neighbor",
     .cc_modes = MODES_BGP_AF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_soft_reconfig},
    {.cc_syntax = BGP_NBR "route-map WORD$map (in|out)",
     .cc_help = BGP_NBR_HELP "Apply route map to neighbor\nName of route map\nApply map to incoming "
			     "routes\nApply map to outbound routes",
     .cc_modes = MODES_BGP_AF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_nbr_route_map},
    {.cc_syntax = "redistribute (connected|static) [metric <0-4294967295>] [route-map WORD$map]",
     .cc_help = REDIST_HELP METRIC_HELP ROUTE_MAP_HELP,
     .cc_modes = MODES_BGP_AF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_redistribute,
     .cc_print = print_redistribute,
     .cc_order = ORD_AF_REDISTRIBUTE},
    /* IOS takes the options in either order */
    {.cc_syntax = "redistribute (connected|static) route-map WORD$map metric <0-4294967295>",
     .cc_help = REDIST_HELP ROUTE_MAP_HELP METRIC_HELP,
     .cc_modes = MODES_BGP_AF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_redistribute},
    {.cc_syntax = "network A.B.C.D [mask A.B.C.D] [route-map WORD$map]",
     .cc_help = "Specify a network to announce via BGP\nNetwork number\nNetwork mask\nNetwork mask\nRoute-map "
		"to modify the attributes\nName of the route map",
     .cc_modes = MODES_BGP_AF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_network,
     .cc_print = print_networks,
     .cc_order = ORD_AF_NETWORK},
    {.cc_syntax = "maximum-paths <1-32>",
     .cc_help = "Forward packets over multiple paths\nNumber of paths",
     .cc_no_syntax = "maximum-paths [<1-32>]",
     .cc_modes = MODES_BGP_AF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_maximum_paths,
     .cc_print = print_maximum_paths,
     .cc_order = ORD_AF_MAXIMUM_PATHS},
    {.cc_syntax = "default-information originate",
     .cc_help = "Control distribution of default information\nDistribute a default route",
     .cc_modes = MODES_BGP_AF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_default_info,
     .cc_print = print_default_info,
     .cc_order = ORD_AF_DEFAULT_INFO},
};

void bgp_af_cli_init(struct cli_tree *t)
{
	cli_cmds_add(t, af_cmds, sizeof(af_cmds) / sizeof(af_cmds[0]));
}
