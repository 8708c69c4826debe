/*
 * Whether two attribute sets say the same (bgp_table.h): a peer announcing
 * a route again as it was, or a soft in whose route-map decides as before,
 * changes nothing, and must not make the route new (its age, its table
 * version, UPDATEs to every other peer). Field by field: the structs have
 * padding and pointers.
 */
#include <string.h>

#include "bgp/bgp_table.h"

static bool same_words(const uint32_t *a, const uint32_t *b, size_t n)
{
	return n == 0 || memcmp(a, b, n * sizeof(*a)) == 0;
}

static bool same_aspath(const struct bgp_aspath *a, const struct bgp_aspath *b)
{
	if (a->bap_nsegs != b->bap_nsegs || a->bap_nasns != b->bap_nasns)
		return false;
	for (size_t i = 0; i < a->bap_nsegs; i++)
		if (a->bap_segs[i].bas_type != b->bap_segs[i].bas_type ||
		    a->bap_segs[i].bas_count != b->bap_segs[i].bas_count)
			return false;
	return same_words(a->bap_asns, b->bap_asns, a->bap_nasns);
}

static bool same_aggregator(const struct bgp_aggregator *a, const struct bgp_aggregator *b)
{
	return a->bag_asn == b->bag_asn && a->bag_addr == b->bag_addr;
}

static bool same_ext(const struct bgp_ext_community *a, const struct bgp_ext_community *b)
{
	return a->bec_type == b->bec_type && a->bec_subtype == b->bec_subtype &&
	       a->bec_rt.ban_admin == b->bec_rt.ban_admin && a->bec_rt.ban_number == b->bec_rt.ban_number &&
	       memcmp(a->bec_value, b->bec_value, sizeof(a->bec_value)) == 0;
}

static bool same_raw(const struct bgp_tlv *a, const struct bgp_tlv *b)
{
	return a->btlv_type == b->btlv_type && a->btlv_len == b->btlv_len &&
	       (a->btlv_len == 0 || memcmp(a->btlv_value, b->btlv_value, a->btlv_len) == 0);
}

/* The lists: same lengths, elements alike in order. */
static bool same_lists(const struct bgp_attrs *a, const struct bgp_attrs *b)
{
	if (a->ba_ncommunities != b->ba_ncommunities || a->ba_next != b->ba_next || a->ba_nraw != b->ba_nraw ||
	    !same_words(a->ba_communities, b->ba_communities, a->ba_ncommunities))
		return false;
	for (size_t i = 0; i < a->ba_next; i++)
		if (!same_ext(&a->ba_ext[i], &b->ba_ext[i]))
			return false;
	for (size_t i = 0; i < a->ba_nraw; i++)
		if (!same_raw(&a->ba_raw[i], &b->ba_raw[i]))
			return false;
	return true;
}

bool bgp_attrs_equal(const struct bgp_attrs *a, const struct bgp_attrs *b)
{
	return a->ba_has == b->ba_has && a->ba_origin == b->ba_origin && a->ba_next_hop == b->ba_next_hop &&
	       a->ba_med == b->ba_med && a->ba_local_pref == b->ba_local_pref &&
	       same_aggregator(&a->ba_aggregator, &b->ba_aggregator) &&
	       same_aggregator(&a->ba_as4_aggregator, &b->ba_as4_aggregator) &&
	       same_aspath(&a->ba_as_path, &b->ba_as_path) && same_aspath(&a->ba_as4_path, &b->ba_as4_path) &&
	       same_lists(a, b);
}
