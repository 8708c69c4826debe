/*
 * MPLS commands: global mpls ldp loop-detection and mpls label range (mpls label mode: mpls_label_mode.c);
 * interface mpls ip / nhrp / bgp forwarding.
 */
#include <stdlib.h>

#include "config/modes.h"
#include "config/order.h"
#include "mpls/label_mode.h"
#include "mpls/mfi.h"
#include "mpls/mpls.h"
#include "tunnel/tunnel.h"

struct mpls_cfg {
	bool mc_ldp_loop_detection;
	uint32_t mc_label_min, mc_label_max; /* 0: the default range */
};

static void *mpls_new(struct config *cfg)
{
	return calloc(1, sizeof(struct mpls_cfg));
}

static struct cfg_module mpls_module = {.cm_name = "mpls", .cm_new = mpls_new, .cm_free = free};
static struct if_ext_ops mpls_ext = {.ie_name = "mpls", .ie_free = free};

static struct mpls_cfg *mpls_of(const struct config *cfg)
{
	return cfg_mod(cfg, &mpls_module);
}

const struct mpls_if *mpls_if_of(const struct iface *ifp)
{
	return if_ext(ifp, &mpls_ext);
}

bool mpls_bgp_forwarding(const struct iface *ifp)
{
	const struct mpls_if *mi = mpls_if_of(ifp);
	return mi && mi->mi_bgp_forwarding;
}

bool mpls_nhrp(const struct iface *ifp)
{
	const struct mpls_if *mi = mpls_if_of(ifp);
	return mi && mi->mi_nhrp;
}

bool mpls_ldp_loop_detection(const struct config *cfg)
{
	return mpls_of(cfg)->mc_ldp_loop_detection;
}

bool mpls_label_range(const struct config *cfg, uint32_t *min, uint32_t *max)
{
	const struct mpls_cfg *mc = mpls_of(cfg);

	*min = mc->mc_label_min;
	*max = mc->mc_label_max;
	return mc->mc_label_min != 0;
}

static int run_loop_detection(struct cli_ctx *c, const struct cli_args *a)
{
	mpls_of(cfg_of(c))->mc_ldp_loop_detection = !a->a_negate;
	return 0;
}

static int run_label_range(struct cli_ctx *c, const struct cli_args *a)
{
	struct mpls_cfg *mc = mpls_of(cfg_of(c));
	uint32_t min = (uint32_t)cli_arg_num(a, "min", 0), max = (uint32_t)cli_arg_num(a, "max", 0);

	if (a->a_negate)
		min = max = 0;
	if (min > max)
		return cli_fail(c, "Invalid label range: minimum %u is above maximum %u", min, max);
	mc->mc_label_min = min;
	mc->mc_label_max = max;
	return 0;
}

static void print_mpls_global(struct cli_writer *w, const void *obj)
{
	const struct mpls_cfg *mc = mpls_of(obj);

	if (mc->mc_label_min)
		cli_line(w, "mpls label range %u %u", mc->mc_label_min, mc->mc_label_max);
	if (mc->mc_ldp_loop_detection)
		cli_line(w, "mpls ldp loop-detection");
}

/* LDP sessions over the tunnel keep spoke-to-spoke tunnels from ever idling out. */
static void warn_ldp_on_tunnel(struct cli_ctx *c, const struct iface *ifp)
{
	if (tunnel_iface(ifp))
		cli_printf(c, "%% Warning: mpls ip (LDP) on a FlexVPN tunnel keeps spoke-to-spoke tunnels up; use "
			      "mpls nhrp or mpls bgp forwarding\n");
}

/* The setting a "mpls ip|nhrp|bgp forwarding" line is about. */
static bool *if_flag(struct mpls_if *mi, const struct cli_args *a)
{
	if (cli_has(a, "ip"))
		return &mi->mi_ldp;
	return cli_has(a, "nhrp") ? &mi->mi_nhrp : &mi->mi_bgp_forwarding;
}

static int run_mpls_if(struct cli_ctx *c, const struct cli_args *a)
{
	struct iface *ifp = if_of(c);
	struct mpls_if *mi = if_ext_get(ifp, &mpls_ext, sizeof(*mi));
	bool on = !a->a_negate;

	if (!mi)
		return cli_fail(c, "Out of memory");
	if (cli_has(a, "ip") && on)
		warn_ldp_on_tunnel(c, ifp);
	*if_flag(mi, a) = on;
	return 0;
}

static void print_mpls_if(struct cli_writer *w, const void *obj)
{
	const struct mpls_if *mi = mpls_if_of(obj);

	if (mi && mi->mi_ldp)
		cli_line(w, "mpls ip");
	if (mi && mi->mi_nhrp)
		cli_line(w, "mpls nhrp");
	if (mi && mi->mi_bgp_forwarding)
		cli_line(w, "mpls bgp forwarding");
}

static struct cli_cmd mpls_cmds[] = {
    {.cc_syntax = "mpls ldp loop-detection",
     .cc_help = "Configure MPLS parameters\nLabel Distribution Protocol\nEnable LDP Loop Detection",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_loop_detection,
     .cc_print = print_mpls_global,
     .cc_order = ORD_MPLS_GLOBAL},
    {.cc_syntax = "mpls label range <16-1048575>$min <16-1048575>$max",
     .cc_help = "Configure MPLS parameters\nLabel properties\nLabel range\nMinimum label value\nMaximum label "
		"value",
     .cc_no_syntax = "mpls label range [<16-1048575>$min <16-1048575>$max]",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_label_range},
    {.cc_syntax = "mpls (ip|nhrp|bgp forwarding)",
     .cc_help = "Configure MPLS interface parameters\nDynamic MPLS forwarding for IP (LDP)\nMPLS forwarding "
		"with labels learned through NHRP\nMPLS forwarding with labels learned through BGP\nEnable MPLS "
		"forwarding",
     .cc_modes = MODES_IF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_mpls_if,
     .cc_print = print_mpls_if,
     .cc_order = ORD_IF_MPLS},
};

void mpls_cli_init(struct cli_tree *t)
{
	cfg_module_register(&mpls_module);
	if_ext_register(&mpls_ext);
	cli_cmds_add(t, mpls_cmds, sizeof(mpls_cmds) / sizeof(mpls_cmds[0]));
	mfi_show_init(t);
	mpls_label_mode_init(t);
}
