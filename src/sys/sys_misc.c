/*
 * Global lines no protocol owns: boot markers, clock timezone, DNS
 * resolver, CEF, multilink, redundancy, forward-protocol and the HTTP
 * server. Ferry does not act on them yet; they are kept as data so that
 * show running-config gives back what was configured.
 */
#include <stdlib.h>
#include <string.h>

#include "config/modes.h"
#include "config/order.h"
#include "sys/sys.h"

/* A switch whose "no" form IOS prints: unset, or configured on or off. */
enum misc_switch { MISC_UNSET, MISC_ON, MISC_OFF };

enum misc_bundle { BUNDLE_UNSET, BUNDLE_AUTHENTICATED, BUNDLE_BOTH, BUNDLE_PEER };

static const char *const bundle_names[] = {
    [BUNDLE_AUTHENTICATED] = "authenticated",
    [BUNDLE_BOTH] = "both",
    [BUNDLE_PEER] = "peer",
};

struct misc_cfg {
	bool mc_boot_start, mc_boot_end;
	char *mc_tz_name; /* NULL: no clock timezone */
	int mc_tz_hours, mc_tz_minutes;
	bool mc_no_domain_lookup;
	char *mc_domain_name;
	bool mc_domain_name_hyphen; /* typed as "ip domain-name" */
	enum misc_switch mc_ip_cef, mc_ipv6_cef;
	enum misc_bundle mc_bundle;
	bool mc_redundancy;
	enum misc_switch mc_forward_nd;
	enum misc_switch mc_http_server, mc_http_secure;
};

static void *misc_new(struct config *cfg)
{
	return calloc(1, sizeof(struct misc_cfg));
}

static void misc_free(void *data)
{
	struct misc_cfg *mc = data;

	free(mc->mc_tz_name);
	free(mc->mc_domain_name);
	free(mc);
}

static struct cfg_module misc_module = {.cm_name = "global-misc", .cm_new = misc_new, .cm_free = misc_free};

static struct misc_cfg *misc_of(const struct config *cfg)
{
	return cfg_mod(cfg, &misc_module);
}

static struct misc_cfg *misc_ctx(const struct cli_ctx *c)
{
	return misc_of(cfg_of(c));
}

static enum misc_switch switch_of(const struct cli_args *a)
{
	return a->a_negate ? MISC_OFF : MISC_ON;
}

static void print_switch(struct cli_writer *w, enum misc_switch sw, const char *text)
{
	if (sw != MISC_UNSET)
		cli_line(w, "%s%s", sw == MISC_OFF ? "no " : "", text);
}

/* Replaces a string setting; NULL clears it. Returns -1 when out of memory. */
static int set_string(char **field, const char *value)
{
	char *copy = value ? strdup(value) : NULL;

	if (value && !copy)
		return -1;
	free(*field);
	*field = copy;
	return 0;
}

static int run_boot_marker(struct cli_ctx *c, const struct cli_args *a)
{
	struct misc_cfg *mc = misc_ctx(c);
	bool *marker = cli_has(a, "boot-start-marker") ? &mc->mc_boot_start : &mc->mc_boot_end;

	*marker = !a->a_negate;
	return 0;
}

static void print_boot_markers(struct cli_writer *w, const void *obj)
{
	const struct misc_cfg *mc = misc_of(obj);

	if (mc->mc_boot_start)
		cli_line(w, "boot-start-marker");
	if (mc->mc_boot_end)
		cli_line(w, "boot-end-marker");
}

static int run_clock_timezone(struct cli_ctx *c, const struct cli_args *a)
{
	struct misc_cfg *mc = misc_ctx(c);

	if (set_string(&mc->mc_tz_name, a->a_negate ? NULL : cli_arg(a, "zone")) < 0)
		return cli_fail(c, "Out of memory");
	mc->mc_tz_hours = (int)cli_arg_num(a, "hours", 0);
	mc->mc_tz_minutes = (int)cli_arg_num(a, "minutes", 0);
	return 0;
}

static void print_clock_timezone(struct cli_writer *w, const void *obj)
{
	const struct misc_cfg *mc = misc_of(obj);

	/* IOS always shows the minutes, even when they were left out */
	if (mc->mc_tz_name)
		cli_line(w, "clock timezone %s %d %d", mc->mc_tz_name, mc->mc_tz_hours, mc->mc_tz_minutes);
}

static int run_domain_lookup(struct cli_ctx *c, const struct cli_args *a)
{
	misc_ctx(c)->mc_no_domain_lookup = a->a_negate;
	return 0;
}

static int run_domain_name(struct cli_ctx *c, const struct cli_args *a)
{
	struct misc_cfg *mc = misc_ctx(c);

	if (set_string(&mc->mc_domain_name, a->a_negate ? NULL : cli_arg(a, "WORD")) < 0)
		return cli_fail(c, "Out of memory");
	mc->mc_domain_name_hyphen = cli_has(a, "domain-name");
	return 0;
}

static void print_ip_domain(struct cli_writer *w, const void *obj)
{
	const struct misc_cfg *mc = misc_of(obj);

	/* lookup is on by default: only its "no" form is shown */
	if (mc->mc_no_domain_lookup)
		cli_line(w, "no ip domain lookup");
	if (mc->mc_domain_name)
		cli_line(w, "ip %s %s", mc->mc_domain_name_hyphen ? "domain-name" : "domain name", mc->mc_domain_name);
}

static int run_cef(struct cli_ctx *c, const struct cli_args *a)
{
	struct misc_cfg *mc = misc_ctx(c);

	*(cli_has(a, "ipv6") ? &mc->mc_ipv6_cef : &mc->mc_ip_cef) = switch_of(a);
	return 0;
}

static void print_cef(struct cli_writer *w, const void *obj)
{
	const struct misc_cfg *mc = misc_of(obj);

	print_switch(w, mc->mc_ip_cef, "ip cef");
	print_switch(w, mc->mc_ipv6_cef, "ipv6 cef");
}

static enum misc_bundle bundle_of(const char *how)
{
	for (int b = BUNDLE_AUTHENTICATED; b <= BUNDLE_PEER; b++)
		if (strcmp(bundle_names[b], how) == 0)
			return (enum misc_bundle)b;
	return BUNDLE_UNSET;
}

static int run_multilink(struct cli_ctx *c, const struct cli_args *a)
{
	misc_ctx(c)->mc_bundle = a->a_negate ? BUNDLE_UNSET : bundle_of(cli_arg(a, "how"));
	return 0;
}

static void print_multilink(struct cli_writer *w, const void *obj)
{
	const struct misc_cfg *mc = misc_of(obj);

	if (mc->mc_bundle != BUNDLE_UNSET)
		cli_line(w, "multilink bundle-name %s", bundle_names[mc->mc_bundle]);
}

/* The (config-red) sub-mode works on the whole configuration, for whoever adds its commands. */
static int run_redundancy(struct cli_ctx *c, const struct cli_args *a)
{
	misc_ctx(c)->mc_redundancy = !a->a_negate;
	if (!a->a_negate)
		cli_enter(c, MODE_REDUNDANCY, cfg_of(c));
	return 0;
}

static void print_redundancy(struct cli_writer *w, const void *obj)
{
	if (!misc_of(obj)->mc_redundancy)
		return;
	cli_line(w, "redundancy");
	cli_block(w, MODE_REDUNDANCY, obj);
	cli_sep(w);
}

static int run_forward_protocol(struct cli_ctx *c, const struct cli_args *a)
{
	misc_ctx(c)->mc_forward_nd = switch_of(a);
	return 0;
}

static void print_forward_protocol(struct cli_writer *w, const void *obj)
{
	print_switch(w, misc_of(obj)->mc_forward_nd, "ip forward-protocol nd");
}

static int run_http(struct cli_ctx *c, const struct cli_args *a)
{
	struct misc_cfg *mc = misc_ctx(c);

	*(cli_has(a, "secure-server") ? &mc->mc_http_secure : &mc->mc_http_server) = switch_of(a);
	return 0;
}

static void print_http(struct cli_writer *w, const void *obj)
{
	const struct misc_cfg *mc = misc_of(obj);

	print_switch(w, mc->mc_http_server, "ip http server");
	print_switch(w, mc->mc_http_secure, "ip http secure-server");
}

static struct cli_cmd misc_cmds[] = {
    {.cc_syntax = "(boot-start-marker|boot-end-marker)",
     .cc_help = "Boot configuration start marker\nBoot configuration end marker",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_boot_marker,
     .cc_print = print_boot_markers,
     .cc_order = ORD_BOOT_MARKERS},
    {.cc_syntax = "clock timezone WORD$zone <-23-23>$hours [<0-59>$minutes]",
     .cc_help = "Configure time-of-day clock\nConfigure time zone\nname of time zone\nHours offset from UTC\n"
		"Minutes offset from UTC",
     .cc_no_syntax = "clock timezone",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_clock_timezone,
     .cc_print = print_clock_timezone,
     .cc_order = ORD_CLOCK},
    {.cc_syntax = "ip domain lookup",
     .cc_help = "Global IP configuration subcommands\nIP DNS Resolver\nEnable IP Domain Name System hostname "
		"translation",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_domain_lookup,
     .cc_print = print_ip_domain,
     .cc_order = ORD_IP_DOMAIN},
    {.cc_syntax = "ip (domain name|domain-name) WORD",
     .cc_help = "Global IP configuration subcommands\nIP DNS Resolver\nDefine the default domain name\nDefine "
		"the default domain name\nDefault domain name",
     .cc_no_syntax = "ip (domain name|domain-name) [WORD]",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_domain_name},
    {.cc_syntax = "(ip|ipv6) cef",
     .cc_help = "Global IP configuration subcommands\nGlobal IPv6 configuration commands\nCisco Express "
		"Forwarding",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_cef,
     .cc_print = print_cef,
     .cc_order = ORD_IP_CEF},
    {.cc_syntax = "multilink bundle-name (authenticated$how|both$how|peer$how)",
     .cc_help = "PPP multilink global configuration\nSelect method for naming multilink bundles\nUse peer's "
		"authenticated name\nUse peer's authenticated name and endpoint discriminator\nUse peer's "
		"endpoint discriminator",
     .cc_no_syntax = "multilink bundle-name [(authenticated$how|both$how|peer$how)]",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_multilink,
     .cc_print = print_multilink,
     .cc_order = ORD_MULTILINK},
    {.cc_syntax = "redundancy",
     .cc_help = "Enter redundancy mode",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_redundancy,
     .cc_print = print_redundancy,
     .cc_order = ORD_REDUNDANCY},
    {.cc_syntax = "ip forward-protocol nd",
     .cc_help = "Global IP configuration subcommands\nControls forwarding of physical and directed IP "
		"broadcasts\nForward ND",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_forward_protocol,
     .cc_print = print_forward_protocol,
     .cc_order = ORD_IP_FORWARD_PROTOCOL},
    {.cc_syntax = "ip http (server|secure-server)",
     .cc_help = "Global IP configuration subcommands\nHTTP server configuration\nEnable HTTP server\nEnable "
		"HTTP secure server",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_http,
     .cc_print = print_http,
     .cc_order = ORD_IP_HTTP},
};

void sys_misc_init(struct cli_tree *t)
{
	cfg_module_register(&misc_module);
	cli_cmds_add(t, misc_cmds, sizeof(misc_cmds) / sizeof(misc_cmds[0]));
}
