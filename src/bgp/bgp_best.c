/* Best-path selection in IOS's order (Cisco "BGP Best Path Selection Algorithm"; RFC 4271 §9.1.2.2). */
#include "bgp/bgp_table.h"

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

size_t bgp_aspath_length(const struct bgp_aspath *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->bap_nsegs; i++) {
		uint8_t type = p->bap_segs[i].bas_type;
		if (type == BGP_AS_SEQUENCE)
			n += p->bap_segs[i].bas_count;
		else if (type == BGP_AS_SET)
			n++; /* confederation segments do not count (RFC 5065 §5.3) */
	}
	return n;
}

/* The AS the route came from: the first of the path (0 when originated in this AS). */
static uint32_t neighbor_as(const struct bgp_attrs *a)
{
	const struct bgp_aspath *p = &a->ba_as_path;

	return p->bap_nsegs && p->bap_segs[0].bas_type == BGP_AS_SEQUENCE ? p->bap_asns[0] : 0;
}

static uint32_t med(const struct bgp_attrs *a)
{
	return a->ba_has & (1u << BGP_ATTR_MED) ? a->ba_med : 0; /* IOS: a missing MED is 0 (best) */
}

/* Steps 1-4: weight, local preference, locally originated, AS path length. */
static int cmp_preference(const struct bgp_path *a, const struct bgp_path *b)
{
	const struct bgp_attrs *x = &a->pa_attr->pat_attrs, *y = &b->pa_attr->pat_attrs;
	int c;

	if ((c = CMP(b->pa_weight, a->pa_weight)))
		return c;
	if ((c = CMP(bgp_pattr_local_pref(b->pa_attr), bgp_pattr_local_pref(a->pa_attr))))
		return c;
	if ((c = CMP(a->pa_src != NULL, b->pa_src != NULL)))
		return c;
	return CMP(bgp_aspath_length(&x->ba_as_path), bgp_aspath_length(&y->ba_as_path));
}

int bgp_path_cmp(const struct bgp_path *a, const struct bgp_path *b)
{
	const struct bgp_attrs *x = &a->pa_attr->pat_attrs, *y = &b->pa_attr->pat_attrs;
	int c;

	if ((c = cmp_preference(a, b)))
		return c;
	if ((c = CMP(x->ba_origin, y->ba_origin)))
		return c;
	if (neighbor_as(x) == neighbor_as(y) && (c = CMP(med(x), med(y))))
		return c;
	if ((c = CMP(b->pa_ebgp, a->pa_ebgp)))
		return c;
	if ((c = CMP(a->pa_from_id, b->pa_from_id)))
		return c;
	return CMP(a->pa_from, b->pa_from);
}

struct bgp_path *bgp_best_select(const struct bgp_dest *d)
{
	struct bgp_path *best = d->de_paths;

	for (struct bgp_path *p = best ? best->pa_next : NULL; p; p = p->pa_next)
		if (bgp_path_cmp(p, best) < 0)
			best = p;
	return best;
}
