/*
 * BGP message codec: hand-checked byte vectors written from the RFC formats
 * (RFC 4271 §4, RFC 4760 §3-4, RFC 4364 §4, RFC 8277 §2, RFC 4360, RFC 5492,
 * RFC 6793, RFC 2918), decoding into the expected structs, encode(decode(x))
 * == x, the encoder's output for the structs of bgp_msg_samples.c, splitting
 * of large updates, invalid structs, framing, truncation and the text form.
 * RFC 7606 error handling is in test_bgp_errors.c.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bgp/bgp_msg.h"
#include "bgp_msg_samples.h"

#define MARKER		 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
#define IPV4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

/* OPEN from AS 100, hold 180, id 172.16.1.103: MP VPNv4, route refresh, 4-octet AS 100; one capability each. */
static const uint8_t v_open[] = {
    MARKER, 0x00, 0x31, 0x01,				    /* length 49, OPEN */
    0x04,   0x00, 0x64, 0x00, 0xb4, 0xac, 0x10, 0x01, 0x67, /* version 4, AS 100, hold 180, 172.16.1.103 */
    0x14,						    /* 20 octets of optional parameters */
    0x02,   0x06, 0x01, 0x04, 0x00, 0x01, 0x00, 0x80,	    /* capabilities: MP, AFI 1, SAFI 128 */
    0x02,   0x02, 0x02, 0x00,				    /* route refresh */
    0x02,   0x06, 0x41, 0x04, 0x00, 0x00, 0x00, 0x64,	    /* 4-octet AS 100 */
};

/* OPEN from AS 65536: AS_TRANS in the two-octet field; MP IPv4 and VPNv4, RR, AS4, capability 70 kept raw. */
static const uint8_t v_open_peer[] = {
    MARKER, 0x00, 0x3d, 0x01, 0x04, 0x5b, 0xa0, 0x00, 0xb4, 0x0a, 0x00,
    0x00,   0x01, 0x20, 0x02, 0x06, 0x01, 0x04, 0x00, 0x01, 0x00, 0x01, /* MP IPv4 unicast */
    0x02,   0x06, 0x01, 0x04, 0x00, 0x01, 0x00, 0x80,			/* MP VPNv4 */
    0x02,   0x02, 0x02, 0x00,						/* route refresh */
    0x02,   0x06, 0x41, 0x04, 0x00, 0x01, 0x00, 0x00,			/* 4-octet AS 65536 */
    0x02,   0x02, 0x46, 0x00,						/* enhanced route refresh, empty */
};

static const uint8_t v_keepalive[] = {MARKER, 0x00, 0x13, 0x04};

/* The seed's route: 1:1:192.168.114.0/24 label 16 via 10.1.1.4, ORIGIN incomplete, AS_PATH 100, RT 1:1. */
static const uint8_t v_update_vpnv4[] = {
    MARKER, 0x00, 0x52, 0x02, /* length 82, UPDATE */
    0x00,   0x00, 0x00, 0x3b, /* no withdrawn routes, 59 octets of attributes */
    0x80,   0x0e, 0x20,	      /* MP_REACH_NLRI, optional, length 32 */
    0x00,   0x01, 0x80, 0x0c, /* AFI 1, SAFI 128, next hop of 12 octets: */
    0x00,   0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x01, 0x01, 0x04, /* RD 0, 10.1.1.4 */
    0x00,								      /* reserved */
    0x70,								/* 112 bits: label 24 + RD 64 + prefix 24 */
    0x00,   0x01, 0x01,							/* label 16, bottom of stack */
    0x00,   0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,			/* RD type 0, 1:1 */
    0xc0,   0xa8, 0x72,							/* 192.168.114 */
    0x40,   0x01, 0x01, 0x02,						/* ORIGIN incomplete */
    0x40,   0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0x00, 0x64,		/* AS_PATH sequence (100) */
    0xc0,   0x10, 0x08, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, /* EXT: RT 1:1 */
};

/* The same route in a session without 4-octet AS numbers: a two-octet AS_PATH. */
static const uint8_t v_update_vpnv4_as2[] =
    {
	MARKER, 0x00, 0x50, 0x02, 0x00, 0x00, 0x00, 0x39, 0x80, 0x0e, 0x20, 0x00, 0x01, 0x80,
	0x0c,	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x01, 0x01, 0x04, 0x00,
	0x70,	0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0xc0, 0xa8,
	0x72,	0x40, 0x01, 0x01, 0x02, 0x40, 0x02, 0x04, 0x02, 0x01, 0x00, 0x64, /* AS_PATH sequence (100), two octets
										   */
	0xc0,	0x10, 0x08, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
};

/* RD types 1 and 2, a two-label stack, a default route, RTs of the three types and a route origin (raw). */
static const uint8_t
    v_update_vpnv4_2[] =
	{
	    MARKER, 0x00, 0x7d, 0x02, 0x00, 0x00, 0x00, 0x66, 0x80, 0x0e, 0x2f, 0x00, 0x01, 0x80, 0x0c,
	    0x00,   0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x88, 0x00,
	    0x01,   0x00, 0x00, 0x01, 0x11, /* 136 bits: label 16, label 17 bottom */
	    0x00,   0x01, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x05, 0xc0, 0xa8, 0x71, /* RD 10.0.0.1:5, 192.168.113/24 */
	    0x58,   0x00, 0x01, 0x21,						/* 88 bits: label 18 bottom */
	    0x00,   0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x07,			/* RD type 2 65536:7, 0.0.0.0/0 */
	    0x40,   0x01, 0x01, 0x00, 0x40, 0x02, 0x0a, 0x02, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	    0x00,   0x64, 0xc0, 0x10, 0x20, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, /* route origin 1:2, kept
											       raw */
	    0x01,   0x02, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x05,				    /* RT 10.0.0.1:5 */
	    0x02,   0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x07,				    /* RT 65536:7 */
	    0x00,   0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02,				    /* RT 2:2 */
};

/* IPv4 unicast: a withdrawal, every classic attribute, one passed on with Partial, three prefixes. */
static const uint8_t v_update_ipv4[] = {
    MARKER, 0x00, 0x70, 0x02, 0x00, 0x02, 0x08, 0x0a,				    /* withdrawn 10.0.0.0/8 */
    0x00,   0x4b,								    /* 75 octets of attributes */
    0x40,   0x01, 0x01, 0x00,							    /* ORIGIN IGP */
    0x40,   0x02, 0x14, 0x02, 0x02, 0x00, 0x00, 0xfd, 0xe9, 0x00, 0x00, 0xfd, 0xea, /* 65001 65002 */
    0x01,   0x02, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x08,		    /* {7,8} */
    0x40,   0x03, 0x04, 0x0a, 0x01, 0x01, 0x04,					    /* NEXT_HOP */
    0x80,   0x04, 0x04, 0x00, 0x00, 0x00, 0x32,					    /* MED 50 */
    0x40,   0x05, 0x04, 0x00, 0x00, 0x00, 0xc8,					    /* LOCAL_PREF 200 */
    0x40,   0x06, 0x00,								    /* ATOMIC_AGGREGATE */
    0xc0,   0x07, 0x08, 0x00, 0x00, 0xfd, 0xe9, 0x0a, 0x00, 0x00, 0x09,		    /* AGGREGATOR */
    0xc0,   0x08, 0x04, 0xfd, 0xe9, 0x00, 0x64,					    /* 65001:100 */
    0xe0,   0xc9, 0x03, 0x01, 0x02, 0x03, /* type 201, optional transitive partial */
    0x18,   0xc0, 0xa8, 0x01, 0x0c, 0xac, 0x10, 0x19, 0x0a, 0x0a, 0x0a, 0x80, /* /24, /12, /25 */
};

/* IPv4 unicast in MP attributes (RFC 4760): 10.0.0.0/8 withdrawn, 192.168.1.0/24 via 10.1.1.4, AS_PATH 100. */
static const uint8_t v_update_mp_ipv4[] = {
    MARKER, 0x00, 0x3c, 0x02, 0x00, 0x00, 0x00, 0x25, /* 37 octets of attributes */
    0x80,   0x0f, 0x05, 0x00, 0x01, 0x01, 0x08, 0x0a, /* MP_UNREACH_NLRI 1/1, 10/8 */
    0x80,   0x0e, 0x0d, 0x00, 0x01, 0x01, 0x04, 0x0a, 0x01, 0x01, 0x04, 0x00, 0x18,
    0xc0,   0xa8, 0x01, /* MP_REACH_NLRI */
    0x40,   0x01, 0x01, 0x00, 0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0x00, 0x64,
};

/* A four-octet AS through a two-octet session (RFC 6793 §4.2.2): AS_TRANS, AS4_PATH, AS4_AGGREGATOR. */
static const uint8_t v_update_as4_via_as2[] = {
    MARKER, 0x00, 0x4a, 0x02, 0x00, 0x00, 0x00, 0x2f, 0x40, 0x01, 0x01,
    0x00,   0x40, 0x02, 0x04, 0x02, 0x01, 0x5b, 0xa0,			/* AS_PATH (23456) */
    0x40,   0x03, 0x04, 0x0a, 0x01, 0x01, 0x04,				/* NEXT_HOP */
    0xc0,   0x07, 0x06, 0x5b, 0xa0, 0x0a, 0x00, 0x00, 0x09,		/* AGGREGATOR 23456 10.0.0.9 */
    0xc0,   0x11, 0x06, 0x02, 0x01, 0x00, 0x01, 0x00, 0x00,		/* AS4_PATH (65536) */
    0xc0,   0x12, 0x08, 0x00, 0x01, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x09, /* AS4_AGGREGATOR */
    0x18,   0xc0, 0xa8, 0x01,
};

static const uint8_t v_withdraw_vpnv4[] = {
    MARKER, 0x00, 0x2c, 0x02, 0x00, 0x00, 0x00, 0x15, 0x80, 0x0f, 0x12, 0x00, 0x01, 0x80, /* MP_UNREACH_NLRI */
    0x70,   0x80, 0x00, 0x00, /* 112 bits, the withdrawn label field 0x800000 (RFC 8277 §2.4) */
    0x00,   0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0xc0, 0xa8, 0x72,
};
static const uint8_t v_eor_vpnv4[] = {MARKER, 0x00, 0x1d, 0x02, 0x00, 0x00, 0x00,
				      0x06,   0x80, 0x0f, 0x03, 0x00, 0x01, 0x80};
static const uint8_t v_eor_ipv4[] = {MARKER, 0x00, 0x17, 0x02, 0x00, 0x00, 0x00, 0x00};
static const uint8_t v_route_refresh[] = {MARKER, 0x00, 0x17, 0x05, 0x00, 0x01, 0x00, 0x80};
static const uint8_t v_notification[] = {MARKER, 0x00, 0x15, 0x03, 0x06, 0x02};
/* Unsupported Version Number, data: the largest version supported (RFC 4271 §6.2). */
static const uint8_t v_notification_data[] = {MARKER, 0x00, 0x17, 0x03, 0x02, 0x01, 0x00, 0x04};

struct vector {
	const char *v_name;
	const uint8_t *v_bytes;
	size_t v_len;
	bool v_as4;
	int v_sample; /* the sample encoding to these bytes, or -1 */
};

#define VEC(name, as4, sample)                                                                                         \
	{                                                                                                              \
#name, name, sizeof(name), as4, sample                                                                 \
	}
static const struct vector vectors[] = {
    VEC(v_open, true, SAMPLE_OPEN),
    VEC(v_open_peer, true, SAMPLE_OPEN_PEER),
    VEC(v_keepalive, true, SAMPLE_KEEPALIVE),
    VEC(v_update_vpnv4, true, SAMPLE_UPDATE_VPNV4),
    VEC(v_update_vpnv4_as2, false, -1),
    VEC(v_update_vpnv4_2, true, SAMPLE_UPDATE_VPNV4_2),
    VEC(v_update_ipv4, true, SAMPLE_UPDATE_IPV4),
    VEC(v_update_mp_ipv4, true, SAMPLE_UPDATE_MP_IPV4),
    VEC(v_update_as4_via_as2, false, -1),
    VEC(v_withdraw_vpnv4, true, SAMPLE_WITHDRAW_VPNV4),
    VEC(v_eor_vpnv4, true, SAMPLE_EOR_VPNV4),
    VEC(v_eor_ipv4, true, SAMPLE_EOR_IPV4),
    VEC(v_route_refresh, true, SAMPLE_ROUTE_REFRESH),
    VEC(v_notification, true, SAMPLE_NOTIFICATION),
    VEC(v_notification_data, true, -1),
};
#define NVECTORS (sizeof(vectors) / sizeof(vectors[0]))

static struct bgp_codec codec_of(const struct vector *v)
{
	return (struct bgp_codec){.bc_as4 = v->v_as4};
}

/* Decodes, expecting no error. */
static void decode_ok(const uint8_t *buf, size_t len, const struct bgp_codec *c, struct bgp_msg *m)
{
	struct bgp_errors errs;

	if (bgp_msg_decode(buf, len, c, m, &errs) != BGP_ACT_NONE) {
		bgp_error_print(stderr, &errs.bes_worst);
		fail_msg("decoding failed");
	}
	assert_int_equal(errs.bes_count, 0);
}

static void assert_encodes_to(const struct bgp_msg *m, const struct bgp_codec *c, const uint8_t *want, size_t len,
			      const char *name)
{
	uint8_t buf[BGP_MSG_MAX];
	ssize_t n = bgp_msg_encode(m, c, buf, sizeof(buf));

	if (n != (ssize_t)len || memcmp(buf, want, len) != 0) {
		for (ssize_t i = 0; i < n; i++)
			fprintf(stderr, "%02x%s", buf[i], i % 16 == 15 ? "\n" : " ");
		fail_msg("%s: encoded %zd octets, differing from the %zu expected", name, n, len);
	}
}

static void test_vectors_round_trip(void **state)
{
	for (size_t i = 0; i < NVECTORS; i++) {
		const struct vector *v = &vectors[i];
		struct bgp_codec c = codec_of(v);
		struct bgp_msg m;

		decode_ok(v->v_bytes, v->v_len, &c, &m);
		assert_int_equal(m.bm_type, v->v_bytes[18]);
		assert_encodes_to(&m, &c, v->v_bytes, v->v_len, v->v_name);
		bgp_msg_free(&m);
	}
}

static void test_samples_encode_to_vectors(void **state)
{
	for (size_t i = 0; i < NVECTORS; i++) {
		const struct vector *v = &vectors[i];
		struct bgp_codec c;
		struct bgp_msg m;

		if (v->v_sample < 0)
			continue;
		sample_build((enum sample_id)v->v_sample, &m, &c);
		assert_encodes_to(&m, &c, v->v_bytes, v->v_len, v->v_name);
		bgp_msg_free(&m);
	}
}

static void test_decode_open(void **state)
{
	struct bgp_codec c = {.bc_as4 = true};
	struct bgp_msg m;

	decode_ok(v_open, sizeof(v_open), &c, &m);
	assert_int_equal(m.bm_open.bo_version, 4);
	assert_int_equal(bgp_open_asn(&m.bm_open), 100);
	assert_int_equal(m.bm_open.bo_hold_time, 180);
	assert_int_equal(m.bm_open.bo_bgp_id, IPV4(172, 16, 1, 103));
	assert_int_equal(m.bm_open.bo_nmp, 1);
	assert_int_equal(m.bm_open.bo_mp[0].bafs_afi, BGP_MP_AFI_IPV4);
	assert_int_equal(m.bm_open.bo_mp[0].bafs_safi, BGP_MP_SAFI_VPN);
	assert_true(m.bm_open.bo_route_refresh);
	assert_int_equal(m.bm_open.bo_nother, 0);
	bgp_msg_free(&m);

	decode_ok(v_open_peer, sizeof(v_open_peer), &c, &m);
	assert_int_equal(m.bm_open.bo_my_as, BGP_AS_TRANS);
	assert_int_equal(bgp_open_asn(&m.bm_open), 65536);
	assert_int_equal(m.bm_open.bo_nmp, 2);
	assert_int_equal(m.bm_open.bo_nother, 1);
	assert_int_equal(m.bm_open.bo_other[0].btlv_type, 70);
	assert_int_equal(m.bm_open.bo_other[0].btlv_len, 0);
	bgp_msg_free(&m);
}

static void test_decode_seed_update(void **state)
{
	struct bgp_codec c = {.bc_as4 = true};
	const struct bgp_update *u;
	const struct bgp_nlri *n;
	struct bgp_msg m;

	decode_ok(v_update_vpnv4, sizeof(v_update_vpnv4), &c, &m);
	u = &m.bm_update;
	assert_true(u->bu_mp_reach.bmp_present);
	assert_false(u->bu_mp_unreach.bmp_present);
	assert_int_equal(u->bu_mp_reach.bmp_family, BGP_FAMILY_VPNV4);
	assert_int_equal(u->bu_mp_reach.bmp_next_hop, IPV4(10, 1, 1, 4));
	assert_int_equal(u->bu_mp_reach.bmp_nlri.bnl_n, 1);
	n = &u->bu_mp_reach.bmp_nlri.bnl_v[0];
	assert_int_equal(n->bn_rd.brd_type, BGP_ASNN_AS2);
	assert_int_equal(n->bn_rd.brd_asnn.ban_admin, 1);
	assert_int_equal(n->bn_rd.brd_asnn.ban_number, 1);
	assert_int_equal(n->bn_prefix, IPV4(192, 168, 114, 0));
	assert_int_equal(n->bn_plen, 24);
	assert_int_equal(n->bn_nlabels, 1);
	assert_int_equal(n->bn_labels[0], 16);
	assert_int_equal(u->bu_attrs.ba_has,
			 1u << BGP_ATTR_ORIGIN | 1u << BGP_ATTR_AS_PATH | 1u << BGP_ATTR_EXT_COMMUNITIES);
	assert_int_equal(u->bu_attrs.ba_origin, BGP_ORIGIN_INCOMPLETE);
	assert_int_equal(u->bu_attrs.ba_as_path.bap_nsegs, 1);
	assert_int_equal(u->bu_attrs.ba_as_path.bap_segs[0].bas_type, BGP_AS_SEQUENCE);
	assert_int_equal(u->bu_attrs.ba_as_path.bap_asns[0], 100);
	assert_int_equal(u->bu_attrs.ba_next, 1);
	assert_true(bgp_ext_is_rt(&u->bu_attrs.ba_ext[0]));
	assert_int_equal(u->bu_attrs.ba_ext[0].bec_rt.ban_admin, 1);
	assert_int_equal(u->bu_attrs.ba_ext[0].bec_rt.ban_number, 1);
	assert_int_equal(u->bu_nlri.bnl_n + u->bu_withdrawn.bnl_n, 0);
	bgp_msg_free(&m);
}

/* RFC 6793: the codec keeps AS_PATH and AS4_PATH apart; between 4-octet speakers AS4_PATH is discarded. */
static void test_as4_attributes(void **state)
{
	struct bgp_codec as2 = {0}, as4 = {.bc_as4 = true};
	struct bgp_errors errs;
	struct bgp_msg m;

	decode_ok(v_update_as4_via_as2, sizeof(v_update_as4_via_as2), &as2, &m);
	assert_int_equal(m.bm_update.bu_attrs.ba_as_path.bap_asns[0], BGP_AS_TRANS);
	assert_int_equal(m.bm_update.bu_attrs.ba_as4_path.bap_asns[0], 65536);
	assert_int_equal(m.bm_update.bu_attrs.ba_aggregator.bag_asn, BGP_AS_TRANS);
	assert_int_equal(m.bm_update.bu_attrs.ba_as4_aggregator.bag_asn, 65536);
	bgp_msg_free(&m);

	/* The same bytes read as a 4-octet session: AS_PATH no longer parses (treat-as-withdraw). */
	assert_int_equal(bgp_msg_decode(v_update_as4_via_as2, sizeof(v_update_as4_via_as2), &as4, &m, &errs),
			 BGP_ACT_TREAT_AS_WITHDRAW);
	assert_int_equal(errs.bes_worst.be_subcode, BGP_SUB_MALFORMED_AS_PATH);
	assert_false(m.bm_update.bu_attrs.ba_has & 1u << BGP_ATTR_AS4_PATH);
	bgp_msg_free(&m);
}

static void test_update_ipv4_fields(void **state)
{
	struct bgp_codec c = {.bc_as4 = true};
	const struct bgp_attrs *a;
	struct bgp_msg m;

	decode_ok(v_update_ipv4, sizeof(v_update_ipv4), &c, &m);
	a = &m.bm_update.bu_attrs;
	assert_int_equal(m.bm_update.bu_withdrawn.bnl_n, 1);
	assert_int_equal(m.bm_update.bu_withdrawn.bnl_v[0].bn_prefix, IPV4(10, 0, 0, 0));
	assert_int_equal(m.bm_update.bu_nlri.bnl_n, 3);
	assert_int_equal(m.bm_update.bu_nlri.bnl_v[2].bn_prefix, IPV4(10, 10, 10, 128));
	assert_int_equal(m.bm_update.bu_nlri.bnl_v[2].bn_plen, 25);
	assert_int_equal(a->ba_as_path.bap_nsegs, 2);
	assert_int_equal(a->ba_as_path.bap_segs[1].bas_type, BGP_AS_SET);
	assert_int_equal(a->ba_as_path.bap_asns[3], 8);
	assert_int_equal(a->ba_med, 50);
	assert_int_equal(a->ba_local_pref, 200);
	assert_int_equal(a->ba_aggregator.bag_addr, IPV4(10, 0, 0, 9));
	assert_int_equal(a->ba_communities[0], 65001u << 16 | 100);
	assert_int_equal(a->ba_nraw, 1);
	assert_int_equal(a->ba_raw[0].btlv_type, SAMPLE_RAW_ATTR);
	assert_int_equal(a->ba_raw[0].btlv_len, 3);
	bgp_msg_free(&m);
}

/* RFC 4271 §5: an unrecognized optional transitive attribute goes on with Partial set. */
static void test_raw_attribute_gets_partial(void **state)
{
	uint8_t in[sizeof(v_update_ipv4)];
	struct bgp_codec c = {.bc_as4 = true};
	const size_t flags_at = 19 + 2 + 2 + 2 + 69; /* the unknown attribute's flags */
	struct bgp_msg m;

	memcpy(in, v_update_ipv4, sizeof(in));
	assert_int_equal(in[flags_at], 0xe0);
	in[flags_at] = 0xc0; /* received without Partial */
	decode_ok(in, sizeof(in), &c, &m);
	assert_encodes_to(&m, &c, v_update_ipv4, sizeof(v_update_ipv4), "partial set");
	bgp_msg_free(&m);
}

/* Host bits past the prefix length are irrelevant (RFC 4271 §4.3): dropped when decoding. */
static void test_prefix_host_bits(void **state)
{
	uint8_t in[sizeof(v_update_ipv4)];
	struct bgp_codec c = {.bc_as4 = true};
	struct bgp_msg m;

	memcpy(in, v_update_ipv4, sizeof(in));
	in[sizeof(in) - 1] = 0xff; /* 10.10.10.255/25 */
	decode_ok(in, sizeof(in), &c, &m);
	assert_int_equal(m.bm_update.bu_nlri.bnl_v[2].bn_prefix, IPV4(10, 10, 10, 128));
	assert_encodes_to(&m, &c, v_update_ipv4, sizeof(v_update_ipv4), "masked");
	bgp_msg_free(&m);
}

/* An attribute longer than 255 octets takes the extended length; the encoder moves the value for it. */
static void test_extended_length(void **state)
{
	struct bgp_codec c = {.bc_as4 = true};
	struct bgp_msg m, back;
	uint8_t buf[BGP_MSG_MAX];
	ssize_t n;

	sample_build(SAMPLE_UPDATE_VPNV4, &m, &c);
	m.bm_update.bu_attrs.ba_has |= 1u << BGP_ATTR_COMMUNITIES;
	m.bm_update.bu_attrs.ba_ncommunities = 70;
	assert_non_null(m.bm_update.bu_attrs.ba_communities = calloc(70, sizeof(uint32_t)));
	for (uint32_t i = 0; i < 70; i++)
		m.bm_update.bu_attrs.ba_communities[i] = 100u << 16 | i;
	n = bgp_msg_encode(&m, &c, buf, sizeof(buf));
	assert_int_equal(n, sizeof(v_update_vpnv4) + 4 + 280);
	/* After MP_REACH_NLRI (35), ORIGIN (4), AS_PATH (9): flags, type, two-octet length 280. */
	assert_memory_equal(buf + 23 + 35 + 4 + 9, ((uint8_t[]){0xd0, 0x08, 0x01, 0x18, 0x00, 0x64, 0x00, 0x00}), 8);
	decode_ok(buf, (size_t)n, &c, &back);
	assert_int_equal(back.bm_update.bu_attrs.ba_ncommunities, 70);
	assert_int_equal(back.bm_update.bu_attrs.ba_communities[69], 100u << 16 | 69);
	bgp_msg_free(&back);
	bgp_msg_free(&m);
}

static void vpn_routes(struct bgp_nlri_list *l, size_t n, uint8_t nlabels)
{
	for (size_t i = 0; i < n; i++) {
		struct bgp_nlri r = {.bn_prefix = IPV4(10, (i >> 8) & 0xff, i & 0xff, 0),
				     .bn_plen = 24,
				     .bn_nlabels = nlabels,
				     .bn_labels = {16 + (uint32_t)i}};
		assert_int_equal(bgp_rd_set(&r.bn_rd, BGP_ASNN_AS2, 1, (uint32_t)i % 1000), 0);
		assert_int_equal(bgp_nlri_list_add(l, &r), 0);
	}
}

static void assert_same_routes(const struct bgp_nlri_list *got, const struct bgp_nlri_list *want)
{
	assert_int_equal(got->bnl_n, want->bnl_n);
	for (size_t i = 0; i < got->bnl_n; i++) {
		const struct bgp_nlri *g = &got->bnl_v[i], *w = &want->bnl_v[i];
		assert_int_equal(g->bn_prefix, w->bn_prefix);
		assert_int_equal(g->bn_plen, w->bn_plen);
		assert_int_equal(g->bn_nlabels, w->bn_nlabels);
		for (unsigned l = 0; l < g->bn_nlabels; l++)
			assert_int_equal(g->bn_labels[l], w->bn_labels[l]);
		assert_int_equal(g->bn_rd.brd_type, w->bn_rd.brd_type);
		assert_int_equal(g->bn_rd.brd_asnn.ban_admin, w->bn_rd.brd_asnn.ban_admin);
		assert_int_equal(g->bn_rd.brd_asnn.ban_number, w->bn_rd.brd_asnn.ban_number);
	}
}

static void gather(struct bgp_nlri_list *all, const struct bgp_nlri_list *l)
{
	for (size_t i = 0; i < l->bnl_n; i++)
		assert_int_equal(bgp_nlri_list_add(all, &l->bnl_v[i]), 0);
}

/* Decodes one message of the split, checks it and adds its routes to all. */
static void split_message(const uint8_t *buf, size_t len, int routes, const struct bgp_update *u,
			  const struct bgp_codec *c, struct bgp_update *all)
{
	struct bgp_msg m;
	const struct bgp_update *got = &m.bm_update;

	assert_true(routes >= 0 && len <= BGP_MSG_MAX);
	decode_ok(buf, len, c, &m);
	assert_int_equal((size_t)routes, got->bu_withdrawn.bnl_n + got->bu_nlri.bnl_n +
					     got->bu_mp_reach.bmp_nlri.bnl_n + got->bu_mp_unreach.bmp_nlri.bnl_n);
	if (got->bu_mp_reach.bmp_nlri.bnl_n || got->bu_nlri.bnl_n) /* announcements carry the attributes */
		assert_int_equal(got->bu_attrs.ba_has, u->bu_attrs.ba_has);
	gather(&all->bu_withdrawn, &got->bu_withdrawn);
	gather(&all->bu_mp_unreach.bmp_nlri, &got->bu_mp_unreach.bmp_nlri);
	gather(&all->bu_mp_reach.bmp_nlri, &got->bu_mp_reach.bmp_nlri);
	gather(&all->bu_nlri, &got->bu_nlri);
	bgp_msg_free(&m);
}

/* Encodes u message by message; every route arrives once, in order. Returns the number of messages. */
static size_t split_round_trip(const struct bgp_update *u, const struct bgp_codec *c)
{
	struct bgp_update_cursor cur = {0};
	struct bgp_update all = {0};
	uint8_t buf[BGP_MSG_MAX];
	size_t len, msgs = 0;

	do {
		int routes = bgp_update_encode(u, c, &cur, buf, sizeof(buf), &len);
		split_message(buf, len, routes, u, c, &all);
		msgs++;
	} while (!bgp_update_encoded(u, &cur));
	assert_same_routes(&all.bu_withdrawn, &u->bu_withdrawn);
	assert_same_routes(&all.bu_mp_unreach.bmp_nlri, &u->bu_mp_unreach.bmp_nlri);
	assert_same_routes(&all.bu_mp_reach.bmp_nlri, &u->bu_mp_reach.bmp_nlri);
	assert_same_routes(&all.bu_nlri, &u->bu_nlri);
	bgp_update_free(&all);
	return msgs;
}

static void withdrawn_hosts(struct bgp_update *u, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		struct bgp_nlri host = {.bn_prefix = IPV4(10, 1, i >> 8, i & 0xff), .bn_plen = 32};
		assert_int_equal(bgp_nlri_list_add(&u->bu_withdrawn, &host), 0);
	}
}

/*
 * 600 VPNv4 routes of 15 octets. A message has 4096 - 23 (header, two lengths)
 * - 24 (ORIGIN, AS_PATH, EXT) - 21 (MP_REACH_NLRI up to its routes) = 4028
 * octets for them: 268 routes, so 268 + 268 + 64.
 */
static void test_split_announcements(void **state)
{
	struct bgp_codec c;
	struct bgp_msg m;

	sample_build(SAMPLE_UPDATE_VPNV4, &m, &c);
	m.bm_update.bu_mp_reach.bmp_nlri.bnl_n = 0; /* drop the seed's route */
	vpn_routes(&m.bm_update.bu_mp_reach.bmp_nlri, 600, 1);
	assert_int_equal(split_round_trip(&m.bm_update, &c), 3);
	bgp_msg_free(&m);
}

/* Withdrawals first (Withdrawn Routes, then MP_UNREACH_NLRI), then announcements. */
static void test_split_mixed(void **state)
{
	struct bgp_codec c;
	struct bgp_msg m;

	sample_build(SAMPLE_UPDATE_VPNV4, &m, &c);
	withdrawn_hosts(&m.bm_update, 1000);
	m.bm_update.bu_mp_unreach = (struct bgp_mp_nlri){.bmp_present = true, .bmp_family = BGP_FAMILY_VPNV4};
	vpn_routes(&m.bm_update.bu_mp_unreach.bmp_nlri, 500, 0);
	vpn_routes(&m.bm_update.bu_mp_reach.bmp_nlri, 300, 3);
	/*
	 * 1: 814 withdrawn /32 (5 octets: 23 + 4070), no room for MP_UNREACH_NLRI (7 + 15);
	 * 2: 186 withdrawn (930), MP_UNREACH_NLRI 7 + 209 x 15; 3: 7 + 271 x 15;
	 * 4: the last 20 (7 + 300), then attributes (24) and MP_REACH_NLRI (21) with the
	 *    seed's route (15) and 176 of 3 labels (21 each); 5: the other 124.
	 */
	assert_int_equal(split_round_trip(&m.bm_update, &c), 5);
	bgp_msg_free(&m);
}

/*
 * 814 withdrawn /32 leave 3 octets in the first message, less than the
 * attributes the announcement keeps room for: it goes in a second message.
 */
static void test_split_full_after_withdrawals(void **state)
{
	struct bgp_codec c;
	struct bgp_msg m;

	sample_build(SAMPLE_UPDATE_VPNV4, &m, &c);
	withdrawn_hosts(&m.bm_update, 814);
	assert_int_equal(split_round_trip(&m.bm_update, &c), 2);
	bgp_msg_free(&m);
}

/*
 * The NLRI field after 75 octets of attributes: 2000 more /24 of 4 octets.
 * 1: 23 + 2 (the withdrawn /8) + 75, the sample's 3 prefixes (12), 996 /24;
 * 2: 23 + 75, 999 /24; 3: the last 5.
 */
static void test_split_nlri_field(void **state)
{
	struct bgp_codec c;
	struct bgp_msg m;

	sample_build(SAMPLE_UPDATE_IPV4, &m, &c);
	for (uint32_t i = 0; i < 2000; i++) {
		struct bgp_nlri n = {.bn_prefix = IPV4(20, i >> 8, i & 0xff, 0), .bn_plen = 24};
		assert_int_equal(bgp_nlri_list_add(&m.bm_update.bu_nlri, &n), 0);
	}
	assert_int_equal(split_round_trip(&m.bm_update, &c), 3);
	bgp_msg_free(&m);
}

/* A message too small for the attributes and one route: an error, not an endless loop. */
static void test_split_too_small(void **state)
{
	struct bgp_update_cursor cur = {0};
	struct bgp_codec c;
	uint8_t buf[64];
	size_t len;
	struct bgp_msg m;

	sample_build(SAMPLE_UPDATE_VPNV4, &m, &c);
	assert_int_equal(bgp_update_encode(&m.bm_update, &c, &cur, buf, sizeof(buf), &len), -1);
	assert_int_equal(errno, EMSGSIZE);
	assert_false(cur.buc_started);
	bgp_msg_free(&m);
}

static void assert_invalid(struct bgp_msg *m, const struct bgp_codec *c)
{
	uint8_t buf[BGP_MSG_MAX];

	assert_int_equal(bgp_msg_encode(m, c, buf, sizeof(buf)), -1);
	assert_int_equal(errno, EINVAL);
	bgp_msg_free(m);
}

/* What the wire cannot carry is refused, not truncated. */
static void test_encode_invalid(void **state)
{
	struct bgp_codec c, as2 = {0};
	struct bgp_msg m;

	sample_build(SAMPLE_UPDATE_VPNV4, &m, &c);
	m.bm_update.bu_mp_reach.bmp_nlri.bnl_v[0].bn_plen = 33;
	assert_invalid(&m, &c);
	sample_build(SAMPLE_UPDATE_VPNV4, &m, &c);
	m.bm_update.bu_mp_reach.bmp_nlri.bnl_v[0].bn_labels[0] = BGP_LABEL_MAX + 1;
	assert_invalid(&m, &c);
	sample_build(SAMPLE_UPDATE_VPNV4, &m, &c);
	m.bm_update.bu_mp_reach.bmp_nlri.bnl_v[0].bn_nlabels = 0;
	assert_invalid(&m, &c);
	sample_build(SAMPLE_UPDATE_VPNV4, &m, &c);
	m.bm_update.bu_mp_reach.bmp_nlri.bnl_v[0].bn_rd.brd_asnn.ban_admin = 70000; /* type 0: two octets */
	assert_invalid(&m, &c);
	sample_build(SAMPLE_UPDATE_VPNV4, &m, &c);
	m.bm_update.bu_attrs.ba_as_path.bap_asns[0] = 65536; /* a two-octet session needs AS_TRANS */
	assert_invalid(&m, &as2);
	sample_build(SAMPLE_UPDATE_VPNV4, &m, &c);
	m.bm_update.bu_attrs.ba_has |= 1u << BGP_ATTR_COMMUNITIES; /* with none */
	assert_invalid(&m, &c);
	sample_build(SAMPLE_UPDATE_IPV4, &m, &c);
	m.bm_update.bu_attrs.ba_raw[0].btlv_type = BGP_ATTR_MED; /* a type the codec knows is not raw */
	assert_invalid(&m, &c);
	sample_build(SAMPLE_UPDATE_VPNV4, &m, &c);
	m.bm_update.bu_mp_reach.bmp_present = false; /* routes without their attribute */
	assert_invalid(&m, &c);
	sample_build(SAMPLE_OPEN, &m, &c);
	for (int i = 0; i < 40; i++) /* 40 x 8 octets of optional parameters > 255 */
		assert_int_equal(bgp_open_add_mp(&m.bm_open, 1, 1), 0);
	assert_invalid(&m, &c);
	assert_int_equal(bgp_rd_set(&(struct bgp_rd){0}, BGP_ASNN_IPV4, 1, 65536), -1);
	assert_int_equal(bgp_ext_set_rt(&(struct bgp_ext_community){0}, 3, 1, 1), -1);
}

static void test_frame(void **state)
{
	uint8_t two[sizeof(v_keepalive) + sizeof(v_update_vpnv4)];
	uint8_t bad[sizeof(v_keepalive)];
	struct bgp_errors errs;

	memcpy(two, v_keepalive, sizeof(v_keepalive));
	memcpy(two + sizeof(v_keepalive), v_update_vpnv4, sizeof(v_update_vpnv4));
	assert_int_equal(bgp_msg_frame(two, 0, &errs), 0);
	assert_int_equal(bgp_msg_frame(two, 18, &errs), 0);
	assert_int_equal(bgp_msg_frame(two, sizeof(two), &errs), sizeof(v_keepalive));
	assert_int_equal(bgp_msg_frame(two + 19, sizeof(v_update_vpnv4) - 1, &errs), 0);
	assert_int_equal(bgp_msg_frame(two + 19, sizeof(v_update_vpnv4), &errs), sizeof(v_update_vpnv4));
	assert_int_equal(errs.bes_count, 0);
	memcpy(bad, v_keepalive, sizeof(bad));
	bad[3] = 0;
	assert_int_equal(bgp_msg_frame(bad, sizeof(bad), &errs), -1);
	assert_int_equal(errs.bes_action, BGP_ACT_SESSION_RESET);
	assert_int_equal(errs.bes_worst.be_subcode, BGP_SUB_NOT_SYNCHRONIZED);
}

/* Decodes a truncated copy; a clean decode must then re-encode to exactly those octets. */
static void decode_truncated(const uint8_t *buf, size_t len, const struct bgp_codec *c)
{
	uint8_t out[BGP_MSG_MAX];
	struct bgp_errors errs;
	struct bgp_msg m;

	if (bgp_msg_decode(buf, len, c, &m, &errs) == BGP_ACT_NONE) {
		assert_int_equal(bgp_msg_encode(&m, c, out, sizeof(out)), len);
		assert_memory_equal(out, buf, len);
	} else {
		assert_true(errs.bes_count > 0);
	}
	bgp_msg_free(&m);
}

/*
 * Every length short of a valid message is an error, whether or not the
 * header says so. Each cut is a heap block of exactly its length, so that
 * ASan reports a read past it.
 */
static void test_truncation(void **state)
{
	for (size_t i = 0; i < NVECTORS; i++) {
		const struct vector *v = &vectors[i];
		struct bgp_codec c = codec_of(v);

		for (size_t len = 0; len < v->v_len; len++) {
			uint8_t *cut = malloc(len ? len : 1);
			struct bgp_errors errs;
			struct bgp_msg m;
			assert_non_null(cut);
			memcpy(cut, v->v_bytes, len);
			assert_int_equal(bgp_msg_decode(cut, len, &c, &m, &errs), BGP_ACT_SESSION_RESET);
			bgp_msg_free(&m);
			if (len >= BGP_HEADER_LEN) {
				cut[16] = (uint8_t)(len >> 8); /* now the header agrees with the cut */
				cut[17] = (uint8_t)len;
				decode_truncated(cut, len, &c);
			}
			free(cut);
		}
	}
}

static char *msg_text(const uint8_t *buf, size_t len, bool as4)
{
	struct bgp_codec c = {.bc_as4 = as4};
	char *text = NULL;
	size_t size;
	FILE *f = open_memstream(&text, &size);
	struct bgp_msg m;

	assert_non_null(f);
	decode_ok(buf, len, &c, &m);
	bgp_msg_print(f, &m);
	fclose(f);
	bgp_msg_free(&m);
	return text;
}

static void assert_text(const uint8_t *buf, size_t len, const char *want)
{
	char *text = msg_text(buf, len, true);

	assert_string_equal(text, want);
	free(text);
}

static void test_text(void **state)
{
	assert_text(v_update_vpnv4, sizeof(v_update_vpnv4),
		    "UPDATE\n"
		    "  MP_REACH_NLRI VPNv4 Unicast next hop 10.1.1.4\n"
		    "    announced 1:1:192.168.114.0/24 label 16\n"
		    "  ORIGIN incomplete\n"
		    "  AS_PATH 100\n"
		    "  EXTENDED_COMMUNITIES RT:1:1\n");
	assert_text(v_update_vpnv4_2, sizeof(v_update_vpnv4_2),
		    "UPDATE\n"
		    "  MP_REACH_NLRI VPNv4 Unicast next hop 10.0.0.1\n"
		    "    announced 10.0.0.1:5:192.168.113.0/24 label 16/17\n"
		    "    announced 65536:7:0.0.0.0/0 label 18\n"
		    "  ORIGIN IGP\n"
		    "  AS_PATH 65536 100\n"
		    "  EXTENDED_COMMUNITIES 0x00:0x03:000100000002 RT:10.0.0.1:5 RT:65536:7 RT:2:2\n");
	assert_text(v_update_ipv4, sizeof(v_update_ipv4),
		    "UPDATE\n"
		    "  withdrawn 10.0.0.0/8\n"
		    "  ORIGIN IGP\n"
		    "  AS_PATH 65001 65002 {7,8}\n"
		    "  NEXT_HOP 10.1.1.4\n"
		    "  MULTI_EXIT_DISC 50\n"
		    "  LOCAL_PREF 200\n"
		    "  ATOMIC_AGGREGATE\n"
		    "  AGGREGATOR 65001 10.0.0.9\n"
		    "  COMMUNITIES 65001:100\n"
		    "  attribute 201 (passed on, partial): 010203\n"
		    "  announced 192.168.1.0/24\n"
		    "  announced 172.16.0.0/12\n"
		    "  announced 10.10.10.128/25\n");
	assert_text(v_withdraw_vpnv4, sizeof(v_withdraw_vpnv4),
		    "UPDATE\n"
		    "  MP_UNREACH_NLRI VPNv4 Unicast\n"
		    "    withdrawn 1:1:192.168.114.0/24\n");
	assert_text(v_open, sizeof(v_open),
		    "OPEN version 4 AS 100 hold 180 id 172.16.1.103\n"
		    "  capability multiprotocol AFI 1 SAFI 128\n"
		    "  capability route-refresh\n"
		    "  capability 4-octet AS 100\n");
	assert_text(v_notification_data, sizeof(v_notification_data),
		    "NOTIFICATION 2/1 (OPEN Message Error/Unsupported Version Number) data 0004\n");
	assert_text(v_route_refresh, sizeof(v_route_refresh), "ROUTE-REFRESH AFI 1 SAFI 128 subtype 0\n");
	assert_text(v_keepalive, sizeof(v_keepalive), "KEEPALIVE\n");
}

static void test_text_names(void **state)
{
	char buf[96];

	bgp_notification_format(BGP_ERR_CEASE, BGP_SUB_ADMIN_SHUTDOWN, buf, sizeof(buf));
	assert_string_equal(buf, "Cease/Administrative Shutdown");
	bgp_notification_format(BGP_ERR_HOLD_TIMER, 0, buf, sizeof(buf));
	assert_string_equal(buf, "Hold Timer Expired");
	bgp_notification_format(BGP_ERR_UPDATE, 99, buf, sizeof(buf));
	assert_string_equal(buf, "UPDATE Message Error/subcode 99");
	bgp_notification_format(42, 1, buf, sizeof(buf));
	assert_string_equal(buf, "code 42/subcode 1");
	bgp_rd_format(&(struct bgp_rd){.brd_type = 7, .brd_asnn = {1, 2}}, buf, sizeof(buf));
	assert_string_equal(buf, "type7:1:2");
	assert_string_equal(bgp_action_name(BGP_ACT_TREAT_AS_WITHDRAW), "treat-as-withdraw");
	bgp_nlri_format(
	    &(struct bgp_nlri){.bn_prefix = IPV4(192, 168, 113, 0), .bn_plen = 24, .bn_nlabels = 1, .bn_labels = {25}},
	    BGP_FAMILY_VPNV4, buf, 12); /* truncated as snprintf does */
	assert_string_equal(buf, "0:0:192.168");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vectors_round_trip),
	    cmocka_unit_test(test_samples_encode_to_vectors),
	    cmocka_unit_test(test_decode_open),
	    cmocka_unit_test(test_decode_seed_update),
	    cmocka_unit_test(test_as4_attributes),
	    cmocka_unit_test(test_update_ipv4_fields),
	    cmocka_unit_test(test_raw_attribute_gets_partial),
	    cmocka_unit_test(test_prefix_host_bits),
	    cmocka_unit_test(test_extended_length),
	    cmocka_unit_test(test_split_announcements),
	    cmocka_unit_test(test_split_mixed),
	    cmocka_unit_test(test_split_full_after_withdrawals),
	    cmocka_unit_test(test_split_nlri_field),
	    cmocka_unit_test(test_split_too_small),
	    cmocka_unit_test(test_encode_invalid),
	    cmocka_unit_test(test_frame),
	    cmocka_unit_test(test_truncation),
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_text_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
