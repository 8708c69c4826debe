/* "crypto ipsec profile" and "tunnel protection ipsec profile"; registration of the IPsec commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/modes.h"
#include "config/order.h"
#include "ike/ike.h"
#include "ipsec/ipsec_int.h"
#include "tunnel/tunnel.h"

/* Print order inside the profile (IOS's). */
enum {
	IPP_ORD_LIFETIME = 1,
	IPP_ORD_TSETS,
	IPP_ORD_PFS,
	IPP_ORD_IKEV2,
};

static const char *const pfs_names[] = {
    [IPSEC_PFS_1] = "group1",	[IPSEC_PFS_2] = "group2",   [IPSEC_PFS_5] = "group5",	[IPSEC_PFS_14] = "group14",
    [IPSEC_PFS_15] = "group15", [IPSEC_PFS_16] = "group16", [IPSEC_PFS_19] = "group19", [IPSEC_PFS_20] = "group20",
    [IPSEC_PFS_21] = "group21", [IPSEC_PFS_24] = "group24",
};

static int profile_busy(struct cli_ctx *c, const void *obj);

static const struct nametab_type profile_type = {
    .nty_what = "IPsec profile",
    .nty_size = sizeof(struct ipsec_profile),
    .nty_free = ipsec_profile_free,
    .nty_mode = MODE_IPSEC_PROFILE,
    .nty_busy = profile_busy,
};

static struct ipsec_profile *ipp_of(const struct cli_ctx *c)
{
	return cli_obj(c);
}

static int profile_busy(struct cli_ctx *c, const void *obj)
{
	const struct ipsec_profile *ipp = obj;

	for (struct omap_iter it = omap_begin(if_all(cfg_of(c))); omap_next(&it);) {
		const struct iface *ifp = it.oi_val;
		const struct ipsec_if *ii = ipsec_if_protection(ifp);
		if (ii && strcmp(ii->ii_profile, ipp->ipp_name) == 0)
			return cli_fail(c, "IPsec profile %s is in use by interface %s", ipp->ipp_name, ifp->if_name);
	}
	return 0;
}

/* Keeps an IKEv2 profile that an IPsec profile names from being removed. */
static bool ike_profile_user(const struct config *cfg, const char *profile, char *buf, size_t len)
{
	const struct nametab *t = &ipsec_cfg(cfg)->ic_profiles;

	for (struct omap_iter it = nametab_begin(t); omap_next(&it);) {
		const struct ipsec_profile *ipp = it.oi_val;
		if (ipp->ipp_ikev2_profile && strcmp(ipp->ipp_ikev2_profile, profile) == 0) {
			snprintf(buf, len, "IPsec profile %s", ipp->ipp_name);
			return true;
		}
	}
	return false;
}

static int run_profile(struct cli_ctx *c, const struct cli_args *a)
{
	return nametab_cmd(c, a, &ipsec_cfg(cfg_of(c))->ic_profiles, cli_arg(a, "WORD"), &profile_type);
}

static void print_profiles(struct cli_writer *w, const void *obj)
{
	nametab_print(w, &ipsec_cfg(obj)->ic_profiles, "crypto ipsec profile", MODE_IPSEC_PROFILE);
}

static int run_lifetime(struct cli_ctx *c, const struct cli_args *a)
{
	struct ipsec_profile *ipp = ipp_of(c);

	if (cli_has(a, "seconds"))
		ipp->ipp_lifetime_seconds = a->a_negate ? 0 : (uint32_t)cli_arg_num(a, "<120-2592000>", 0);
	else
		ipp->ipp_lifetime_kilobytes = a->a_negate ? 0 : (uint32_t)cli_arg_num(a, "<2560-4294967295>", 0);
	return 0;
}

static void print_lifetime(struct cli_writer *w, const void *obj)
{
	const struct ipsec_profile *ipp = obj;

	if (ipp->ipp_lifetime_kilobytes)
		cli_line(w, "set security-association lifetime kilobytes %u", ipp->ipp_lifetime_kilobytes);
	if (ipp->ipp_lifetime_seconds)
		cli_line(w, "set security-association lifetime seconds %u", ipp->ipp_lifetime_seconds);
}

/* The list typed replaces the profile's; every set must exist, as IOS checks. */
static int run_set_tsets(struct cli_ctx *c, const struct cli_args *a)
{
	struct ipsec_profile *ipp = ipp_of(c);
	struct strlist l = {0};
	const char *name;

	for (unsigned i = 0; !a->a_negate && (name = cli_arg_nth(a, "WORD", i)) != NULL; i++) {
		if (!ipsec_transform_set_lookup(cfg_of(c), name)) {
			strlist_clear(&l);
			return cli_fail(c, "Transform set %s does not exist", name);
		}
		if (strlist_add(&l, name) < 0) {
			strlist_clear(&l);
			return cli_fail(c, "Out of memory");
		}
	}
	strlist_clear(&ipp->ipp_transform_sets);
	ipp->ipp_transform_sets = l;
	return 0;
}

static void print_set_tsets(struct cli_writer *w, const void *obj)
{
	const struct ipsec_profile *ipp = obj;
	char buf[CLI_MAX_LINE];

	if (ipp->ipp_transform_sets.sl_n)
		cli_line(w, "set transform-set %s", strlist_join(&ipp->ipp_transform_sets, buf, sizeof(buf)));
}

static int run_set_pfs(struct cli_ctx *c, const struct cli_args *a)
{
	struct ipsec_profile *ipp = ipp_of(c);
	int g = args_keyword(a, pfs_names, IPSEC_PFS_COUNT);

	ipp->ipp_pfs = !a->a_negate;
	ipp->ipp_pfs_group = a->a_negate || g < 0 ? IPSEC_PFS_DEFAULT : (enum ipsec_pfs_group)g;
	return 0;
}

static void print_set_pfs(struct cli_writer *w, const void *obj)
{
	const struct ipsec_profile *ipp = obj;

	if (ipp->ipp_pfs && ipp->ipp_pfs_group != IPSEC_PFS_DEFAULT)
		cli_line(w, "set pfs %s", pfs_names[ipp->ipp_pfs_group]);
	else if (ipp->ipp_pfs)
		cli_line(w, "set pfs");
}

static int run_set_ikev2(struct cli_ctx *c, const struct cli_args *a)
{
	if (!a->a_negate && !ike_profile_lookup(cfg_of(c), cli_arg(a, "WORD")))
		return cli_fail(c, "IKEv2 profile %s does not exist", cli_arg(a, "WORD"));
	return crypto_set_text(c, a, &ipp_of(c)->ipp_ikev2_profile, "WORD");
}

static void print_set_ikev2(struct cli_writer *w, const void *obj)
{
	crypto_print_text(w, "set ikev2-profile", ((const struct ipsec_profile *)obj)->ipp_ikev2_profile);
}

static int run_protection(struct cli_ctx *c, const struct cli_args *a)
{
	struct iface *ifp = if_of(c);
	struct ipsec_if *ii;

	if (!tunnel_iface(ifp))
		return cli_fail(c, "tunnel commands apply to Tunnel and Virtual-Template (type tunnel) interfaces");
	if (!a->a_negate && !ipsec_profile_lookup(cfg_of(c), cli_arg(a, "WORD")))
		return cli_fail(c, "IPsec profile %s does not exist", cli_arg(a, "WORD"));
	if (!(ii = if_ext_get(ifp, &ipsec_if_ops, sizeof(*ii))))
		return cli_fail(c, "Out of memory");
	if (crypto_set_text(c, a, &ii->ii_profile, "WORD") < 0)
		return -1;
	ii->ii_shared = !a->a_negate && cli_has(a, "shared");
	return 0;
}

static void print_protection(struct cli_writer *w, const void *obj)
{
	const struct ipsec_if *ii = ipsec_if_protection(obj);

	if (ii)
		cli_line(w, "tunnel protection ipsec profile %s%s", ii->ii_profile, ii->ii_shared ? " shared" : "");
}

#define IPP	   CLI_MODE(MODE_IPSEC_PROFILE)
#define SET_HELP   "Set a command\n"
#define PFS_GROUPS "(group1|group2|group5|group14|group15|group16|group19|group20|group21|group24)"
#define PFS_GROUPS_HELP                                                                                                \
	"D-H Group1 (768-bit modulus)\nD-H Group2 (1024-bit modulus)\nD-H Group5 (1536-bit modulus)\nD-H Group14 "     \
	"(2048-bit modulus)\nD-H Group15 (3072-bit modulus)\nD-H Group16 (4096-bit modulus)\nD-H Group19 (256-bit "    \
	"elliptic curve)\nD-H Group20 (384-bit elliptic curve)\nD-H Group21 (521-bit elliptic curve)\nD-H Group24 "    \
	"(2048-bit modulus & 256-bit prime order subgroup)"
/* up to six sets, as on IOS */
#define TSET_NAMES	"WORD [WORD [WORD [WORD [WORD [WORD]]]]]"
#define TSET_NAMES_HELP "Proposal tag\nProposal tag\nProposal tag\nProposal tag\nProposal tag\nProposal tag"

static struct cli_cmd ipsec_cmds[] = {
    {.cc_syntax = "crypto ipsec profile WORD",
     .cc_help = IPSEC_HELP "Configure an ipsec policy profile\nProfile name",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_profile,
     .cc_print = print_profiles,
     .cc_order = ORD_IPSEC_PROFILE},
    {.cc_syntax = "set security-association lifetime (seconds <120-2592000>|kilobytes <2560-4294967295>)",
     .cc_help = SET_HELP "Security association duration\nSecurity association lifetime\nTime-based key "
			 "duration in seconds\nSeconds\nVolume-based key duration\nKilobytes",
     .cc_no_syntax = "set security-association lifetime (seconds [<120-2592000>]|kilobytes [<2560-4294967295>])",
     .cc_modes = IPP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_lifetime,
     .cc_print = print_lifetime,
     .cc_order = IPP_ORD_LIFETIME},
    {.cc_syntax = "set transform-set " TSET_NAMES,
     .cc_help = SET_HELP "Specify list of transform sets in priority order\n" TSET_NAMES_HELP,
     .cc_no_syntax = "set transform-set [" TSET_NAMES "]",
     .cc_modes = IPP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_set_tsets,
     .cc_print = print_set_tsets,
     .cc_order = IPP_ORD_TSETS},
    {.cc_syntax = "set pfs [" PFS_GROUPS "]",
     .cc_help = SET_HELP "Specify pfs settings\n" PFS_GROUPS_HELP,
     .cc_modes = IPP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_set_pfs,
     .cc_print = print_set_pfs,
     .cc_order = IPP_ORD_PFS},
    {.cc_syntax = "set ikev2-profile WORD",
     .cc_help = SET_HELP "Specify ikev2 Profile\nikev2 Profile Name",
     .cc_no_syntax = "set ikev2-profile [WORD]",
     .cc_modes = IPP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_set_ikev2,
     .cc_print = print_set_ikev2,
     .cc_order = IPP_ORD_IKEV2},
    {.cc_syntax = "tunnel protection ipsec profile WORD [shared]",
     .cc_help =
	 "protocol-over-protocol tunneling\nEnable tunnel protection\nUse ipsec to protect the tunnel\nDetermine "
	 "the ipsec policy profile to use.\nProfile name\nShare this IPsec SADB with other tunnels",
     .cc_no_syntax = "tunnel protection [ipsec [profile [WORD [shared]]]]",
     .cc_modes = MODES_IF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_protection,
     .cc_print = print_protection,
     .cc_order = ORD_IF_TUNNEL_PROTECTION},
};

void ipsec_cli_init(struct cli_tree *t)
{
	cfg_module_register(&ipsec_module);
	if_ext_register(&ipsec_if_ops);
	ike_profile_user_register(ike_profile_user);
	ipsec_tset_cli_init(t);
	cli_cmds_add(t, ipsec_cmds, sizeof(ipsec_cmds) / sizeof(ipsec_cmds[0]));
}
