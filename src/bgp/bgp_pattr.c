/* Path attributes held by the BGP table: deep copies, shared by reference among the routes of one UPDATE. */
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_table.h"

/* A copy of n elements of size sz; true with *dst NULL when there is nothing to copy. */
static bool dup_array(void **dst, const void *src, size_t n, size_t sz)
{
	*dst = NULL;
	if (!n)
		return true;
	*dst = malloc(n * sz);
	if (*dst)
		memcpy(*dst, src, n * sz);
	return *dst != NULL;
}

static bool aspath_copy(struct bgp_aspath *dst, const struct bgp_aspath *src)
{
	dst->bap_nsegs = src->bap_nsegs;
	dst->bap_nasns = src->bap_nasns;
	return dup_array((void **)&dst->bap_segs, src->bap_segs, src->bap_nsegs, sizeof(*src->bap_segs)) &&
	       dup_array((void **)&dst->bap_asns, src->bap_asns, src->bap_nasns, sizeof(*src->bap_asns));
}

static bool raw_copy(struct bgp_attrs *dst, const struct bgp_attrs *src)
{
	dst->ba_raw = NULL;
	dst->ba_nraw = 0;
	for (size_t i = 0; i < src->ba_nraw; i++)
		if (bgp_tlv_add(&dst->ba_raw, &dst->ba_nraw, src->ba_raw[i].btlv_type, src->ba_raw[i].btlv_value,
				src->ba_raw[i].btlv_len) < 0)
			return false;
	return true;
}

static bool attrs_copy(struct bgp_attrs *dst, const struct bgp_attrs *src)
{
	*dst = *src;
	memset(&dst->ba_as_path, 0, sizeof(dst->ba_as_path));
	memset(&dst->ba_as4_path, 0, sizeof(dst->ba_as4_path));
	dst->ba_communities = NULL;
	dst->ba_ext = NULL;
	dst->ba_raw = NULL;
	dst->ba_nraw = 0;
	return aspath_copy(&dst->ba_as_path, &src->ba_as_path) && aspath_copy(&dst->ba_as4_path, &src->ba_as4_path) &&
	       dup_array((void **)&dst->ba_communities, src->ba_communities, src->ba_ncommunities,
			 sizeof(*src->ba_communities)) &&
	       dup_array((void **)&dst->ba_ext, src->ba_ext, src->ba_next, sizeof(*src->ba_ext)) && raw_copy(dst, src);
}

struct bgp_pattr *bgp_pattr_new(const struct bgp_attrs *a)
{
	struct bgp_pattr *pa = calloc(1, sizeof(*pa));

	if (!pa)
		return NULL;
	pa->pat_refs = 1;
	if (!attrs_copy(&pa->pat_attrs, a)) {
		bgp_attrs_free(&pa->pat_attrs);
		free(pa);
		return NULL;
	}
	return pa;
}

struct bgp_pattr *bgp_pattr_ref(struct bgp_pattr *pa)
{
	pa->pat_refs++;
	return pa;
}

void bgp_pattr_unref(struct bgp_pattr *pa)
{
	if (!pa || --pa->pat_refs)
		return;
	bgp_attrs_free(&pa->pat_attrs);
	free(pa);
}

uint32_t bgp_pattr_local_pref(const struct bgp_pattr *pa)
{
	const struct bgp_attrs *a = &pa->pat_attrs;

	return a->ba_has & (1u << BGP_ATTR_LOCAL_PREF) ? a->ba_local_pref : BGP_LOCAL_PREF_DEFAULT;
}
