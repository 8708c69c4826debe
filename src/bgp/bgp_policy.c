/* neighbor route-map in|out: the verdict and the sets on BGP attributes (see bgp_policy.h). */
#include <stdlib.h>

#include "bgp/bgp_policy.h"
#include "bgp/bgp_run.h"

#define BGP_PATH_TAG 0 /* what match tag sees of a BGP path */

enum bgp_afi bgp_afi_of(enum bgp_family f)
{
	return f == BGP_FAMILY_VPNV4 ? BGP_AFI_VPNV4 : BGP_AFI_IPV4;
}

static const char *map_name(const struct bgp_nbr *nb, enum bgp_afi afi, bool out)
{
	for (; nb; nb = nb->nb_group) {
		const char *name = out ? nb->nb_af[afi].na_route_map_out : nb->nb_af[afi].na_route_map_in;
		if (name)
			return name;
	}
	return NULL;
}

bool bgp_policy_has_map(const struct bgp_nbr *nb, enum bgp_afi afi, bool out)
{
	return map_name(nb, afi, out) != NULL;
}

enum bgp_policy_verdict bgp_policy_decide(const struct config *cfg, const struct bgp_nbr *nb, enum bgp_afi afi,
					  bool out, uint32_t prefix, uint8_t plen, const struct rmap_entry **re)
{
	const char *name = map_name(nb, afi, out);
	const struct routemap *rm = name ? routemap_lookup(cfg, name) : NULL;
	const struct rmap_route route = {.rr_tag = BGP_PATH_TAG, .rr_prefix = prefix, .rr_plen = plen};

	*re = NULL;
	if (!name)
		return BGP_POLICY_NONE;
	if (rm)
		*re = routemap_match(cfg, rm, &route);
	if (!*re || !(*re)->re_permit) {
		*re = NULL;
		return BGP_POLICY_DENY;
	}
	return BGP_POLICY_PERMIT;
}

/* The extended communities with the entry's route targets in place of (or added to) the received ones. */
static int set_route_targets(const struct rmap_entry *re, struct bgp_attrs *a, struct bgp_ext_community **owned)
{
	const struct vrf_rts *rts = &re->re_set_rt;
	struct bgp_ext_community *ext = malloc((a->ba_next + rts->rt_n) * sizeof(*ext));
	size_t n = 0;

	if (!ext)
		return -1;
	for (size_t i = 0; i < a->ba_next; i++)
		if (re->re_rt_additive || !bgp_ext_is_rt(&a->ba_ext[i]))
			ext[n++] = a->ba_ext[i];
	for (size_t i = 0; i < rts->rt_n; i++)
		bgp_rt_of(&rts->rt_v[i], &ext[n++]);
	a->ba_ext = ext;
	a->ba_next = n;
	a->ba_has |= 1u << BGP_ATTR_EXT_COMMUNITIES;
	*owned = ext;
	return 0;
}

int bgp_policy_set(const struct rmap_entry *re, struct bgp_attrs *a, struct bgp_ext_community **ext_owned)
{
	*ext_owned = NULL;
	if (re->re_set_locpref.rs_on) {
		a->ba_local_pref = re->re_set_locpref.rs_value;
		a->ba_has |= 1u << BGP_ATTR_LOCAL_PREF;
	}
	if (re->re_set_metric.rs_on) {
		a->ba_med = re->re_set_metric.rs_value;
		a->ba_has |= 1u << BGP_ATTR_MED;
	}
	return re->re_set_rt.rt_n ? set_route_targets(re, a, ext_owned) : 0;
}
