/* Tunnel interface commands: tunnel source, destination, mode, key, ttl, path-mtu-discovery, vrf. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "config/modes.h"
#include "config/order.h"
#include "tunnel/tunnel.h"

static const char *const mode_words[] = {
    [TUN_MODE_GRE_IP] = "gre ip",
    [TUN_MODE_GRE_MULTIPOINT] = "gre multipoint",
    [TUN_MODE_IPSEC_IPV4] = "ipsec ipv4",
};

static struct if_ext_ops tunnel_ext = {.ie_name = "tunnel", .ie_free = free};

const struct tunnel_if *tunnel_of(const struct iface *ifp)
{
	return if_ext(ifp, &tunnel_ext);
}

bool tunnel_iface(const struct iface *ifp)
{
	return if_type_rank(ifp->if_name) == if_type_rank("Tunnel") ||
	       if_type_rank(ifp->if_name) == if_type_rank("Virtual-Template") ||
	       if_type_rank(ifp->if_name) == if_type_rank("Virtual-Access"); /* a template's clone */
}

/*
 * The tunnel settings of the current interface for a handler; fails (and
 * says why) on interfaces that are no tunnels. A Virtual-Template is one
 * only when created "type tunnel"; otherwise it clones PPP links.
 */
static int tunnel_get(struct cli_ctx *c, struct tunnel_if **tu)
{
	struct iface *ifp = if_of(c);

	if (!tunnel_iface(ifp) ||
	    (if_type_rank(ifp->if_name) == if_type_rank("Virtual-Template") && !ifp->if_type_tunnel))
		return cli_fail(c, "tunnel commands apply to Tunnel and Virtual-Template (type tunnel) interfaces");
	if (!(*tu = if_ext_get(ifp, &tunnel_ext, sizeof(**tu))))
		return cli_fail(c, "Out of memory");
	return 0;
}

/* Copies a name into a fixed field; false (field unchanged) when it does not fit. */
static bool set_name(char *field, size_t size, const char *value)
{
	if (strlen(value) >= size)
		return false;
	memcpy(field, value, strlen(value) + 1);
	return true;
}

static int run_source(struct cli_ctx *c, const struct cli_args *a)
{
	struct tunnel_if *tu;
	const char *ifname = cli_arg(a, "IFNAME");
	int rc = tunnel_get(c, &tu);

	if (rc)
		return rc;
	if (a->a_negate) {
		tu->tu_src = TUN_SRC_NONE;
		return 0;
	}
	if (ifname && strcmp(ifname, if_of(c)->if_name) == 0)
		return cli_fail(c, "A tunnel cannot use itself as its source");
	if (ifname && !set_name(tu->tu_src_if, sizeof(tu->tu_src_if), ifname))
		return cli_fail(c, "Interface name %s is too long", ifname);
	if (!ifname)
		inet_pton(AF_INET, cli_arg(a, "A.B.C.D"), &tu->tu_src_addr);
	tu->tu_src = ifname ? TUN_SRC_IFACE : TUN_SRC_ADDR;
	return 0;
}

static void print_source(struct cli_writer *w, const void *obj)
{
	const struct tunnel_if *tu = tunnel_of(obj);
	char addr[INET_ADDRSTRLEN];

	if (tu && tu->tu_src == TUN_SRC_IFACE)
		cli_line(w, "tunnel source %s", tu->tu_src_if);
	else if (tu && tu->tu_src == TUN_SRC_ADDR)
		cli_line(w, "tunnel source %s", inet_ntop(AF_INET, &tu->tu_src_addr, addr, sizeof(addr)));
}

/* A host name fits and does not look like a malformed address ("300.1.1.1"). */
static bool valid_hostname(const char *name)
{
	if (strlen(name) > TUNNEL_HOSTLEN)
		return false;
	for (const char *p = name; *p; p++)
		if (isalpha((unsigned char)*p))
			return true;
	return false;
}

static int destination_set(struct cli_ctx *c, struct tunnel_if *tu, const struct cli_args *a)
{
	const char *host = cli_arg(a, "host");

	if (tu->tu_mode == TUN_MODE_GRE_MULTIPOINT)
		return cli_fail(c, "A multipoint GRE tunnel has no destination; remove \"tunnel mode gre multipoint\" "
				   "first");
	if (host && !valid_hostname(host))
		return cli_fail(c, "Invalid host name or address %s", host);
	if (host)
		set_name(tu->tu_dst_host, sizeof(tu->tu_dst_host), host);
	if (cli_has(a, "A.B.C.D"))
		inet_pton(AF_INET, cli_arg(a, "A.B.C.D"), &tu->tu_dst_addr);
	tu->tu_dst = host ? TUN_DST_HOST : cli_has(a, "dynamic") ? TUN_DST_DYNAMIC : TUN_DST_ADDR;
	return 0;
}

static int run_destination(struct cli_ctx *c, const struct cli_args *a)
{
	struct tunnel_if *tu;
	int rc = tunnel_get(c, &tu);

	if (rc)
		return rc;
	if (!a->a_negate)
		return destination_set(c, tu, a);
	tu->tu_dst = TUN_DST_NONE;
	return 0;
}

static void print_destination(struct cli_writer *w, const void *obj)
{
	const struct tunnel_if *tu = tunnel_of(obj);
	char addr[INET_ADDRSTRLEN];

	if (!tu)
		return;
	if (tu->tu_dst == TUN_DST_ADDR)
		cli_line(w, "tunnel destination %s", inet_ntop(AF_INET, &tu->tu_dst_addr, addr, sizeof(addr)));
	else if (tu->tu_dst == TUN_DST_DYNAMIC)
		cli_line(w, "tunnel destination dynamic");
	else if (tu->tu_dst == TUN_DST_HOST)
		cli_line(w, "tunnel destination %s", tu->tu_dst_host);
}

static enum tunnel_mode mode_of(const struct cli_args *a)
{
	if (a->a_negate)
		return TUN_MODE_GRE_IP;
	if (cli_has(a, "multipoint"))
		return TUN_MODE_GRE_MULTIPOINT;
	return cli_has(a, "ipsec") ? TUN_MODE_IPSEC_IPV4 : TUN_MODE_GRE_IP;
}

static int run_mode(struct cli_ctx *c, const struct cli_args *a)
{
	struct tunnel_if *tu;
	int rc = tunnel_get(c, &tu);
	enum tunnel_mode mode = mode_of(a);

	if (rc)
		return rc;
	if (mode == TUN_MODE_GRE_MULTIPOINT && tu->tu_dst != TUN_DST_NONE)
		return cli_fail(c, "A multipoint GRE tunnel has no destination; remove \"tunnel destination\" first");
	tu->tu_mode = mode;
	return 0;
}

static void print_mode(struct cli_writer *w, const void *obj)
{
	const struct tunnel_if *tu = tunnel_of(obj);

	/* gre ip is the default, which IOS does not show */
	if (tu && tu->tu_mode != TUN_MODE_GRE_IP)
		cli_line(w, "tunnel mode %s", mode_words[tu->tu_mode]);
}

static int run_key(struct cli_ctx *c, const struct cli_args *a)
{
	struct tunnel_if *tu;
	int rc = tunnel_get(c, &tu);

	if (rc)
		return rc;
	tu->tu_key_set = !a->a_negate;
	tu->tu_key = (uint32_t)cli_arg_num(a, "<0-4294967295>", 0);
	return 0;
}

static void print_key(struct cli_writer *w, const void *obj)
{
	const struct tunnel_if *tu = tunnel_of(obj);

	if (tu && tu->tu_key_set)
		cli_line(w, "tunnel key %u", tu->tu_key);
}

static int run_ttl(struct cli_ctx *c, const struct cli_args *a)
{
	struct tunnel_if *tu;
	int rc = tunnel_get(c, &tu);

	if (rc)
		return rc;
	tu->tu_ttl = (uint8_t)cli_arg_num(a, "<1-255>", 0);
	return 0;
}

static void print_ttl(struct cli_writer *w, const void *obj)
{
	const struct tunnel_if *tu = tunnel_of(obj);

	/* 255 is the default, which IOS does not show */
	if (tu && tu->tu_ttl && tu->tu_ttl != 255)
		cli_line(w, "tunnel ttl %u", tu->tu_ttl);
}

static int run_pmtud(struct cli_ctx *c, const struct cli_args *a)
{
	struct tunnel_if *tu;
	int rc = tunnel_get(c, &tu);

	if (rc)
		return rc;
	tu->tu_pmtud = !a->a_negate;
	return 0;
}

static void print_pmtud(struct cli_writer *w, const void *obj)
{
	const struct tunnel_if *tu = tunnel_of(obj);

	if (tu && tu->tu_pmtud)
		cli_line(w, "tunnel path-mtu-discovery");
}

static int run_vrf(struct cli_ctx *c, const struct cli_args *a)
{
	struct tunnel_if *tu;
	int rc = tunnel_get(c, &tu);

	if (rc)
		return rc;
	if (!set_name(tu->tu_vrf, sizeof(tu->tu_vrf), a->a_negate ? "" : cli_arg(a, "WORD")))
		return cli_fail(c, "VRF name %s is longer than %d characters", cli_arg(a, "WORD"), TUNNEL_VRFLEN);
	return 0;
}

static void print_vrf(struct cli_writer *w, const void *obj)
{
	const struct tunnel_if *tu = tunnel_of(obj);

	if (tu && tu->tu_vrf[0])
		cli_line(w, "tunnel vrf %s", tu->tu_vrf);
}

#define TUNNEL_HELP "protocol-over-protocol tunneling\n"

/* IOS order: source, mode, destination, key, ttl, path-mtu-discovery, vrf (then protection). */
static struct cli_cmd tunnel_cmds[] = {
    {.cc_syntax = "tunnel source (IFNAME|A.B.C.D)",
     .cc_help = TUNNEL_HELP "source of tunnel packets\nInterface whose address is the source\nip address",
     .cc_no_syntax = "tunnel source [(IFNAME|A.B.C.D)]",
     .cc_modes = MODES_IF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_source,
     .cc_print = print_source,
     .cc_order = ORD_IF_TUNNEL_SOURCE},
    {.cc_syntax = "tunnel mode (gre (ip|multipoint)|ipsec ipv4)",
     .cc_help = TUNNEL_HELP "tunnel encapsulation method\ngeneric route encapsulation protocol\nover IP\nover "
			    "IPv4 (multipoint)\nIPSec tunnel encapsulation\nover IPv4",
     .cc_no_syntax = "tunnel mode [(gre (ip|multipoint)|ipsec ipv4)]",
     .cc_modes = MODES_IF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_mode,
     .cc_print = print_mode,
     .cc_order = ORD_IF_TUNNEL_SOURCE + 1},
    {.cc_syntax = "tunnel destination (A.B.C.D|dynamic|WORD$host)",
     .cc_help = TUNNEL_HELP "destination of tunnel\nip address\ndestination learned dynamically (NHRP)\nHostname",
     .cc_no_syntax = "tunnel destination [(A.B.C.D|dynamic|WORD$host)]",
     .cc_modes = MODES_IF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_destination,
     .cc_print = print_destination,
     .cc_order = ORD_IF_TUNNEL_DESTINATION},
    {.cc_syntax = "tunnel key <0-4294967295>",
     .cc_help = TUNNEL_HELP "security or selector key\nkey",
     .cc_no_syntax = "tunnel key [<0-4294967295>]",
     .cc_modes = MODES_IF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_key,
     .cc_print = print_key,
     .cc_order = ORD_IF_TUNNEL_DESTINATION + 1},
    {.cc_syntax = "tunnel ttl <1-255>",
     .cc_help = TUNNEL_HELP "set time to live\ntime to live",
     .cc_no_syntax = "tunnel ttl [<1-255>]",
     .cc_modes = MODES_IF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_ttl,
     .cc_print = print_ttl,
     .cc_order = ORD_IF_TUNNEL_DESTINATION + 2},
    {.cc_syntax = "tunnel path-mtu-discovery",
     .cc_help = TUNNEL_HELP "Enable Path MTU Discovery on tunnel",
     .cc_modes = MODES_IF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_pmtud,
     .cc_print = print_pmtud,
     .cc_order = ORD_IF_TUNNEL_DESTINATION + 3},
    {.cc_syntax = "tunnel vrf WORD",
     .cc_help = TUNNEL_HELP "set tunnel vrf membership\nvrf name",
     .cc_no_syntax = "tunnel vrf [WORD]",
     .cc_modes = MODES_IF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_vrf,
     .cc_print = print_vrf,
     .cc_order = ORD_IF_TUNNEL_DESTINATION + 4},
};

void tunnel_cli_init(struct cli_tree *t)
{
	if_ext_register(&tunnel_ext);
	cli_cmds_add(t, tunnel_cmds, sizeof(tunnel_cmds) / sizeof(tunnel_cmds[0]));
}
