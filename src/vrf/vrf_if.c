/* vrf forwarding / ip vrf forwarding: the VRF an interface forwards in. */
#include <stdlib.h>
#include <string.h>

#include "config/modes.h"
#include "config/order.h"
#include "interface/iface.h"
#include "vrf/vrf.h"
#include "vrf/vrf_int.h"

struct vrf_if {
	char *vi_vrf;	  /* NULL: the global table */
	bool vi_ip_style; /* typed as "ip vrf forwarding": printed back so */
};

static void vrf_if_free(void *data)
{
	struct vrf_if *vi = data;
	free(vi->vi_vrf);
	free(vi);
}

static struct if_ext_ops vrf_if_ops = {.ie_name = "vrf", .ie_free = vrf_if_free};

const char *vrf_of_iface(const struct iface *ifp)
{
	const struct vrf_if *vi = if_ext(ifp, &vrf_if_ops);
	return vi ? vi->vi_vrf : NULL;
}

/*
 * IOS drops the IPv4 address of an interface that changes VRF: it belonged
 * to the old table. Removing a VRF is announced for every interface in it.
 */
static void drop_address(struct cli_ctx *c, struct iface *ifp, const char *why, const char *vrf, bool always)
{
	if (ifp->if_addr_mode != IF_ADDR_STATIC && !always)
		return;
	if (ifp->if_addr_mode == IF_ADDR_STATIC)
		ifp->if_addr_mode = IF_ADDR_NONE;
	cli_printf(c, "%% Interface %s IPv4 disabled and address(es) removed due to %s VRF %s\n", ifp->if_name, why,
		   vrf);
}

static void detach(struct cli_ctx *c, struct iface *ifp, struct vrf_if *vi, bool vrf_removed)
{
	drop_address(c, ifp, "disabling", vi->vi_vrf, vrf_removed);
	free(vi->vi_vrf);
	vi->vi_vrf = NULL;
}

void vrf_if_detach_all(struct cli_ctx *c, const char *vrf)
{
	for (struct omap_iter it = omap_begin(if_all(cfg_of(c))); omap_next(&it);) {
		struct iface *ifp = it.oi_val;
		struct vrf_if *vi = if_ext(ifp, &vrf_if_ops);
		if (vi && vi->vi_vrf && strcmp(vi->vi_vrf, vrf) == 0)
			detach(c, ifp, vi, true);
	}
}

static int vrf_if_clear(struct cli_ctx *c, struct iface *ifp, const char *name)
{
	struct vrf_if *vi = if_ext(ifp, &vrf_if_ops);

	if (!vi || !vi->vi_vrf)
		return 0;
	if (name && strcmp(name, vi->vi_vrf) != 0)
		return cli_fail(c, "Interface %s is not in VRF %s", ifp->if_name, name);
	detach(c, ifp, vi, false);
	return 0;
}

static int vrf_if_set(struct cli_ctx *c, struct iface *ifp, const char *name, bool ip_style)
{
	struct vrf_if *vi;
	char *copy;

	if (!vrf_lookup(cfg_of(c), name))
		return cli_fail(c, "VRF %s not configured", name);
	if (!(vi = if_ext_get(ifp, &vrf_if_ops, sizeof(*vi))))
		return cli_fail(c, "Out of memory");
	vi->vi_ip_style = ip_style;
	if (vi->vi_vrf && strcmp(vi->vi_vrf, name) == 0)
		return 0;
	if (!(copy = strdup(name)))
		return cli_fail(c, "Out of memory");
	drop_address(c, ifp, "enabling", name, false);
	free(vi->vi_vrf);
	vi->vi_vrf = copy;
	return 0;
}

static int run_vrf_forwarding(struct cli_ctx *c, const struct cli_args *a)
{
	const char *name = cli_arg(a, "WORD");

	if (a->a_negate)
		return vrf_if_clear(c, if_of(c), name);
	return vrf_if_set(c, if_of(c), name, cli_has(a, "ip"));
}

/* Both spellings are one fact, printed in the style it was typed. */
static void print_vrf_forwarding(struct cli_writer *w, const void *obj)
{
	const struct vrf_if *vi = if_ext(obj, &vrf_if_ops);

	if (vi && vi->vi_vrf)
		cli_line(w, "%svrf forwarding %s", vi->vi_ip_style ? "ip " : "", vi->vi_vrf);
}

static struct cli_cmd vrf_if_cmds[] = {
    {.cc_syntax = "vrf forwarding WORD",
     .cc_help = "VPN Routing/Forwarding parameters on the interface\nConfigure forwarding table\nVRF name",
     .cc_no_syntax = "vrf forwarding [WORD]",
     .cc_modes = MODES_IF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_vrf_forwarding,
     .cc_print = print_vrf_forwarding,
     .cc_order = ORD_IF_VRF},
    {.cc_syntax = "ip vrf forwarding WORD",
     .cc_help = "Interface Internet Protocol config commands\nVPN Routing/Forwarding parameters on the "
		"interface\nConfigure forwarding table\nTable name",
     .cc_no_syntax = "ip vrf forwarding [WORD]",
     .cc_modes = MODES_IF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_vrf_forwarding},
};

void vrf_if_init(struct cli_tree *t)
{
	if_ext_register(&vrf_if_ops);
	cli_cmds_add(t, vrf_if_cmds, sizeof(vrf_if_cmds) / sizeof(vrf_if_cmds[0]));
}
