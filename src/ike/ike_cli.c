/* IKEv2 proposals, policies and keyrings; the registration of every IKEv2 command. */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "config/modes.h"
#include "config/order.h"
#include "ike/ike_int.h"
#include "ike/ikev2_frag.h"
#include "ike/ikev2_show.h"

static const char *const encr_names[] = {
    [IKE_ENCR_3DES] = "3des",
    [IKE_ENCR_AES_CBC_128] = "aes-cbc-128",
    [IKE_ENCR_AES_CBC_192] = "aes-cbc-192",
    [IKE_ENCR_AES_CBC_256] = "aes-cbc-256",
    [IKE_ENCR_AES_GCM_128] = "aes-gcm-128",
    [IKE_ENCR_AES_GCM_256] = "aes-gcm-256",
};

static const char *const hash_names[] = {
    [IKE_HASH_MD5] = "md5",	  [IKE_HASH_SHA1] = "sha1",	[IKE_HASH_SHA256] = "sha256",
    [IKE_HASH_SHA384] = "sha384", [IKE_HASH_SHA512] = "sha512",
};

static const char *const dh_names[] = {
    [IKE_DH_1] = "1",	[IKE_DH_2] = "2",   [IKE_DH_5] = "5",	[IKE_DH_14] = "14", [IKE_DH_15] = "15",
    [IKE_DH_16] = "16", [IKE_DH_19] = "19", [IKE_DH_20] = "20", [IKE_DH_21] = "21", [IKE_DH_24] = "24",
};

/* The four algorithm lines of a proposal: one handler, one list each. */
struct alg_kind {
	const char *ak_keyword;
	const char *const *ak_names;
	size_t ak_count;
	size_t ak_off; /* of the list in struct ike_proposal */
};

static const struct alg_kind alg_kinds[] = {
    {"encryption", encr_names, IKE_ENCR_COUNT, offsetof(struct ike_proposal, pp_encr)},
    {"integrity", hash_names, IKE_HASH_COUNT, offsetof(struct ike_proposal, pp_integ)},
    {"prf", hash_names, IKE_HASH_COUNT, offsetof(struct ike_proposal, pp_prf)},
    {"group", dh_names, IKE_DH_COUNT, offsetof(struct ike_proposal, pp_group)},
};

static const struct nametab_type proposal_type = {
    .nty_what = "IKEv2 proposal",
    .nty_size = sizeof(struct ike_proposal),
    .nty_free = ike_proposal_free,
    .nty_mode = MODE_IKEV2_PROPOSAL,
};

static const struct nametab_type policy_type = {
    .nty_what = "IKEv2 policy",
    .nty_size = sizeof(struct ike_policy),
    .nty_free = ike_policy_free,
    .nty_mode = MODE_IKEV2_POLICY,
};

static const struct nametab_type keyring_type = {
    .nty_what = "IKEv2 keyring",
    .nty_size = sizeof(struct ike_keyring),
    .nty_free = ike_keyring_free,
    .nty_mode = MODE_IKEV2_KEYRING,
};

static const struct nametab_type peer_type = {
    .nty_what = "Peer",
    .nty_size = sizeof(struct ike_peer),
    .nty_free = ike_peer_free,
    .nty_mode = MODE_IKEV2_KEYRING_PEER,
};

/* ---- proposals ---- */

static int run_proposal(struct cli_ctx *c, const struct cli_args *a)
{
	return nametab_cmd(c, a, &ike_cfg(cfg_of(c))->ic_proposals, cli_arg(a, "WORD"), &proposal_type);
}

static void print_proposals(struct cli_writer *w, const void *obj)
{
	nametab_print(w, &ike_cfg(obj)->ic_proposals, "crypto ikev2 proposal", MODE_IKEV2_PROPOSAL);
}

static void alglist_add(struct ike_alglist *l, int v)
{
	for (unsigned i = 0; i < l->al_n; i++)
		if (l->al_v[i] == v)
			return;
	l->al_v[l->al_n++] = (uint8_t)v;
}

static void alglist_del(struct ike_alglist *l, int v)
{
	for (unsigned i = 0; i < l->al_n; i++) {
		if (l->al_v[i] != v)
			continue;
		memmove(&l->al_v[i], &l->al_v[i + 1], --l->al_n - i);
		return;
	}
}

/* Each line adds algorithms after those configured, as IOS does; "no" removes the ones named, or all. */
static int run_algs(struct cli_ctx *c, const struct cli_args *a)
{
	const struct alg_kind *k = alg_kinds;
	struct ike_alglist *l;
	int v[IKE_DH_COUNT];
	size_t n;

	while (!cli_has(a, k->ak_keyword))
		k++;
	l = (struct ike_alglist *)((char *)cli_obj(c) + k->ak_off);
	n = args_keywords(a, k->ak_names, k->ak_count, v, IKE_DH_COUNT);
	if (a->a_negate && n == 0)
		l->al_n = 0;
	for (size_t i = 0; i < n; i++) {
		if (a->a_negate)
			alglist_del(l, v[i]);
		else
			alglist_add(l, v[i]);
	}
	return 0;
}

static void print_algs(struct cli_writer *w, const struct ike_proposal *pp, const struct alg_kind *k)
{
	const struct ike_alglist *l = (const struct ike_alglist *)((const char *)pp + k->ak_off);
	char buf[128] = "";

	if (!l->al_n)
		return;
	for (unsigned i = 0; i < l->al_n; i++) {
		strcat(buf, " ");
		strcat(buf, k->ak_names[l->al_v[i]]);
	}
	cli_line(w, "%s%s", k->ak_keyword, buf);
}

static void print_encryption(struct cli_writer *w, const void *obj)
{
	print_algs(w, obj, &alg_kinds[0]);
}

static void print_integrity(struct cli_writer *w, const void *obj)
{
	print_algs(w, obj, &alg_kinds[1]);
}

static void print_prf(struct cli_writer *w, const void *obj)
{
	print_algs(w, obj, &alg_kinds[2]);
}

static void print_group(struct cli_writer *w, const void *obj)
{
	print_algs(w, obj, &alg_kinds[3]);
}

/* ---- policies ---- */

static int run_policy(struct cli_ctx *c, const struct cli_args *a)
{
	return nametab_cmd(c, a, &ike_cfg(cfg_of(c))->ic_policies, cli_arg(a, "WORD"), &policy_type);
}

static void print_policies(struct cli_writer *w, const void *obj)
{
	nametab_print(w, &ike_cfg(obj)->ic_policies, "crypto ikev2 policy", MODE_IKEV2_POLICY);
}

static int run_policy_fvrf(struct cli_ctx *c, const struct cli_args *a)
{
	return ike_fvrf_set(c, a, &((struct ike_policy *)cli_obj(c))->po_fvrf);
}

static void print_policy_fvrf(struct cli_writer *w, const void *obj)
{
	ike_fvrf_print(w, &((const struct ike_policy *)obj)->po_fvrf);
}

static int run_match_local(struct cli_ctx *c, const struct cli_args *a)
{
	struct ike_policy *po = cli_obj(c);
	struct in_addr addr, *v;
	size_t i = 0;

	inet_pton(AF_INET, cli_arg(a, "A.B.C.D"), &addr);
	while (i < po->po_nlocal && po->po_local[i].s_addr != addr.s_addr)
		i++;
	if (a->a_negate && i < po->po_nlocal)
		memmove(&po->po_local[i], &po->po_local[i + 1], (--po->po_nlocal - i) * sizeof(*v));
	if (a->a_negate || i < po->po_nlocal)
		return 0;
	if (!(v = realloc(po->po_local, (po->po_nlocal + 1) * sizeof(*v))))
		return cli_fail(c, "Out of memory");
	v[po->po_nlocal++] = addr;
	po->po_local = v;
	return 0;
}

static void print_match_local(struct cli_writer *w, const void *obj)
{
	const struct ike_policy *po = obj;
	char buf[INET_ADDRSTRLEN];

	for (size_t i = 0; i < po->po_nlocal; i++)
		cli_line(w, "match address local %s", inet_ntop(AF_INET, &po->po_local[i], buf, sizeof(buf)));
}

/* Each line adds a proposal (defined before or after, as IOS allows); "no" removes one, or all. */
static int run_policy_proposal(struct cli_ctx *c, const struct cli_args *a)
{
	struct ike_policy *po = cli_obj(c);
	const char *name = cli_arg(a, "WORD");

	if (a->a_negate && !name)
		strlist_clear(&po->po_proposals);
	else if (a->a_negate)
		strlist_del(&po->po_proposals, name);
	else if (strlist_add(&po->po_proposals, name) < 0)
		return cli_fail(c, "Out of memory");
	return 0;
}

static void print_policy_proposals(struct cli_writer *w, const void *obj)
{
	const struct ike_policy *po = obj;

	for (size_t i = 0; i < po->po_proposals.sl_n; i++)
		cli_line(w, "proposal %s", po->po_proposals.sl_v[i]);
}

/* ---- keyrings ---- */

static int run_keyring(struct cli_ctx *c, const struct cli_args *a)
{
	return nametab_cmd(c, a, &ike_cfg(cfg_of(c))->ic_keyrings, cli_arg(a, "WORD"), &keyring_type);
}

static void print_keyrings(struct cli_writer *w, const void *obj)
{
	nametab_print(w, &ike_cfg(obj)->ic_keyrings, "crypto ikev2 keyring", MODE_IKEV2_KEYRING);
}

static int run_peer(struct cli_ctx *c, const struct cli_args *a)
{
	return nametab_cmd(c, a, &((struct ike_keyring *)cli_obj(c))->kr_peers, cli_arg(a, "WORD"), &peer_type);
}

/* IOS closes each peer block with an indented "!". */
static void print_peers(struct cli_writer *w, const void *obj)
{
	const struct nametab *t = &((const struct ike_keyring *)obj)->kr_peers;

	for (struct omap_iter it = nametab_begin(t); omap_next(&it);) {
		const struct ike_peer *kp = it.oi_val;
		cli_line(w, "peer %s", kp->kp_name);
		cli_block(w, MODE_IKEV2_KEYRING_PEER, kp);
		cli_line(w, "!");
	}
}

static int run_peer_address(struct cli_ctx *c, const struct cli_args *a)
{
	struct ike_peer *kp = cli_obj(c);
	const char *mask = cli_arg_nth(a, "A.B.C.D", 1);

	kp->kp_has_addr = !a->a_negate && inet_pton(AF_INET, cli_arg(a, "A.B.C.D"), &kp->kp_addr) == 1;
	kp->kp_has_mask = kp->kp_has_addr && mask && inet_pton(AF_INET, mask, &kp->kp_mask) == 1;
	return 0;
}

static void print_peer_address(struct cli_writer *w, const void *obj)
{
	const struct ike_peer *kp = obj;
	char addr[INET_ADDRSTRLEN], mask[INET_ADDRSTRLEN];

	if (kp->kp_has_mask)
		cli_line(w, "address %s %s", inet_ntop(AF_INET, &kp->kp_addr, addr, sizeof(addr)),
			 inet_ntop(AF_INET, &kp->kp_mask, mask, sizeof(mask)));
	else if (kp->kp_has_addr)
		cli_line(w, "address %s", inet_ntop(AF_INET, &kp->kp_addr, addr, sizeof(addr)));
}

static int run_peer_identity(struct cli_ctx *c, const struct cli_args *a)
{
	struct ike_peer *kp = cli_obj(c);
	struct ike_id id;

	if (a->a_negate) {
		ike_id_clear(&kp->kp_id);
		return 0;
	}
	ike_id_from_args(a, &id);
	if (ike_id_copy(&kp->kp_id, &id) < 0)
		return cli_fail(c, "Out of memory");
	return 0;
}

static void print_peer_identity(struct cli_writer *w, const void *obj)
{
	const struct ike_peer *kp = obj;
	char buf[512];

	if (kp->kp_id.id_type != IKE_ID_NONE)
		cli_line(w, "identity %s", ike_id_format(&kp->kp_id, buf, sizeof(buf)));
}

/* "pre-shared-key KEY" is one key both ways; "local"/"remote" set one direction. */
static int run_psk(struct cli_ctx *c, const struct cli_args *a)
{
	struct ike_peer *kp = cli_obj(c);
	bool local = !cli_has(a, "remote"), remote = !cli_has(a, "local");
	const char *key = a->a_negate ? NULL : cli_arg(a, "LINE");

	if ((local && str_set(&kp->kp_psk_local, key) < 0) || (remote && str_set(&kp->kp_psk_remote, key) < 0))
		return cli_fail(c, "Out of memory");
	kp->kp_psk_same = local && remote && key;
	return 0;
}

static void print_psk(struct cli_writer *w, const void *obj)
{
	const struct ike_peer *kp = obj;

	if (kp->kp_psk_same) {
		cli_line(w, "pre-shared-key %s", kp->kp_psk_local);
		return;
	}
	crypto_print_text(w, "pre-shared-key local", kp->kp_psk_local);
	crypto_print_text(w, "pre-shared-key remote", kp->kp_psk_remote);
}

#define OPT(x)	" [" x "]"
#define REP2(x) x x
#define REP4(x) REP2(x) REP2(x)
#define REP8(x) REP4(x) REP4(x)
#define ENCR	"(3des|aes-cbc-128|aes-cbc-192|aes-cbc-256|aes-gcm-128|aes-gcm-256)"
#define ENCR_HELP                                                                                                      \
	"Triple DES\nAES-CBC-128\nAES-CBC-192\nAES-CBC-256\nCombined-mode, 128 bit key, 16 byte ICV (Authentication "  \
	"Tag)\nCombined-mode, 256 bit key, 16 byte ICV (Authentication Tag)\n"
#define HASH "(md5|sha1|sha256|sha384|sha512)"
#define HASH_HELP                                                                                                      \
	"Message Digest 5\nSecure Hash Standard\nSecure Hash Standard 2 (256 bit)\nSecure Hash Standard 2 (384 "       \
	"bit)\nSecure Hash Standard 2 (512 bit)\n"
#define DH "(1|2|5|14|15|16|19|20|21|24)"
#define DH_HELP                                                                                                        \
	"DH 768 MODP\nDH 1024 MODP\nDH 1536 MODP\nDH 2048 MODP\nDH 3072 MODP\nDH 4096 MODP\nDH 256 ECP\nDH 384 "       \
	"ECP\nDH 521 ECP\nDH 2048 (256 subgroup) MODP\n"
#define ENCR_LIST      ENCR REP4(OPT(ENCR)) OPT(ENCR)
#define ENCR_LIST_HELP ENCR_HELP REP4(ENCR_HELP) ENCR_HELP
#define HASH_LIST      HASH REP4(OPT(HASH))
/* ---- global settings: cookie challenge (RFC 7296 §2.6), fragmentation (RFC 7383) ---- */

static int run_cookie(struct cli_ctx *c, const struct cli_args *a)
{
	struct ike_cfg *ic = ike_cfg(cfg_of(c));

	ic->ic_cookie_on = !a->a_negate;
	ic->ic_cookie_threshold = a->a_negate ? 0 : (unsigned)cli_arg_num(a, "<0-1000>", 0);
	return 0;
}

static void print_cookie(struct cli_writer *w, const void *obj)
{
	const struct ike_cfg *ic = ike_cfg(obj);

	if (ic->ic_cookie_on)
		cli_line(w, "crypto ikev2 cookie-challenge %u", ic->ic_cookie_threshold);
}

static int run_fragmentation(struct cli_ctx *c, const struct cli_args *a)
{
	ike_cfg(cfg_of(c))->ic_frag_mtu =
	    a->a_negate ? 0 : (unsigned)cli_arg_num(a, "<256-9000>", IKEV2_FRAG_MTU_DEFAULT);
	return 0;
}

static void print_fragmentation(struct cli_writer *w, const void *obj)
{
	unsigned mtu = ike_cfg(obj)->ic_frag_mtu;

	if (mtu == IKEV2_FRAG_MTU_DEFAULT)
		cli_line(w, "crypto ikev2 fragmentation");
	else if (mtu)
		cli_line(w, "crypto ikev2 fragmentation mtu %u", mtu);
}

#define HASH_LIST_HELP HASH_HELP REP4(HASH_HELP)
#define DH_LIST	       DH REP8(OPT(DH)) OPT(DH)
#define DH_LIST_HELP   DH_HELP REP8(DH_HELP) DH_HELP
#define PROP	       CLI_MODE(MODE_IKEV2_PROPOSAL)
#define POL	       CLI_MODE(MODE_IKEV2_POLICY)
#define PEER	       CLI_MODE(MODE_IKEV2_KEYRING_PEER)
#define ID_TYPES       "(fqdn WORD|address A.B.C.D|email WORD|key-id WORD)"
#define ID_TYPES_HELP                                                                                                  \
	"Fully qualified domain name\nFQDN string\nIP address\nIP address\nE-mail address\nE-mail address\nKey "       \
	"ID\nKey ID string\n"

static struct cli_cmd ike_cmds[] = {
    {.cc_syntax = "crypto ikev2 proposal WORD",
     .cc_help = IKEV2_HELP "Define IKEv2 proposals\nProposal name",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_proposal,
     .cc_print = print_proposals,
     .cc_order = ORD_IKEV2_PROPOSAL},
    {.cc_syntax = "encryption " ENCR_LIST,
     .cc_help = "Set encryption algorithm(s)\n" ENCR_LIST_HELP,
     .cc_no_syntax = "encryption [" ENCR_LIST "]",
     .cc_modes = PROP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_algs,
     .cc_print = print_encryption,
     .cc_order = 1},
    {.cc_syntax = "integrity " HASH_LIST,
     .cc_help = "Set integrity hash algorithm(s)\n" HASH_LIST_HELP,
     .cc_no_syntax = "integrity [" HASH_LIST "]",
     .cc_modes = PROP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_algs,
     .cc_print = print_integrity,
     .cc_order = 2},
    {.cc_syntax = "prf " HASH_LIST,
     .cc_help = "Set prf hash algorithm(s)\n" HASH_LIST_HELP,
     .cc_no_syntax = "prf [" HASH_LIST "]",
     .cc_modes = PROP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_algs,
     .cc_print = print_prf,
     .cc_order = 3},
    {.cc_syntax = "group " DH_LIST,
     .cc_help = "Set the Diffie-Hellman group(s)\n" DH_LIST_HELP,
     .cc_no_syntax = "group [" DH_LIST "]",
     .cc_modes = PROP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_algs,
     .cc_print = print_group,
     .cc_order = 4},
    {.cc_syntax = "crypto ikev2 policy WORD",
     .cc_help = IKEV2_HELP "Define IKEv2 policies\nPolicy name",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_policy,
     .cc_print = print_policies,
     .cc_order = ORD_IKEV2_POLICY},
    {.cc_syntax = "match fvrf (WORD|any)",
     .cc_help = MATCH_FVRF_HELP,
     .cc_no_syntax = "match fvrf [(WORD|any)]",
     .cc_modes = POL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_policy_fvrf,
     .cc_print = print_policy_fvrf,
     .cc_order = 1},
    {.cc_syntax = "match address local A.B.C.D",
     .cc_help = "Match values of local fields\nLocal address\nLocal address\nIP address",
     .cc_modes = POL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_match_local,
     .cc_print = print_match_local,
     .cc_order = 2},
    {.cc_syntax = "proposal WORD",
     .cc_help = "Specify Proposal\nIKEv2 proposal name",
     .cc_no_syntax = "proposal [WORD]",
     .cc_modes = POL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_policy_proposal,
     .cc_print = print_policy_proposals,
     .cc_order = 3},
    {.cc_syntax = "crypto ikev2 cookie-challenge <0-1000>",
     .cc_help = IKEV2_HELP "Enable cookie challenge\nHalf-open sessions from which IKE_SA_INIT is challenged",
     .cc_no_syntax = "crypto ikev2 cookie-challenge [<0-1000>]",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_cookie,
     .cc_print = print_cookie,
     .cc_order = ORD_IKEV2_PROPOSAL - 1},
    {.cc_syntax = "crypto ikev2 fragmentation [mtu <256-9000>]",
     .cc_help = IKEV2_HELP "Enable fragmentation of IKEv2 packets\nMaximum transmission unit\nMTU in bytes",
     .cc_no_syntax = "crypto ikev2 fragmentation [mtu <256-9000>]",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_fragmentation,
     .cc_print = print_fragmentation,
     .cc_order = ORD_IKEV2_PROPOSAL - 1},
    {.cc_syntax = "crypto ikev2 keyring WORD",
     .cc_help = IKEV2_HELP "Define IKEv2 keyrings\nKeyring name",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_keyring,
     .cc_print = print_keyrings,
     .cc_order = ORD_IKEV2_KEYRING},
    {.cc_syntax = "peer WORD",
     .cc_help = "Configure a Peer and associated keys\nName of the peer block",
     .cc_modes = CLI_MODE(MODE_IKEV2_KEYRING),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_peer,
     .cc_print = print_peers,
     .cc_order = 1},
    {.cc_syntax = "address A.B.C.D [A.B.C.D]",
     .cc_help = "Specify address\nIP address of the peer\nMask",
     .cc_no_syntax = "address [A.B.C.D [A.B.C.D]]",
     .cc_modes = PEER,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_peer_address,
     .cc_print = print_peer_address,
     .cc_order = 1},
    {.cc_syntax = "identity " ID_TYPES,
     .cc_help = "Specify identity\n" ID_TYPES_HELP,
     .cc_no_syntax = "identity [" ID_TYPES "]",
     .cc_modes = PEER,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_peer_identity,
     .cc_print = print_peer_identity,
     .cc_order = 2},
    {.cc_syntax = "pre-shared-key [(local|remote)] LINE",
     .cc_help = "Specify the key\nSpecify the local key\nSpecify the remote key\nThe key",
     .cc_no_syntax = "pre-shared-key [(local|remote)] [LINE]",
     .cc_modes = PEER,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_psk,
     .cc_print = print_psk,
     .cc_order = 3},
};

void ike_cli_init(struct cli_tree *t)
{
	cfg_module_register(&ike_module);
	ike_authz_cli_init(t);
	ike_profile_cli_init(t);
	ikev2_show_init(t);
	cli_cmds_add(t, ike_cmds, sizeof(ike_cmds) / sizeof(ike_cmds[0]));
}
