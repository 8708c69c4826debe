/* Standard access lists: the configuration module and their evaluation on routes. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl.h"

struct cfg_module acl_module = {.cm_name = "access-list", .cm_new = seq_lists_new, .cm_free = seq_lists_free};

const struct omap *acl_all(const struct config *cfg)
{
	return cfg_mod(cfg, &acl_module);
}

const struct seq_list *acl_lookup(const struct config *cfg, const char *name)
{
	return seq_list_find(cfg, &acl_module, name);
}

bool acl_name_is_numbered(const char *name)
{
	unsigned long n;

	if (!*name || strlen(name) > 4 || strspn(name, "0123456789") != strlen(name))
		return false;
	n = strtoul(name, NULL, 10);
	return (n >= 1 && n <= 99) || (n >= 1300 && n <= 1999);
}

bool acl_entry_matches(const struct seq_node *sn, uint32_t prefix, uint8_t plen)
{
	const struct acl_entry *ae = (const struct acl_entry *)sn;

	(void)plen; /* a standard list sees the network address only */
	return (prefix & ~ae->ae_wild) == ae->ae_addr;
}

/*
 * A route-map's "match ip address" naming a list that does not exist
 * matches every route on IOS (the clause is ignored until the list is
 * defined); an existing list with no entries denies everything (implicit
 * deny). The caller, src/routemap, relies on this function for both.
 */
bool acl_permits_route(const struct config *cfg, const char *name, uint32_t prefix, uint8_t plen)
{
	const struct seq_list *sl = acl_lookup(cfg, name);

	return !sl || seq_list_permits(sl, acl_entry_matches, prefix, plen);
}

void acl_entry_spec(const struct acl_entry *ae, bool show, char *buf, size_t len)
{
	char addr[INET_ADDRSTRLEN], wild[INET_ADDRSTRLEN];
	struct in_addr in = {htonl(ae->ae_addr)}, wi = {htonl(ae->ae_wild)};

	inet_ntop(AF_INET, &in, addr, sizeof(addr));
	inet_ntop(AF_INET, &wi, wild, sizeof(wild));
	if (ae->ae_wild == UINT32_MAX)
		snprintf(buf, len, "any");
	else if (!ae->ae_wild)
		snprintf(buf, len, "%s", addr);
	else
		snprintf(buf, len, "%s%s %s", addr, show ? ", wildcard bits" : "", wild);
}
