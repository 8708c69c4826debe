/* "crypto ikev2 authorization policy": what a peer is given (address pool, DNS, banner, routes). */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "config/modes.h"
#include "config/order.h"
#include "ike/ike_int.h"

/* Print order inside the policy (IOS's). */
enum {
	AZ_ORD_POOL = 1,
	AZ_ORD_DNS,
	AZ_ORD_NETMASK,
	AZ_ORD_BANNER,
	AZ_ORD_DEF_DOMAIN,
	AZ_ORD_SUBNET_ACL,
	AZ_ORD_ROUTE_IF,
	AZ_ORD_ROUTE_ACL,
	AZ_ORD_ROUTE_ACCEPT,
};

static const struct nametab_type authz_type = {
    .nty_what = "IKEv2 authorization policy",
    .nty_size = sizeof(struct ike_authz),
    .nty_free = ike_authz_free,
    .nty_mode = MODE_IKEV2_AUTHZ,
};

static struct ike_authz *az_of(const struct cli_ctx *c)
{
	return cli_obj(c);
}

static int run_authz(struct cli_ctx *c, const struct cli_args *a)
{
	return nametab_cmd(c, a, &ike_cfg(cfg_of(c))->ic_authz, cli_arg(a, "WORD"), &authz_type);
}

static void print_authz(struct cli_writer *w, const void *obj)
{
	nametab_print(w, &ike_cfg(obj)->ic_authz, "crypto ikev2 authorization policy", MODE_IKEV2_AUTHZ);
}

static int run_pool(struct cli_ctx *c, const struct cli_args *a)
{
	/* the pool may be defined later ("ip local pool" prints after this), as IOS allows */
	return crypto_set_text(c, a, &az_of(c)->az_pool, "WORD");
}

static void print_pool(struct cli_writer *w, const void *obj)
{
	crypto_print_text(w, "pool", ((const struct ike_authz *)obj)->az_pool);
}

static int run_def_domain(struct cli_ctx *c, const struct cli_args *a)
{
	return crypto_set_text(c, a, &az_of(c)->az_def_domain, "WORD");
}

static void print_def_domain(struct cli_writer *w, const void *obj)
{
	crypto_print_text(w, "def-domain", ((const struct ike_authz *)obj)->az_def_domain);
}

static int run_subnet_acl(struct cli_ctx *c, const struct cli_args *a)
{
	return crypto_set_text(c, a, &az_of(c)->az_subnet_acl, "WORD");
}

static void print_subnet_acl(struct cli_writer *w, const void *obj)
{
	crypto_print_text(w, "subnet-acl", ((const struct ike_authz *)obj)->az_subnet_acl);
}

static int run_route_acl(struct cli_ctx *c, const struct cli_args *a)
{
	return crypto_set_text(c, a, &az_of(c)->az_route_acl, "WORD");
}

static void print_route_acl(struct cli_writer *w, const void *obj)
{
	crypto_print_text(w, "route set access-list", ((const struct ike_authz *)obj)->az_route_acl);
}

static int run_dns(struct cli_ctx *c, const struct cli_args *a)
{
	struct ike_authz *az = az_of(c);
	const char *s;

	az->az_ndns = 0;
	for (unsigned i = 0; !a->a_negate && i < 2 && (s = cli_arg_nth(a, "A.B.C.D", i)); i++)
		if (inet_pton(AF_INET, s, &az->az_dns[az->az_ndns]) == 1)
			az->az_ndns++;
	return 0;
}

static void print_dns(struct cli_writer *w, const void *obj)
{
	const struct ike_authz *az = obj;
	char a0[INET_ADDRSTRLEN], a1[INET_ADDRSTRLEN];

	if (az->az_ndns == 1)
		cli_line(w, "dns %s", inet_ntop(AF_INET, &az->az_dns[0], a0, sizeof(a0)));
	else if (az->az_ndns == 2)
		cli_line(w, "dns %s %s", inet_ntop(AF_INET, &az->az_dns[0], a0, sizeof(a0)),
			 inet_ntop(AF_INET, &az->az_dns[1], a1, sizeof(a1)));
}

static int run_netmask(struct cli_ctx *c, const struct cli_args *a)
{
	struct ike_authz *az = az_of(c);

	az->az_has_netmask = !a->a_negate && inet_pton(AF_INET, cli_arg(a, "A.B.C.D"), &az->az_netmask) == 1;
	return 0;
}

static void print_netmask(struct cli_writer *w, const void *obj)
{
	const struct ike_authz *az = obj;
	char m[INET_ADDRSTRLEN];

	if (az->az_has_netmask)
		cli_line(w, "netmask %s", inet_ntop(AF_INET, &az->az_netmask, m, sizeof(m)));
}

/*
 * IOS banners run from a delimiter to its next occurrence. The delimiter is
 * the first character, or a caret pair like "^C" (how IOS writes Ctrl-C in
 * a saved configuration) when the pair closes the banner too.
 */
static size_t banner_delim_len(const char *line)
{
	bool caret_pair = line[0] == '^' && isgraph((unsigned char)line[1]);

	if (caret_pair && strstr(line + 2, strndupa(line, 2)))
		return 2;
	if (strchr(line + 1, line[0]))
		return 1;
	return caret_pair ? 2 : 1; /* unterminated: name the delimiter the user most likely meant */
}

static int run_banner(struct cli_ctx *c, const struct cli_args *a)
{
	struct ike_authz *az = az_of(c);
	const char *line = cli_arg(a, "LINE");
	size_t dl;
	const char *end;

	if (a->a_negate)
		return crypto_set_text(c, a, &az->az_banner, "LINE");
	dl = banner_delim_len(line);
	if (!(end = strstr(line + dl, strndupa(line, dl))))
		return cli_fail(c,
				"Banner not terminated by its delimiter %.*s on the same line (multi-line banners are "
				"not supported yet)",
				(int)dl, line);
	if (end[dl] != '\0')
		return cli_fail(c, "Text after the banner's closing delimiter %.*s", (int)dl, line);
	if (str_set(&az->az_banner, strndupa(line + dl, (size_t)(end - line) - dl)) < 0)
		return cli_fail(c, "Out of memory");
	memcpy(az->az_banner_delim, line, dl);
	az->az_banner_delim[dl] = '\0';
	return 0;
}

static void print_banner(struct cli_writer *w, const void *obj)
{
	const struct ike_authz *az = obj;

	if (az->az_banner)
		cli_line(w, "banner %s%s%s", az->az_banner_delim, az->az_banner, az->az_banner_delim);
}

static int run_route_set_if(struct cli_ctx *c, const struct cli_args *a)
{
	struct ike_authz *az = az_of(c);

	az->az_route_set_if = !a->a_negate;
	return crypto_set_text(c, a, &az->az_route_if, "IFNAME");
}

static void print_route_set_if(struct cli_writer *w, const void *obj)
{
	const struct ike_authz *az = obj;

	if (az->az_route_if)
		cli_line(w, "route set interface %s", az->az_route_if);
	else if (az->az_route_set_if)
		cli_line(w, "route set interface");
}

static int run_route_accept(struct cli_ctx *c, const struct cli_args *a)
{
	az_of(c)->az_route_accept_any = !a->a_negate;
	return 0;
}

static void print_route_accept(struct cli_writer *w, const void *obj)
{
	if (((const struct ike_authz *)obj)->az_route_accept_any)
		cli_line(w, "route accept any");
}

#define AZ	       CLI_MODE(MODE_IKEV2_AUTHZ)
#define ROUTE_SET_HELP "Routes\nSet routes to push to the peer\n"

static struct cli_cmd authz_cmds[] = {
    {.cc_syntax = "crypto ikev2 authorization policy WORD",
     .cc_help = IKEV2_HELP "IKEv2 authorization data\nIKEv2 authorization policy\nPolicy name",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_authz,
     .cc_print = print_authz,
     .cc_order = ORD_IKEV2_AUTHZ},
    {.cc_syntax = "pool WORD",
     .cc_help = "Specify the local address pool\nLocal address pool name",
     .cc_no_syntax = "pool [WORD]",
     .cc_modes = AZ,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_pool,
     .cc_print = print_pool,
     .cc_order = AZ_ORD_POOL},
    {.cc_syntax = "dns A.B.C.D [A.B.C.D]",
     .cc_help = "Specify DNS servers\nPrimary DNS server address\nSecondary DNS server address",
     .cc_no_syntax = "dns [A.B.C.D [A.B.C.D]]",
     .cc_modes = AZ,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_dns,
     .cc_print = print_dns,
     .cc_order = AZ_ORD_DNS},
    {.cc_syntax = "netmask A.B.C.D",
     .cc_help = "Specify the netmask of the assigned address\nNetmask",
     .cc_no_syntax = "netmask [A.B.C.D]",
     .cc_modes = AZ,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_netmask,
     .cc_print = print_netmask,
     .cc_order = AZ_ORD_NETMASK},
    {.cc_syntax = "banner LINE",
     .cc_help = "Specify banner\nc banner-text c, where 'c' is a delimiting character",
     .cc_no_syntax = "banner [LINE]",
     .cc_modes = AZ,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_banner,
     .cc_print = print_banner,
     .cc_order = AZ_ORD_BANNER},
    {.cc_syntax = "def-domain WORD",
     .cc_help = "Specify default domain name\nDefault domain name",
     .cc_no_syntax = "def-domain [WORD]",
     .cc_modes = AZ,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_def_domain,
     .cc_print = print_def_domain,
     .cc_order = AZ_ORD_DEF_DOMAIN},
    {.cc_syntax = "subnet-acl WORD",
     .cc_help = "Specify the ACL of protected subnets\nAccess-list name",
     .cc_no_syntax = "subnet-acl [WORD]",
     .cc_modes = AZ,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_subnet_acl,
     .cc_print = print_subnet_acl,
     .cc_order = AZ_ORD_SUBNET_ACL},
    {.cc_syntax = "route set interface [IFNAME]",
     .cc_help = ROUTE_SET_HELP "Push the address of an interface (default: the tunnel interface)\nInterface name",
     .cc_modes = AZ,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_route_set_if,
     .cc_print = print_route_set_if,
     .cc_order = AZ_ORD_ROUTE_IF},
    {.cc_syntax = "route set access-list WORD",
     .cc_help = ROUTE_SET_HELP "Push the routes of an access-list\nAccess-list name",
     .cc_no_syntax = "route set access-list [WORD]",
     .cc_modes = AZ,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_route_acl,
     .cc_print = print_route_acl,
     .cc_order = AZ_ORD_ROUTE_ACL},
    {.cc_syntax = "route accept any",
     .cc_help = "Routes\nAccept routes from the peer\nAccept any route",
     .cc_modes = AZ,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_route_accept,
     .cc_print = print_route_accept,
     .cc_order = AZ_ORD_ROUTE_ACCEPT},
};

void ike_authz_cli_init(struct cli_tree *t)
{
	cli_cmds_add(t, authz_cmds, sizeof(authz_cmds) / sizeof(authz_cmds[0]));
}
