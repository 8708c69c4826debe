/* "crypto ikev2 profile": which peers it applies to, how both sides authenticate, and what it creates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/modes.h"
#include "config/order.h"
#include "ike/ike_int.h"

/* Print order inside the profile (IOS's). */
enum {
	PR_ORD_MATCH_FVRF = 1,
	PR_ORD_MATCH_REMOTE,
	PR_ORD_MATCH_CERT,
	PR_ORD_IDENTITY,
	PR_ORD_AUTH_LOCAL,
	PR_ORD_AUTH_REMOTE,
	PR_ORD_KEYRING,
	PR_ORD_PKI,
	PR_ORD_LIFETIME,
	PR_ORD_DPD,
	PR_ORD_NAT,
	PR_ORD_IVRF,
	PR_ORD_AAA,
	PR_ORD_VTEMPLATE,
};

static const char *const auth_names[] = {
    [IKE_AUTH_RSA_SIG] = "rsa-sig",
    [IKE_AUTH_PRE_SHARE] = "pre-share",
    [IKE_AUTH_ECDSA_SIG] = "ecdsa-sig",
};

static const char *const aaa_names[] = {
    [IKE_AAA_CERT] = "cert",
    [IKE_AAA_PSK] = "psk",
    [IKE_AAA_EAP] = "eap",
};

static const char *const tp_use_names[] = {
    [IKE_TP_SIGN] = "sign",
    [IKE_TP_VERIFY] = "verify",
};

static const char *const dpd_names[] = {
    [IKE_DPD_ON_DEMAND] = "on-demand",
    [IKE_DPD_PERIODIC] = "periodic",
};

static const struct nametab_type profile_type = {
    .nty_what = "IKEv2 profile",
    .nty_size = sizeof(struct ike_profile),
    .nty_free = ike_profile_free,
    .nty_mode = MODE_IKEV2_PROFILE,
    .nty_busy = ike_profile_busy,
};

static struct ike_profile *pr_of(const struct cli_ctx *c)
{
	return cli_obj(c);
}

static int run_profile(struct cli_ctx *c, const struct cli_args *a)
{
	return nametab_cmd(c, a, &ike_cfg(cfg_of(c))->ic_profiles, cli_arg(a, "WORD"), &profile_type);
}

static void print_profiles(struct cli_writer *w, const void *obj)
{
	nametab_print(w, &ike_cfg(obj)->ic_profiles, "crypto ikev2 profile", MODE_IKEV2_PROFILE);
}

static int run_match_fvrf(struct cli_ctx *c, const struct cli_args *a)
{
	return ike_fvrf_set(c, a, &pr_of(c)->pr_fvrf);
}

static void print_match_fvrf(struct cli_writer *w, const void *obj)
{
	ike_fvrf_print(w, &((const struct ike_profile *)obj)->pr_fvrf);
}

static int run_match_remote(struct cli_ctx *c, const struct cli_args *a)
{
	struct ike_id want, **pp = &pr_of(c)->pr_match_remote, *id;

	ike_id_from_args(a, &want);
	while (*pp && !ike_id_equal(*pp, &want))
		pp = &(*pp)->id_next;
	if (a->a_negate && *pp) {
		id = *pp;
		*pp = id->id_next;
		ike_id_clear(id);
		free(id);
	}
	if (a->a_negate || *pp)
		return 0;
	if (!(id = calloc(1, sizeof(*id))) || ike_id_copy(id, &want) < 0) {
		free(id);
		return cli_fail(c, "Out of memory");
	}
	*pp = id;
	return 0;
}

static void print_match_remote(struct cli_writer *w, const void *obj)
{
	char buf[512];

	for (const struct ike_id *id = ((const struct ike_profile *)obj)->pr_match_remote; id; id = id->id_next)
		cli_line(w, "match identity remote %s", ike_id_format(id, buf, sizeof(buf)));
}

static int run_match_cert(struct cli_ctx *c, const struct cli_args *a)
{
	/* the certificate map may come later, as IOS allows */
	return crypto_set_text(c, a, &pr_of(c)->pr_match_cert, "WORD");
}

static void print_match_cert(struct cli_writer *w, const void *obj)
{
	crypto_print_text(w, "match certificate", ((const struct ike_profile *)obj)->pr_match_cert);
}

static int run_identity_local(struct cli_ctx *c, const struct cli_args *a)
{
	struct ike_id id;

	if (a->a_negate) {
		ike_id_clear(&pr_of(c)->pr_local_id);
		return 0;
	}
	ike_id_from_args(a, &id);
	if (ike_id_copy(&pr_of(c)->pr_local_id, &id) < 0)
		return cli_fail(c, "Out of memory");
	return 0;
}

static void print_identity_local(struct cli_writer *w, const void *obj)
{
	const struct ike_profile *pr = obj;
	char buf[512];

	if (pr->pr_local_id.id_type != IKE_ID_NONE)
		cli_line(w, "identity local %s", ike_id_format(&pr->pr_local_id, buf, sizeof(buf)));
}

static int run_auth_local(struct cli_ctx *c, const struct cli_args *a)
{
	int m = args_keyword(a, auth_names, IKE_AUTH_COUNT);

	pr_of(c)->pr_auth_local = a->a_negate || m < 0 ? IKE_AUTH_NONE : (enum ike_auth)m;
	return 0;
}

static void print_auth_local(struct cli_writer *w, const void *obj)
{
	const struct ike_profile *pr = obj;

	if (pr->pr_auth_local != IKE_AUTH_NONE)
		cli_line(w, "authentication local %s", auth_names[pr->pr_auth_local]);
}

/* Each line adds a method the peer may use; "no" removes one, or all. */
static int run_auth_remote(struct cli_ctx *c, const struct cli_args *a)
{
	struct ike_profile *pr = pr_of(c);
	int m = args_keyword(a, auth_names, IKE_AUTH_COUNT);
	unsigned i = 0;

	while (i < pr->pr_nauth_remote && (int)pr->pr_auth_remote[i] != m)
		i++;
	if (a->a_negate && m < 0)
		pr->pr_nauth_remote = 0;
	else if (a->a_negate && i < pr->pr_nauth_remote)
		memmove(&pr->pr_auth_remote[i], &pr->pr_auth_remote[i + 1],
			(--pr->pr_nauth_remote - i) * sizeof(pr->pr_auth_remote[0]));
	else if (!a->a_negate && i == pr->pr_nauth_remote)
		pr->pr_auth_remote[pr->pr_nauth_remote++] = (enum ike_auth)m;
	return 0;
}

static void print_auth_remote(struct cli_writer *w, const void *obj)
{
	const struct ike_profile *pr = obj;

	for (unsigned i = 0; i < pr->pr_nauth_remote; i++)
		cli_line(w, "authentication remote %s", auth_names[pr->pr_auth_remote[i]]);
}

static int run_keyring(struct cli_ctx *c, const struct cli_args *a)
{
	/* IOS takes a keyring defined later too */
	return crypto_set_text(c, a, &pr_of(c)->pr_keyring, "WORD");
}

static void print_keyring(struct cli_writer *w, const void *obj)
{
	crypto_print_text(w, "keyring local", ((const struct ike_profile *)obj)->pr_keyring);
}

static int run_pki_trustpoint(struct cli_ctx *c, const struct cli_args *a)
{
	struct ike_tp_ref **pp = &pr_of(c)->pr_trustpoints, *tr = NULL;
	int use = args_keyword(a, tp_use_names, 3);

	while (*pp && strcmp((*pp)->tr_name, cli_arg(a, "WORD")) != 0)
		pp = &(*pp)->tr_next;
	if (a->a_negate && *pp) {
		tr = *pp;
		*pp = tr->tr_next;
		free(tr->tr_name);
		free(tr);
	}
	if (a->a_negate)
		return 0;
	if (!*pp && (!(tr = calloc(1, sizeof(*tr))) || !(tr->tr_name = strdup(cli_arg(a, "WORD"))))) {
		free(tr);
		return cli_fail(c, "Out of memory");
	}
	if (!*pp)
		*pp = tr;
	(*pp)->tr_use = use < 0 ? IKE_TP_BOTH : (enum ike_tp_use)use;
	return 0;
}

static void print_pki_trustpoint(struct cli_writer *w, const void *obj)
{
	for (const struct ike_tp_ref *tr = ((const struct ike_profile *)obj)->pr_trustpoints; tr; tr = tr->tr_next) {
		if (tr->tr_use == IKE_TP_BOTH)
			cli_line(w, "pki trustpoint %s", tr->tr_name);
		else
			cli_line(w, "pki trustpoint %s %s", tr->tr_name, tp_use_names[tr->tr_use]);
	}
}

static int run_lifetime(struct cli_ctx *c, const struct cli_args *a)
{
	pr_of(c)->pr_lifetime = a->a_negate ? 0 : (unsigned)cli_arg_num(a, "<120-86400>", 0);
	return 0;
}

static void print_lifetime(struct cli_writer *w, const void *obj)
{
	const struct ike_profile *pr = obj;

	if (pr->pr_lifetime)
		cli_line(w, "lifetime %u", pr->pr_lifetime);
}

static int run_dpd(struct cli_ctx *c, const struct cli_args *a)
{
	struct ike_profile *pr = pr_of(c);
	int mode = args_keyword(a, dpd_names, 2);

	pr->pr_dpd_interval = a->a_negate ? 0 : (unsigned)cli_arg_num(a, "<10-3600>", 0);
	pr->pr_dpd_retry = a->a_negate ? 0 : (unsigned)cli_arg_num(a, "<2-60>", 0);
	pr->pr_dpd_mode = mode < 0 ? IKE_DPD_ON_DEMAND : (enum ike_dpd_mode)mode;
	return 0;
}

static void print_dpd(struct cli_writer *w, const void *obj)
{
	const struct ike_profile *pr = obj;

	if (pr->pr_dpd_interval)
		cli_line(w, "dpd %u %u %s", pr->pr_dpd_interval, pr->pr_dpd_retry, dpd_names[pr->pr_dpd_mode]);
}

static int run_nat_keepalive(struct cli_ctx *c, const struct cli_args *a)
{
	pr_of(c)->pr_nat_keepalive = a->a_negate ? 0 : (unsigned)cli_arg_num(a, "<5-3600>", 0);
	return 0;
}

static void print_nat_keepalive(struct cli_writer *w, const void *obj)
{
	const struct ike_profile *pr = obj;

	if (pr->pr_nat_keepalive)
		cli_line(w, "nat keepalive %u", pr->pr_nat_keepalive);
}

static int run_ivrf(struct cli_ctx *c, const struct cli_args *a)
{
	return crypto_set_text(c, a, &pr_of(c)->pr_ivrf, "WORD");
}

static void print_ivrf(struct cli_writer *w, const void *obj)
{
	crypto_print_text(w, "ivrf", ((const struct ike_profile *)obj)->pr_ivrf);
}

static int run_aaa(struct cli_ctx *c, const struct cli_args *a)
{
	struct ike_aaa_author *aa = &pr_of(c)->pr_aaa[args_keyword(a, aaa_names, IKE_AAA_GROUPS)];
	const char *list = a->a_negate ? NULL : cli_arg_nth(a, "WORD", 0);
	const char *policy = a->a_negate ? NULL : cli_arg_nth(a, "WORD", 1);

	if (str_set(&aa->aa_list, list) < 0 || str_set(&aa->aa_policy, policy) < 0)
		return cli_fail(c, "Out of memory");
	return 0;
}

static void print_aaa(struct cli_writer *w, const void *obj)
{
	const struct ike_profile *pr = obj;

	for (int g = 0; g < IKE_AAA_GROUPS; g++) {
		const struct ike_aaa_author *aa = &pr->pr_aaa[g];
		if (aa->aa_list)
			cli_line(w, "aaa authorization group %s list %s%s%s", aaa_names[g], aa->aa_list,
				 aa->aa_policy ? " " : "", aa->aa_policy ? aa->aa_policy : "");
	}
}

static int run_vtemplate(struct cli_ctx *c, const struct cli_args *a)
{
	pr_of(c)->pr_vtemplate = a->a_negate ? 0 : (unsigned)cli_arg_num(a, "<1-4096>", 0);
	return 0;
}

static void print_vtemplate(struct cli_writer *w, const void *obj)
{
	const struct ike_profile *pr = obj;

	if (pr->pr_vtemplate)
		cli_line(w, "virtual-template %u", pr->pr_vtemplate);
}

#define PR	     CLI_MODE(MODE_IKEV2_PROFILE)
#define AUTH_METHODS "(rsa-sig|pre-share|ecdsa-sig)"
#define AUTH_METHODS_HELP                                                                                              \
	"Rivest-Shamir-Adleman Signature\nPre-Shared Key\nElliptic Curve Digital Signature Algorithm\n"
#define AAA_HELP                                                                                                       \
	"AAA configuration\nAAA authorization\nAAA group authorization\nCertificate based authentication\nPre-shared " \
	"key based authentication\nEAP based authentication\nAAA method list\nAAA list name\nLocal authorization "     \
	"policy name\n"

static struct cli_cmd profile_cmds[] = {
    {.cc_syntax = "crypto ikev2 profile WORD",
     .cc_help = IKEV2_HELP "Define IKEv2 profiles\nProfile name",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_profile,
     .cc_print = print_profiles,
     .cc_order = ORD_IKEV2_PROFILE},
    {.cc_syntax = "match fvrf (WORD|any)",
     .cc_help = MATCH_FVRF_HELP,
     .cc_no_syntax = "match fvrf [(WORD|any)]",
     .cc_modes = PR,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_match_fvrf,
     .cc_print = print_match_fvrf,
     .cc_order = PR_ORD_MATCH_FVRF},
    {.cc_syntax = "match identity remote (address A.B.C.D [A.B.C.D]|fqdn [domain] WORD|email [domain] WORD|key-id "
		  "WORD)",
     .cc_help = "Match values of peer\nPeer identity\nRemote identity\nIP address\nIP address\nMask\nFully qualified "
		"domain name\nMatch the domain name\nFully qualified domain name or domain\nE-mail address\nMatch "
		"the e-mail domain\nE-mail address or domain\nKey ID\nKey ID",
     .cc_modes = PR,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_match_remote,
     .cc_print = print_match_remote,
     .cc_order = PR_ORD_MATCH_REMOTE},
    {.cc_syntax = "match certificate WORD",
     .cc_help = "Match values of peer\nPeer certificate attributes\nCertificate map name",
     .cc_no_syntax = "match certificate [WORD]",
     .cc_modes = PR,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_match_cert,
     .cc_print = print_match_cert,
     .cc_order = PR_ORD_MATCH_CERT},
    {.cc_syntax = "identity local (dn|fqdn WORD|address A.B.C.D|email WORD|key-id WORD)",
     .cc_help = "Specify IKE identity to use\nLocal identity\nDistinguished Name\nFully qualified domain name\nFQDN "
		"string\nIP address\nIP address\nE-mail address\nE-mail address\nKey ID\nKey ID string",
     .cc_no_syntax = "identity local [(dn|fqdn WORD|address A.B.C.D|email WORD|key-id WORD)]",
     .cc_modes = PR,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_identity_local,
     .cc_print = print_identity_local,
     .cc_order = PR_ORD_IDENTITY},
    {.cc_syntax = "authentication local " AUTH_METHODS,
     .cc_help = "Set authentication method\nLocal authentication method\n" AUTH_METHODS_HELP,
     .cc_no_syntax = "authentication local [" AUTH_METHODS "]",
     .cc_modes = PR,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_auth_local,
     .cc_print = print_auth_local,
     .cc_order = PR_ORD_AUTH_LOCAL},
    {.cc_syntax = "authentication remote " AUTH_METHODS,
     .cc_help = "Set authentication method\nRemote authentication method\n" AUTH_METHODS_HELP,
     .cc_no_syntax = "authentication remote [" AUTH_METHODS "]",
     .cc_modes = PR,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_auth_remote,
     .cc_print = print_auth_remote,
     .cc_order = PR_ORD_AUTH_REMOTE},
    {.cc_syntax = "keyring local WORD",
     .cc_help = "Keyring\nLocal keyring\nKeyring name",
     .cc_no_syntax = "keyring [local [WORD]]",
     .cc_modes = PR,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_keyring,
     .cc_print = print_keyring,
     .cc_order = PR_ORD_KEYRING},
    {.cc_syntax = "pki trustpoint WORD [(sign|verify)]",
     .cc_help = "Configure pki\nSpecify trustpoint\nTrustpoint name\nUse trustpoint for signing only\nUse trustpoint "
		"for verification only",
     .cc_modes = PR,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_pki_trustpoint,
     .cc_print = print_pki_trustpoint,
     .cc_order = PR_ORD_PKI},
    {.cc_syntax = "lifetime <120-86400>",
     .cc_help = "Set lifetime for ikev2 SA\nLifetime in seconds",
     .cc_no_syntax = "lifetime [<120-86400>]",
     .cc_modes = PR,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_lifetime,
     .cc_print = print_lifetime,
     .cc_order = PR_ORD_LIFETIME},
    {.cc_syntax = "dpd <10-3600> <2-60> (on-demand|periodic)",
     .cc_help = "Enable IKE liveness check for peers\nDPD interval in seconds\nDPD retry interval in seconds\nDPD "
		"on demand\nDPD periodically",
     .cc_no_syntax = "dpd [<10-3600> <2-60> (on-demand|periodic)]",
     .cc_modes = PR,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_dpd,
     .cc_print = print_dpd,
     .cc_order = PR_ORD_DPD},
    {.cc_syntax = "nat keepalive <5-3600>",
     .cc_help = "NAT-transparency\nSet NAT keepalive interval\nKeepalive interval in seconds",
     .cc_no_syntax = "nat keepalive [<5-3600>]",
     .cc_modes = PR,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_nat_keepalive,
     .cc_print = print_nat_keepalive,
     .cc_order = PR_ORD_NAT},
    {.cc_syntax = "ivrf WORD",
     .cc_help = "I-VRF of the profile\nVRF name",
     .cc_no_syntax = "ivrf [WORD]",
     .cc_modes = PR,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_ivrf,
     .cc_print = print_ivrf,
     .cc_order = PR_ORD_IVRF},
    {.cc_syntax = "aaa authorization group (cert|psk|eap) list WORD [WORD]",
     .cc_help = AAA_HELP,
     .cc_no_syntax = "aaa authorization group (cert|psk|eap) [list [WORD [WORD]]]",
     .cc_modes = PR,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_aaa,
     .cc_print = print_aaa,
     .cc_order = PR_ORD_AAA},
    {.cc_syntax = "virtual-template <1-4096>",
     .cc_help = "Specify the virtual-template for dynamic interface creation\nVirtual-Template interface number",
     .cc_no_syntax = "virtual-template [<1-4096>]",
     .cc_modes = PR,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_vtemplate,
     .cc_print = print_vtemplate,
     .cc_order = PR_ORD_VTEMPLATE},
};

void ike_profile_cli_init(struct cli_tree *t)
{
	cli_cmds_add(t, profile_cmds, sizeof(profile_cmds) / sizeof(profile_cmds[0]));
}
