/* Interface configuration commands. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/modes.h"
#include "config/order.h"
#include "core/session.h"
#include "interface/iface.h"
#include "interface/vaccess.h"

static const struct cli_iftype iftypes[] = {
    {"Ethernet", "IEEE 802.3"},
    {"FastEthernet", "FastEthernet IEEE 802.3"},
    {"GigabitEthernet", "GigabitEthernet IEEE 802.3z"},
    {"Loopback", "Loopback interface"},
    {"Null", "Null interface"},
    {"Tunnel", "Tunnel interface"},
    {"Virtual-Access", "Virtual Access interface"},
    {"Virtual-Template", "Virtual Template interface"},
};

static bool is_type(const char *name, const char *type)
{
	return strncasecmp(name, type, strlen(type)) == 0 && strcspn(name, "0123456789") == strlen(type);
}

static int run_interface(struct cli_ctx *c, const struct cli_args *a)
{
	const char *name = cli_arg(a, "IFNAME");
	struct config *cfg = cfg_of(c);
	struct iface *ifp;

	if (is_type(name, "Virtual-Access") && !session_of(c)->s_loading)
		return cli_fail(c,
				"Virtual-Access interfaces are cloned from a Virtual-Template; configure that instead");
	if (is_type(name, "Null") && strcmp(name, "Null0") != 0)
		return cli_fail(c, "Only Null0 exists");
	if (if_is_subif(name) && !if_lookup(cfg, strndupa(name, strcspn(name, "."))) &&
	    !if_get(cfg, strndupa(name, strcspn(name, "."))))
		return cli_fail(c, "Out of memory");
	if (!(ifp = if_get(cfg, name)))
		return cli_fail(c, "Out of memory");
	if (cli_has(a, "type"))
		ifp->if_type_tunnel = true;
	cli_enter(c, if_is_subif(name) ? MODE_SUBIF : MODE_IF, ifp);
	return 0;
}

static int run_no_interface(struct cli_ctx *c, const struct cli_args *a)
{
	const char *name = cli_arg(a, "IFNAME");

	if (!if_is_subif(name) && !is_type(name, "Loopback") && !is_type(name, "Tunnel") &&
	    !is_type(name, "Virtual-Template"))
		return cli_fail(c, "Physical interfaces cannot be removed");
	if (!if_delete(cfg_of(c), name))
		return cli_fail(c, "Interface %s does not exist", name);
	return 0;
}

static int run_iface(struct cli_ctx *c, const struct cli_args *a)
{
	return a->a_negate ? run_no_interface(c, a) : run_interface(c, a);
}

void if_print_block(struct cli_writer *w, const void *obj)
{
	const struct iface *ifp = obj;

	cli_line(w, "interface %s%s", ifp->if_name, ifp->if_type_tunnel ? " type tunnel" : "");
	cli_block(w, if_is_subif(ifp->if_name) ? MODE_SUBIF : MODE_IF, ifp);
	cli_sep(w);
}

static void print_interfaces(struct cli_writer *w, const void *obj)
{
	size_t n;
	struct iface **v = if_sorted(obj, &n);

	for (size_t i = 0; v && i < n; i++)
		if (!vaccess_is(v[i])) /* cloned per IKE SA; IOS keeps them out of the configuration */
			if_print_block(w, v[i]);
	free(v);
}

static int run_description(struct cli_ctx *c, const struct cli_args *a)
{
	struct iface *ifp = if_of(c);
	char *d = a->a_negate ? NULL : strdup(cli_arg(a, "LINE"));

	if (!a->a_negate && !d)
		return cli_fail(c, "Out of memory");
	free(ifp->if_description);
	ifp->if_description = d;
	return 0;
}

static void print_description(struct cli_writer *w, const void *obj)
{
	const struct iface *ifp = obj;
	if (ifp->if_description)
		cli_line(w, "description %s", ifp->if_description);
}

/* A mask is valid when its inverse is 2^n - 1. */
static int mask_len(const char *mask, uint8_t *plen)
{
	struct in_addr m;
	uint32_t inv;

	if (inet_pton(AF_INET, mask, &m) != 1)
		return -1;
	inv = ~ntohl(m.s_addr);
	if (inv & (inv + 1))
		return -1;
	*plen = (uint8_t)(32 - __builtin_popcount(inv));
	return 0;
}

static void address_set(struct cli_ctx *c, struct iface *ifp, enum if_addr_mode mode)
{
	ifp->if_addr_mode = mode;
	ifp->if_from_file = session_of(c)->s_loading;
}

static int run_ip_address(struct cli_ctx *c, const struct cli_args *a)
{
	struct iface *ifp = if_of(c);
	uint8_t plen;

	if (a->a_negate) {
		address_set(c, ifp, IF_ADDR_NONE);
		return 0;
	}
	if (mask_len(cli_arg_nth(a, "A.B.C.D", 1), &plen) < 0)
		return cli_fail(c, "Bad mask %s for address %s", cli_arg_nth(a, "A.B.C.D", 1), cli_arg(a, "A.B.C.D"));
	if (plen == 0 || inet_pton(AF_INET, cli_arg(a, "A.B.C.D"), &ifp->if_addr) != 1)
		return cli_fail(c, "Bad mask 0.0.0.0 for address %s", cli_arg(a, "A.B.C.D"));
	ifp->if_plen = plen;
	address_set(c, ifp, IF_ADDR_STATIC);
	return 0;
}

static int run_ip_address_negotiated(struct cli_ctx *c, const struct cli_args *a)
{
	address_set(c, if_of(c), IF_ADDR_NEGOTIATED);
	return 0;
}

static int run_ip_unnumbered(struct cli_ctx *c, const struct cli_args *a)
{
	struct iface *ifp = if_of(c);

	if (a->a_negate) {
		if (ifp->if_addr_mode == IF_ADDR_UNNUMBERED)
			address_set(c, ifp, IF_ADDR_NONE);
		return 0;
	}
	if (strcasecmp(cli_arg(a, "IFNAME"), ifp->if_name) == 0)
		return cli_fail(c, "An interface cannot be unnumbered to itself");
	snprintf(ifp->if_unnumbered, sizeof(ifp->if_unnumbered), "%s", cli_arg(a, "IFNAME"));
	address_set(c, ifp, IF_ADDR_UNNUMBERED);
	return 0;
}

static void print_ip_address(struct cli_writer *w, const void *obj)
{
	const struct iface *ifp = obj;
	char addr[INET_ADDRSTRLEN], mask[INET_ADDRSTRLEN];
	struct in_addr m = {.s_addr = htonl(ifp->if_plen ? 0xffffffffu << (32 - ifp->if_plen) : 0)};

	switch (ifp->if_addr_mode) {
	case IF_ADDR_STATIC:
		inet_ntop(AF_INET, &ifp->if_addr, addr, sizeof(addr));
		inet_ntop(AF_INET, &m, mask, sizeof(mask));
		cli_line(w, "ip address %s %s", addr, mask);
		break;
	case IF_ADDR_NEGOTIATED:
		cli_line(w, "ip address negotiated");
		break;
	case IF_ADDR_UNNUMBERED:
		cli_line(w, "ip unnumbered %s", ifp->if_unnumbered);
		break;
	case IF_ADDR_NONE:
		cli_line(w, "no ip address");
		break;
	}
}

static int run_ip_unreachables(struct cli_ctx *c, const struct cli_args *a)
{
	if_of(c)->if_no_unreachables = a->a_negate;
	return 0;
}

static void print_ip_unreachables(struct cli_writer *w, const void *obj)
{
	const struct iface *ifp = obj;
	if (ifp->if_no_unreachables)
		cli_line(w, "no ip unreachables");
}

static int run_shutdown(struct cli_ctx *c, const struct cli_args *a)
{
	if_of(c)->if_shutdown = !a->a_negate;
	return 0;
}

static void print_shutdown(struct cli_writer *w, const void *obj)
{
	const struct iface *ifp = obj;
	if (ifp->if_shutdown)
		cli_line(w, "shutdown");
}

static int run_encapsulation(struct cli_ctx *c, const struct cli_args *a)
{
	if_of(c)->if_dot1q = a->a_negate ? 0 : (uint16_t)cli_arg_num(a, "<1-4094>", 0);
	return 0;
}

static void print_encapsulation(struct cli_writer *w, const void *obj)
{
	const struct iface *ifp = obj;
	if (ifp->if_dot1q)
		cli_line(w, "encapsulation dot1Q %u", ifp->if_dot1q);
}

static struct cli_cmd if_cmds[] = {
    {.cc_syntax = "interface IFNAME [type tunnel]",
     .cc_help = "Select an interface to configure\nInterface name\nType of interface\nTunnel interface",
     .cc_no_syntax = "interface IFNAME",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_iface,
     .cc_print = print_interfaces,
     .cc_order = ORD_INTERFACE},
    {.cc_syntax = "description LINE",
     .cc_help = "Interface specific description\nUp to 240 characters describing this interface",
     .cc_no_syntax = "description",
     .cc_modes = MODES_IF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_description,
     .cc_print = print_description,
     .cc_order = ORD_IF_DESCRIPTION},
    {.cc_syntax = "ip address A.B.C.D A.B.C.D",
     .cc_help = "Interface Internet Protocol config commands\nSet the IP address of an interface\nIP "
		"address\nIP subnet mask",
     .cc_no_syntax = "ip address [A.B.C.D A.B.C.D]",
     .cc_modes = MODES_IF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_ip_address,
     .cc_print = print_ip_address,
     .cc_order = ORD_IF_IP_ADDRESS},
    {.cc_syntax = "ip address negotiated",
     .cc_help = "Interface Internet Protocol config commands\nSet the IP address of an interface\nIP Address "
		"negotiated over PPP or IKEv2",
     .cc_modes = MODES_IF_ALL,
     .cc_run = run_ip_address_negotiated},
    {.cc_syntax = "ip unnumbered IFNAME",
     .cc_help = "Interface Internet Protocol config commands\nEnable IP processing without an explicit "
		"address\nInterface whose address is used",
     .cc_no_syntax = "ip unnumbered",
     .cc_modes = MODES_IF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_ip_unnumbered},
    {.cc_syntax = "ip unreachables",
     .cc_help = "Interface Internet Protocol config commands\nEnable sending ICMP Unreachable messages",
     .cc_modes = MODES_IF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_ip_unreachables,
     .cc_print = print_ip_unreachables,
     .cc_order = ORD_IF_IP_UNREACHABLES},
    {.cc_syntax = "shutdown",
     .cc_help = "Shutdown the selected interface",
     .cc_modes = MODES_IF_ALL,
     .cc_flags = CLI_NEGATE,
     .cc_run = run_shutdown,
     .cc_print = print_shutdown,
     .cc_order = ORD_IF_SHUTDOWN},
    {.cc_syntax = "encapsulation dot1Q <1-4094>",
     .cc_help = "Set encapsulation type for an interface\nIEEE 802.1Q Virtual LAN\nIEEE 802.1Q VLAN ID",
     .cc_no_syntax = "encapsulation dot1Q",
     .cc_modes = CLI_MODE(MODE_SUBIF),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_encapsulation,
     .cc_print = print_encapsulation,
     .cc_order = ORD_IF_ENCAPSULATION},
};

void if_cli_init(struct cli_tree *t)
{
	cfg_module_register(&if_module);
	cli_iftypes_set(t, iftypes, sizeof(iftypes) / sizeof(iftypes[0]));
	cli_cmds_add(t, if_cmds, sizeof(if_cmds) / sizeof(if_cmds[0]));
}
