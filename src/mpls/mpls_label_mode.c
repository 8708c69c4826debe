/* The mpls label mode lines: the all-vrfs mode and one per named VRF (see label_mode.h). */
#include <stdlib.h>
#include <string.h>

#include "config/modes.h"
#include "config/order.h"
#include "core/omap.h"
#include "mpls/label_mode.h"

enum label_mode { LABEL_MODE_UNSET, LABEL_MODE_PER_VRF, LABEL_MODE_PER_PREFIX };

/* One VRF's line (the omap's iteration gives values only: the value keeps the name). */
struct vrf_label_mode {
	enum label_mode vm_mode;
	char vm_vrf[];
};

struct label_mode_cfg {
	enum label_mode lm_all; /* all-vrfs */
	struct omap *lm_vrfs;	/* VRF name -> struct vrf_label_mode, in the order entered */
};

static void *label_mode_new(struct config *cfg)
{
	struct label_mode_cfg *lm = calloc(1, sizeof(*lm));

	(void)cfg;
	if (lm && !(lm->lm_vrfs = omap_new(false))) {
		free(lm);
		return NULL;
	}
	return lm;
}

static void label_mode_free(void *data)
{
	struct label_mode_cfg *lm = data;

	if (lm)
		omap_free(lm->lm_vrfs, free);
	free(lm);
}

static struct cfg_module label_mode_module = {
    .cm_name = "mpls-label-mode", .cm_new = label_mode_new, .cm_free = label_mode_free};

static struct label_mode_cfg *label_mode_cfg(const struct config *cfg)
{
	return cfg_mod(cfg, &label_mode_module);
}

enum mfi_kind mpls_label_mode_of(const struct config *cfg, const char *vrf)
{
	const struct label_mode_cfg *lm = label_mode_cfg(cfg);
	const struct vrf_label_mode *vm = lm && vrf ? omap_get(lm->lm_vrfs, vrf) : NULL;
	enum label_mode mode = vm ? vm->vm_mode : lm ? lm->lm_all : LABEL_MODE_UNSET;

	return mode == LABEL_MODE_PER_PREFIX ? MFI_PER_PREFIX : MFI_PER_VRF;
}

/* Sets (mode) or removes (LABEL_MODE_UNSET) the line of one VRF; -1 if out of memory. */
static int set_vrf_mode(struct label_mode_cfg *lm, const char *vrf, enum label_mode mode)
{
	struct vrf_label_mode *vm = omap_get(lm->lm_vrfs, vrf);

	if (mode == LABEL_MODE_UNSET) {
		free(omap_del(lm->lm_vrfs, vrf));
		return 0;
	}
	if (!vm) {
		vm = malloc(sizeof(*vm) + strlen(vrf) + 1);
		if (vm)
			strcpy(vm->vm_vrf, vrf);
		if (!vm || omap_put(lm->lm_vrfs, vrf, vm) < 0) {
			free(vm);
			return -1;
		}
	}
	vm->vm_mode = mode;
	return 0;
}

static int run_label_mode(struct cli_ctx *c, const struct cli_args *a)
{
	struct label_mode_cfg *lm = label_mode_cfg(cfg_of(c));
	const char *vrf = cli_arg(a, "vrfname");
	enum label_mode mode = cli_has(a, "per-prefix") ? LABEL_MODE_PER_PREFIX : LABEL_MODE_PER_VRF;

	if (!lm)
		return cli_fail(c, "Out of memory");
	if (a->a_negate)
		mode = LABEL_MODE_UNSET;
	if (!vrf) {
		lm->lm_all = mode;
		return 0;
	}
	return set_vrf_mode(lm, vrf, mode) < 0 ? cli_fail(c, "Out of memory") : 0;
}

static const char *mode_word(enum label_mode mode)
{
	return mode == LABEL_MODE_PER_PREFIX ? "per-prefix" : "per-vrf";
}

static void print_label_mode(struct cli_writer *w, const void *obj)
{
	const struct label_mode_cfg *lm = label_mode_cfg(obj);

	if (!lm)
		return;
	if (lm->lm_all != LABEL_MODE_UNSET)
		cli_line(w, "mpls label mode all-vrfs protocol bgp-vpnv4 %s", mode_word(lm->lm_all));
	for (struct omap_iter it = omap_begin(lm->lm_vrfs); omap_next(&it);) {
		const struct vrf_label_mode *vm = it.oi_val;
		cli_line(w, "mpls label mode vrf %s protocol bgp-vpnv4 %s", vm->vm_vrf, mode_word(vm->vm_mode));
	}
}

static struct cli_cmd label_mode_cmds[] = {
    {.cc_syntax = "mpls label mode (vrf WORD$vrfname|all-vrfs) protocol bgp-vpnv4 (per-prefix|per-vrf)",
     .cc_help = "Configure MPLS parameters\nLabel properties\nLabel allocation mode\nOne VRF\nVRF name\nAll "
		"VRFs\nLabel allocation for a protocol\nBGP VPNv4 routes\nA label for each prefix\nOne label for "
		"the VRF (aggregate)",
     .cc_no_syntax = "mpls label mode (vrf WORD$vrfname|all-vrfs) protocol bgp-vpnv4 [(per-prefix|per-vrf)]",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_label_mode,
     .cc_print = print_label_mode,
     .cc_order = ORD_MPLS_LABEL_MODE},
};

void mpls_label_mode_init(struct cli_tree *t)
{
	cfg_module_register(&label_mode_module);
	cli_cmds_add(t, label_mode_cmds, sizeof(label_mode_cmds) / sizeof(label_mode_cmds[0]));
}
