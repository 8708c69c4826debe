/*
 * The attributes made of AS numbers: AS_PATH and AGGREGATOR, two or four
 * octets each as the session negotiated (RFC 6793 §4), and AS4_PATH and
 * AS4_AGGREGATOR, always four, which only OLD speakers send.
 */
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_msg_int.h"

static struct bgp_attrs *attrs_of(struct attr_ctx *x)
{
	return &x->ax_update->bu_attrs;
}

static unsigned asn_width(const struct attr_def *d, const struct bgp_codec *c)
{
	return d->ad_width != BGP_SESSION_ASN_WIDTH ? d->ad_width : c->bc_as4 ? 4 : 2;
}

static bool asn_fits(uint32_t asn, unsigned width)
{
	return width == 4 || asn <= UINT16_MAX;
}

void bgp_aspath_free(struct bgp_aspath *p)
{
	free(p->bap_segs);
	free(p->bap_asns);
	memset(p, 0, sizeof(*p));
}

static bool segment_decode(const struct attr_def *d, struct bgp_in *val, unsigned width, struct bgp_aspath *p)
{
	uint8_t type, count;
	uint32_t asns[UINT8_MAX];

	if (!in_u8(val, &type) || !in_u8(val, &count) || count == 0 || type < BGP_AS_SET ||
	    type > (d->ad_type == BGP_ATTR_AS4_PATH ? BGP_AS_SEQUENCE : BGP_AS_CONFED_SET))
		return false;
	for (unsigned i = 0; i < count; i++)
		if (!in_uint(val, width, &asns[i]))
			return false;
	return bgp_aspath_add_segment(p, type, asns, count) == 0;
}

/* RFC 7606 §7.2, RFC 6793 §6 (which also keeps confederation segments out of AS4_PATH). */
bool bgp_aspath_decode(const struct attr_def *d, struct bgp_in *val, struct attr_ctx *x, struct attr_fault *f)
{
	struct bgp_aspath *p = bgp_attr_field(d, attrs_of(x));
	unsigned width = asn_width(d, x->ax_codec);

	while (val->in_left) {
		if (!segment_decode(d, val, width, p)) {
			bgp_aspath_free(p);
			return bgp_attr_fault(f, BGP_SUB_MALFORMED_AS_PATH, "malformed AS path segment");
		}
	}
	return true;
}

bool bgp_aspath_encode(const struct attr_def *d, struct bgp_out *o, const struct bgp_attrs *a,
		       const struct bgp_codec *c)
{
	const struct bgp_aspath *p = bgp_attr_field(d, a);
	unsigned width = asn_width(d, c);
	size_t at = 0;

	for (size_t s = 0; s < p->bap_nsegs; s++) {
		const struct bgp_as_segment *seg = &p->bap_segs[s];
		if (seg->bas_count == 0 || at + seg->bas_count > p->bap_nasns)
			return false;
		out_u8(o, seg->bas_type);
		out_u8(o, seg->bas_count);
		for (unsigned i = 0; i < seg->bas_count; i++, at++) {
			if (!asn_fits(p->bap_asns[at], width))
				return false;
			out_uint(o, width, p->bap_asns[at]);
		}
	}
	return true;
}

/* RFC 6793 §6: the AS4 attributes are for OLD speakers only; malformed ones are discarded. */
static bool as4_allowed(const struct attr_ctx *x, struct attr_fault *f)
{
	if (x->ax_codec->bc_as4)
		return bgp_attr_fault(f, BGP_SUB_UNSPECIFIC, "AS4 attribute between 4-octet AS speakers");
	return true;
}

bool bgp_as4_path_decode(const struct attr_def *d, struct bgp_in *val, struct attr_ctx *x, struct attr_fault *f)
{
	if (!as4_allowed(x, f))
		return false;
	if (val->in_left == 0)
		return bgp_attr_fault(f, BGP_SUB_ATTR_LENGTH, "empty AS4_PATH");
	return bgp_aspath_decode(d, val, x, f);
}

/* RFC 7606 §7.7: a wrong length is an attribute discard. */
bool bgp_aggregator_decode(const struct attr_def *d, struct bgp_in *val, struct attr_ctx *x, struct attr_fault *f)
{
	struct bgp_aggregator *ag = bgp_attr_field(d, attrs_of(x));
	unsigned width = asn_width(d, x->ax_codec);

	if (val->in_left != width + 4 || !in_uint(val, width, &ag->bag_asn) || !in_u32(val, &ag->bag_addr))
		return bgp_attr_fault(f, BGP_SUB_ATTR_LENGTH, "attribute length is wrong");
	return true;
}

bool bgp_aggregator_encode(const struct attr_def *d, struct bgp_out *o, const struct bgp_attrs *a,
			   const struct bgp_codec *c)
{
	const struct bgp_aggregator *ag = bgp_attr_field(d, a);
	unsigned width = asn_width(d, c);

	out_uint(o, width, ag->bag_asn);
	out_u32(o, ag->bag_addr);
	return asn_fits(ag->bag_asn, width);
}

bool bgp_as4_aggregator_decode(const struct attr_def *d, struct bgp_in *val, struct attr_ctx *x, struct attr_fault *f)
{
	return as4_allowed(x, f) && bgp_aggregator_decode(d, val, x, f);
}

int bgp_aspath_add_segment(struct bgp_aspath *p, uint8_t type, const uint32_t *asns, size_t n)
{
	const struct bgp_as_segment seg = {.bas_type = type, .bas_count = (uint8_t)n};
	uint32_t *all;

	if (n == 0 || n > UINT8_MAX || !(all = realloc(p->bap_asns, (p->bap_nasns + n) * sizeof(*all))))
		return -1;
	p->bap_asns = all;
	if (bgp_array_append(&p->bap_segs, &p->bap_nsegs, sizeof(seg), &seg) < 0)
		return -1;
	memcpy(all + p->bap_nasns, asns, n * sizeof(*all));
	p->bap_nasns += n;
	return 0;
}
