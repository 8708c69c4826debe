/*
 * IP standard access lists and prefix lists, for route filtering: the
 * configuration model (access-list, ip access-list standard, ip
 * prefix-list), their evaluation on a route's network and length, and
 * show ip access-lists / show ip prefix-list.
 *
 * Addresses are host order, as in src/rib (lpm_node.ln_addr) and BGP NLRI.
 */
#ifndef FERRY_ACL_ACL_H
#define FERRY_ACL_ACL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acl/seqlist.h"
#include "config/config.h"
#include "parser/cli.h"

/* One standard access-list entry: permits or denies the addresses addr matches outside the wildcard bits. */
struct acl_entry {
	struct seq_node ae_node; /* first: the list's link */
	uint32_t ae_addr;	 /* bits under the wildcard are zero, as IOS keeps them */
	uint32_t ae_wild;
};

/* One prefix-list entry: the first pe_plen bits of pe_prefix, a length in [pe_ge, pe_le]. */
struct pfx_entry {
	struct seq_node pe_node; /* first: the list's link */
	uint32_t pe_prefix;	 /* bits past pe_plen are zero */
	uint8_t pe_plen;
	uint8_t pe_ge, pe_le; /* 0: not given */
};

extern struct cfg_module acl_module;
extern struct cfg_module prefix_list_module;

/* Every access list / prefix list, in creation order (values: struct seq_list *). */
const struct omap *acl_all(const struct config *cfg);
const struct omap *prefix_list_all(const struct config *cfg);
const struct seq_list *acl_lookup(const struct config *cfg, const char *name);
const struct seq_list *prefix_list_lookup(const struct config *cfg, const char *name);

/*
 * Whether the access list permits the route: its network address tested
 * against each entry's address and wildcard, first match, implicit deny.
 * The length plays no part in a standard list.
 */
bool acl_permits_route(const struct config *cfg, const char *name, uint32_t prefix, uint8_t plen);
/* Whether the prefix list permits the route: first match, implicit deny. */
bool prefix_list_permits(const struct config *cfg, const char *name, uint32_t prefix, uint8_t plen);

/* Whether an entry covers a route (also what show and the tests use). */
bool acl_entry_matches(const struct seq_node *sn, uint32_t prefix, uint8_t plen);
bool pfx_entry_matches(const struct seq_node *sn, uint32_t prefix, uint8_t plen);

/* An entry's addresses as the configuration writes them ("any", "10.2.2.2", "10.1.0.0 0.0.255.255") or, with
 * show, as show ip access-lists does ("10.1.0.0, wildcard bits 0.0.255.255"). */
void acl_entry_spec(const struct acl_entry *ae, bool show, char *buf, size_t len);
/* A prefix-list entry's match: "10.0.0.0/8 ge 16 le 24". */
void pfx_entry_spec(const struct pfx_entry *pe, char *buf, size_t len);

/* access-list <1-99> and <1300-1999>: the numbers of IOS's standard lists, printed in their own form. */
bool acl_name_is_numbered(const char *name);

void acl_cli_init(struct cli_tree *t);
void prefix_list_cli_init(struct cli_tree *t);
void acl_show_init(struct cli_tree *t);

#endif
