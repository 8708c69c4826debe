/* Certificate maps and certificate chains (with their hex data). */
#include <stdlib.h>
#include <string.h>

#include "config/modes.h"
#include "config/order.h"
#include "pki/pki_int.h"

#define CERT_HELP	    CRYPTO_HELP "Public Key components\nActions on certificates\n"
#define CERT_WORDS_PER_LINE 8 /* how IOS prints certificate data: 8 words of 4 bytes */
#define CERT_WORD_BYTES	    4
#define CERT_SERIAL_MAX	    32 /* bytes; RFC 5280 allows 20 */

static const char *const field_names[] = {
    [PKI_CM_SUBJECT] = "subject-name",
    [PKI_CM_ISSUER] = "issuer-name",
    [PKI_CM_UNSTRUCTURED] = "unstructured-subject-name",
    [PKI_CM_ALT_SUBJECT] = "alt-subject-name",
    [PKI_CM_NAME] = "name",
};

static const char *const op_names[] = {
    [PKI_CM_EQ] = "eq",
    [PKI_CM_NE] = "ne",
    [PKI_CM_CO] = "co",
    [PKI_CM_NC] = "nc",
};

static const char *const cert_kind_names[] = {
    [PKI_CERT_CA] = "ca",
    [PKI_CERT_SELF_SIGNED] = "self-signed",
};

/* ---- certificate maps ---- */

static struct pki_certmap_entry *cm_entry_get(struct pki_certmap *cm, unsigned seq)
{
	struct pki_certmap_entry **pp = &cm->cm_entries, *ce;

	while (*pp && (*pp)->ce_seq < seq)
		pp = &(*pp)->ce_next;
	if (*pp && (*pp)->ce_seq == seq)
		return *pp;
	if (!(ce = calloc(1, sizeof(*ce))))
		return NULL;
	ce->ce_seq = seq;
	ce->ce_next = *pp;
	*pp = ce;
	return ce;
}

/* "no crypto pki certificate map LABEL [SEQ]": one entry, or the whole map with its last entry. */
static int certmap_remove(struct cli_ctx *c, struct nametab *maps, const char *label, long long seq)
{
	struct pki_certmap *cm = nametab_get(maps, label);
	struct pki_certmap_entry **pp;

	if (!cm)
		return cli_fail(c, "Certificate map %s does not exist", label);
	for (pp = &cm->cm_entries; seq && *pp && (*pp)->ce_seq != seq; pp = &(*pp)->ce_next)
		;
	if (seq && !*pp)
		return cli_fail(c, "Certificate map %s %lld does not exist", label, seq);
	if (seq) {
		struct pki_certmap_entry *ce = *pp;
		*pp = ce->ce_next;
		pki_cm_entry_free(ce);
	}
	if (!seq || !cm->cm_entries)
		pki_certmap_free(nametab_del(maps, label));
	return 0;
}

static int run_certmap(struct cli_ctx *c, const struct cli_args *a)
{
	struct nametab *maps = &pki_cfg(cfg_of(c))->pk_certmaps;
	const char *label = cli_arg(a, "WORD");
	struct pki_certmap *cm;
	struct pki_certmap_entry *ce;

	if (a->a_negate)
		return certmap_remove(c, maps, label, cli_arg_num(a, "<1-65535>", 0));
	if (!(cm = nametab_ensure(maps, label, sizeof(*cm))) ||
	    !(ce = cm_entry_get(cm, (unsigned)cli_arg_num(a, "<1-65535>", 0))))
		return cli_fail(c, "Out of memory");
	cli_enter(c, MODE_PKI_CERTMAP, ce);
	return 0;
}

static void print_certmaps(struct cli_writer *w, const void *obj)
{
	const struct nametab *t = &pki_cfg(obj)->pk_certmaps;

	for (struct omap_iter it = nametab_begin(t); omap_next(&it);) {
		const struct pki_certmap *cm = it.oi_val;
		for (const struct pki_certmap_entry *ce = cm->cm_entries; ce; ce = ce->ce_next) {
			cli_line(w, "crypto pki certificate map %s %u", cm->cm_name, ce->ce_seq);
			cli_block(w, MODE_PKI_CERTMAP, ce);
			cli_sep(w);
		}
	}
}

/* The rule slot equal to the one typed, or the end of the list. */
static struct pki_cm_rule **cm_rule_find(struct pki_certmap_entry *ce, int field, int op, const char *value)
{
	struct pki_cm_rule **pp = &ce->ce_rules;

	while (*pp &&
	       !((int)(*pp)->cr_field == field && (int)(*pp)->cr_op == op && strcmp((*pp)->cr_value, value) == 0))
		pp = &(*pp)->cr_next;
	return pp;
}

static int run_cm_rule(struct cli_ctx *c, const struct cli_args *a)
{
	int field = args_keyword(a, field_names, PKI_CM_FIELDS), op = args_keyword(a, op_names, PKI_CM_OPS);
	struct pki_cm_rule **pp = cm_rule_find(cli_obj(c), field, op, cli_arg(a, "LINE")), *r = *pp;

	if (a->a_negate) {
		if (r) {
			*pp = r->cr_next;
			free(r->cr_value);
			free(r);
		}
		return 0;
	}
	if (r)
		return 0;
	if (!(r = calloc(1, sizeof(*r))) || !(r->cr_value = strdup(cli_arg(a, "LINE")))) {
		free(r);
		return cli_fail(c, "Out of memory");
	}
	r->cr_field = (enum pki_cm_field)field;
	r->cr_op = (enum pki_cm_op)op;
	*pp = r;
	return 0;
}

static void print_cm_rules(struct cli_writer *w, const void *obj)
{
	const struct pki_certmap_entry *ce = obj;

	for (const struct pki_cm_rule *r = ce->ce_rules; r; r = r->cr_next)
		cli_line(w, "%s %s %s", field_names[r->cr_field], op_names[r->cr_op], r->cr_value);
}

/* ---- certificate chains ---- */

static int run_chain(struct cli_ctx *c, const struct cli_args *a)
{
	struct pki_trustpoint *tp = pki_trustpoint_lookup(cfg_of(c), cli_arg(a, "WORD"));

	if (!tp)
		return cli_fail(c, "Trustpoint %s does not exist", cli_arg(a, "WORD"));
	if (a->a_negate) {
		pki_certs_clear(tp);
		tp->tp_chain = false;
		return 0;
	}
	tp->tp_chain = true;
	cli_enter(c, MODE_PKI_CHAIN, tp);
	return 0;
}

static void print_chains(struct cli_writer *w, const void *obj)
{
	const struct nametab *t = &pki_cfg(obj)->pk_trustpoints;

	for (struct omap_iter it = nametab_begin(t); omap_next(&it);) {
		const struct pki_trustpoint *tp = it.oi_val;
		if (!tp->tp_chain)
			continue;
		cli_line(w, "crypto pki certificate chain %s", tp->tp_name);
		cli_block(w, MODE_PKI_CHAIN, tp);
		cli_sep(w);
	}
}

static struct pki_cert **cert_find(struct pki_trustpoint *tp, const uint8_t *serial, size_t len)
{
	struct pki_cert **pp = &tp->tp_certs;

	while (*pp && !((*pp)->pc_serial_len == len && memcmp((*pp)->pc_serial, serial, len) == 0))
		pp = &(*pp)->pc_next;
	return pp;
}

/* "certificate [ca] SERIAL": the hex data lines that follow (up to "quit") replace the certificate's. */
static int cert_enter(struct cli_ctx *c, struct pki_cert **pp, uint8_t *serial, size_t len, int kind)
{
	struct pki_cert *pc = *pp;

	if (!pc && !(pc = calloc(1, sizeof(*pc)))) {
		free(serial);
		return cli_fail(c, "Out of memory");
	}
	if (!*pp)
		*pp = pc;
	free(pc->pc_serial);
	pc->pc_serial = serial;
	pc->pc_serial_len = len;
	free(pc->pc_der);
	pc->pc_der = NULL;
	pc->pc_der_len = 0;
	pc->pc_kind = kind < 0 ? PKI_CERT_ID : (enum pki_cert_kind)kind;
	cli_enter(c, MODE_PKI_CERT, pc);
	return 0;
}

static int run_certificate(struct cli_ctx *c, const struct cli_args *a)
{
	size_t len;
	uint8_t *serial = hex_decode(cli_arg(a, "HEX"), &len);
	struct pki_cert **pp;

	if (!serial)
		return cli_fail(c, "Out of memory");
	if (len > CERT_SERIAL_MAX) {
		free(serial);
		return cli_fail(c, "Certificate serial number too long (at most %d bytes)", CERT_SERIAL_MAX);
	}
	pp = cert_find(cli_obj(c), serial, len);
	if (!a->a_negate)
		return cert_enter(c, pp, serial, len, args_keyword(a, cert_kind_names, 3));
	free(serial);
	if (*pp) {
		struct pki_cert *pc = *pp;
		*pp = pc->pc_next;
		pki_cert_free(pc);
	}
	return 0;
}

static void print_certificates(struct cli_writer *w, const void *obj)
{
	const struct pki_trustpoint *tp = obj;

	for (const struct pki_cert *pc = tp->tp_certs; pc; pc = pc->pc_next) {
		char serial[2 * CERT_SERIAL_MAX + 1];
		const char *kind = pc->pc_kind == PKI_CERT_ID ? "" : cert_kind_names[pc->pc_kind];
		cli_line(w, "certificate %s%s%s", kind, *kind ? " " : "",
			 hex_format(pc->pc_serial, pc->pc_serial_len, serial));
		if (pc->pc_der)
			cli_block(w, MODE_PKI_CERT, pc);
	}
}

/* One line of certificate data: hex words, each a whole number of bytes. */
static int run_cert_data(struct cli_ctx *c, const struct cli_args *a)
{
	struct pki_cert *pc = cli_obj(c);
	const char *word;

	for (unsigned i = 0; (word = cli_arg_nth(a, "HEX", i)) != NULL; i++) {
		size_t len;
		uint8_t *b, *der;
		if (strlen(word) % 2)
			return cli_fail(c, "Odd number of hex digits in %s", word);
		if (!(b = hex_decode(word, &len)) || !(der = realloc(pc->pc_der, pc->pc_der_len + len))) {
			free(b);
			return cli_fail(c, "Out of memory");
		}
		memcpy(der + pc->pc_der_len, b, len);
		pc->pc_der = der;
		pc->pc_der_len += len;
		free(b);
	}
	return 0;
}

static void print_cert_data(struct cli_writer *w, const void *obj)
{
	const struct pki_cert *pc = obj;
	const size_t per_line = CERT_WORDS_PER_LINE * CERT_WORD_BYTES;

	for (size_t off = 0; off < pc->pc_der_len; off += per_line) {
		char line[CERT_WORDS_PER_LINE * (2 * CERT_WORD_BYTES + 1) + 1] = "";
		for (size_t i = off; i < off + per_line && i < pc->pc_der_len; i += CERT_WORD_BYTES) {
			size_t n = pc->pc_der_len - i < CERT_WORD_BYTES ? pc->pc_der_len - i : CERT_WORD_BYTES;
			char word[2 * CERT_WORD_BYTES + 1];
			if (i > off)
				strcat(line, " ");
			strcat(line, hex_format(pc->pc_der + i, n, word));
		}
		cli_line(w, "%s", line);
	}
	cli_line(w, "quit");
}

static int run_quit(struct cli_ctx *c, const struct cli_args *a)
{
	cli_exit(c);
	return 0;
}

#define HEX_WORD       " [HEX"
#define HEX_HELP       "Certificate data (hex)\n"
#define CERT_KIND      "[(ca|self-signed)] HEX"
#define CERT_KIND_HELP "Certificate authority certificate\nSelf signed certificate\nCertificate serial number\n"
#define CM_FIELDS      "(subject-name|issuer-name|unstructured-subject-name|alt-subject-name|name)"
#define CM_FIELDS_HELP                                                                                                 \
	"Case insensitive DN string to match subject-name\nCase insensitive DN string to match issuer-name\nCase "     \
	"insensitive string to match unstructured-subject-name\nCase insensitive string to match "                     \
	"alt-subject-name\nDN name component\n"
#define CM_OPS	    "(eq|ne|co|nc)"
#define CM_OPS_HELP "equal\nnot equal\ncontains\ndoes not contain\n"

static struct cli_cmd cert_cmds[] = {
    {.cc_syntax = "crypto pki certificate map WORD <1-65535>",
     .cc_help = CERT_HELP "Define a certificate map\nMap name\nSequence number",
     .cc_no_syntax = "crypto pki certificate map WORD [<1-65535>]",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_certmap,
     .cc_print = print_certmaps,
     .cc_order = ORD_PKI_CERTMAP},
    {.cc_syntax = CM_FIELDS " " CM_OPS " LINE",
     .cc_help = CM_FIELDS_HELP CM_OPS_HELP "Value to match",
     .cc_modes = CLI_MODE(MODE_PKI_CERTMAP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_cm_rule,
     .cc_print = print_cm_rules,
     .cc_order = 1},
    {.cc_syntax = "crypto pki certificate chain WORD",
     .cc_help = CERT_HELP "Certificate chain\nTrustpoint name",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_chain,
     .cc_print = print_chains,
     .cc_order = ORD_PKI_CHAIN},
    {.cc_syntax = "certificate " CERT_KIND,
     .cc_help = "Certificate\n" CERT_KIND_HELP,
     .cc_modes = CLI_MODE(MODE_PKI_CHAIN),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_certificate,
     .cc_print = print_certificates,
     .cc_order = 1},
    /* up to 16 words a line: IOS prints 8 */
    {.cc_syntax = "HEX" HEX_WORD HEX_WORD HEX_WORD HEX_WORD HEX_WORD HEX_WORD HEX_WORD HEX_WORD HEX_WORD HEX_WORD
	 HEX_WORD HEX_WORD HEX_WORD HEX_WORD HEX_WORD "]]]]]]]]]]]]]]]",
     .cc_help = HEX_HELP HEX_HELP HEX_HELP HEX_HELP HEX_HELP HEX_HELP HEX_HELP HEX_HELP HEX_HELP HEX_HELP HEX_HELP
	 HEX_HELP HEX_HELP HEX_HELP HEX_HELP HEX_HELP,
     .cc_modes = CLI_MODE(MODE_PKI_CERT),
     .cc_run = run_cert_data,
     .cc_print = print_cert_data,
     .cc_order = 1},
    {.cc_syntax = "quit",
     .cc_help = "Exit certificate data mode",
     .cc_modes = CLI_MODE(MODE_PKI_CERT),
     .cc_run = run_quit},
};

void pki_cert_cli_init(struct cli_tree *t)
{
	cli_cmds_add(t, cert_cmds, sizeof(cert_cmds) / sizeof(cert_cmds[0]));
}
