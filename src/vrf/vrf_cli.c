/* vrf definition / ip vrf and the commands inside them. */
#include <stdlib.h>
#include <string.h>

#include "config/modes.h"
#include "config/order.h"
#include "vrf/vrf.h"
#include "vrf/vrf_int.h"

#define VRF_NAME_MAX 32 /* IOS limit */
#define MODES_VRF    (CLI_MODE(MODE_VRF_DEF) | CLI_MODE(MODE_IP_VRF))

static const char *style_cmd(enum vrf_style style)
{
	return style == VRF_STYLE_DEFINITION ? "vrf definition" : "ip vrf";
}

static int vrf_enter(struct cli_ctx *c, const char *name, enum vrf_style style)
{
	struct config *cfg = cfg_of(c);
	struct vrf *vrf = vrf_lookup(cfg, name);

	if (strlen(name) > VRF_NAME_MAX)
		return cli_fail(c, "VRF name %s is longer than %d characters", name, VRF_NAME_MAX);
	/* one VRF, one style: it is printed back with the command that created it */
	if (vrf && vrf->vrf_style != style)
		return cli_fail(c, "VRF %s was created with \"%s\"; configure it there", name,
				style_cmd(vrf->vrf_style));
	if (!vrf && !(vrf = vrf_create(cfg, name, style)))
		return cli_fail(c, "Out of memory");
	cli_enter(c, style == VRF_STYLE_DEFINITION ? MODE_VRF_DEF : MODE_IP_VRF, vrf);
	return 0;
}

static int vrf_remove(struct cli_ctx *c, const char *name, enum vrf_style style)
{
	struct vrf *vrf = vrf_lookup(cfg_of(c), name);

	if (!vrf)
		return cli_fail(c, "VRF %s not configured", name);
	if (vrf->vrf_style != style)
		return cli_fail(c, "VRF %s was created with \"%s\"; remove it with that command", name,
				style_cmd(vrf->vrf_style));
	vrf_if_detach_all(c, vrf->vrf_name);
	vrf_delete(cfg_of(c), vrf);
	return 0;
}

static int run_vrf(struct cli_ctx *c, const struct cli_args *a, enum vrf_style style)
{
	const char *name = cli_arg(a, "WORD");
	return a->a_negate ? vrf_remove(c, name, style) : vrf_enter(c, name, style);
}

static int run_vrf_definition(struct cli_ctx *c, const struct cli_args *a)
{
	return run_vrf(c, a, VRF_STYLE_DEFINITION);
}

static int run_ip_vrf(struct cli_ctx *c, const struct cli_args *a)
{
	return run_vrf(c, a, VRF_STYLE_IP_VRF);
}

static void print_vrfs(struct cli_writer *w, const void *obj)
{
	for (struct omap_iter it = omap_begin(vrf_all(obj)); omap_next(&it);) {
		const struct vrf *v = it.oi_val;
		cli_line(w, "%s %s", style_cmd(v->vrf_style), v->vrf_name);
		cli_block(w, v->vrf_style == VRF_STYLE_DEFINITION ? MODE_VRF_DEF : MODE_IP_VRF, v);
		cli_sep(w);
	}
}

static int run_description(struct cli_ctx *c, const struct cli_args *a)
{
	struct vrf *vrf = cli_obj(c);
	char *d = a->a_negate ? NULL : strdup(cli_arg(a, "LINE"));

	if (!a->a_negate && !d)
		return cli_fail(c, "Out of memory");
	free(vrf->vrf_description);
	vrf->vrf_description = d;
	return 0;
}

static void print_description(struct cli_writer *w, const void *obj)
{
	const struct vrf *vrf = obj;
	if (vrf->vrf_description)
		cli_line(w, "description %s", vrf->vrf_description);
}

static int run_rd(struct cli_ctx *c, const struct cli_args *a)
{
	struct vrf *vrf = cli_obj(c);
	struct vrf_asnn rd;

	if (a->a_negate) {
		vrf->vrf_has_rd = false;
		return 0;
	}
	if (vrf_asnn_parse(cli_arg(a, "ASN:NN"), &rd) < 0)
		return cli_fail(c, "Invalid route distinguisher %s", cli_arg(a, "ASN:NN"));
	if (vrf->vrf_has_rd && !vrf_asnn_eq(&vrf->vrf_rd, &rd))
		return cli_fail(c, "Do \"no rd\" before changing the rd");
	vrf->vrf_rd = rd;
	vrf->vrf_has_rd = true;
	return 0;
}

static void print_rd(struct cli_writer *w, const void *obj)
{
	const struct vrf *vrf = obj;
	char buf[32];

	if (!vrf->vrf_has_rd)
		return;
	vrf_asnn_format(&vrf->vrf_rd, buf, sizeof(buf));
	cli_line(w, "rd %s", buf);
}

static int run_route_target(struct cli_ctx *c, const struct cli_args *a)
{
	struct vrf *vrf = cli_obj(c);
	bool exp = !cli_has(a, "import"), imp = !cli_has(a, "export"); /* "both" sets the two */
	struct vrf_asnn rt;

	if (vrf_asnn_parse(cli_arg(a, "ASN:NN"), &rt) < 0)
		return cli_fail(c, "Invalid route target %s", cli_arg(a, "ASN:NN"));
	if (a->a_negate) {
		if (exp)
			vrf_rts_del(&vrf->vrf_export, &rt);
		if (imp)
			vrf_rts_del(&vrf->vrf_import, &rt);
		return 0;
	}
	if ((exp && vrf_rts_add(&vrf->vrf_export, &rt) < 0) || (imp && vrf_rts_add(&vrf->vrf_import, &rt) < 0))
		return cli_fail(c, "Out of memory");
	return 0;
}

static void print_rts(struct cli_writer *w, const char *dir, const struct vrf_rts *l)
{
	char buf[32];

	for (size_t i = 0; i < l->rt_n; i++) {
		vrf_asnn_format(&l->rt_v[i], buf, sizeof(buf));
		cli_line(w, "route-target %s %s", dir, buf);
	}
}

/* IOS prints "both" as its two halves: every export, then every import. */
static void print_route_targets(struct cli_writer *w, const void *obj)
{
	const struct vrf *vrf = obj;

	print_rts(w, "export", &vrf->vrf_export);
	print_rts(w, "import", &vrf->vrf_import);
}

static int run_address_family(struct cli_ctx *c, const struct cli_args *a)
{
	struct vrf *vrf = cli_obj(c);

	vrf->vrf_af_ipv4 = !a->a_negate;
	if (!a->a_negate)
		cli_enter(c, MODE_VRF_DEF_AF, vrf);
	return 0;
}

static void print_address_family(struct cli_writer *w, const void *obj)
{
	const struct vrf *vrf = obj;

	if (!vrf->vrf_af_ipv4)
		return;
	cli_line(w, "!"); /* IOS sets the address family apart; a comment when loaded */
	cli_line(w, "address-family ipv4");
	cli_block(w, MODE_VRF_DEF_AF, vrf);
	cli_line(w, "exit-address-family");
}

static int run_exit_af(struct cli_ctx *c, const struct cli_args *a)
{
	cli_exit(c);
	return 0;
}

static struct cli_cmd vrf_cmds[] = {
    {.cc_syntax = "vrf definition WORD",
     .cc_help = "VRF commands\nVRF definition\nVRF name",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_vrf_definition,
     .cc_print = print_vrfs,
     .cc_order = ORD_VRF},
    {.cc_syntax = "ip vrf WORD",
     .cc_help = "Global IP configuration subcommands\nConfigure an IP VPN Routing/Forwarding instance\nVPN "
		"Routing/Forwarding instance name",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_ip_vrf},
    {.cc_syntax = "description LINE",
     .cc_help = "VRF specific description\nUp to 244 characters describing this VRF",
     .cc_no_syntax = "description",
     .cc_modes = MODES_VRF,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_description,
     .cc_print = print_description,
     .cc_order = 1},
    {.cc_syntax = "rd ASN:NN",
     .cc_help = "Specify Route Distinguisher\nVPN Route Distinguisher (ASN:nn or IP-address:nn)",
     .cc_no_syntax = "rd [ASN:NN]",
     .cc_modes = MODES_VRF,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_rd,
     .cc_print = print_rd,
     .cc_order = 2},
    {.cc_syntax = "route-target (export|import|both) ASN:NN",
     .cc_help = "Specify Target VPN Extended Communities\nExport Target-VPN community\nImport Target-VPN "
		"community\nBoth import and export Target-VPN communities\nTarget VPN Extended Community "
		"(ASN:nn or IP-address:nn)",
     .cc_modes = MODES_VRF,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_route_target,
     .cc_print = print_route_targets,
     .cc_order = 3},
    {.cc_syntax = "address-family ipv4 [unicast]",
     .cc_help = "Enter Address Family command mode\nAddress family\nAddress Family modifier",
     .cc_modes = CLI_MODE(MODE_VRF_DEF),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_address_family,
     .cc_print = print_address_family,
     .cc_order = 4},
    {.cc_syntax = "exit-address-family",
     .cc_help = "Exit from Address Family configuration mode",
     .cc_modes = CLI_MODE(MODE_VRF_DEF_AF),
     .cc_run = run_exit_af},
};

void vrf_cli_init(struct cli_tree *t)
{
	cfg_module_register(&vrf_module);
	cli_cmds_add(t, vrf_cmds, sizeof(vrf_cmds) / sizeof(vrf_cmds[0]));
	vrf_if_init(t);
}
