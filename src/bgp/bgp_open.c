/*
 * OPEN (RFC 4271 §4.2) and its capabilities optional parameter (RFC 5492):
 * multiprotocol (RFC 4760), route refresh (RFC 2918), 4-octet AS (RFC 6793);
 * any other capability is kept as received. One capability per optional
 * parameter when encoding, as the oldest speakers expect; several per
 * parameter are accepted.
 */
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_msg_int.h"

#define OPT_PARAM_CAPABILITIES 2

/* How one capability reads and writes; a capability may appear several times (one per AFI/SAFI). */
struct cap_def {
	uint8_t cd_code;
	uint8_t cd_len; /* its value's only valid length */
	size_t (*cd_count)(const struct bgp_open *o);
	bool (*cd_decode)(struct bgp_in *val, struct bgp_open *o);
	void (*cd_encode)(const struct bgp_open *o, size_t i, struct bgp_out *out);
};

static size_t mp_count(const struct bgp_open *o)
{
	return o->bo_nmp;
}

static bool mp_decode(struct bgp_in *val, struct bgp_open *o)
{
	uint16_t afi;
	uint8_t reserved, safi;

	return in_u16(val, &afi) && in_u8(val, &reserved) && in_u8(val, &safi) && bgp_open_add_mp(o, afi, safi) == 0;
}

static void mp_encode(const struct bgp_open *o, size_t i, struct bgp_out *out)
{
	out_u16(out, o->bo_mp[i].bafs_afi);
	out_u8(out, 0);
	out_u8(out, o->bo_mp[i].bafs_safi);
}

static size_t rr_count(const struct bgp_open *o)
{
	return o->bo_route_refresh;
}

static bool rr_decode(struct bgp_in *val, struct bgp_open *o)
{
	o->bo_route_refresh = true;
	return true;
}

static void rr_encode(const struct bgp_open *o, size_t i, struct bgp_out *out)
{
}

static size_t as4_count(const struct bgp_open *o)
{
	return o->bo_has_as4;
}

static bool as4_decode(struct bgp_in *val, struct bgp_open *o)
{
	o->bo_has_as4 = true;
	return in_u32(val, &o->bo_as4);
}

static void as4_encode(const struct bgp_open *o, size_t i, struct bgp_out *out)
{
	out_u32(out, o->bo_as4);
}

static const struct cap_def cap_defs[] = {
    {BGP_CAP_MP, 4, mp_count, mp_decode, mp_encode},
    {BGP_CAP_ROUTE_REFRESH, 0, rr_count, rr_decode, rr_encode},
    {BGP_CAP_AS4, 4, as4_count, as4_decode, as4_encode},
};

static const struct cap_def *cap_def_find(uint8_t code)
{
	for (size_t i = 0; i < sizeof(cap_defs) / sizeof(cap_defs[0]); i++)
		if (cap_defs[i].cd_code == code)
			return &cap_defs[i];
	return NULL;
}

static void open_error(struct bgp_errors *errs, uint8_t subcode, const char *what)
{
	bgp_fail(errs, BGP_ACT_SESSION_RESET, BGP_ERR_OPEN, subcode, what);
}

typedef void tlv_decode_fn(uint8_t type, struct bgp_in *val, struct bgp_open *o, struct bgp_errors *errs);

/* Type, length, value items (parameters, capabilities), each handed to decode. */
static void tlvs_decode(struct bgp_in *in, tlv_decode_fn *decode, const char *overrun, struct bgp_open *o,
			struct bgp_errors *errs)
{
	uint8_t type, len;
	struct bgp_in val;

	while (in->in_left) {
		if (!in_u8(in, &type) || !in_u8(in, &len) || !in_sub(in, len, &val)) {
			open_error(errs, BGP_SUB_UNSPECIFIC, overrun);
			return;
		}
		decode(type, &val, o, errs);
	}
}

static void capability_decode(uint8_t code, struct bgp_in *val, struct bgp_open *o, struct bgp_errors *errs)
{
	const struct cap_def *d = cap_def_find(code);

	if (!d) {
		if (bgp_tlv_add(&o->bo_other, &o->bo_nother, code, val->in_p, (uint16_t)val->in_left) < 0)
			bgp_fail(errs, BGP_ACT_SESSION_RESET, BGP_ERR_CEASE, BGP_SUB_OUT_OF_RESOURCES, "out of memory");
		return;
	}
	if (val->in_left != d->cd_len || !d->cd_decode(val, o))
		open_error(errs, BGP_SUB_UNSPECIFIC, "malformed capability");
}

static void param_decode(uint8_t type, struct bgp_in *val, struct bgp_open *o, struct bgp_errors *errs)
{
	if (type != OPT_PARAM_CAPABILITIES)
		open_error(errs, BGP_SUB_BAD_OPT_PARAM, "optional parameter is not capabilities");
	else
		tlvs_decode(val, capability_decode, "capability overruns its parameter", o, errs);
}

/* RFC 4271 §6.2 (the identifier: RFC 6286 §2.2). */
static void fields_check(const struct bgp_open *o, struct bgp_errors *errs)
{
	static const uint8_t supported_version[2] = {0, BGP_VERSION};

	if (o->bo_version != BGP_VERSION)
		bgp_errors_add(errs, &(struct bgp_error){.be_action = BGP_ACT_SESSION_RESET,
							 .be_code = BGP_ERR_OPEN,
							 .be_subcode = BGP_SUB_BAD_VERSION,
							 .be_what = "unsupported BGP version",
							 .be_data = supported_version,
							 .be_data_len = sizeof(supported_version)});
	if (o->bo_hold_time == 1 || o->bo_hold_time == 2)
		open_error(errs, BGP_SUB_BAD_HOLD_TIME, "hold time of 1 or 2 seconds");
	if (o->bo_bgp_id == 0)
		open_error(errs, BGP_SUB_BAD_BGP_ID, "BGP identifier is zero");
}

void bgp_open_decode(struct bgp_in *body, struct bgp_open *o, struct bgp_errors *errs)
{
	uint8_t params_len;
	struct bgp_in params;

	if (!in_u8(body, &o->bo_version) || !in_u16(body, &o->bo_my_as) || !in_u16(body, &o->bo_hold_time) ||
	    !in_u32(body, &o->bo_bgp_id) || !in_u8(body, &params_len))
		return; /* the header check guarantees the fixed fields */
	fields_check(o, errs);
	if (params_len != body->in_left || !in_sub(body, params_len, &params)) {
		open_error(errs, BGP_SUB_UNSPECIFIC, "optional parameters length differs from the message");
		return;
	}
	tlvs_decode(&params, param_decode, "optional parameter overruns the parameters", o, errs);
}

/* A capability, in an optional parameter of its own when own_param; cap_end fills in the lengths. */
static size_t cap_begin(struct bgp_out *out, uint8_t code, bool own_param)
{
	size_t start = out->out_len;

	if (own_param) {
		out_u8(out, OPT_PARAM_CAPABILITIES);
		out_u8(out, 0);
	}
	out_u8(out, code);
	out_u8(out, 0);
	return start;
}

static void cap_end(struct bgp_out *out, size_t start, bool own_param)
{
	size_t len = out->out_len - start;

	if (own_param) {
		out_patch(out, start + 1, 1, (uint32_t)(len - 2));
		start += 2;
		len -= 2;
	}
	out_patch(out, start + 1, 1, (uint32_t)(len - 2));
}

/* False when a capability kept raw is longer than a capability can be. */
static bool caps_encode(const struct bgp_open *o, struct bgp_out *out, bool own_params)
{
	for (size_t d = 0; d < sizeof(cap_defs) / sizeof(cap_defs[0]); d++) {
		for (size_t i = 0, n = cap_defs[d].cd_count(o); i < n; i++) {
			size_t start = cap_begin(out, cap_defs[d].cd_code, own_params);
			cap_defs[d].cd_encode(o, i, out);
			cap_end(out, start, own_params);
		}
	}
	for (size_t i = 0; i < o->bo_nother; i++) {
		size_t start = cap_begin(out, o->bo_other[i].btlv_type, own_params);
		if (o->bo_other[i].btlv_len > UINT8_MAX)
			return false;
		out_bytes(out, o->bo_other[i].btlv_value, o->bo_other[i].btlv_len);
		cap_end(out, start, own_params);
	}
	return true;
}

/* Writes the one-octet length at at of what follows it; false when that is more than an octet holds. */
static bool length_patch(struct bgp_out *out, size_t at)
{
	size_t len = out->out_len - at - 1;

	out_patch(out, at, 1, (uint32_t)len);
	return len <= UINT8_MAX;
}

/* One capability per parameter, or all in one (RFC 5492 allows both) when that is what fits. */
bool bgp_open_encode(const struct bgp_open *o, struct bgp_out *out)
{
	size_t params_at;

	out_u8(out, o->bo_version);
	out_u16(out, o->bo_my_as);
	out_u16(out, o->bo_hold_time);
	out_u32(out, o->bo_bgp_id);
	params_at = out->out_len;
	out_u8(out, 0);
	if (!caps_encode(o, out, true))
		return false;
	if (out->out_len - params_at - 1 > UINT8_MAX) {
		out->out_len = params_at + 1;
		out->out_full = false;
		out_u8(out, OPT_PARAM_CAPABILITIES);
		out_u8(out, 0);
		caps_encode(o, out, false);
		if (!length_patch(out, params_at + 2))
			return false;
	}
	return length_patch(out, params_at);
}

void bgp_open_free(struct bgp_open *o)
{
	bgp_tlvs_free(o->bo_other, o->bo_nother);
	free(o->bo_mp);
	memset(o, 0, sizeof(*o));
}

void bgp_open_set_asn(struct bgp_open *o, uint32_t asn)
{
	o->bo_my_as = asn > UINT16_MAX ? BGP_AS_TRANS : (uint16_t)asn;
	o->bo_has_as4 = true;
	o->bo_as4 = asn;
}

uint32_t bgp_open_asn(const struct bgp_open *o)
{
	return o->bo_has_as4 ? o->bo_as4 : o->bo_my_as;
}

int bgp_open_add_mp(struct bgp_open *o, uint16_t afi, uint8_t safi)
{
	const struct bgp_afi_safi mp = {.bafs_afi = afi, .bafs_safi = safi};

	return bgp_array_append(&o->bo_mp, &o->bo_nmp, sizeof(mp), &mp);
}
