/* PKI trustpoint commands and the token removal timeout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/modes.h"
#include "config/order.h"
#include "pki/pki_int.h"

#define PKI_HELP CRYPTO_HELP "Public Key components\n"

/* Print order inside ca-trustpoint mode (IOS's). */
enum {
	TP_ORD_ENROLL = 1,
	TP_ORD_SERIAL,
	TP_ORD_IP,
	TP_ORD_PASSWORD,
	TP_ORD_FINGERPRINT,
	TP_ORD_SUBJECT,
	TP_ORD_REVOCATION,
	TP_ORD_RSAKEYPAIR,
	TP_ORD_AUTO_ENROLL,
};

static const char *const revocation_names[] = {
    [PKI_REV_CRL] = "crl",
    [PKI_REV_NONE] = "none",
    [PKI_REV_OCSP] = "ocsp",
};

static const struct nametab_type trustpoint_type = {
    .nty_what = "Trustpoint",
    .nty_size = sizeof(struct pki_trustpoint),
    .nty_free = pki_trustpoint_free,
    .nty_mode = MODE_PKI_TRUSTPOINT,
};

static struct pki_trustpoint *tp_of(const struct cli_ctx *c)
{
	return cli_obj(c);
}

/* Removing a trustpoint also removes its certificate chain, as on IOS. */
static int run_trustpoint(struct cli_ctx *c, const struct cli_args *a)
{
	return nametab_cmd(c, a, &pki_cfg(cfg_of(c))->pk_trustpoints, cli_arg(a, "WORD"), &trustpoint_type);
}

static void print_trustpoints(struct cli_writer *w, const void *obj)
{
	nametab_print(w, &pki_cfg(obj)->pk_trustpoints, "crypto pki trustpoint", MODE_PKI_TRUSTPOINT);
}

static int set_enrollment(struct cli_ctx *c, struct pki_trustpoint *tp, enum pki_enroll how, const char *url)
{
	if (str_set(&tp->tp_enroll_url, url) < 0)
		return cli_fail(c, "Out of memory");
	tp->tp_enroll = how;
	return 0;
}

static int run_enrollment_url(struct cli_ctx *c, const struct cli_args *a)
{
	if (a->a_negate)
		return set_enrollment(c, tp_of(c), PKI_ENROLL_NONE, NULL);
	return set_enrollment(c, tp_of(c), PKI_ENROLL_URL, cli_arg(a, "LINE"));
}

static int run_enrollment_local(struct cli_ctx *c, const struct cli_args *a)
{
	enum pki_enroll how = cli_has(a, "terminal") ? PKI_ENROLL_TERMINAL : PKI_ENROLL_SELFSIGNED;

	if (a->a_negate)
		return tp_of(c)->tp_enroll == how ? set_enrollment(c, tp_of(c), PKI_ENROLL_NONE, NULL) : 0;
	return set_enrollment(c, tp_of(c), how, NULL);
}

static void print_enrollment(struct cli_writer *w, const void *obj)
{
	const struct pki_trustpoint *tp = obj;

	if (tp->tp_enroll == PKI_ENROLL_URL)
		cli_line(w, "enrollment url %s", tp->tp_enroll_url);
	else if (tp->tp_enroll == PKI_ENROLL_TERMINAL)
		cli_line(w, "enrollment terminal");
	else if (tp->tp_enroll == PKI_ENROLL_SELFSIGNED)
		cli_line(w, "enrollment selfsigned");
}

static int run_serial_number(struct cli_ctx *c, const struct cli_args *a)
{
	if (a->a_negate)
		tp_of(c)->tp_serial = PKI_SERIAL_UNSET;
	else
		tp_of(c)->tp_serial = cli_has(a, "none") ? PKI_SERIAL_NONE : PKI_SERIAL_INCLUDE;
	return 0;
}

static void print_serial_number(struct cli_writer *w, const void *obj)
{
	const struct pki_trustpoint *tp = obj;

	if (tp->tp_serial != PKI_SERIAL_UNSET)
		cli_line(w, "serial-number%s", tp->tp_serial == PKI_SERIAL_NONE ? " none" : "");
}

static int run_ip_address(struct cli_ctx *c, const struct cli_args *a)
{
	tp_of(c)->tp_ip_none = !a->a_negate;
	return 0;
}

static void print_ip_address(struct cli_writer *w, const void *obj)
{
	const struct pki_trustpoint *tp = obj;

	if (tp->tp_ip_none)
		cli_line(w, "ip-address none");
}

static int run_password(struct cli_ctx *c, const struct cli_args *a)
{
	struct pki_trustpoint *tp = tp_of(c);

	if (crypto_set_text(c, a, &tp->tp_password, "WORD") < 0)
		return -1;
	tp->tp_password_set = !a->a_negate;
	return 0;
}

static void print_password(struct cli_writer *w, const void *obj)
{
	const struct pki_trustpoint *tp = obj;

	if (tp->tp_password)
		cli_line(w, "password %s", tp->tp_password);
	else if (tp->tp_password_set)
		cli_line(w, "password");
}

static int run_fingerprint(struct cli_ctx *c, const struct cli_args *a)
{
	struct pki_trustpoint *tp = tp_of(c);
	size_t len;
	uint8_t *fp;

	if (a->a_negate) {
		tp->tp_fingerprint_len = 0;
		return 0;
	}
	if (strlen(cli_arg(a, "HEX")) % 2)
		return cli_fail(c, "Fingerprint must be an even number of hex digits");
	if (!(fp = hex_decode(cli_arg(a, "HEX"), &len)))
		return cli_fail(c, "Out of memory");
	if (len != 16 && len != 20 && len != 32) {
		free(fp);
		return cli_fail(c, "Fingerprint must be MD5 (32 hex digits), SHA1 (40) or SHA256 (64)");
	}
	memcpy(tp->tp_fingerprint, fp, len);
	tp->tp_fingerprint_len = len;
	free(fp);
	return 0;
}

static void print_fingerprint(struct cli_writer *w, const void *obj)
{
	const struct pki_trustpoint *tp = obj;
	char hex[2 * PKI_FINGERPRINT_MAX + 1];

	if (tp->tp_fingerprint_len)
		cli_line(w, "fingerprint %s", hex_format(tp->tp_fingerprint, tp->tp_fingerprint_len, hex));
}

static int run_subject_name(struct cli_ctx *c, const struct cli_args *a)
{
	return crypto_set_text(c, a, &tp_of(c)->tp_subject, "LINE");
}

static void print_subject_name(struct cli_writer *w, const void *obj)
{
	crypto_print_text(w, "subject-name", ((const struct pki_trustpoint *)obj)->tp_subject);
}

static int run_revocation_check(struct cli_ctx *c, const struct cli_args *a)
{
	struct pki_trustpoint *tp = tp_of(c);
	int m[PKI_REV_COUNT];
	size_t n = args_keywords(a, revocation_names, PKI_REV_COUNT, m, PKI_REV_COUNT);

	if (a->a_negate) {
		tp->tp_nrevocation = 0;
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (m[i] == m[j])
				return cli_fail(c, "Revocation method %s is given twice", revocation_names[m[i]]);
	for (size_t i = 0; i < n; i++)
		tp->tp_revocation[i] = (enum pki_revocation)m[i];
	tp->tp_nrevocation = (unsigned)n;
	return 0;
}

static void print_revocation_check(struct cli_writer *w, const void *obj)
{
	const struct pki_trustpoint *tp = obj;
	char buf[64] = "";

	if (!tp->tp_nrevocation)
		return;
	for (unsigned i = 0; i < tp->tp_nrevocation; i++) {
		strcat(buf, " ");
		strcat(buf, revocation_names[tp->tp_revocation[i]]);
	}
	cli_line(w, "revocation-check%s", buf);
}

static int run_rsakeypair(struct cli_ctx *c, const struct cli_args *a)
{
	struct pki_trustpoint *tp = tp_of(c);

	if (str_set(&tp->tp_rsa_label, a->a_negate ? NULL : cli_arg(a, "WORD")) < 0)
		return cli_fail(c, "Out of memory");
	tp->tp_rsa_bits = a->a_negate ? 0 : (unsigned)cli_arg_num(a, "<360-4096>", 0);
	return 0;
}

static void print_rsakeypair(struct cli_writer *w, const void *obj)
{
	const struct pki_trustpoint *tp = obj;

	if (tp->tp_rsa_label && tp->tp_rsa_bits)
		cli_line(w, "rsakeypair %s %u", tp->tp_rsa_label, tp->tp_rsa_bits);
	else if (tp->tp_rsa_label)
		cli_line(w, "rsakeypair %s", tp->tp_rsa_label);
}

static int run_auto_enroll(struct cli_ctx *c, const struct cli_args *a)
{
	struct pki_trustpoint *tp = tp_of(c);

	tp->tp_auto_enroll = !a->a_negate;
	tp->tp_auto_enroll_pct = a->a_negate ? 0 : (unsigned)cli_arg_num(a, "<1-100>", 0);
	tp->tp_auto_regenerate = !a->a_negate && cli_has(a, "regenerate");
	return 0;
}

static void print_auto_enroll(struct cli_writer *w, const void *obj)
{
	const struct pki_trustpoint *tp = obj;
	char pct[16] = "";

	if (!tp->tp_auto_enroll)
		return;
	if (tp->tp_auto_enroll_pct)
		snprintf(pct, sizeof(pct), " %u", tp->tp_auto_enroll_pct);
	cli_line(w, "auto-enroll%s%s", pct, tp->tp_auto_regenerate ? " regenerate" : "");
}

static int run_token_timeout(struct cli_ctx *c, const struct cli_args *a)
{
	pki_cfg(cfg_of(c))->pk_token_timeout = a->a_negate ? -1 : (int)cli_arg_num(a, "<0-480>", 0);
	return 0;
}

static void print_token_timeout(struct cli_writer *w, const void *obj)
{
	int t = pki_token_removal_timeout(obj);

	if (t < 0)
		return;
	cli_line(w, "crypto pki token default removal timeout %d", t);
	cli_sep(w); /* IOS sets it apart from the trustpoints that follow */
}

#define TP		  CLI_MODE(MODE_PKI_TRUSTPOINT)
#define REVOCATION_METHOD "(crl|none|ocsp)"
#define REVOCATION_HELP	  "Revocation check by CRL\nIgnore revocation check\nRevocation check by OCSP\n"

static struct cli_cmd pki_cmds[] = {
    {.cc_syntax = "crypto pki trustpoint WORD",
     .cc_help = PKI_HELP "Define a CA trustpoint\nTrustpoint Name",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_trustpoint,
     .cc_print = print_trustpoints,
     .cc_order = ORD_PKI_TRUSTPOINT},
    {.cc_syntax = "crypto pki token default removal timeout <0-480>",
     .cc_help = PKI_HELP "Configure token parameters\nDefault token\nToken removal\nTime to wait before removing "
			 "keys\nTimeout value in seconds",
     .cc_no_syntax = "crypto pki token default removal [timeout [<0-480>]]",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_token_timeout,
     .cc_print = print_token_timeout,
     .cc_order = ORD_PKI_TOKEN},
    {.cc_syntax = "enrollment url LINE",
     .cc_help = "Enrollment parameters\nCA server enrollment URL\nURL of the CA (http: or tftp:)",
     .cc_no_syntax = "enrollment [url [LINE]]",
     .cc_modes = TP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_enrollment_url,
     .cc_print = print_enrollment,
     .cc_order = TP_ORD_ENROLL},
    {.cc_syntax = "enrollment (terminal|selfsigned)",
     .cc_help = "Enrollment parameters\nEnroll via the terminal (cut-and-paste)\nGenerate a Self Signed Certificate",
     .cc_modes = TP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_enrollment_local},
    {.cc_syntax = "serial-number [none]",
     .cc_help = "Include serial number\nDo not include serial number",
     .cc_modes = TP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_serial_number,
     .cc_print = print_serial_number,
     .cc_order = TP_ORD_SERIAL},
    {.cc_syntax = "ip-address none",
     .cc_help = "Include IP address\nDo not include IP address",
     .cc_no_syntax = "ip-address [none]",
     .cc_modes = TP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_ip_address,
     .cc_print = print_ip_address,
     .cc_order = TP_ORD_IP},
    {.cc_syntax = "password [WORD]",
     .cc_help = "Revocation password\nThe revocation password (prompted for at enrollment when absent)",
     .cc_modes = TP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_password,
     .cc_print = print_password,
     .cc_order = TP_ORD_PASSWORD},
    {.cc_syntax = "fingerprint HEX",
     .cc_help = "Expected CA certificate fingerprint\nFingerprint string",
     .cc_no_syntax = "fingerprint [HEX]",
     .cc_modes = TP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_fingerprint,
     .cc_print = print_fingerprint,
     .cc_order = TP_ORD_FINGERPRINT},
    {.cc_syntax = "subject-name LINE",
     .cc_help = "Subject Name\nsubject name string (X.500)",
     .cc_no_syntax = "subject-name [LINE]",
     .cc_modes = TP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_subject_name,
     .cc_print = print_subject_name,
     .cc_order = TP_ORD_SUBJECT},
    {.cc_syntax = "revocation-check " REVOCATION_METHOD " [" REVOCATION_METHOD "] [" REVOCATION_METHOD "]",
     .cc_help = "Revocation checking options\n" REVOCATION_HELP REVOCATION_HELP REVOCATION_HELP,
     .cc_no_syntax = "revocation-check [" REVOCATION_METHOD " [" REVOCATION_METHOD "] [" REVOCATION_METHOD "]]",
     .cc_modes = TP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_revocation_check,
     .cc_print = print_revocation_check,
     .cc_order = TP_ORD_REVOCATION},
    {.cc_syntax = "rsakeypair WORD [<360-4096>]",
     .cc_help = "Specify rsa key pair\nKey label\nSignature key size",
     .cc_no_syntax = "rsakeypair [WORD [<360-4096>]]",
     .cc_modes = TP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_rsakeypair,
     .cc_print = print_rsakeypair,
     .cc_order = TP_ORD_RSAKEYPAIR},
    {.cc_syntax = "auto-enroll [<1-100>] [regenerate]",
     .cc_help = "Auto enroll\nRenew percentage\nGenerate a new key pair at renewal",
     .cc_modes = TP,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_auto_enroll,
     .cc_print = print_auto_enroll,
     .cc_order = TP_ORD_AUTO_ENROLL},
};

void pki_cli_init(struct cli_tree *t)
{
	cfg_module_register(&pki_module);
	cli_cmds_add(t, pki_cmds, sizeof(pki_cmds) / sizeof(pki_cmds[0]));
	pki_cert_cli_init(t);
}
