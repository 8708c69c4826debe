/*
 * Path attributes (RFC 4271 §4.3, §5): one table entry per attribute type
 * gives its flags, its RFC 7606 §7 error action and the codec both directions
 * use. The decoder checks flags and lengths, drops duplicates (RFC 7606 §3 g),
 * keeps unrecognized optional transitive attributes raw and reports every
 * fault with its action instead of stopping.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_msg_int.h"

#define F_WELL_KNOWN	 BGP_ATTR_F_TRANSITIVE
#define F_OPT_TRANSITIVE (BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_TRANSITIVE)
#define F_OPT_NONTRANSIT BGP_ATTR_F_OPTIONAL
#define F_CATEGORY	 (BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_TRANSITIVE)

bool bgp_attr_fault(struct attr_fault *f, uint8_t subcode, const char *what)
{
	f->af_subcode = subcode;
	f->af_what = what;
	return false;
}

static struct bgp_attrs *attrs_of(struct attr_ctx *x)
{
	return &x->ax_update->bu_attrs;
}

/* ---- fixed-size values: ORIGIN, NEXT_HOP, MED, LOCAL_PREF, ATOMIC_AGGREGATE ---- */

static bool fixed_decode(const struct attr_def *d, struct bgp_in *val, struct attr_ctx *x, struct attr_fault *f)
{
	uint32_t v;

	if (val->in_left != d->ad_width || !in_uint(val, d->ad_width, &v))
		return bgp_attr_fault(f, BGP_SUB_ATTR_LENGTH, "attribute length is wrong");
	if (d->ad_width == 1)
		*(uint8_t *)bgp_attr_field(d, attrs_of(x)) = (uint8_t)v;
	else if (d->ad_width == 4)
		*(uint32_t *)bgp_attr_field(d, attrs_of(x)) = v;
	return true;
}

static bool fixed_encode(const struct attr_def *d, struct bgp_out *o, const struct bgp_attrs *a,
			 const struct bgp_codec *c)
{
	if (d->ad_width == 1)
		out_u8(o, *(const uint8_t *)bgp_attr_field(d, a));
	else if (d->ad_width == 4)
		out_u32(o, *(const uint32_t *)bgp_attr_field(d, a));
	return true;
}

static bool origin_decode(const struct attr_def *d, struct bgp_in *val, struct attr_ctx *x, struct attr_fault *f)
{
	if (!fixed_decode(d, val, x, f))
		return false;
	if (attrs_of(x)->ba_origin > BGP_ORIGIN_INCOMPLETE)
		return bgp_attr_fault(f, BGP_SUB_BAD_ORIGIN, "undefined ORIGIN");
	return true;
}

static bool local_pref_decode(const struct attr_def *d, struct bgp_in *val, struct attr_ctx *x, struct attr_fault *f)
{
	if (x->ax_codec->bc_ebgp) {
		f->af_action = BGP_ACT_ATTR_DISCARD;
		return bgp_attr_fault(f, BGP_SUB_UNSPECIFIC, "LOCAL_PREF from an external peer");
	}
	return fixed_decode(d, val, x, f);
}

/* ---- lists: COMMUNITIES, EXTENDED_COMMUNITIES ---- */

/* An attribute made of same-size items. */
struct list_def {
	size_t ld_wire, ld_size; /* one item's octets on the wire and in memory */
	size_t ld_count;	 /* offsetof the item count in struct bgp_attrs */
	bool (*ld_decode)(struct bgp_in *in, void *item);
	void (*ld_encode)(struct bgp_out *o, const void *item);
};

static bool community_decode(struct bgp_in *in, void *item)
{
	return in_u32(in, item);
}

static void community_encode(struct bgp_out *o, const void *item)
{
	out_u32(o, *(const uint32_t *)item);
}

static bool ext_decode(struct bgp_in *in, void *item)
{
	struct bgp_ext_community *ec = item;

	if (!in_u8(in, &ec->bec_type) || !in_u8(in, &ec->bec_subtype))
		return false;
	if (bgp_ext_is_rt(ec))
		return bgp_asnn_decode(in, ec->bec_type, &ec->bec_rt);
	return in_copy(in, ec->bec_value, sizeof(ec->bec_value));
}

static void ext_encode(struct bgp_out *o, const void *item)
{
	const struct bgp_ext_community *ec = item;

	out_u8(o, ec->bec_type);
	out_u8(o, ec->bec_subtype);
	if (bgp_ext_is_rt(ec))
		bgp_asnn_encode(o, ec->bec_type, &ec->bec_rt);
	else
		out_bytes(o, ec->bec_value, sizeof(ec->bec_value));
}

static const struct list_def communities_list = {4, sizeof(uint32_t), offsetof(struct bgp_attrs, ba_ncommunities),
						 community_decode, community_encode};
static const struct list_def ext_list = {8, sizeof(struct bgp_ext_community), offsetof(struct bgp_attrs, ba_next),
					 ext_decode, ext_encode};

/* RFC 7606 §7.8, §7.14: the length is a non-zero multiple of the item size. */
static bool list_decode(const struct attr_def *d, struct bgp_in *val, struct attr_ctx *x, struct attr_fault *f)
{
	const struct list_def *l = d->ad_list;
	size_t n = val->in_left / l->ld_wire;
	char *items;

	if (n == 0 || val->in_left % l->ld_wire)
		return bgp_attr_fault(f, BGP_SUB_ATTR_LENGTH, "attribute length is not a multiple of its items");
	if (!(items = calloc(n, l->ld_size))) {
		f->af_action = BGP_ACT_SESSION_RESET;
		return bgp_attr_fault(f, BGP_SUB_UNSPECIFIC, "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		l->ld_decode(val, items + i * l->ld_size);
	*(void **)bgp_attr_field(d, attrs_of(x)) = items;
	*(size_t *)((char *)attrs_of(x) + l->ld_count) = n;
	return true;
}

static bool list_encode(const struct attr_def *d, struct bgp_out *o, const struct bgp_attrs *a,
			const struct bgp_codec *c)
{
	const struct list_def *l = d->ad_list;
	const char *items = *(void *const *)bgp_attr_field(d, a);
	size_t n = *(const size_t *)((const char *)a + l->ld_count);

	for (size_t i = 0; i < n; i++)
		l->ld_encode(o, items + i * l->ld_size);
	return n > 0;
}

/* One entry per attribute type, in the order the encoder writes them (RFC 7606 §5.1: MP ones first). */
#define ATTR(t, fl, act, dec, enc)                                                                                     \
	.ad_type = (t), .ad_flags = (fl), .ad_on_error = (act), .ad_decode = (dec), .ad_encode = (enc)
#define FIELD(f) .ad_field = offsetof(struct bgp_attrs, f)
static const struct attr_def attr_defs[] = {
    {ATTR(BGP_ATTR_MP_UNREACH_NLRI, F_OPT_NONTRANSIT, BGP_ACT_AFI_SAFI_DISABLE, bgp_mp_unreach_decode, NULL)},
    {ATTR(BGP_ATTR_MP_REACH_NLRI, F_OPT_NONTRANSIT, BGP_ACT_AFI_SAFI_DISABLE, bgp_mp_reach_decode, NULL)},
    {ATTR(BGP_ATTR_ORIGIN, F_WELL_KNOWN, BGP_ACT_TREAT_AS_WITHDRAW, origin_decode, fixed_encode), FIELD(ba_origin),
     .ad_width = 1},
    {ATTR(BGP_ATTR_AS_PATH, F_WELL_KNOWN, BGP_ACT_TREAT_AS_WITHDRAW, bgp_aspath_decode, bgp_aspath_encode),
     FIELD(ba_as_path), .ad_width = BGP_SESSION_ASN_WIDTH},
    {ATTR(BGP_ATTR_NEXT_HOP, F_WELL_KNOWN, BGP_ACT_TREAT_AS_WITHDRAW, fixed_decode, fixed_encode), FIELD(ba_next_hop),
     .ad_width = 4},
    {ATTR(BGP_ATTR_MED, F_OPT_NONTRANSIT, BGP_ACT_TREAT_AS_WITHDRAW, fixed_decode, fixed_encode), FIELD(ba_med),
     .ad_width = 4},
    {ATTR(BGP_ATTR_LOCAL_PREF, F_WELL_KNOWN, BGP_ACT_TREAT_AS_WITHDRAW, local_pref_decode, fixed_encode),
     FIELD(ba_local_pref), .ad_width = 4},
    {ATTR(BGP_ATTR_ATOMIC_AGGREGATE, F_WELL_KNOWN, BGP_ACT_ATTR_DISCARD, fixed_decode, fixed_encode), .ad_width = 0},
    {ATTR(BGP_ATTR_AGGREGATOR, F_OPT_TRANSITIVE, BGP_ACT_ATTR_DISCARD, bgp_aggregator_decode, bgp_aggregator_encode),
     FIELD(ba_aggregator), .ad_width = BGP_SESSION_ASN_WIDTH},
    {ATTR(BGP_ATTR_COMMUNITIES, F_OPT_TRANSITIVE, BGP_ACT_TREAT_AS_WITHDRAW, list_decode, list_encode),
     FIELD(ba_communities), .ad_list = &communities_list},
    {ATTR(BGP_ATTR_EXT_COMMUNITIES, F_OPT_TRANSITIVE, BGP_ACT_TREAT_AS_WITHDRAW, list_decode, list_encode),
     FIELD(ba_ext), .ad_list = &ext_list},
    {ATTR(BGP_ATTR_AS4_PATH, F_OPT_TRANSITIVE, BGP_ACT_ATTR_DISCARD, bgp_as4_path_decode, bgp_aspath_encode),
     FIELD(ba_as4_path), .ad_width = 4},
    {ATTR(BGP_ATTR_AS4_AGGREGATOR, F_OPT_TRANSITIVE, BGP_ACT_ATTR_DISCARD, bgp_as4_aggregator_decode,
	  bgp_aggregator_encode),
     FIELD(ba_as4_aggregator), .ad_width = 4},
};
#undef FIELD
#undef ATTR

static const struct attr_def *attr_def_find(uint8_t type)
{
	for (size_t i = 0; i < sizeof(attr_defs) / sizeof(attr_defs[0]); i++)
		if (attr_defs[i].ad_type == type)
			return &attr_defs[i];
	return NULL;
}

/* One attribute as found on the wire: the whole of it (for NOTIFICATION data) and its value. */
struct attr_wire {
	uint8_t aw_flags, aw_type;
	const uint8_t *aw_start;
	size_t aw_len;
	struct bgp_in aw_value;
};

static bool attr_split(struct bgp_in *in, struct attr_wire *w)
{
	uint32_t len;

	w->aw_start = in->in_p;
	if (!in_u8(in, &w->aw_flags) || !in_u8(in, &w->aw_type) ||
	    !in_uint(in, w->aw_flags & BGP_ATTR_F_EXTENDED ? 2 : 1, &len) || !in_sub(in, len, &w->aw_value))
		return false;
	w->aw_len = (size_t)(in->in_p - w->aw_start);
	return true;
}

/* RFC 4760 §7: an MP attribute in error names the family to disable, when it is readable. */
static void error_family(const struct attr_wire *w, struct bgp_error *e)
{
	struct bgp_in v = w->aw_value;
	uint16_t afi;
	uint8_t safi;

	if (e->be_action != BGP_ACT_AFI_SAFI_DISABLE)
		return;
	if (in_u16(&v, &afi) && in_u8(&v, &safi)) {
		e->be_afi = afi;
		e->be_safi = safi;
	} else {
		e->be_action = BGP_ACT_SESSION_RESET;
	}
}

static void attr_error(const struct attr_wire *w, const struct attr_fault *f, struct bgp_errors *errs)
{
	struct bgp_error e = {.be_action = f->af_action,
			      .be_code = BGP_ERR_UPDATE,
			      .be_subcode = f->af_subcode,
			      .be_attr = w->aw_type,
			      .be_what = f->af_what,
			      .be_data = w->aw_start,
			      .be_data_len = (uint16_t)w->aw_len};

	error_family(w, &e);
	bgp_errors_add(errs, &e);
}

static bool is_mp(uint8_t type)
{
	return type == BGP_ATTR_MP_REACH_NLRI || type == BGP_ATTR_MP_UNREACH_NLRI;
}

/* RFC 4271 §5: an unrecognized optional transitive attribute is passed on, a non-transitive one ignored. */
static void unknown_attr(const struct attr_wire *w, struct bgp_attrs *a, struct bgp_errors *errs)
{
	if (!(w->aw_flags & BGP_ATTR_F_OPTIONAL))
		attr_error(w,
			   &(struct attr_fault){BGP_ACT_SESSION_RESET, BGP_SUB_UNKNOWN_WELL_KNOWN,
						"unrecognized well-known attribute"},
			   errs);
	else if (w->aw_flags & BGP_ATTR_F_TRANSITIVE &&
		 bgp_tlv_add(&a->ba_raw, &a->ba_nraw, w->aw_type, w->aw_value.in_p, (uint16_t)w->aw_value.in_left) < 0)
		attr_error(w, &(struct attr_fault){BGP_ACT_SESSION_RESET, BGP_SUB_UNSPECIFIC, "out of memory"}, errs);
}

/* RFC 7606 §3 c: flags that conflict with the type make the attribute malformed. */
static void attr_decode_one(const struct attr_wire *w, struct attr_ctx *x, struct bgp_errors *errs)
{
	const struct attr_def *d = attr_def_find(w->aw_type);
	struct bgp_in val = w->aw_value;
	struct attr_fault f;

	if (!d) {
		unknown_attr(w, attrs_of(x), errs);
		return;
	}
	f = (struct attr_fault){d->ad_on_error, BGP_SUB_ATTR_FLAGS, "attribute flags conflict with its type"};
	if ((w->aw_flags & F_CATEGORY) == d->ad_flags && d->ad_decode(d, &val, x, &f)) {
		if (d->ad_encode) /* the MP attributes live in struct bgp_update */
			attrs_of(x)->ba_has |= 1u << d->ad_type;
		return;
	}
	attr_error(w, &f, errs);
}

/* RFC 7606 §3 g: a repeated MP attribute resets the session; other repeats are discarded. */
static void duplicate_attr(const struct attr_wire *w, struct bgp_errors *errs)
{
	if (is_mp(w->aw_type))
		attr_error(w,
			   &(struct attr_fault){BGP_ACT_SESSION_RESET, BGP_SUB_MALFORMED_ATTR_LIST,
						"MP attribute appears twice"},
			   errs);
	else
		attr_error(w,
			   &(struct attr_fault){BGP_ACT_ATTR_DISCARD, BGP_SUB_MALFORMED_ATTR_LIST,
						"repeated attribute discarded"},
			   errs);
}

/*
 * RFC 7606 §4: an attribute overrunning the Total Path Attribute Length is a
 * treat-as-withdraw (the NLRI field is still found through that length), but
 * an MP attribute cut short leaves no routes to withdraw (§3 h): reset.
 */
static void overrun(const struct attr_wire *w, const uint8_t *end, struct bgp_errors *errs)
{
	bgp_errors_add(errs, &(struct bgp_error){.be_action = is_mp(w->aw_type) ? BGP_ACT_SESSION_RESET
										: BGP_ACT_TREAT_AS_WITHDRAW,
						 .be_code = BGP_ERR_UPDATE,
						 .be_subcode = BGP_SUB_ATTR_LENGTH,
						 .be_attr = w->aw_type,
						 .be_what = "attribute overruns the path attributes",
						 .be_data = w->aw_start,
						 .be_data_len = (uint16_t)(end - w->aw_start)});
}

static bool first_time(uint64_t seen[4], uint8_t type)
{
	uint64_t bit = UINT64_C(1) << (type & 63);
	bool first = !(seen[type >> 6] & bit);

	seen[type >> 6] |= bit;
	return first;
}

/* RFC 7606 §3 d: a missing well-known mandatory attribute is a treat-as-withdraw. */
static void mandatory_check(uint64_t seen[4], const struct bgp_update *u, struct bgp_errors *errs)
{
	static const uint8_t mandatory[] = {BGP_ATTR_ORIGIN, BGP_ATTR_AS_PATH, BGP_ATTR_NEXT_HOP};
	bool mp_routes = u->bu_mp_reach.bmp_present && u->bu_mp_reach.bmp_nlri.bnl_n;

	if (!mp_routes && !u->bu_nlri.bnl_n)
		return;
	for (size_t i = 0; i < sizeof(mandatory); i++) {
		if (mandatory[i] == BGP_ATTR_NEXT_HOP && !u->bu_nlri.bnl_n)
			continue; /* RFC 4760: MP_REACH_NLRI carries its own */
		if (first_time(seen, mandatory[i]))
			bgp_errors_add(errs, &(struct bgp_error){.be_action = BGP_ACT_TREAT_AS_WITHDRAW,
								 .be_code = BGP_ERR_UPDATE,
								 .be_subcode = BGP_SUB_MISSING_WELL_KNOWN,
								 .be_attr = mandatory[i],
								 .be_what = "well-known mandatory attribute missing",
								 .be_data = &mandatory[i],
								 .be_data_len = 1});
	}
}

void bgp_attrs_decode(struct bgp_in *in, const struct bgp_codec *c, struct bgp_update *u, struct bgp_errors *errs)
{
	struct attr_ctx x = {.ax_codec = c, .ax_update = u};
	const uint8_t *end = in->in_p + in->in_left;
	uint64_t seen[4] = {0};
	struct attr_wire w;

	while (in->in_left && errs->bes_action < BGP_ACT_SESSION_RESET) {
		w = (struct attr_wire){0};
		if (!attr_split(in, &w)) {
			overrun(&w, end, errs);
			break;
		}
		if (first_time(seen, w.aw_type))
			attr_decode_one(&w, &x, errs);
		else
			duplicate_attr(&w, errs);
	}
	if (errs->bes_action < BGP_ACT_SESSION_RESET)
		mandatory_check(seen, u, errs);
}

/* Room for the extended length first, so the value's space is known while it is written. */
size_t bgp_attr_begin(struct bgp_out *o, uint8_t flags, uint8_t type)
{
	size_t start = o->out_len;

	out_u8(o, flags | BGP_ATTR_F_EXTENDED);
	out_u8(o, type);
	out_u16(o, 0);
	return start;
}

/* Fills in the length, in one octet (the value moving back) when it fits: the shortest form. */
void bgp_attr_end(struct bgp_out *o, size_t start)
{
	size_t len = o->out_len - start - 4;

	if (o->out_full)
		return;
	if (len > UINT8_MAX) {
		out_patch(o, start + 2, 2, (uint32_t)len);
		return;
	}
	o->out_buf[start] &= (uint8_t)~BGP_ATTR_F_EXTENDED;
	o->out_buf[start + 2] = (uint8_t)len;
	memmove(o->out_buf + start + 3, o->out_buf + start + 4, len);
	o->out_len--;
}

/* RFC 4271 §5: what passes on unrecognized gets the Partial bit. */
static bool raw_attrs_encode(struct bgp_out *o, const struct bgp_attrs *a)
{
	for (size_t i = 0; i < a->ba_nraw; i++) {
		size_t start;
		if (attr_def_find(a->ba_raw[i].btlv_type))
			return false;
		start = bgp_attr_begin(o, F_OPT_TRANSITIVE | BGP_ATTR_F_PARTIAL, a->ba_raw[i].btlv_type);
		out_bytes(o, a->ba_raw[i].btlv_value, a->ba_raw[i].btlv_len);
		bgp_attr_end(o, start);
	}
	return true;
}

bool bgp_attrs_encode(struct bgp_out *o, const struct bgp_attrs *a, const struct bgp_codec *c)
{
	for (size_t i = 0; i < sizeof(attr_defs) / sizeof(attr_defs[0]); i++) {
		const struct attr_def *d = &attr_defs[i];
		size_t start;
		if (!d->ad_encode || !(a->ba_has & 1u << d->ad_type))
			continue;
		start = bgp_attr_begin(o, d->ad_flags, d->ad_type);
		if (!d->ad_encode(d, o, a, c))
			return false;
		bgp_attr_end(o, start);
	}
	return raw_attrs_encode(o, a);
}

void bgp_attrs_free(struct bgp_attrs *a)
{
	bgp_aspath_free(&a->ba_as_path);
	bgp_aspath_free(&a->ba_as4_path);
	free(a->ba_communities);
	free(a->ba_ext);
	bgp_tlvs_free(a->ba_raw, a->ba_nraw);
	memset(a, 0, sizeof(*a));
}
