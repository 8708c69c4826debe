/*
 * libFuzzer harness: the input is one BGP message as an OLD speaker (no
 * 4-octet AS capability) would send it. An UPDATE's attributes are copied as
 * the BGP table keeps them, AS4_PATH and AS4_AGGREGATOR merged into the
 * path (RFC 6793 §4.2.3), then made again for an OLD peer (§4.2.2): every
 * AS of what is sent must fit two octets, and the merge of that must give
 * the same path (unless the RFC says it cannot: see survives_old). A crash, a leak, a sanitizer report or an abort()
 * here is a bug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool paths_equal(const struct bgp_aspath *a, const struct bgp_aspath *b)
{
	if (a->bap_nsegs != b->bap_nsegs || a->bap_nasns != b->bap_nasns)
		return false;
	return (!a->bap_nasns || memcmp(a->bap_asns, b->bap_asns, a->bap_nasns * sizeof(*a->bap_asns)) == 0) &&
	       (!a->bap_nsegs || memcmp(a->bap_segs, b->bap_segs, a->bap_nsegs * sizeof(*a->bap_segs)) == 0);
}

/* A path the round trip keeps: no confederation segment (AS4_PATH leaves them out), and no AGGREGATOR of a
 * two-octet AS (§4.2.3: to a NEW speaker it says an OLD one aggregated, and AS4_PATH is ignored). */
static bool survives_old(const struct bgp_attrs *a)
{
	const struct bgp_aspath *p = &a->ba_as_path;

	for (size_t i = 0; i < p->bap_nsegs; i++)
		if (p->bap_segs[i].bas_type == BGP_AS_CONFED_SEQUENCE || p->bap_segs[i].bas_type == BGP_AS_CONFED_SET)
			return false;
	return !(a->ba_has & (1u << BGP_ATTR_AGGREGATOR)) || a->ba_aggregator.bag_asn > UINT16_MAX ||
	       a->ba_aggregator.bag_asn == BGP_AS_TRANS;
}

/* For an OLD peer and back: two-octet ASes only on the way, the same path at the end when it can be. */
static void round_trip(const struct bgp_attrs *merged)
{
	struct bgp_pattr *out = bgp_pattr_new(merged);
	struct bgp_attrs *a = out ? &out->pat_attrs : NULL;

	if (!out || bgp_attrs_as4_for_old(a) < 0) {
		bgp_pattr_unref(out);
		return; /* out of memory */
	}
	for (size_t i = 0; i < a->ba_as_path.bap_nasns; i++)
		if (a->ba_as_path.bap_asns[i] > UINT16_MAX)
			abort();
	if ((a->ba_has & (1u << BGP_ATTR_AGGREGATOR)) && a->ba_aggregator.bag_asn > UINT16_MAX)
		abort();
	if (bgp_attrs_as4_merge(a) == 0 && survives_old(merged) && !paths_equal(&a->ba_as_path, &merged->ba_as_path))
		abort();
	bgp_pattr_unref(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct bgp_codec old = {.bc_ebgp = true};
	struct bgp_errors errs;
	struct bgp_msg m;
	struct bgp_pattr *pa;

	if (bgp_msg_decode(data, size, &old, &m, &errs) < BGP_ACT_SESSION_RESET && m.bm_type == BGP_MSG_UPDATE &&
	    (pa = bgp_pattr_new(&m.bm_update.bu_attrs))) {
		if (bgp_attrs_as4_merge(&pa->pat_attrs) == 0)
			round_trip(&pa->pat_attrs);
		bgp_pattr_unref(pa);
	}
	bgp_msg_free(&m);
	return 0;
}
