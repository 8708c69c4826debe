/* NHRP interface commands: ip nhrp network-id, authentication, holdtime, nhs, map, registration, redirect, shortcut. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "config/modes.h"
#include "config/order.h"
#include "nhrp/nhrp.h"

static void entries_free(struct nhrp_entry *e)
{
	for (struct nhrp_entry *n; e; e = n) {
		n = e->ne_next;
		free(e);
	}
}

static void nhrp_free(void *data)
{
	struct nhrp_if *nh = data;

	entries_free(nh->nh_nhs);
	entries_free(nh->nh_maps);
	entries_free(nh->nh_mcast);
	free(nh);
}

static struct if_ext_ops nhrp_ext = {.ie_name = "nhrp", .ie_free = nhrp_free};

const struct nhrp_if *nhrp_of(const struct iface *ifp)
{
	return if_ext(ifp, &nhrp_ext);
}

/* The current interface's NHRP settings for a handler; NULL when out of memory. */
static struct nhrp_if *nhrp_ctx(struct cli_ctx *c)
{
	return if_ext_get(if_of(c), &nhrp_ext, sizeof(struct nhrp_if));
}

/* The link to the entry with that key (address, or "dynamic"), or to the list's end. */
static struct nhrp_entry **entry_link(struct nhrp_entry **head, const struct nhrp_entry *key)
{
	while (*head && ((*head)->ne_addr.s_addr != key->ne_addr.s_addr || (*head)->ne_dynamic != key->ne_dynamic))
		head = &(*head)->ne_next;
	return head;
}

/* Adds or replaces the entry with e's key, or for "no" removes it. */
static int list_apply(struct cli_ctx *c, const struct cli_args *a, struct nhrp_entry **head, const struct nhrp_entry *e)
{
	struct nhrp_entry **pp = entry_link(head, e), *old = *pp;

	if (a->a_negate) {
		if (old) {
			*pp = old->ne_next;
			free(old);
		}
		return 0;
	}
	if (!old && !(old = *pp = calloc(1, sizeof(*old))))
		return cli_fail(c, "Out of memory");
	struct nhrp_entry *next = old->ne_next;
	*old = *e;
	old->ne_next = next;
	return 0;
}

static bool addr_arg(const struct cli_args *a, const char *name, struct in_addr *out)
{
	const char *v = cli_arg(a, name);
	return v && inet_pton(AF_INET, v, out) == 1;
}

static const char *addr_str(struct in_addr addr, char *buf)
{
	return inet_ntop(AF_INET, &addr, buf, INET_ADDRSTRLEN);
}

static int run_network_id(struct cli_ctx *c, const struct cli_args *a)
{
	struct nhrp_if *nh = nhrp_ctx(c);

	if (!nh)
		return cli_fail(c, "Out of memory");
	nh->nh_network_id = a->a_negate ? 0 : (uint32_t)cli_arg_num(a, "<1-4294967295>", 0);
	return 0;
}

static void print_network_id(struct cli_writer *w, const void *obj)
{
	const struct nhrp_if *nh = nhrp_of(obj);

	if (nh && nh->nh_network_id)
		cli_line(w, "ip nhrp network-id %u", nh->nh_network_id);
}

static int run_authentication(struct cli_ctx *c, const struct cli_args *a)
{
	const char *key = a->a_negate ? "" : cli_arg(a, "WORD");
	struct nhrp_if *nh = nhrp_ctx(c);

	if (!nh)
		return cli_fail(c, "Out of memory");
	if (strlen(key) > NHRP_AUTHLEN)
		return cli_fail(c, "NHRP authentication string is limited to %d characters", NHRP_AUTHLEN);
	strcpy(nh->nh_auth, key);
	return 0;
}

static void print_authentication(struct cli_writer *w, const void *obj)
{
	const struct nhrp_if *nh = nhrp_of(obj);

	if (nh && nh->nh_auth[0])
		cli_line(w, "ip nhrp authentication %s", nh->nh_auth);
}

static int run_holdtime(struct cli_ctx *c, const struct cli_args *a)
{
	struct nhrp_if *nh = nhrp_ctx(c);

	if (!nh)
		return cli_fail(c, "Out of memory");
	nh->nh_holdtime = a->a_negate ? 0 : (uint16_t)cli_arg_num(a, "<1-65535>", 0);
	return 0;
}

static void print_holdtime(struct cli_writer *w, const void *obj)
{
	const struct nhrp_if *nh = nhrp_of(obj);

	if (nh && nh->nh_holdtime)
		cli_line(w, "ip nhrp holdtime %u", nh->nh_holdtime);
}

static int run_nhs(struct cli_ctx *c, const struct cli_args *a)
{
	struct nhrp_entry e = {.ne_multicast = cli_has(a, "multicast")};
	struct nhrp_if *nh = nhrp_ctx(c);

	if (!nh)
		return cli_fail(c, "Out of memory");
	addr_arg(a, "proto", &e.ne_addr);
	e.ne_has_nbma = addr_arg(a, "nbma_addr", &e.ne_nbma);
	return list_apply(c, a, &nh->nh_nhs, &e);
}

static void print_nhs(struct cli_writer *w, const void *obj)
{
	const struct nhrp_if *nh = nhrp_of(obj);
	char addr[INET_ADDRSTRLEN], nbma[INET_ADDRSTRLEN];

	for (const struct nhrp_entry *e = nh ? nh->nh_nhs : NULL; e; e = e->ne_next)
		cli_line(w, "ip nhrp nhs %s%s%s%s", addr_str(e->ne_addr, addr), e->ne_has_nbma ? " nbma " : "",
			 e->ne_has_nbma ? addr_str(e->ne_nbma, nbma) : "", e->ne_multicast ? " multicast" : "");
}

static int run_map(struct cli_ctx *c, const struct cli_args *a)
{
	struct nhrp_entry e = {0};
	struct nhrp_if *nh = nhrp_ctx(c);

	if (!nh)
		return cli_fail(c, "Out of memory");
	addr_arg(a, "proto", &e.ne_addr);
	e.ne_has_nbma = addr_arg(a, "nbma_addr", &e.ne_nbma);
	return list_apply(c, a, &nh->nh_maps, &e);
}

static void print_map(struct cli_writer *w, const void *obj)
{
	const struct nhrp_if *nh = nhrp_of(obj);
	char addr[INET_ADDRSTRLEN], nbma[INET_ADDRSTRLEN];

	for (const struct nhrp_entry *e = nh ? nh->nh_maps : NULL; e; e = e->ne_next)
		cli_line(w, "ip nhrp map %s %s", addr_str(e->ne_addr, addr), addr_str(e->ne_nbma, nbma));
}

static int run_map_multicast(struct cli_ctx *c, const struct cli_args *a)
{
	struct nhrp_entry e = {.ne_dynamic = cli_has(a, "dynamic")};
	struct nhrp_if *nh = nhrp_ctx(c);

	if (!nh)
		return cli_fail(c, "Out of memory");
	addr_arg(a, "nbma_addr", &e.ne_addr);
	return list_apply(c, a, &nh->nh_mcast, &e);
}

static void print_map_multicast(struct cli_writer *w, const void *obj)
{
	const struct nhrp_if *nh = nhrp_of(obj);
	char addr[INET_ADDRSTRLEN];

	for (const struct nhrp_entry *e = nh ? nh->nh_mcast : NULL; e; e = e->ne_next)
		cli_line(w, "ip nhrp map multicast %s", e->ne_dynamic ? "dynamic" : addr_str(e->ne_addr, addr));
}

static int run_registration_timeout(struct cli_ctx *c, const struct cli_args *a)
{
	struct nhrp_if *nh = nhrp_ctx(c);

	if (!nh)
		return cli_fail(c, "Out of memory");
	nh->nh_reg_timeout = a->a_negate ? 0 : (uint16_t)cli_arg_num(a, "<1-65535>", 0);
	return 0;
}

static void print_registration_timeout(struct cli_writer *w, const void *obj)
{
	const struct nhrp_if *nh = nhrp_of(obj);

	if (nh && nh->nh_reg_timeout)
		cli_line(w, "ip nhrp registration timeout %u", nh->nh_reg_timeout);
}

static int run_registration_no_unique(struct cli_ctx *c, const struct cli_args *a)
{
	struct nhrp_if *nh = nhrp_ctx(c);

	if (!nh)
		return cli_fail(c, "Out of memory");
	nh->nh_reg_no_unique = !a->a_negate;
	return 0;
}

static void print_registration_no_unique(struct cli_writer *w, const void *obj)
{
	const struct nhrp_if *nh = nhrp_of(obj);

	if (nh && nh->nh_reg_no_unique)
		cli_line(w, "ip nhrp registration no-unique");
}

static int run_redirect(struct cli_ctx *c, const struct cli_args *a)
{
	struct nhrp_if *nh = nhrp_ctx(c);

	if (!nh)
		return cli_fail(c, "Out of memory");
	nh->nh_redirect = !a->a_negate;
	nh->nh_redirect_timeout = a->a_negate ? 0 : (uint8_t)cli_arg_num(a, "<2-30>", 0);
	return 0;
}

static void print_redirect(struct cli_writer *w, const void *obj)
{
	const struct nhrp_if *nh = nhrp_of(obj);

	if (nh && nh->nh_redirect && nh->nh_redirect_timeout)
		cli_line(w, "ip nhrp redirect timeout %u", nh->nh_redirect_timeout);
	else if (nh && nh->nh_redirect)
		cli_line(w, "ip nhrp redirect");
}

static int run_shortcut(struct cli_ctx *c, const struct cli_args *a)
{
	struct nhrp_if *nh = nhrp_ctx(c);

	if (!nh)
		return cli_fail(c, "Out of memory");
	nh->nh_shortcut = !a->a_negate;
	return 0;
}

static void print_shortcut(struct cli_writer *w, const void *obj)
{
	const struct nhrp_if *nh = nhrp_of(obj);

	if (nh && nh->nh_shortcut)
		cli_line(w, "ip nhrp shortcut");
}

#define NHRP_HELP "Interface Internet Protocol config commands\nNBMA Next Hop Resolution Protocol\n"
#define NHRP_CMD(syntax, help, no_syntax, run, print, pos)                                                             \
	{                                                                                                              \
		.cc_syntax = "ip nhrp " syntax, .cc_help = NHRP_HELP help, .cc_no_syntax = no_syntax,                  \
		.cc_modes = MODES_IF_ALL, .cc_flags = CLI_NEGATE, .cc_run = run, .cc_print = print,                    \
		.cc_order = ORD_IF_NHRP + (pos)                                                                        \
	}

/* Printed in IOS order: network-id, authentication, holdtime, nhs, map ..., redirect, shortcut. */
static struct cli_cmd nhrp_cmds[] = {
    NHRP_CMD("network-id <1-4294967295>", "NBMA network identifier\nnetwork identifier",
	     "ip nhrp network-id [<1-4294967295>]", run_network_id, print_network_id, 0),
    NHRP_CMD("authentication WORD", "Authentication string\nAuthentication string (up to 8 characters)",
	     "ip nhrp authentication [WORD]", run_authentication, print_authentication, 1),
    NHRP_CMD("holdtime <1-65535>", "Advertised holdtime\nNumber of seconds", "ip nhrp holdtime [<1-65535>]",
	     run_holdtime, print_holdtime, 2),
    NHRP_CMD("nhs A.B.C.D$proto [nbma A.B.C.D$nbma_addr] [multicast]",
	     "Specify a next hop server\nAddress of next hop server\nNBMA address of the next hop server\nNBMA "
	     "address\nUse this NHS for multicast traffic",
	     NULL, run_nhs, print_nhs, 3),
    NHRP_CMD("map A.B.C.D$proto A.B.C.D$nbma_addr",
	     "Map dest IP addresses to NBMA addresses\nIP address of destination\nNBMA address",
	     "ip nhrp map A.B.C.D$proto [A.B.C.D$nbma_addr]", run_map, print_map, 4),
    NHRP_CMD("map multicast (A.B.C.D$nbma_addr|dynamic)",
	     "Map dest IP addresses to NBMA addresses\nNBMA address for multicasts\nNBMA address\nLearn mappings "
	     "from NHRP registrations",
	     NULL, run_map_multicast, print_map_multicast, 5),
    NHRP_CMD("registration timeout <1-65535>",
	     "Settings for registration packets\nInterval between periodic registrations\nNumber of seconds",
	     "ip nhrp registration timeout [<1-65535>]", run_registration_timeout, print_registration_timeout, 6),
    NHRP_CMD("registration no-unique",
	     "Settings for registration packets\nDo not set the unique flag in registration requests", NULL,
	     run_registration_no_unique, print_registration_no_unique, 7),
    NHRP_CMD("redirect [timeout <2-30>]",
	     "Enable NHRP redirect\nInterval between redirects to the same source\nNumber of seconds", NULL,
	     run_redirect, print_redirect, 8),
    NHRP_CMD("shortcut", "Enable shortcut switching", NULL, run_shortcut, print_shortcut, 9),
};

void nhrp_cli_init(struct cli_tree *t)
{
	if_ext_register(&nhrp_ext);
	cli_cmds_add(t, nhrp_cmds, sizeof(nhrp_cmds) / sizeof(nhrp_cmds[0]));
}
