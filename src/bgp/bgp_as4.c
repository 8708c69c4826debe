/*
 * RFC 6793 between ferryd (a NEW speaker) and OLD ones: the AS4_PATH and
 * AS4_AGGREGATOR attributes made for them (§4.2.2) and merged from them
 * (§4.2.3), so that the table always holds the real four-octet path.
 */
#include <string.h>

#include "bgp/bgp_msg_int.h"
#include "bgp/bgp_table.h"

#define HAS(a, t) (((a)->ba_has & (1u << (t))) != 0)

static bool aspath_needs_as4(const struct bgp_aspath *p)
{
	for (size_t i = 0; i < p->bap_nasns; i++)
		if (p->bap_asns[i] > UINT16_MAX)
			return true;
	return false;
}

static bool is_confed(uint8_t type)
{
	return type == BGP_AS_CONFED_SEQUENCE || type == BGP_AS_CONFED_SET;
}

/* AS4_PATH: the path's AS_SEQUENCE and AS_SET segments, four octets each (§6: no confederations). */
static int as4_path_of(const struct bgp_aspath *p, struct bgp_aspath *as4)
{
	const uint32_t *asns = p->bap_asns;

	memset(as4, 0, sizeof(*as4));
	for (size_t s = 0; s < p->bap_nsegs; asns += p->bap_segs[s].bas_count, s++) {
		uint8_t type = p->bap_segs[s].bas_type;
		if (!is_confed(type) && bgp_aspath_add_segment(as4, type, asns, p->bap_segs[s].bas_count) < 0) {
			bgp_aspath_free(as4);
			return -1;
		}
	}
	return 0;
}

int bgp_attrs_as4_for_old(struct bgp_attrs *a)
{
	if (HAS(a, BGP_ATTR_AS_PATH) && aspath_needs_as4(&a->ba_as_path)) {
		if (as4_path_of(&a->ba_as_path, &a->ba_as4_path) < 0)
			return -1;
		if (a->ba_as4_path.bap_nsegs)
			a->ba_has |= 1u << BGP_ATTR_AS4_PATH;
		for (size_t i = 0; i < a->ba_as_path.bap_nasns; i++)
			if (a->ba_as_path.bap_asns[i] > UINT16_MAX)
				a->ba_as_path.bap_asns[i] = BGP_AS_TRANS;
	}
	if (HAS(a, BGP_ATTR_AGGREGATOR) && a->ba_aggregator.bag_asn > UINT16_MAX) {
		a->ba_as4_aggregator = a->ba_aggregator;
		a->ba_aggregator.bag_asn = BGP_AS_TRANS;
		a->ba_has |= 1u << BGP_ATTR_AS4_AGGREGATOR;
	}
	return 0;
}

/* The leading n ASes of the path as bgp_aspath_length counts them, with the confederation segments among them. */
static int aspath_lead(const struct bgp_aspath *p, size_t n, struct bgp_aspath *out)
{
	const uint32_t *asns = p->bap_asns;

	for (size_t s = 0; s < p->bap_nsegs; asns += p->bap_segs[s].bas_count, s++) {
		const struct bgp_as_segment *seg = &p->bap_segs[s];
		size_t take = seg->bas_count;
		if (!n && !is_confed(seg->bas_type))
			break;
		if (seg->bas_type == BGP_AS_SEQUENCE && take > n)
			take = n;
		if (bgp_aspath_add_segment(out, seg->bas_type, asns, take) < 0)
			return -1;
		if (!is_confed(seg->bas_type))
			n -= seg->bas_type == BGP_AS_SET ? 1 : take;
	}
	return 0;
}

/* §4.2.3: as many leading ASes of AS_PATH as make AS4_PATH as long, then AS4_PATH; a shorter AS_PATH wins. */
static int merge_paths(struct bgp_attrs *a)
{
	const struct bgp_aspath *p4 = &a->ba_as4_path;
	size_t n = bgp_aspath_length(&a->ba_as_path), n4 = bgp_aspath_length(p4);
	struct bgp_aspath merged = {0};
	const uint32_t *asns = p4->bap_asns;

	if (n < n4)
		return 0;
	if (aspath_lead(&a->ba_as_path, n - n4, &merged) < 0)
		goto fail;
	for (size_t s = 0; s < p4->bap_nsegs; asns += p4->bap_segs[s].bas_count, s++)
		if (bgp_aspath_add_segment(&merged, p4->bap_segs[s].bas_type, asns, p4->bap_segs[s].bas_count) < 0)
			goto fail;
	bgp_aspath_free(&a->ba_as_path);
	a->ba_as_path = merged;
	return 0;
fail:
	bgp_aspath_free(&merged);
	return -1;
}

int bgp_attrs_as4_merge(struct bgp_attrs *a)
{
	bool real_aggregator = HAS(a, BGP_ATTR_AGGREGATOR) && a->ba_aggregator.bag_asn != BGP_AS_TRANS;
	int rc = 0;

	/* an AGGREGATOR with a real AS: a NEW speaker did not aggregate, the AS4 attributes are stale */
	if (!real_aggregator && HAS(a, BGP_ATTR_AGGREGATOR) && HAS(a, BGP_ATTR_AS4_AGGREGATOR))
		a->ba_aggregator = a->ba_as4_aggregator;
	if (!real_aggregator && HAS(a, BGP_ATTR_AS_PATH) && HAS(a, BGP_ATTR_AS4_PATH))
		rc = merge_paths(a);
	bgp_aspath_free(&a->ba_as4_path);
	a->ba_has &= ~(1u << BGP_ATTR_AS4_PATH | 1u << BGP_ATTR_AS4_AGGREGATOR);
	return rc;
}
