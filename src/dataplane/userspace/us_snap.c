/* Lookups in a published snapshot (worker side) and its release. */
#include "dataplane/userspace/us_snap.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

const struct us_route *us_snap_route(const struct us_snap *s, size_t vrf, struct in_addr dst)
{
	if (vrf >= s->sn_nvrfs)
		return NULL;
	return (const struct us_route *)lpm_longest(&s->sn_vrfs[vrf].vr_fib, ntohl(dst.s_addr), 32);
}

const struct us_label *us_snap_label(const struct us_snap *s, uint32_t label)
{
	return keymap_get(&s->sn_lfib, label);
}

bool us_snap_nbma(const struct us_snap *s, size_t link, struct in_addr overlay, struct in_addr *nbma)
{
	const struct in_addr *found = keymap_get(&s->sn_neigh, (uint64_t)link << 32 | overlay.s_addr);

	if (!found)
		return false;
	*nbma = *found;
	return true;
}

/* True when link l is GRE terminating src -> dst with this key. */
static bool us_gre_matches(const struct dp_link *l, struct in_addr src, struct in_addr dst, bool has_key, uint32_t key)
{
	if (l->dl_kind != DP_LINK_GRE && l->dl_kind != DP_LINK_MGRE)
		return false;
	if (!l->dl_up || l->dl_local.s_addr != dst.s_addr)
		return false;
	if (l->dl_kind == DP_LINK_GRE && l->dl_remote.s_addr != src.s_addr)
		return false;
	return l->dl_has_key == has_key && (!has_key || l->dl_key == key);
}

size_t us_snap_gre_link(const struct us_snap *s, struct in_addr src, struct in_addr dst, bool has_key, uint32_t key)
{
	for (size_t i = 0; i < s->sn_nlinks; i++)
		if (us_gre_matches(&s->sn_links[i].lk_cfg, src, dst, has_key, key))
			return i;
	return US_NO_LINK;
}

bool us_snap_is_local(const struct us_snap *s, size_t vrf, struct in_addr addr)
{
	return keymap_get(&s->sn_local, (uint64_t)vrf << 32 | addr.s_addr) != NULL;
}

size_t us_snap_vrf(const struct us_snap *s, const char *name)
{
	for (size_t i = 0; i < s->sn_nvrfs; i++)
		if (strcmp(s->sn_vrfs[i].vr_name, name) == 0)
			return i;
	return SIZE_MAX;
}

void us_snap_free(struct us_rcu_head *head)
{
	struct us_snap *s = (struct us_snap *)head;

	for (size_t i = 0; i < s->sn_nvrfs; i++)
		lpm_clear(&s->sn_vrfs[i].vr_fib);
	keymap_clear(&s->sn_lfib);
	keymap_clear(&s->sn_neigh);
	keymap_clear(&s->sn_sa_in);
	keymap_clear(&s->sn_sa_out);
	keymap_clear(&s->sn_protect);
	keymap_clear(&s->sn_local);
	for (size_t i = 0; i < s->sn_nretired; i++)
		free(s->sn_retired[i]);
	free(s->sn_retired);
	free(s->sn_vrfs);
	free(s->sn_links);
	free(s->sn_routes);
	free(s->sn_labels);
	free(s->sn_nbmas);
	free(s);
}
