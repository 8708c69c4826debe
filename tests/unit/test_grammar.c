/*
 * The grammar engine on a private test grammar: matching, errors and their
 * caret, arguments, "no" forms, modes and the IOS parent-mode fallback,
 * '?' help, TAB completion, hostile lines, and output pipes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include "parser/cli.h"
#include "parser/pipe.h"

enum { M_EXEC, M_ENABLE, M_CONFIG, M_IF, M_VRF, M_RTR, M_AF };

#define M_CFG_ALL (CLI_MODE(M_CONFIG) | CLI_MODE(M_IF) | CLI_MODE(M_VRF) | CLI_MODE(M_RTR) | CLI_MODE(M_AF))

/* ---- what the last handler saw ---- */

struct rec {
	int r_calls;
	const struct cli_cmd *r_cmd;
	bool r_negate;
	unsigned r_n;
	char r_name[CLI_MAX_ARGS][64];
	char r_val[CLI_MAX_ARGS][CLI_MAX_LINE];
};

static struct rec rec;

static int rec_run(struct cli_ctx *c, const struct cli_args *a)
{
	rec.r_calls++;
	rec.r_cmd = a->a_cmd;
	rec.r_negate = a->a_negate;
	rec.r_n = a->a_n;
	for (unsigned i = 0; i < a->a_n; i++) {
		snprintf(rec.r_name[i], sizeof(rec.r_name[i]), "%s", a->a_v[i].ca_name);
		snprintf(rec.r_val[i], sizeof(rec.r_val[i]), "%s", a->a_v[i].ca_value);
	}
	return 0;
}

/* The value the handler got for name, or NULL. */
static const char *rec_arg(const char *name)
{
	for (unsigned i = 0; i < rec.r_n; i++)
		if (strcmp(rec.r_name[i], name) == 0)
			return rec.r_val[i];
	return NULL;
}

/* Each mode-entering command hands its sub-mode a distinct object. */
static int objs[8];

static int run_enter(struct cli_ctx *c, int mode, const struct cli_args *a)
{
	rec_run(c, a);
	if (!a->a_negate)
		cli_enter(c, mode, &objs[mode]);
	return 0;
}

static int run_configure(struct cli_ctx *c, const struct cli_args *a)
{
	return run_enter(c, M_CONFIG, a);
}

static int run_interface(struct cli_ctx *c, const struct cli_args *a)
{
	return run_enter(c, M_IF, a);
}

static int run_ip_vrf(struct cli_ctx *c, const struct cli_args *a)
{
	return run_enter(c, M_VRF, a);
}

static int run_router(struct cli_ctx *c, const struct cli_args *a)
{
	return run_enter(c, M_RTR, a);
}

static int run_af(struct cli_ctx *c, const struct cli_args *a)
{
	return run_enter(c, M_AF, a);
}

static int run_exit(struct cli_ctx *c, const struct cli_args *a)
{
	rec_run(c, a);
	cli_exit(c);
	return 0;
}

/* "enable" and "end" */
static int run_to_enable(struct cli_ctx *c, const struct cli_args *a)
{
	rec_run(c, a);
	cli_reset(c, M_ENABLE, NULL);
	return 0;
}

static int run_disable(struct cli_ctx *c, const struct cli_args *a)
{
	rec_run(c, a);
	cli_reset(c, M_EXEC, NULL);
	return 0;
}

static int run_refuse(struct cli_ctx *c, const struct cli_args *a)
{
	rec_run(c, a);
	return cli_fail(c, "Refused %lld", cli_arg_num(a, "code", -1));
}

static const struct cli_mode_def modes[] = {
    {M_EXEC, "user", NULL, -1, true},
    {M_ENABLE, "privileged", NULL, M_EXEC, true},
    {M_CONFIG, "config", "config", M_ENABLE, false},
    {M_IF, "interface", "config-if", M_CONFIG, false},
    {M_VRF, "vrf", "config-vrf", M_CONFIG, false},
    {M_RTR, "router", "config-router", M_CONFIG, false},
    {M_AF, "address-family", "config-router-af", M_RTR, false},
};

static const struct cli_iftype iftypes[] = {
    {"Ethernet", "IEEE 802.3"},	    {"Loopback", "Loopback interface"},
    {"Tunnel", "Tunnel interface"}, {"Virtual-Template", "Virtual Template interface"},
    {"Vlan", "Catalyst Vlans"},
};

/* Syntaxes the tests name when checking which command ran. */
#define S_IP_ROUTE                                                                                                     \
	"ip route A.B.C.D$net A.B.C.D$mask (A.B.C.D$gw|IFNAME$ifname) [tag <1-4294967295>$tagval] [name "              \
	"WORD$routename]"
#define S_CLOCK	    "clock timezone WORD$zone <-23-23>$hours [<0-59>$minutes]"
#define S_IP_ADDR   "ip address A.B.C.D$addr A.B.C.D$mask [secondary]"
#define S_RT	    "route-target (import|export|both) ASN:NN$rt"
#define S_LISTEN    "bgp listen range A.B.C.D/M$subnet peer-group WORD$group"
#define S_REMOTE_AS "neighbor (A.B.C.D$addr|WORD$group) remote-as <1-65535>$as"
#define S_AF	    "address-family (ipv4|vpnv4) [unicast]"
#define S_ACTIVATE  "neighbor (A.B.C.D$addr|WORD$group) activate"

#define SHOW_HELP "Show running system information\n"

static struct cli_cmd cmds[] = {
    {.cc_syntax = "enable",
     .cc_help = "Turn on privileged commands",
     .cc_modes = CLI_MODE(M_EXEC),
     .cc_run = run_to_enable},
    {.cc_syntax = "show ip interface [brief]",
     .cc_help = SHOW_HELP "IP information\nIP interface status and configuration\nBrief summary of IP status and "
			  "configuration",
     .cc_modes = CLI_MODE(M_ENABLE),
     .cc_run = rec_run},
    {.cc_syntax = "show ip route [vrf WORD$vrfname] [A.B.C.D$addr]",
     .cc_help = SHOW_HELP "IP information\nIP routing table\nDisplay routes from a VPN Routing/Forwarding "
			  "instance\nVPN Routing/Forwarding instance name\nNetwork to display information about",
     .cc_modes = CLI_MODE(M_ENABLE),
     .cc_run = rec_run},
    {.cc_syntax = "show interfaces [IFNAME$ifname]",
     .cc_help = SHOW_HELP "Interface status and configuration\nInterface name",
     .cc_modes = CLI_MODE(M_ENABLE),
     .cc_run = rec_run},
    {.cc_syntax = "configure [terminal]",
     .cc_help = "Enter configuration mode\nConfigure from the terminal",
     .cc_modes = CLI_MODE(M_ENABLE),
     .cc_run = run_configure},
    {.cc_syntax = "disable",
     .cc_help = "Turn off privileged commands",
     .cc_modes = CLI_MODE(M_ENABLE),
     .cc_run = run_disable},
    {.cc_syntax = "debug refuse <0-9>$code",
     .cc_help = "Debugging functions\nA command whose handler refuses\nReason code",
     .cc_modes = CLI_MODE(M_ENABLE),
     .cc_run = run_refuse},
    {.cc_syntax = "service internal",
     .cc_help = "Modify use of network based services\nEnable internal commands",
     .cc_modes = CLI_MODE(M_ENABLE) | CLI_MODE(M_CONFIG),
     .cc_flags = CLI_HIDDEN,
     .cc_run = rec_run},
    {.cc_syntax = "hostname WORD",
     .cc_help = "Set system's network name\nThis system's network name",
     .cc_no_syntax = "hostname",
     .cc_modes = CLI_MODE(M_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = rec_run},
    {.cc_syntax = "interface IFNAME",
     .cc_help = "Select an interface to configure\nInterface name",
     .cc_modes = CLI_MODE(M_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_interface},
    {.cc_syntax = "ip vrf WORD$vrfname",
     .cc_help = "Global IP configuration subcommands\nConfigure an IP VPN Routing/Forwarding instance\nVPN "
		"Routing/Forwarding instance name",
     .cc_modes = CLI_MODE(M_CONFIG),
     .cc_run = run_ip_vrf},
    {.cc_syntax = "ip domain lookup",
     .cc_help = "Global IP configuration subcommands\nIP DNS Resolver\nEnable IP Domain Name System hostname "
		"translation",
     .cc_modes = CLI_MODE(M_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = rec_run},
    {.cc_syntax = S_IP_ROUTE,
     .cc_help = "Global IP configuration subcommands\nEstablish static routes\nDestination prefix\nDestination "
		"prefix mask\nForwarding router's address\nForwarding interface\nSet tag for this route\nTag "
		"value\nSpecify name of the next hop\nName of the next hop",
     .cc_modes = CLI_MODE(M_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = rec_run},
    {.cc_syntax = "router bgp <1-65535>$asn",
     .cc_help = "Enable a routing process\nBorder Gateway Protocol (BGP)\nAutonomous system number",
     .cc_modes = CLI_MODE(M_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_router},
    {.cc_syntax = S_CLOCK,
     .cc_help = "Configure time-of-day clock\nConfigure time zone\nname of time zone\nHours offset from "
		"UTC\nMinutes offset from UTC",
     .cc_no_syntax = "clock timezone",
     .cc_modes = CLI_MODE(M_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = rec_run},
    {.cc_syntax = "cdp run",
     .cc_help = "Global CDP configuration subcommands\nEnable CDP",
     .cc_modes = CLI_MODE(M_CONFIG),
     .cc_flags = CLI_NO_ONLY,
     .cc_run = rec_run},
    {.cc_syntax = "banner motd LINE",
     .cc_help = "Define a login banner\nSet Message of the Day banner\nc banner-text c",
     .cc_modes = CLI_MODE(M_CONFIG),
     .cc_run = rec_run},
    /* WORD first: the typed placeholders must win on merit, not on registration order */
    {.cc_syntax = "peer WORD$group",
     .cc_help = "Peer\nPeer group name",
     .cc_modes = CLI_MODE(M_CONFIG),
     .cc_run = rec_run},
    {.cc_syntax = "peer A.B.C.D$addr",
     .cc_help = "Peer\nPeer address",
     .cc_modes = CLI_MODE(M_CONFIG),
     .cc_run = rec_run},
    {.cc_syntax = "peer <1-100>$num",
     .cc_help = "Peer\nPeer number",
     .cc_modes = CLI_MODE(M_CONFIG),
     .cc_run = rec_run},
    {.cc_syntax = "key-string HEX$key",
     .cc_help = "Set key\nKey in hexadecimal",
     .cc_modes = CLI_MODE(M_CONFIG),
     .cc_run = rec_run},
    {.cc_syntax = "exit", .cc_help = "Exit from configure mode", .cc_modes = M_CFG_ALL, .cc_run = run_exit},
    {.cc_syntax = "end", .cc_help = "Exit to privileged EXEC mode", .cc_modes = M_CFG_ALL, .cc_run = run_to_enable},
    {.cc_syntax = "description LINE",
     .cc_help = "Interface specific description\nUp to 240 characters describing this interface",
     .cc_no_syntax = "description",
     .cc_modes = CLI_MODE(M_IF),
     .cc_flags = CLI_NEGATE,
     .cc_run = rec_run},
    {.cc_syntax = S_IP_ADDR,
     .cc_help = "Interface Internet Protocol config commands\nSet the IP address of an interface\nIP "
		"address\nIP subnet mask\nMake this IP address a secondary address",
     .cc_modes = CLI_MODE(M_IF),
     .cc_flags = CLI_NEGATE,
     .cc_run = rec_run},
    {.cc_syntax = "shutdown",
     .cc_help = "Shutdown the selected interface",
     .cc_modes = CLI_MODE(M_IF),
     .cc_flags = CLI_NEGATE,
     .cc_run = rec_run},
    {.cc_syntax = "tunnel source IFNAME$src",
     .cc_help = "protocol-over-protocol tunneling\nsource of tunnel packets\nInterface",
     .cc_modes = CLI_MODE(M_IF),
     .cc_run = rec_run},
    {.cc_syntax = "rd ASN:NN",
     .cc_help = "Specify Route Distinguisher\nVPN Route Distinguisher",
     .cc_modes = CLI_MODE(M_VRF),
     .cc_run = rec_run},
    {.cc_syntax = S_RT,
     .cc_help = "Specify Target VPN Extended Communities\nImport Target-VPN community\nExport Target-VPN "
		"community\nBoth import and export Target-VPN community\nTarget VPN Extended Community",
     .cc_modes = CLI_MODE(M_VRF),
     .cc_flags = CLI_NEGATE,
     .cc_run = rec_run},
    {.cc_syntax = S_LISTEN,
     .cc_help = "BGP specific commands\nNeighbor subnet range listening\nSubnet network range\nSubnet "
		"range\nMember of the peer-group\nPeer-group name",
     .cc_modes = CLI_MODE(M_RTR),
     .cc_run = rec_run},
    {.cc_syntax = S_REMOTE_AS,
     .cc_help = "Specify a neighbor router\nNeighbor address\nNeighbor tag\nSpecify a BGP neighbor\nAS of "
		"remote neighbor",
     .cc_modes = CLI_MODE(M_RTR),
     .cc_run = rec_run},
    {.cc_syntax = S_AF,
     .cc_help = "Enter Address Family command mode\nAddress family\nAddress family\nAddress Family modifier",
     .cc_modes = CLI_MODE(M_RTR),
     .cc_run = run_af},
    {.cc_syntax = S_ACTIVATE,
     .cc_help = "Specify a neighbor router\nNeighbor address\nNeighbor tag\nEnable the Address Family for "
		"this Neighbor",
     .cc_modes = CLI_MODE(M_AF),
     .cc_flags = CLI_NEGATE,
     .cc_run = rec_run},
    {.cc_syntax = "exit-address-family",
     .cc_help = "Exit from Address Family configuration mode",
     .cc_modes = CLI_MODE(M_AF),
     .cc_run = run_exit},
};

/* ---- fixture ---- */

struct obuf {
	char b_data[1 << 16];
	size_t b_len;
};

struct fx {
	struct cli_tree *t;
	struct cli_ctx c;
	struct obuf out;
};

static void obuf_out(void *arg, const char *buf, size_t len)
{
	struct obuf *o = arg;
	size_t room = sizeof(o->b_data) - 1 - o->b_len;

	if (len > room)
		len = room;
	memcpy(o->b_data + o->b_len, buf, len);
	o->b_len += len;
	o->b_data[o->b_len] = '\0';
}

static void obuf_clear(struct obuf *o)
{
	o->b_len = 0;
	o->b_data[0] = '\0';
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->t = cli_tree_new();
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		cli_mode_add(f->t, &modes[i]);
	if (cli_cmds_add(f->t, cmds, sizeof(cmds) / sizeof(cmds[0])) < 0)
		return -1;
	cli_iftypes_set(f->t, iftypes, sizeof(iftypes) / sizeof(iftypes[0]));
	cli_ctx_init(&f->c, f->t, M_ENABLE, NULL);
	f->c.c_out = obuf_out;
	f->c.c_out_arg = &f->out;
	memset(&rec, 0, sizeof(rec));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	cli_tree_free(f->t);
	free(f);
	return 0;
}

/* Runs a line that must succeed, and checks which command took it. */
static void run_ok(struct fx *f, const char *line, const char *syntax)
{
	int calls = rec.r_calls;
	enum cli_status st = cli_execute(&f->c, line);

	if (st != CLI_OK)
		print_error("\"%s\": status %d, %s (column %d)\n", line, st, f->c.c_err_text, f->c.c_err_col);
	assert_int_equal(st, CLI_OK);
	assert_int_equal(rec.r_calls, calls + 1);
	assert_string_equal(rec.r_cmd->cc_syntax, syntax);
}

/* Runs a line that must fail with status st, text and caret column; no handler runs. */
static void run_err(struct fx *f, const char *line, enum cli_status st, const char *text, int col)
{
	int calls = rec.r_calls;
	enum cli_status got = cli_execute(&f->c, line);

	if (got != st || f->c.c_err_col != col)
		print_error("\"%s\": status %d, %s (column %d)\n", line, got, f->c.c_err_text, f->c.c_err_col);
	assert_int_equal(got, st);
	assert_string_equal(f->c.c_err_text, text);
	assert_int_equal(f->c.c_err_col, col);
	assert_int_equal(rec.r_calls, calls);
}

static const char *invalid = "% Invalid input detected at '^' marker.";
static const char *incomplete = "% Incomplete command.";

static void enter_config(struct fx *f)
{
	run_ok(f, "configure terminal", "configure [terminal]");
	assert_int_equal(cli_mode(&f->c), M_CONFIG);
}

/* ---- matching ---- */

static void test_keyword_exact(void **state)
{
	struct fx *f = *state;

	run_ok(f, "show ip interface brief", "show ip interface [brief]");
	assert_false(rec.r_negate);
	assert_string_equal(rec_arg("brief"), "brief");
	assert_string_equal(rec_arg("show"), "show");
	run_ok(f, "show ip interface", "show ip interface [brief]");
	assert_null(rec_arg("brief"));
}

static void test_keyword_prefix(void **state)
{
	struct fx *f = *state;

	run_ok(f, "sh ip int br", "show ip interface [brief]");
	assert_string_equal(rec_arg("interface"), "interface"); /* keywords arrive spelled out */
	run_ok(f, "sho ip ro", "show ip route [vrf WORD$vrfname] [A.B.C.D$addr]");
	run_ok(f, "sh int", "show interfaces [IFNAME$ifname]");
	run_ok(f, "   conf    t   ", "configure [terminal]");
}

static void test_case_insensitive(void **state)
{
	struct fx *f = *state;

	run_ok(f, "SHOW IP INTERFACE BRIEF", "show ip interface [brief]");
	run_ok(f, "Sh Ip InT bR", "show ip interface [brief]");
	enter_config(f);
	run_ok(f, "HOSTNAME MiXeD", "hostname WORD");
	assert_string_equal(rec_arg("WORD"), "MiXeD"); /* values keep their case */
}

static void test_whitespace(void **state)
{
	struct fx *f = *state;

	run_ok(f, "\tshow\t ip  interface\t\tbrief \r\n", "show ip interface [brief]");
	assert_int_equal(cli_execute(&f->c, ""), CLI_OK);
	assert_int_equal(cli_execute(&f->c, "   \t "), CLI_OK);
	assert_int_equal(cli_execute(&f->c, "! a comment"), CLI_OK);
	assert_int_equal(cli_execute(&f->c, "  !"), CLI_OK);
	assert_int_equal(rec.r_calls, 1);
}

static void test_typed_beats_word(void **state)
{
	struct fx *f = *state;

	enter_config(f);
	run_ok(f, "peer 10.0.0.1", "peer A.B.C.D$addr");
	assert_string_equal(rec_arg("addr"), "10.0.0.1");
	run_ok(f, "peer 42", "peer <1-100>$num");
	assert_string_equal(rec_arg("num"), "42");
	run_ok(f, "peer mpls", "peer WORD$group");
	/* not an address or a number in range: only WORD takes it */
	run_ok(f, "peer 10.0.0.256", "peer WORD$group");
	run_ok(f, "peer 1.2.3", "peer WORD$group");
	run_ok(f, "peer 101", "peer WORD$group");
	run_ok(f, "peer 1.2.3.4.5", "peer WORD$group");
}

static void test_ambiguous(void **state)
{
	struct fx *f = *state;

	run_err(f, "sh i", CLI_ERR_AMBIGUOUS, "% Ambiguous command:  \"sh i\"", 3);
	run_err(f, "  sh i  ", CLI_ERR_AMBIGUOUS, "% Ambiguous command:  \"sh i\"", 3);
	run_err(f, "sh i brief", CLI_ERR_AMBIGUOUS, "% Ambiguous command:  \"sh i\"", 3);
	enter_config(f);
	run_err(f, "i", CLI_ERR_AMBIGUOUS, "% Ambiguous command:  \"i\"", 0);
	/* the same keyword reached through several commands is not ambiguous */
	run_ok(f, "p 1.1.1.1", "peer A.B.C.D$addr");
}

static void test_invalid_caret(void **state)
{
	struct fx *f = *state;

	run_err(f, "show ip intx", CLI_ERR_INVALID, invalid, 11);
	run_err(f, "show ip interfacex", CLI_ERR_INVALID, invalid, 17);
	run_err(f, "shox ip", CLI_ERR_INVALID, invalid, 3);
	run_err(f, "bogus", CLI_ERR_INVALID, invalid, 0);
	run_err(f, "  bogus", CLI_ERR_INVALID, invalid, 0); /* columns count in the trimmed line */
	run_err(f, "show ip interface brief extra", CLI_ERR_INVALID, invalid, 24);
	run_err(f, "show ip route 10.0.0.300", CLI_ERR_INVALID, invalid, 14);
	run_err(f, "show ip route vrf", CLI_ERR_INCOMPLETE, incomplete, 17);
	run_err(f, "debug refuse 10", CLI_ERR_INVALID, invalid, 13);
	enter_config(f);
	run_err(f, "router bgp 70000", CLI_ERR_INVALID, invalid, 11);
	run_err(f, "router bgp 0", CLI_ERR_INVALID, invalid, 11);
	run_err(f, "ip route 10.0.0.0 255.0.0.x Null0", CLI_ERR_INVALID, invalid, 18);
	run_err(f, "ip route 10.0.0.0 255.0.0.0 Nowhere0", CLI_ERR_INVALID, invalid, 28);
	run_err(f, "ip route 10.0.0.0 255.0.0.0 Tunnel0 tag 0", CLI_ERR_INVALID, invalid, 40);
	run_err(f, "clock timezone CET 24", CLI_ERR_INVALID, invalid, 19);
	run_err(f, "clock timezone CET -24", CLI_ERR_INVALID, invalid, 19);
	run_err(f, "clock timezone CET 1 60", CLI_ERR_INVALID, invalid, 21);
	run_err(f, "key-string DEADBEEG", CLI_ERR_INVALID, invalid, 11);
	/* EXEC commands need "do"; the caret is after the "s" that "service" shares */
	run_err(f, "show ip interface", CLI_ERR_INVALID, invalid, 1);
}

static void test_incomplete(void **state)
{
	struct fx *f = *state;

	run_err(f, "show", CLI_ERR_INCOMPLETE, incomplete, 4);
	run_err(f, "sh ip", CLI_ERR_INCOMPLETE, incomplete, 5);
	enter_config(f);
	run_err(f, "interface", CLI_ERR_INCOMPLETE, incomplete, 9);
	run_err(f, "interface Tunnel", CLI_ERR_INCOMPLETE, incomplete, 16);
	run_err(f, "router bgp", CLI_ERR_INCOMPLETE, incomplete, 10);
	run_err(f, "ip route 10.0.0.0 255.0.0.0", CLI_ERR_INCOMPLETE, incomplete, 27);
	run_err(f, "ip route 10.0.0.0 255.0.0.0 1.1.1.1 tag", CLI_ERR_INCOMPLETE, incomplete, 39);
	run_err(f, "banner motd", CLI_ERR_INCOMPLETE, incomplete, 11);
	assert_int_equal(cli_mode(&f->c), M_CONFIG);
}

/* ---- placeholders and arguments ---- */

static void test_args_named(void **state)
{
	struct fx *f = *state;

	run_ok(f, "show ip route vrf cust1 10.1.1.1", "show ip route [vrf WORD$vrfname] [A.B.C.D$addr]");
	assert_string_equal(rec_arg("vrfname"), "cust1");
	assert_string_equal(rec_arg("addr"), "10.1.1.1");
	assert_string_equal(rec_arg("vrf"), "vrf");
	run_ok(f, "show ip route 10.1.1.1", "show ip route [vrf WORD$vrfname] [A.B.C.D$addr]");
	assert_null(rec_arg("vrfname"));
	assert_string_equal(rec_arg("addr"), "10.1.1.1");
	run_ok(f, "sh ip ro vrf 10.1.1.1", "show ip route [vrf WORD$vrfname] [A.B.C.D$addr]");
	assert_string_equal(rec_arg("vrfname"), "10.1.1.1"); /* after "vrf" only a name fits */
	assert_null(rec_arg("addr"));
}

static void test_args_alternatives(void **state)
{
	struct fx *f = *state;

	enter_config(f);
	run_ok(f, "ip route 0.0.0.0 0.0.0.0 172.16.0.2 name route_to_internet", S_IP_ROUTE);
	assert_string_equal(rec_arg("net"), "0.0.0.0");
	assert_string_equal(rec_arg("mask"), "0.0.0.0");
	assert_string_equal(rec_arg("gw"), "172.16.0.2");
	assert_null(rec_arg("ifname"));
	assert_null(rec_arg("tagval"));
	assert_string_equal(rec_arg("routename"), "route_to_internet");
	run_ok(f, "ip route 0.0.0.0 0.0.0.0 Loopback0 tag 4294967295 name x", S_IP_ROUTE);
	assert_string_equal(rec_arg("ifname"), "Loopback0");
	assert_string_equal(rec_arg("tagval"), "4294967295");
	run_ok(f, "ip route 0.0.0.0 0.0.0.0 tu 5 tag 7", S_IP_ROUTE);
	assert_string_equal(rec_arg("ifname"), "Tunnel5");
	assert_string_equal(rec_arg("tagval"), "7");
	assert_null(rec_arg("gw"));
}

static void test_args_ranges(void **state)
{
	struct fx *f = *state;

	enter_config(f);
	run_ok(f, "clock timezone CET -23", S_CLOCK);
	assert_string_equal(rec_arg("hours"), "-23");
	run_ok(f, "clock timezone CET 23 59", S_CLOCK);
	assert_string_equal(rec_arg("zone"), "CET");
	assert_string_equal(rec_arg("minutes"), "59");
	run_ok(f, "clock timezone PST -8 0", S_CLOCK);
	assert_string_equal(rec_arg("hours"), "-8");
	run_ok(f, "router bgp 65535", "router bgp <1-65535>$asn");
	assert_string_equal(rec_arg("asn"), "65535");
}

static void test_args_asnn_prefix_hex(void **state)
{
	struct fx *f = *state;

	enter_config(f);
	run_ok(f, "key-string 0123456789abcdefABCDEF", "key-string HEX$key");
	assert_string_equal(rec_arg("key"), "0123456789abcdefABCDEF");
	run_ok(f, "ip vrf cust1", "ip vrf WORD$vrfname");
	run_ok(f, "rd 1:1", "rd ASN:NN");
	assert_string_equal(rec_arg("ASN:NN"), "1:1");
	run_ok(f, "rd 4294967295:1", "rd ASN:NN");
	run_ok(f, "rd 1:4294967295", "rd ASN:NN");
	run_ok(f, "rd 10.0.0.1:7", "rd ASN:NN");
	run_err(f, "rd 65536:65536", CLI_ERR_INVALID, invalid, 3);
	run_err(f, "rd 1:", CLI_ERR_INVALID, invalid, 3);
	run_err(f, "rd x:1", CLI_ERR_INVALID, invalid, 3);
	run_err(f, "rd 11", CLI_ERR_INVALID, invalid, 3);
	run_ok(f, "route-target export 2:2", S_RT);
	assert_string_equal(rec_arg("export"), "export");
	assert_string_equal(rec_arg("rt"), "2:2");
	run_ok(f, "router bgp 10", "router bgp <1-65535>$asn");
	run_ok(f, "bgp listen range 0.0.0.0/0 peer-group mpls", S_LISTEN);
	assert_string_equal(rec_arg("subnet"), "0.0.0.0/0");
	assert_string_equal(rec_arg("group"), "mpls");
	run_ok(f, "bgp listen range 10.0.0.0/32 peer-group x", S_LISTEN);
	run_err(f, "bgp listen range 10.0.0.0/33 peer-group x", CLI_ERR_INVALID, invalid, 17);
	run_err(f, "bgp listen range 10.0.0.0 peer-group x", CLI_ERR_INVALID, invalid, 17);
}

static void test_args_line(void **state)
{
	struct fx *f = *state;

	enter_config(f);
	run_ok(f, "banner motd ^C  Welcome   to Ferry ^C   ", "banner motd LINE");
	assert_string_equal(rec_arg("LINE"), "^C  Welcome   to Ferry ^C");
	run_ok(f, "interface Loopback0", "interface IFNAME");
	run_ok(f, "description VT source interface", "description LINE");
	assert_string_equal(rec_arg("LINE"), "VT source interface");
	assert_int_equal(rec.r_n, 2);
}

static void test_ifname_canonical(void **state)
{
	struct fx *f = *state;
	static const char *const spellings[] = {"tu 0", "Tunnel0", "tun0", "TUNNEL 0", "t 0", "Tunnel  0"};
	char out[64];

	enter_config(f);
	for (size_t i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		char line[64];
		snprintf(line, sizeof(line), "interface %s", spellings[i]);
		run_ok(f, line, "interface IFNAME");
		assert_string_equal(rec_arg("IFNAME"), "Tunnel0");
		assert_int_equal(cli_mode(&f->c), M_IF);
		run_ok(f, "tunnel source e0/1", "tunnel source IFNAME$src");
		assert_string_equal(rec_arg("src"), "Ethernet0/1");
		run_ok(f, "exit", "exit");
	}
	run_ok(f, "interface Virtual-Template1", "interface IFNAME");
	assert_string_equal(rec_arg("IFNAME"), "Virtual-Template1");
	run_ok(f, "exit", "exit");
	run_ok(f, "interface eth0/0.100", "interface IFNAME");
	assert_string_equal(rec_arg("IFNAME"), "Ethernet0/0.100");
	run_ok(f, "exit", "exit");
	/* "v" is Virtual-Template or Vlan */
	run_err(f, "interface v1", CLI_ERR_INVALID, invalid, 10);
	run_err(f, "interface Tunnel0x", CLI_ERR_INVALID, invalid, 10);
	run_err(f, "interface 0", CLI_ERR_INVALID, invalid, 10);

	assert_true(cli_ifname_canon(f->t, "lo 0", out, sizeof(out)));
	assert_string_equal(out, "Loopback0");
	assert_true(cli_ifname_canon(f->t, "VLAN10", out, sizeof(out)));
	assert_string_equal(out, "Vlan10");
	assert_false(cli_ifname_canon(f->t, "v1", out, sizeof(out)));
	assert_false(cli_ifname_canon(f->t, "Tunnel", out, sizeof(out)));
	assert_false(cli_ifname_canon(f->t, "Tunnel 0 1", out, sizeof(out)));
	assert_false(cli_ifname_canon(f->t, "Tunnel0 1", out, sizeof(out)));
	assert_false(cli_ifname_canon(f->t, "", out, sizeof(out)));
	assert_false(cli_ifname_canon(f->t, "Tunnel123456", out, 8)); /* does not fit */
}

/*
 * What A.B.C.D accepts, handlers read with inet_pton: octets with leading
 * zeros must be refused, or reach the handler in a form inet_pton reads.
 */
static void test_ipv4_values_parse(void **state)
{
	static const char *const words[] = {"172.06.1.1", "010.0.0.1", "1.2.3.004", "00.0.0.0", "0.0.0.0"};
	struct fx *f = *state;
	struct in_addr ia;
	char line[64];
	int bad = 0;

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		snprintf(line, sizeof(line), "show ip route %s", words[i]);
		enum cli_status st = cli_execute(&f->c, line);
		assert_true(st == CLI_OK || st == CLI_ERR_INVALID);
		if (st == CLI_OK && inet_pton(AF_INET, rec_arg("addr"), &ia) != 1) {
			print_error("\"%s\": A.B.C.D took \"%s\", which inet_pton refuses\n", line, rec_arg("addr"));
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* IOS interface numbers: digit groups split by "/", then at most one ".sub"; nothing empty. */
static void test_ifname_malformed(void **state)
{
	static const char *const names[] = {"Ethernet0/.255.255.0", "Ethernet0/.1", "Ethernet0//1", "Ethernet0.1.2",
					    "Ethernet0./1",	    "Tunnel 0/.1",  "Ethernet/0"};
	struct fx *f = *state;
	char line[64], out[64];
	int bad = 0;

	enter_config(f);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(line, sizeof(line), "interface %s", names[i]);
		if (cli_execute(&f->c, line) != CLI_ERR_INVALID) {
			print_error("\"%s\" accepted as \"%s\"\n", line, rec_arg("IFNAME"));
			bad++;
			cli_exit(&f->c);
		}
		if (cli_ifname_canon(f->t, names[i], out, sizeof(out))) {
			print_error("cli_ifname_canon(\"%s\") gave \"%s\"\n", names[i], out);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
	run_ok(f, "interface Ethernet0/0/1.100", "interface IFNAME");
	assert_string_equal(rec_arg("IFNAME"), "Ethernet0/0/1.100");
}

/* ---- "no" forms ---- */

static void test_no_forms(void **state)
{
	struct fx *f = *state;

	enter_config(f);
	run_ok(f, "hostname R1", "hostname WORD");
	assert_false(rec.r_negate);
	run_ok(f, "no hostname", "hostname WORD");
	assert_true(rec.r_negate);
	assert_null(rec_arg("WORD"));
	assert_string_equal(rec_arg("no"), "no");
	run_ok(f, "no ip domain lookup", "ip domain lookup");
	assert_true(rec.r_negate);
	run_ok(f, "ip domain lookup", "ip domain lookup");
	assert_false(rec.r_negate);
	run_ok(f, "no clock timezone", S_CLOCK);
	assert_true(rec.r_negate);
	run_ok(f, "no router bgp 10", "router bgp <1-65535>$asn");
	assert_true(rec.r_negate);
	assert_int_equal(cli_mode(&f->c), M_CONFIG);
	run_ok(f, "no ip route 0.0.0.0 0.0.0.0 Tunnel0", S_IP_ROUTE);
	assert_true(rec.r_negate);
	assert_string_equal(rec_arg("ifname"), "Tunnel0");
	/* CLI_NO_ONLY */
	run_ok(f, "no cdp run", "cdp run");
	assert_true(rec.r_negate);
	run_err(f, "cdp run", CLI_ERR_INVALID, invalid, 1); /* "c" begins "clock" */
	/* no "no" form */
	run_err(f, "no banner motd x", CLI_ERR_INVALID, invalid, 3);
	run_err(f, "no", CLI_ERR_INCOMPLETE, incomplete, 2);
	run_ok(f, "interface Tunnel0", "interface IFNAME");
	run_ok(f, "no description", "description LINE");
	assert_true(rec.r_negate);
	run_ok(f, "no shutdown", "shutdown");
	assert_true(rec.r_negate);
	run_ok(f, "no ip address 10.0.0.1 255.255.255.0 secondary", S_IP_ADDR);
	assert_true(rec.r_negate);
	assert_string_equal(rec_arg("addr"), "10.0.0.1");
}

/* IOS also takes the full command behind "no" when a shorter no form exists ("no description old text"). */
static void test_no_form_full_syntax(void **state)
{
	struct fx *f = *state;

	enter_config(f);
	run_ok(f, "interface Tunnel0", "interface IFNAME");
	run_ok(f, "no description VT source interface", "description LINE");
	assert_true(rec.r_negate);
}

/* ---- modes ---- */

static void check_prompt(struct fx *f, const char *want)
{
	char buf[64];
	cli_prompt(&f->c, "R1", buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_modes(void **state)
{
	struct fx *f = *state;

	check_prompt(f, "R1#");
	enter_config(f);
	check_prompt(f, "R1(config)#");
	run_ok(f, "router bgp 10", "router bgp <1-65535>$asn");
	assert_int_equal(cli_mode(&f->c), M_RTR);
	assert_ptr_equal(cli_obj(&f->c), &objs[M_RTR]);
	run_ok(f, "address-family vpnv4", S_AF);
	assert_int_equal(cli_mode(&f->c), M_AF);
	check_prompt(f, "R1(config-router-af)#");
	assert_ptr_equal(cli_find_obj(&f->c, M_RTR), &objs[M_RTR]);
	assert_ptr_equal(cli_find_obj(&f->c, M_CONFIG), &objs[M_CONFIG]);
	assert_null(cli_find_obj(&f->c, M_IF));
	run_ok(f, "neighbor mpls activate", S_ACTIVATE);
	assert_string_equal(rec_arg("group"), "mpls");
	run_ok(f, "exit-address-family", "exit-address-family");
	assert_int_equal(cli_mode(&f->c), M_RTR);
	run_ok(f, "exit", "exit");
	assert_int_equal(cli_mode(&f->c), M_CONFIG);
	run_ok(f, "interface Tunnel0", "interface IFNAME");
	check_prompt(f, "R1(config-if)#");
	run_ok(f, "end", "end");
	assert_int_equal(cli_mode(&f->c), M_ENABLE);
	run_ok(f, "disable", "disable");
	check_prompt(f, "R1>");
	run_ok(f, "enable", "enable");
	check_prompt(f, "R1#");
	assert_false(cli_exit(&f->c)); /* nothing above privileged EXEC once entered from user EXEC */
}

static void test_parent_fallback(void **state)
{
	struct fx *f = *state;

	enter_config(f);
	run_ok(f, "router bgp 10", "router bgp <1-65535>$asn");
	run_ok(f, "address-family ipv4", S_AF);
	/* a router-mode line in address-family mode: runs in router mode, the session moves up */
	run_ok(f, "neighbor 10.0.0.2 remote-as 65000", S_REMOTE_AS);
	assert_int_equal(cli_mode(&f->c), M_RTR);
	run_ok(f, "address-family ipv4 unicast", S_AF);
	/* a global line: up two levels */
	run_ok(f, "hostname R2", "hostname WORD");
	assert_int_equal(cli_mode(&f->c), M_CONFIG);
	/* a sub-mode entered from a sibling sub-mode */
	run_ok(f, "interface Tunnel0", "interface IFNAME");
	run_ok(f, "ip vrf cust1", "ip vrf WORD$vrfname");
	assert_int_equal(cli_mode(&f->c), M_VRF);
	assert_int_equal(f->c.c_depth, 2);
	/* repeated entry never deepens the stack */
	for (int i = 0; i < 3 * CLI_MAX_DEPTH; i++)
		run_ok(f, "ip vrf cust1", "ip vrf WORD$vrfname");
	assert_int_equal(f->c.c_depth, 2);
	/* unknown everywhere: the sub-mode's error, the session stays */
	run_err(f, "bogus", CLI_ERR_INVALID, invalid, 0);
	run_err(f, "rd 1:1 extra", CLI_ERR_INVALID, invalid, 7);
	assert_int_equal(cli_mode(&f->c), M_VRF);
	/* an incomplete line in the sub-mode is not retried above */
	run_err(f, "rd", CLI_ERR_INCOMPLETE, incomplete, 2);
	assert_int_equal(cli_mode(&f->c), M_VRF);
	/* never into EXEC modes */
	run_err(f, "show ip interface", CLI_ERR_INVALID, invalid, 0);
	assert_int_equal(cli_mode(&f->c), M_VRF);
}

static void test_execute_in(void **state)
{
	struct fx *f = *state;

	enter_config(f);
	run_ok(f, "interface Tunnel0", "interface IFNAME");
	assert_int_equal(cli_execute_in(&f->c, M_ENABLE, "show ip interface brief"), CLI_OK);
	assert_string_equal(rec.r_cmd->cc_syntax, "show ip interface [brief]");
	assert_int_equal(cli_execute_in(&f->c, M_IF, "hostname R3"), CLI_ERR_INVALID);
	assert_int_equal(cli_mode(&f->c), M_IF);
}

static void test_handler_failure(void **state)
{
	struct fx *f = *state;

	assert_int_equal(cli_execute(&f->c, "debug refuse 7"), CLI_ERR_FAILED);
	assert_string_equal(f->out.b_data, "% Refused 7\n");
	/* no output sink: no crash */
	f->c.c_out = NULL;
	assert_int_equal(cli_execute(&f->c, "debug refuse 7"), CLI_ERR_FAILED);
}

static void test_hidden(void **state)
{
	struct fx *f = *state;
	const char *cand[8];

	run_ok(f, "service internal", "service internal");
	assert_int_equal(cli_complete(&f->c, "serv", cand, 8), 0);
	cli_help(&f->c, "", obuf_out, &f->out);
	assert_null(strstr(f->out.b_data, "service"));
}

/* ---- hostile lines ---- */

static void test_line_limits(void **state)
{
	struct fx *f = *state;
	char *line = malloc(2 * CLI_MAX_LINE);

	enter_config(f);
	/* 4095 characters: the longest line accepted */
	memset(line, 'x', CLI_MAX_LINE - 1);
	memcpy(line, "hostname ", 9);
	line[CLI_MAX_LINE - 1] = '\0';
	run_ok(f, line, "hostname WORD");
	assert_int_equal(strlen(rec_arg("WORD")), CLI_MAX_LINE - 1 - 9);
	/* one more */
	line[CLI_MAX_LINE - 1] = 'x';
	line[CLI_MAX_LINE] = '\0';
	assert_int_equal(cli_execute(&f->c, line), CLI_ERR_INVALID);
	assert_non_null(strstr(f->c.c_err_text, "Line too long"));
	/* surrounding blanks do not count */
	memset(line, ' ', 2 * CLI_MAX_LINE - 1);
	memcpy(line + CLI_MAX_LINE, "hostname R1", 11);
	line[2 * CLI_MAX_LINE - 1] = '\0';
	run_ok(f, line, "hostname WORD");
	free(line);
}

static void test_many_words(void **state)
{
	struct fx *f = *state;
	char line[4 * (CLI_MAX_WORDS + 2)] = "banner motd";

	enter_config(f);
	for (int i = 0; i < CLI_MAX_WORDS - 2; i++)
		strcat(line, " w");
	run_ok(f, line, "banner motd LINE");
	strcat(line, " w");
	assert_int_equal(cli_execute(&f->c, line), CLI_ERR_INVALID);
	assert_string_equal(f->c.c_err_text, "% Too many words in one command.");
}

static void test_control_bytes(void **state)
{
	struct fx *f = *state;

	run_err(f, "show\x01 ip interface", CLI_ERR_INVALID, invalid, 4);
	run_err(f, "show ip \x1b[A", CLI_ERR_INVALID, invalid, 8);
	run_err(f, "sh\x7f", CLI_ERR_INVALID, invalid, 2);
	run_err(f, "\x08", CLI_ERR_INVALID, invalid, 0);
	enter_config(f);
	/* bytes above 0x7f are text (UTF-8 descriptions) */
	run_ok(f, "hostname r\xc3\xa9seau", "hostname WORD");
	run_err(f, "\xff\xfe", CLI_ERR_INVALID, invalid, 0);
}

/* ---- '?' help ---- */

static void help(struct fx *f, const char *line, const char *want)
{
	obuf_clear(&f->out);
	cli_help(&f->c, line, obuf_out, &f->out);
	if (strcmp(f->out.b_data, want) != 0)
		print_error("help for \"%s\":\n%s---- wanted:\n%s", line, f->out.b_data, want);
	assert_string_equal(f->out.b_data, want);
}

static void test_help_keywords(void **state)
{
	struct fx *f = *state;

	help(f, "",
	     "  configure  Enter configuration mode\n"
	     "  debug      Debugging functions\n"
	     "  disable    Turn off privileged commands\n"
	     "  show       Show running system information\n");
	help(f, "show ip ",
	     "  interface  IP interface status and configuration\n"
	     "  route      IP routing table\n");
	help(f, "sh ip int ",
	     "  brief  Brief summary of IP status and configuration\n"
	     "  <cr>\n");
	help(f, "show ip interface brief ", "  <cr>\n");
	help(f, "SH IP ",
	     "  interface  IP interface status and configuration\n"
	     "  route      IP routing table\n");
}

static void test_help_placeholders(void **state)
{
	struct fx *f = *state;

	help(f, "show ip route ",
	     "  A.B.C.D  Network to display information about\n"
	     "  vrf      Display routes from a VPN Routing/Forwarding instance\n"
	     "  <cr>\n");
	help(f, "show ip route vrf ", "  WORD  VPN Routing/Forwarding instance name\n");
	help(f, "debug refuse ", "  <0-9>  Reason code\n");
	enter_config(f);
	help(f, "clock timezone CET ", "  <-23-23>  Hours offset from UTC\n");
	help(f, "clock timezone CET 1 ",
	     "  <0-59>  Minutes offset from UTC\n"
	     "  <cr>\n");
	help(f, "peer ",
	     "  <1-100>  Peer number\n"
	     "  A.B.C.D  Peer address\n"
	     "  WORD     Peer group name\n");
	help(f, "rd ", "% Unrecognized command\n"); /* a sub-mode command: '?' does not look above */
	help(f, "key-string ", "  HEX  Key in hexadecimal\n");
	help(f, "banner motd ", "  LINE  c banner-text c\n");
	help(f, "banner motd hello ",
	     "  LINE  c banner-text c\n"
	     "  <cr>\n");
}

static void test_help_ifname(void **state)
{
	struct fx *f = *state;

	enter_config(f);
	help(f, "interface ",
	     "  Ethernet          IEEE 802.3\n"
	     "  Loopback          Loopback interface\n"
	     "  Tunnel            Tunnel interface\n"
	     "  Virtual-Template  Virtual Template interface\n"
	     "  Vlan              Catalyst Vlans\n");
	help(f, "interface Tunnel ", "  <number>  Interface number\n");
	help(f, "interface Tunnel0 ", "  <cr>\n");
	help(f, "interface V", "Virtual-Template  Vlan  \n");
}

static void test_help_partial(void **state)
{
	struct fx *f = *state;

	help(f, "sh", "show  \n");
	help(f, "d", "debug  disable  \n");
	help(f, "show i", "interfaces  ip  \n");
	help(f, "SHOW I", "interfaces  ip  \n");
	enter_config(f);
	help(f, "no ",
	     "  cdp        Global CDP configuration subcommands\n"
	     "  clock      Configure time-of-day clock\n"
	     "  hostname   Set system's network name\n"
	     "  interface  Select an interface to configure\n"
	     "  ip         Global IP configuration subcommands\n"
	     "  router     Enable a routing process\n");
	help(f, "no ip ",
	     "  domain  IP DNS Resolver\n"
	     "  route   Establish static routes\n");
}

static void test_help_errors(void **state)
{
	struct fx *f = *state;

	help(f, "bogus ", "% Unrecognized command\n");
	help(f, "show bogus ", "% Unrecognized command\n");
	help(f, "sh i ", "% Ambiguous command\n");
	help(f, "xyz", "% Unrecognized command\n"); /* IOS: "R1#xyz?" */
}

static void test_help_pipe(void **state)
{
	struct fx *f = *state;

	help(f, "show ip interface | ",
	     "  begin    Begin with the line that matches\n"
	     "  count    Count number of lines which match regexp\n"
	     "  exclude  Exclude lines that match\n"
	     "  include  Include lines that match\n"
	     "  json     Output in JSON\n"
	     "  section  Filter a section of output\n"
	     "  xml      Output in XML\n");
	help(f, "show ip interface | in", "include  \n");
	help(f, "show ip interface | include ", "  LINE  Regular Expression\n");
	help(f, "show ip interface | xml ", "  <cr>\n");
}

/* Pipes filter EXEC output; in configuration modes "|" is text ("description LAN | WAN"). */
static void test_help_pipe_config_mode(void **state)
{
	struct fx *f = *state;

	enter_config(f);
	help(f, "banner motd a | ",
	     "  LINE  c banner-text c\n"
	     "  <cr>\n");
}

/* '?' and TAB on lines no user should type: no crash, no candidates */
static void test_help_hostile(void **state)
{
	static const char *const lines[] = {"sh\n", "\x01", "show \x01", "show\r\n"};
	struct fx *f = *state;
	const char *cand[8];
	char *big = malloc(3 * CLI_MAX_LINE);

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		obuf_clear(&f->out);
		cli_help(&f->c, lines[i], obuf_out, &f->out);
		assert_true(cli_complete(&f->c, lines[i], cand, 8) <= 1);
	}
	memset(big, 'a', 3 * CLI_MAX_LINE - 1);
	big[3 * CLI_MAX_LINE - 1] = '\0';
	cli_help(&f->c, big, obuf_out, &f->out);
	assert_int_equal(cli_complete(&f->c, big, cand, 8), 0);
	for (size_t i = 0; i < 3 * CLI_MAX_LINE - 1; i += 2)
		big[i] = ' ';
	cli_help(&f->c, big, obuf_out, &f->out);
	assert_int_equal(cli_complete(&f->c, big, cand, 8), 0);
	free(big);
}

/* '?' and TAB on a line holding only a line ending: nothing to list (not a read past the word array) */
static void test_help_blank_line(void **state)
{
	static const char *const lines[] = {"\n", "\r", "\r\n"};
	struct fx *f = *state;
	const char *cand[8];

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		cli_help(&f->c, lines[i], obuf_out, &f->out);
		assert_int_equal(cli_complete(&f->c, lines[i], cand, 8), 0);
	}
}

/* ---- TAB ---- */

static void complete(struct fx *f, const char *line, size_t want_n, const char *const *want)
{
	const char *cand[16];
	size_t n = cli_complete(&f->c, line, cand, 16);

	if (n != want_n)
		print_error("completion of \"%s\": %zu candidates\n", line, n);
	assert_int_equal(n, want_n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(cand[i], want[i]);
}

static void test_complete(void **state)
{
	struct fx *f = *state;

	complete(f, "sh", 1, (const char *const[]){"show"});
	complete(f, "show i", 2, (const char *const[]){"interfaces", "ip"});
	complete(f, "show ip int", 1, (const char *const[]){"interface"});
	complete(f, "show ip INT", 1, (const char *const[]){"interface"});
	complete(f, "d", 2, (const char *const[]){"debug", "disable"});
	complete(f, "show ip interface ", 0, NULL); /* nothing partial to complete */
	complete(f, "bogus", 0, NULL);
	complete(f, "show bogus x", 0, NULL);
	complete(f, "", 0, NULL);
	enter_config(f);
	complete(f, "interface Tu", 1, (const char *const[]){"Tunnel"});
	complete(f, "int v", 2, (const char *const[]){"Virtual-Template", "Vlan"});
	complete(f, "peer 1", 0, NULL); /* values are not completed */
	/* a small output array is respected */
	const char *one[1];
	assert_int_equal(cli_complete(&f->c, "int v", one, 1), 1);
}

/* ---- grammar compile errors ---- */

static void test_bad_syntax(void **state)
{
	struct cli_tree *t = cli_tree_new();
	static struct cli_cmd bad[] = {
	    {.cc_syntax = "foo (bar", .cc_help = "f\nb", .cc_modes = CLI_MODE(0)},
	    {.cc_syntax = "foo bar]", .cc_help = "f\nb", .cc_modes = CLI_MODE(0)},
	    {.cc_syntax = "foo BOGUS", .cc_help = "f\nb", .cc_modes = CLI_MODE(0)},
	    {.cc_syntax = "foo bar", .cc_help = "f", .cc_modes = CLI_MODE(0)},
	    {.cc_syntax = "foo bar", .cc_help = "f\nb\nextra", .cc_modes = CLI_MODE(0)},
	    {.cc_syntax = "foo <5-1>", .cc_help = "f\nb", .cc_modes = CLI_MODE(0)},
	    {.cc_syntax = "foo <1-x>", .cc_help = "f\nb", .cc_modes = CLI_MODE(0)},
	};
	static struct cli_cmd good = {
	    .cc_syntax = "foo [bar|baz] (x|y)", .cc_help = "f\nb\nz\nx\ny", .cc_modes = CLI_MODE(0)};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = cli_cmd_add(t, &bad[i]);
		if (rc != -1)
			print_error("\"%s\" compiled\n", bad[i].cc_syntax);
		assert_int_equal(rc, -1);
	}
	assert_int_equal(cli_cmd_add(t, &good), 0);
	cli_tree_free(t);
}

/* ---- running-config printing ---- */

static void print_host(struct cli_writer *w, const void *obj)
{
	cli_line(w, "hostname %s", (const char *)obj);
}

static void print_if_line(struct cli_writer *w, const void *obj)
{
	cli_line(w, "description %s", (const char *)obj);
}

static void print_ifs(struct cli_writer *w, const void *obj)
{
	for (int i = 0; i < 2; i++) {
		cli_line(w, "interface Tunnel%d", i);
		cli_block(w, 1, obj);
		cli_sep(w);
	}
}

static void print_boot(struct cli_writer *w, const void *obj)
{
	cli_line(w, "boot %s", (const char *)obj);
}

static void print_nothing(struct cli_writer *w, const void *obj)
{
}

static void test_print(void **state)
{
	static struct cli_cmd pc[] = {
	    {.cc_syntax = "interface", .cc_help = "i", .cc_modes = CLI_MODE(0), .cc_print = print_ifs, .cc_order = 200},
	    {.cc_syntax = "empty", .cc_help = "e", .cc_modes = CLI_MODE(0), .cc_print = print_nothing, .cc_order = 150},
	    {.cc_syntax = "boot", .cc_help = "b", .cc_modes = CLI_MODE(0), .cc_print = print_boot, .cc_order = 110},
	    {.cc_syntax = "hostname",
	     .cc_help = "h",
	     .cc_modes = CLI_MODE(0),
	     .cc_flags = CLI_NEGATE,
	     .cc_print = print_host,
	     .cc_order = 100},
	    {.cc_syntax = "description", .cc_help = "d", .cc_modes = CLI_MODE(1), .cc_print = print_if_line},
	};
	struct cli_tree *t = cli_tree_new();
	struct obuf *o = calloc(1, sizeof(*o));
	struct cli_writer w = {.w_tree = t, .w_out = obuf_out, .w_arg = o};

	(void)state;
	assert_int_equal(cli_cmds_add(t, pc, sizeof(pc) / sizeof(pc[0])), 0);
	cli_print_mode(&w, 0, "x");
	/* in cc_order, the negated entry not printed twice, one "!" between groups of a hundred */
	assert_string_equal(o->b_data, "hostname x\nboot x\n!\ninterface Tunnel0\n description x\n!\n"
				       "interface Tunnel1\n description x\n!\n");
	assert_int_equal(w.w_lines, 9);
	free(o);
	cli_tree_free(t);
}

/* ---- output pipes ---- */

struct piped {
	struct pipe_chain pc;
	struct obuf out;
	char cmd[CLI_MAX_LINE];
	char err[128];
	int col;
};

static const char sample[] = "Building configuration...\n"
			     "hostname R1\n"
			     "!\n"
			     "interface Loopback0\n"
			     " description VT source\n"
			     " ip address 10.0.0.1 255.255.255.255\n"
			     "!\n"
			     "interface Ethernet0/0\n"
			     " description WAN\n"
			     " ip address 172.16.0.1 255.255.255.252\n"
			     "!\n"
			     "router bgp 10\n"
			     " bgp log-neighbor-changes\n"
			     "end"; /* no final newline: flushed by pipe_finish */

/* Parses line, feeds the sample in odd-sized pieces, returns the output. */
static const char *pipe_run(struct piped *p, const char *line)
{
	size_t n = strlen(sample);

	memset(p, 0, sizeof(*p));
	assert_int_equal(pipe_parse(line, p->cmd, sizeof(p->cmd), &p->pc, p->err, sizeof(p->err), &p->col), 0);
	pipe_start(&p->pc, obuf_out, &p->out);
	for (size_t i = 0; i < n; i += 7)
		pipe_feed(&p->pc, sample + i, n - i < 7 ? n - i : 7);
	pipe_finish(&p->pc);
	return p->out.b_data;
}

static void pipe_bad(const char *line, const char *err, int col)
{
	struct piped p;

	memset(&p, 0, sizeof(p));
	assert_int_equal(pipe_parse(line, p.cmd, sizeof(p.cmd), &p.pc, p.err, sizeof(p.err), &p.col), -1);
	assert_string_equal(p.err, err);
	assert_int_equal(p.col, col);
}

static void test_pipe_filters(void **state)
{
	struct piped *p = malloc(sizeof(*p));

	(void)state;
	assert_string_equal(pipe_run(p, "show run | include description"),
			    " description VT source\n description WAN\n");
	assert_string_equal(p->cmd, "show run ");
	assert_string_equal(pipe_run(p, "show run | i description|hostname"),
			    "hostname R1\n description VT source\n description WAN\n");
	assert_string_equal(pipe_run(p, "show run | exclude ^( |!)"),
			    "Building configuration...\nhostname R1\ninterface Loopback0\n"
			    "interface Ethernet0/0\nrouter bgp 10\nend\n");
	assert_string_equal(pipe_run(p, "show run | begin router"), "router bgp 10\n bgp log-neighbor-changes\nend\n");
	assert_string_equal(pipe_run(p, "show run | count"), "Number of lines which match regexp = 14\n");
	assert_string_equal(pipe_run(p, "show run | count address"), "Number of lines which match regexp = 2\n");
	assert_string_equal(pipe_run(p, "show run | include address | count"),
			    "Number of lines which match regexp = 2\n");
	assert_string_equal(pipe_run(p, "show run | include interface | exclude Loop"), "interface Ethernet0/0\n");
	/* no stage: everything, the unfinished last line completed */
	assert_int_equal(strlen(pipe_run(p, "show run")), strlen(sample) + 1);
	assert_memory_equal(p->out.b_data, sample, strlen(sample));
	free(p);
}

static void test_pipe_section(void **state)
{
	struct piped *p = malloc(sizeof(*p));

	(void)state;
	assert_string_equal(pipe_run(p, "show run | section Ethernet"),
			    "interface Ethernet0/0\n description WAN\n ip address 172.16.0.1 255.255.255.252\n");
	/* a matching child line brings its header along */
	assert_string_equal(pipe_run(p, "show run | section 10.0.0.1"),
			    "interface Loopback0\n ip address 10.0.0.1 255.255.255.255\n");
	assert_string_equal(pipe_run(p, "show run | section bgp"), "router bgp 10\n bgp log-neighbor-changes\n");
	free(p);
}

static void test_pipe_formats(void **state)
{
	struct piped *p = malloc(sizeof(*p));

	(void)state;
	pipe_run(p, "show version | xml");
	assert_int_equal(p->pc.pc_format, PIPE_FMT_XML);
	assert_string_equal(p->cmd, "show version ");
	pipe_run(p, "show version | json");
	assert_int_equal(p->pc.pc_format, PIPE_FMT_JSON);
	pipe_run(p, "show version | j");
	assert_int_equal(p->pc.pc_format, PIPE_FMT_JSON);
	pipe_run(p, "show version");
	assert_int_equal(p->pc.pc_format, PIPE_FMT_TEXT);
	free(p);
}

static void test_pipe_errors(void **state)
{
	(void)state;
	pipe_bad("show run | include (", "% Invalid regular expression.", 19);
	pipe_bad("show run | include [a-", "% Invalid regular expression.", 19);
	pipe_bad("show run | bogus x", invalid, 11);
	pipe_bad("show run | include", incomplete, 18);
	pipe_bad("show run | ", incomplete, 11);
	pipe_bad("show run | i a | i a | i a | i a | i a | i a | i a | i a | i a", "% Too many pipes.", 57);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	    T(test_keyword_exact),
	    T(test_keyword_prefix),
	    T(test_case_insensitive),
	    T(test_whitespace),
	    T(test_typed_beats_word),
	    T(test_ambiguous),
	    T(test_invalid_caret),
	    T(test_incomplete),
	    T(test_args_named),
	    T(test_args_alternatives),
	    T(test_args_ranges),
	    T(test_args_asnn_prefix_hex),
	    T(test_args_line),
	    T(test_ifname_canonical),
	    T(test_ipv4_values_parse),
	    T(test_ifname_malformed),
	    T(test_no_forms),
	    T(test_no_form_full_syntax),
	    T(test_modes),
	    T(test_parent_fallback),
	    T(test_execute_in),
	    T(test_handler_failure),
	    T(test_hidden),
	    T(test_line_limits),
	    T(test_many_words),
	    T(test_control_bytes),
	    T(test_help_keywords),
	    T(test_help_placeholders),
	    T(test_help_ifname),
	    T(test_help_partial),
	    T(test_help_errors),
	    T(test_help_pipe),
	    T(test_help_pipe_config_mode),
	    T(test_help_hostile),
	    T(test_complete),
	    cmocka_unit_test(test_bad_syntax),
	    cmocka_unit_test(test_print),
	    cmocka_unit_test(test_pipe_filters),
	    cmocka_unit_test(test_pipe_section),
	    cmocka_unit_test(test_pipe_formats),
	    cmocka_unit_test(test_pipe_errors),
	    /* last: under ASan its failure aborts the program */
	    T(test_help_blank_line),
#undef T
	};
	return cmocka_run_group_tests_name("grammar", tests, NULL, NULL);
}
