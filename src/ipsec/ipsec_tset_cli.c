/* "crypto ipsec transform-set": the algorithms of IPsec SAs, and their mode. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/modes.h"
#include "config/order.h"
#include "ipsec/ipsec_int.h"

/* Words of the command: the transforms, then the key sizes that may follow a cipher. */
enum { TS_W_128 = IPSEC_X_COUNT, TS_W_192, TS_W_256, TS_WORDS };

static const char *const ts_words[] = {
    [IPSEC_AH_MD5_HMAC] = "ah-md5-hmac",
    [IPSEC_AH_SHA_HMAC] = "ah-sha-hmac",
    [IPSEC_AH_SHA256_HMAC] = "ah-sha256-hmac",
    [IPSEC_AH_SHA384_HMAC] = "ah-sha384-hmac",
    [IPSEC_AH_SHA512_HMAC] = "ah-sha512-hmac",
    [IPSEC_ESP_3DES] = "esp-3des",
    [IPSEC_ESP_AES] = "esp-aes",
    [IPSEC_ESP_256_AES] = "esp-256-aes",
    [IPSEC_ESP_DES] = "esp-des",
    [IPSEC_ESP_GCM] = "esp-gcm",
    [IPSEC_ESP_GMAC] = "esp-gmac",
    [IPSEC_ESP_NULL] = "esp-null",
    [IPSEC_ESP_SEAL] = "esp-seal",
    [IPSEC_ESP_MD5_HMAC] = "esp-md5-hmac",
    [IPSEC_ESP_SHA_HMAC] = "esp-sha-hmac",
    [IPSEC_ESP_SHA256_HMAC] = "esp-sha256-hmac",
    [IPSEC_ESP_SHA384_HMAC] = "esp-sha384-hmac",
    [IPSEC_ESP_SHA512_HMAC] = "esp-sha512-hmac",
    [IPSEC_COMP_LZS] = "comp-lzs",
    [TS_W_128] = "128",
    [TS_W_192] = "192",
    [TS_W_256] = "256",
};

static const unsigned key_bits[] = {128, 192, 256};

static const char *const class_names[] = {
    [IPSEC_XC_AH] = "AH",
    [IPSEC_XC_ESP_ENCR] = "ESP encryption",
    [IPSEC_XC_ESP_AUTH] = "ESP authentication",
    [IPSEC_XC_COMP] = "compression",
};

static const char *const mode_names[] = {
    [IPSEC_MODE_TUNNEL] = "tunnel",
    [IPSEC_MODE_TRANSPORT] = "transport",
};

static int tset_busy(struct cli_ctx *c, const void *obj);

static const struct nametab_type tset_type = {
    .nty_what = "Transform set",
    .nty_size = sizeof(struct ipsec_transform_set),
    .nty_free = ipsec_tset_free,
    .nty_mode = MODE_IPSEC_TRANSFORM,
    .nty_busy = tset_busy,
};

enum ipsec_xclass ipsec_xform_class(enum ipsec_xform x)
{
	if (x <= IPSEC_AH_SHA512_HMAC)
		return IPSEC_XC_AH;
	if (x <= IPSEC_ESP_SEAL)
		return IPSEC_XC_ESP_ENCR;
	return x <= IPSEC_ESP_SHA512_HMAC ? IPSEC_XC_ESP_AUTH : IPSEC_XC_COMP;
}

const char *ipsec_xform_name(enum ipsec_xform x)
{
	return x > IPSEC_X_NONE && x < IPSEC_X_COUNT ? ts_words[x] : NULL;
}

static int tset_busy(struct cli_ctx *c, const void *obj)
{
	const struct ipsec_transform_set *ts = obj;
	const struct nametab *t = &ipsec_cfg(cfg_of(c))->ic_profiles;

	for (struct omap_iter it = nametab_begin(t); omap_next(&it);) {
		const struct ipsec_profile *ipp = it.oi_val;
		if (strlist_has(&ipp->ipp_transform_sets, ts->ts_name))
			return cli_fail(c, "Transform set %s is in use by IPsec profile %s", ts->ts_name,
					ipp->ipp_name);
	}
	return 0;
}

/* Reads the typed transforms; refuses (printing why) the combinations IOS refuses. */
static int tset_parse(struct cli_ctx *c, const struct cli_args *a, struct ipsec_transform_set *ts)
{
	int w[TS_WORDS];
	size_t n = args_keywords(a, ts_words, TS_WORDS, w, TS_WORDS);
	enum ipsec_xform encr;

	for (size_t i = 0; i < n; i++) {
		enum ipsec_xclass k;
		if (w[i] >= IPSEC_X_COUNT) { /* a key size: the grammar puts it after its cipher */
			ts->ts_key_bits = key_bits[w[i] - IPSEC_X_COUNT];
			continue;
		}
		k = ipsec_xform_class((enum ipsec_xform)w[i]);
		if (ts->ts_x[k] != IPSEC_X_NONE)
			return cli_fail(c, "Only one %s transform is allowed in a transform set", class_names[k]);
		ts->ts_x[k] = (enum ipsec_xform)w[i];
	}
	encr = ts->ts_x[IPSEC_XC_ESP_ENCR];
	if (!ts->ts_x[IPSEC_XC_AH] && !encr && !ts->ts_x[IPSEC_XC_ESP_AUTH])
		return cli_fail(c, "A transform set needs an AH or ESP transform");
	if ((encr == IPSEC_ESP_GCM || encr == IPSEC_ESP_GMAC) && ts->ts_x[IPSEC_XC_ESP_AUTH])
		return cli_fail(c, "%s is a combined mode transform: it cannot be used with %s", ts_words[encr],
				ts_words[ts->ts_x[IPSEC_XC_ESP_AUTH]]);
	return 0;
}

/* Naming a transform set again replaces its transforms and keeps its mode. */
static int run_tset(struct cli_ctx *c, const struct cli_args *a)
{
	struct nametab *t = &ipsec_cfg(cfg_of(c))->ic_tsets;
	struct ipsec_transform_set parsed = {0}, *ts;

	if (a->a_negate)
		return nametab_cmd(c, a, t, cli_arg(a, "WORD"), &tset_type);
	if (tset_parse(c, a, &parsed) < 0)
		return -1;
	if (!(ts = nametab_ensure(t, cli_arg(a, "WORD"), sizeof(*ts))))
		return cli_fail(c, "Out of memory");
	memcpy(ts->ts_x, parsed.ts_x, sizeof(ts->ts_x));
	ts->ts_key_bits = parsed.ts_key_bits;
	cli_enter(c, MODE_IPSEC_TRANSFORM, ts);
	return 0;
}

/* The transforms as IOS prints them: by class, a key size after its cipher. */
static const char *tset_format(const struct ipsec_transform_set *ts, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int k = 0; k < IPSEC_XC_COUNT; k++) {
		if (ts->ts_x[k])
			used += (size_t)snprintf(buf + used, len - used, " %s", ts_words[ts->ts_x[k]]);
		if (k == IPSEC_XC_ESP_ENCR && ts->ts_key_bits)
			used += (size_t)snprintf(buf + used, len - used, " %u", ts->ts_key_bits);
	}
	return buf;
}

static void print_tsets(struct cli_writer *w, const void *obj)
{
	const struct nametab *t = &ipsec_cfg(obj)->ic_tsets;
	char xforms[128]; /* four transforms and a key size at most */

	for (struct omap_iter it = nametab_begin(t); omap_next(&it);) {
		const struct ipsec_transform_set *ts = it.oi_val;
		cli_line(w, "crypto ipsec transform-set %s%s", ts->ts_name, tset_format(ts, xforms, sizeof(xforms)));
		cli_block(w, MODE_IPSEC_TRANSFORM, ts);
		cli_sep(w);
	}
}

static int run_mode(struct cli_ctx *c, const struct cli_args *a)
{
	struct ipsec_transform_set *ts = cli_obj(c);

	ts->ts_mode = !a->a_negate && cli_has(a, "transport") ? IPSEC_MODE_TRANSPORT : IPSEC_MODE_TUNNEL;
	return 0;
}

/* IOS prints the mode even when it is the default. */
static void print_mode(struct cli_writer *w, const void *obj)
{
	cli_line(w, "mode %s", mode_names[((const struct ipsec_transform_set *)obj)->ts_mode]);
}

#define KEY_SIZES      "[(128|192|256)]"
#define KEY_SIZES_HELP "128 bit keys.\n192 bit keys.\n256 bit keys.\n"
#define XFORM                                                                                                          \
	"(ah-md5-hmac|ah-sha-hmac|ah-sha256-hmac|ah-sha384-hmac|ah-sha512-hmac|esp-3des|esp-aes " KEY_SIZES            \
	"|esp-256-aes|esp-des|esp-gcm " KEY_SIZES "|esp-gmac " KEY_SIZES                                               \
	"|esp-null|esp-seal|esp-md5-hmac|esp-sha-hmac|esp-sha256-hmac|esp-sha384-hmac|esp-sha512-hmac|comp-lzs)"
#define XFORM_HELP                                                                                                     \
	"AH-HMAC-MD5 transform\nAH-HMAC-SHA transform\nAH-HMAC-SHA256 transform\nAH-HMAC-SHA384 transform\n"           \
	"AH-HMAC-SHA512 transform\nESP transform using 3DES(EDE) cipher (168 bits)\nESP transform using AES "          \
	"cipher\n" KEY_SIZES_HELP "ESP transform using AES cipher (256 bits)\nESP transform using DES cipher (56 "     \
	"bits)\nESP transform using GCM cipher\n" KEY_SIZES_HELP "ESP transform using GMAC cipher\n" KEY_SIZES_HELP    \
	"ESP transform w/o cipher\nESP transform using SEAL cipher (160 bits)\nESP transform using HMAC-MD5 auth\n"    \
	"ESP transform using HMAC-SHA auth\nESP transform using HMAC-SHA256 auth\nESP transform using HMAC-SHA384 "    \
	"auth\nESP transform using HMAC-SHA512 auth\nIP Compression using the LZS compression algorithm\n"

static struct cli_cmd tset_cmds[] = {
    {.cc_syntax = "crypto ipsec transform-set WORD " XFORM " [" XFORM "] [" XFORM "] [" XFORM "]",
     .cc_help =
	 IPSEC_HELP "Define transform and settings\nTransform set tag\n" XFORM_HELP XFORM_HELP XFORM_HELP XFORM_HELP,
     .cc_no_syntax = "crypto ipsec transform-set WORD",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_tset,
     .cc_print = print_tsets,
     .cc_order = ORD_IPSEC_TRANSFORM},
    {.cc_syntax = "mode (tunnel|transport)",
     .cc_help = "encapsulation mode (transport/tunnel)\ntunnel (datagram encapsulation) mode\ntransport "
		"(payload encapsulation) mode",
     .cc_no_syntax = "mode [(tunnel|transport)]",
     .cc_modes = CLI_MODE(MODE_IPSEC_TRANSFORM),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_mode,
     .cc_print = print_mode,
     .cc_order = 1},
};

void ipsec_tset_cli_init(struct cli_tree *t)
{
	cli_cmds_add(t, tset_cmds, sizeof(tset_cmds) / sizeof(tset_cmds[0]));
}
