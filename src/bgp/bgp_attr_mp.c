/*
 * MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760 §3-4) for the families this
 * codec knows. A VPNv4 next hop is an RD of zero and an IPv4 address
 * (RFC 4364 §4.3.2). RFC 7606 §7.11: a next hop of the wrong length or routes
 * that do not parse disable the family; an AFI/SAFI this codec does not know
 * is not negotiated with it, and the attribute is discarded.
 */
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_msg_int.h"

#define NH_RD_LEN 8

static unsigned next_hop_len(enum bgp_family f)
{
	return (bgp_family_def(f)->fd_vpn ? NH_RD_LEN : 0) + 4;
}

static bool family_decode(struct bgp_in *val, enum bgp_family *f, struct attr_fault *fault)
{
	uint16_t afi;
	uint8_t safi;

	if (!in_u16(val, &afi) || !in_u8(val, &safi)) {
		fault->af_action = BGP_ACT_SESSION_RESET;
		return bgp_attr_fault(fault, BGP_SUB_OPT_ATTR, "MP attribute too short for its AFI/SAFI");
	}
	if (!bgp_family_find(afi, safi, f)) {
		fault->af_action = BGP_ACT_ATTR_DISCARD;
		return bgp_attr_fault(fault, BGP_SUB_OPT_ATTR, "AFI/SAFI not supported");
	}
	return true;
}

static bool next_hop_decode(struct bgp_in *val, enum bgp_family f, uint32_t *nh)
{
	uint8_t len, rd[NH_RD_LEN];

	if (!in_u8(val, &len) || len != next_hop_len(f))
		return false;
	return (!bgp_family_def(f)->fd_vpn || in_copy(val, rd, sizeof(rd))) && in_u32(val, nh);
}

/* The routes end the attribute; an attribute that fails leaves nothing behind. */
static bool routes_decode(struct bgp_in *val, struct bgp_mp_nlri *mp, bool withdraw, struct attr_fault *f)
{
	if (bgp_nlri_decode_all(val, mp->bmp_family, withdraw, &mp->bmp_nlri)) {
		mp->bmp_present = true;
		return true;
	}
	return bgp_attr_fault(f, BGP_SUB_BAD_NETWORK, "malformed NLRI in MP attribute");
}

static bool reach_fields_decode(struct bgp_in *val, struct bgp_mp_nlri *mp, struct attr_fault *f)
{
	uint8_t reserved;

	if (!family_decode(val, &mp->bmp_family, f))
		return false;
	if (!next_hop_decode(val, mp->bmp_family, &mp->bmp_next_hop))
		return bgp_attr_fault(f, BGP_SUB_OPT_ATTR, "MP_REACH_NLRI next hop length is wrong");
	if (!in_u8(val, &reserved))
		return bgp_attr_fault(f, BGP_SUB_OPT_ATTR, "MP_REACH_NLRI ends before its reserved octet");
	return routes_decode(val, mp, false, f);
}

static bool mp_failed(struct bgp_mp_nlri *mp)
{
	bgp_nlri_list_free(&mp->bmp_nlri);
	memset(mp, 0, sizeof(*mp));
	return false;
}

bool bgp_mp_reach_decode(const struct attr_def *d, struct bgp_in *val, struct attr_ctx *x, struct attr_fault *f)
{
	struct bgp_mp_nlri *mp = &x->ax_update->bu_mp_reach;

	return reach_fields_decode(val, mp, f) || mp_failed(mp);
}

bool bgp_mp_unreach_decode(const struct attr_def *d, struct bgp_in *val, struct attr_ctx *x, struct attr_fault *f)
{
	struct bgp_mp_nlri *mp = &x->ax_update->bu_mp_unreach;

	return (family_decode(val, &mp->bmp_family, f) && routes_decode(val, mp, true, f)) || mp_failed(mp);
}

static size_t mp_begin(struct bgp_out *o, uint8_t type, enum bgp_family f)
{
	size_t start = bgp_attr_begin(o, BGP_ATTR_F_OPTIONAL, type);

	out_u16(o, bgp_family_def(f)->fd_afi);
	out_u8(o, bgp_family_def(f)->fd_safi);
	return start;
}

static ssize_t mp_end(struct bgp_out *o, size_t start, const struct bgp_mp_nlri *mp, size_t *next, bool withdraw)
{
	ssize_t n = bgp_nlri_encode_fit(o, &mp->bmp_nlri, next, mp->bmp_family, withdraw);

	bgp_attr_end(o, start);
	return n;
}

ssize_t bgp_mp_reach_encode(struct bgp_out *o, const struct bgp_mp_nlri *mp, size_t *next)
{
	static const uint8_t zero_rd[NH_RD_LEN];
	size_t start = mp_begin(o, BGP_ATTR_MP_REACH_NLRI, mp->bmp_family);

	out_u8(o, next_hop_len(mp->bmp_family));
	if (bgp_family_def(mp->bmp_family)->fd_vpn)
		out_bytes(o, zero_rd, sizeof(zero_rd));
	out_u32(o, mp->bmp_next_hop);
	out_u8(o, 0);
	return mp_end(o, start, mp, next, false);
}

ssize_t bgp_mp_unreach_encode(struct bgp_out *o, const struct bgp_mp_nlri *mp, size_t *next)
{
	size_t start = mp_begin(o, BGP_ATTR_MP_UNREACH_NLRI, mp->bmp_family);

	return mp_end(o, start, mp, next, true);
}
