/* Prefix lists: the configuration module and their evaluation on routes. */
#include <arpa/inet.h>
#include <stdio.h>

#include "acl/acl.h"

struct cfg_module prefix_list_module = {.cm_name = "prefix-list", .cm_new = seq_lists_new, .cm_free = seq_lists_free};

const struct omap *prefix_list_all(const struct config *cfg)
{
	return cfg_mod(cfg, &prefix_list_module);
}

const struct seq_list *prefix_list_lookup(const struct config *cfg, const char *name)
{
	return seq_list_find(cfg, &prefix_list_module, name);
}

static uint32_t mask_of(uint8_t plen)
{
	return plen ? ~UINT32_C(0) << (32 - plen) : 0;
}

/* Without ge or le only the entry's own length; ge alone reaches to /32. */
bool pfx_entry_matches(const struct seq_node *sn, uint32_t prefix, uint8_t plen)
{
	const struct pfx_entry *pe = (const struct pfx_entry *)sn;
	uint8_t lo = pe->pe_ge ? pe->pe_ge : pe->pe_plen;
	uint8_t hi = pe->pe_le ? pe->pe_le : pe->pe_ge ? 32 : pe->pe_plen;

	if (plen < pe->pe_plen || plen < lo || plen > hi)
		return false;
	return (prefix & mask_of(pe->pe_plen)) == pe->pe_prefix;
}

/*
 * As IOS documents for route-maps: an empty or non-existent prefix list
 * permits every prefix; otherwise the first entry decides, implicit deny.
 */
bool prefix_list_permits(const struct config *cfg, const char *name, uint32_t prefix, uint8_t plen)
{
	const struct seq_list *sl = prefix_list_lookup(cfg, name);

	return !sl || !sl->sl_head || seq_list_permits(sl, pfx_entry_matches, prefix, plen);
}

void pfx_entry_spec(const struct pfx_entry *pe, char *buf, size_t len)
{
	char addr[INET_ADDRSTRLEN];
	struct in_addr in = {htonl(pe->pe_prefix)};
	int n;

	inet_ntop(AF_INET, &in, addr, sizeof(addr));
	n = snprintf(buf, len, "%s/%u", addr, pe->pe_plen);
	if (pe->pe_ge && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, " ge %u", pe->pe_ge);
	if (pe->pe_le && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " le %u", pe->pe_le);
}
