/*
 * BGP decoding errors and the action each implies: RFC 7606 for UPDATE
 * (attribute discard, treat-as-withdraw, AFI/SAFI disable, session reset),
 * RFC 6793 §6 for the AS4 attributes, RFC 4271 §6 for the header and OPEN,
 * RFC 7313 for ROUTE-REFRESH. Every message is written out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bgp/bgp_msg.h"

#define MARKER 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff

#define ORIGIN_IGP     0x40, 0x01, 0x01, 0x00
#define AS_PATH_100    0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0x00, 0x64 /* four-octet session */
#define AS_PATH_100_2  0x40, 0x02, 0x04, 0x02, 0x01, 0x00, 0x64		    /* two-octet session */
#define NEXT_HOP_4     0x40, 0x03, 0x04, 0x0a, 0x01, 0x01, 0x04
#define BASE	       ORIGIN_IGP, AS_PATH_100, NEXT_HOP_4
#define BASE_2	       ORIGIN_IGP, AS_PATH_100_2, NEXT_HOP_4
#define AFI_VPNV4      0x00, 0x01, 0x80
#define NH_VPNV4       0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a, 0x01, 0x01, 0x04
#define RD_1_1	       0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01
#define ROUTE_114      0x70, 0x00, 0x01, 0x01, RD_1_1, 0xc0, 0xa8, 0x72 /* 1:1:192.168.114.0/24 label 16 */
#define MP_REACH_VPNV4 0x90, 0x0e, 0x00, 0x20, AFI_VPNV4, NH_VPNV4, 0x00, ROUTE_114

static const uint8_t nlri_24[] = {0x18, 0xc0, 0xa8, 0x01}; /* 192.168.1.0/24 */

/* Wraps attributes (and the NLRI field) in an UPDATE; returns its length. */
static size_t update_msg(uint8_t *buf, const uint8_t *attrs, size_t alen, const uint8_t *nlri, size_t nlen)
{
	size_t len = 23 + alen + nlen;

	memset(buf, 0xff, 16);
	buf[16] = (uint8_t)(len >> 8);
	buf[17] = (uint8_t)len;
	buf[18] = 2;
	memcpy(buf + 19, (uint8_t[]){0, 0, (uint8_t)(alen >> 8), (uint8_t)alen}, 4);
	memcpy(buf + 23, attrs, alen);
	memcpy(buf + 23 + alen, nlri, nlen);
	return len;
}

struct attr_case {
	const char *ac_name;
	uint8_t ac_attrs[96];
	size_t ac_len;
	bool ac_mp_only; /* no NLRI field: the routes, if any, are in MP_REACH_NLRI */
	bool ac_as2;	 /* a session without 4-octet AS numbers */
	bool ac_ebgp;
	enum bgp_action ac_action;
	uint8_t ac_subcode;
	uint8_t ac_attr; /* the attribute the strongest error names */
};

#define ATTRS(...) .ac_attrs = {__VA_ARGS__}, .ac_len = sizeof((uint8_t[]){__VA_ARGS__})
#define TAW	   BGP_ACT_TREAT_AS_WITHDRAW
#define DISCARD	   BGP_ACT_ATTR_DISCARD
#define DISABLE	   BGP_ACT_AFI_SAFI_DISABLE
#define RESET	   BGP_ACT_SESSION_RESET

static const struct attr_case attr_cases[] = {
    /* RFC 7606 §7.1 ORIGIN */
    {"ORIGIN length 2", ATTRS(0x40, 0x01, 0x02, 0x00, 0x00, AS_PATH_100, NEXT_HOP_4), .ac_action = TAW,
     .ac_subcode = BGP_SUB_ATTR_LENGTH, .ac_attr = BGP_ATTR_ORIGIN},
    {"ORIGIN undefined value", ATTRS(0x40, 0x01, 0x01, 0x03, AS_PATH_100, NEXT_HOP_4), .ac_action = TAW,
     .ac_subcode = BGP_SUB_BAD_ORIGIN, .ac_attr = BGP_ATTR_ORIGIN},
    /* §3 c: flags in conflict with the type */
    {"ORIGIN flagged optional", ATTRS(0xc0, 0x01, 0x01, 0x00, AS_PATH_100, NEXT_HOP_4), .ac_action = TAW,
     .ac_subcode = BGP_SUB_ATTR_FLAGS, .ac_attr = BGP_ATTR_ORIGIN},
    {"MED flagged transitive", ATTRS(BASE, 0xc0, 0x04, 0x04, 0, 0, 0, 1), .ac_action = TAW,
     .ac_subcode = BGP_SUB_ATTR_FLAGS, .ac_attr = BGP_ATTR_MED},
    /* §7.2 AS_PATH */
    {"AS_PATH segment of no AS", ATTRS(ORIGIN_IGP, 0x40, 0x02, 0x02, 0x02, 0x00, NEXT_HOP_4), .ac_action = TAW,
     .ac_subcode = BGP_SUB_MALFORMED_AS_PATH, .ac_attr = BGP_ATTR_AS_PATH},
    {"AS_PATH segment overruns", ATTRS(ORIGIN_IGP, 0x40, 0x02, 0x06, 0x02, 0x02, 0, 0, 0, 0x64, NEXT_HOP_4),
     .ac_action = TAW, .ac_subcode = BGP_SUB_MALFORMED_AS_PATH, .ac_attr = BGP_ATTR_AS_PATH},
    {"AS_PATH segment type 5", ATTRS(ORIGIN_IGP, 0x40, 0x02, 0x06, 0x05, 0x01, 0, 0, 0, 0x64, NEXT_HOP_4),
     .ac_action = TAW, .ac_subcode = BGP_SUB_MALFORMED_AS_PATH, .ac_attr = BGP_ATTR_AS_PATH},
    {"AS_PATH one octet left", ATTRS(ORIGIN_IGP, 0x40, 0x02, 0x07, 0x02, 0x01, 0, 0, 0, 0x64, 0x02, NEXT_HOP_4),
     .ac_action = TAW, .ac_subcode = BGP_SUB_MALFORMED_AS_PATH, .ac_attr = BGP_ATTR_AS_PATH},
    /* §7.3-7.8 */
    {"NEXT_HOP length 5", ATTRS(ORIGIN_IGP, AS_PATH_100, 0x40, 0x03, 0x05, 0x0a, 1, 1, 4, 0), .ac_action = TAW,
     .ac_subcode = BGP_SUB_ATTR_LENGTH, .ac_attr = BGP_ATTR_NEXT_HOP},
    {"MED length 3", ATTRS(BASE, 0x80, 0x04, 0x03, 0, 0, 1), .ac_action = TAW, .ac_subcode = BGP_SUB_ATTR_LENGTH,
     .ac_attr = BGP_ATTR_MED},
    {"LOCAL_PREF length 2", ATTRS(BASE, 0x40, 0x05, 0x02, 0, 100), .ac_action = TAW, .ac_subcode = BGP_SUB_ATTR_LENGTH,
     .ac_attr = BGP_ATTR_LOCAL_PREF},
    {"LOCAL_PREF from an external peer", ATTRS(BASE, 0x40, 0x05, 0x04, 0, 0, 0, 100), .ac_ebgp = true,
     .ac_action = DISCARD, .ac_subcode = BGP_SUB_UNSPECIFIC, .ac_attr = BGP_ATTR_LOCAL_PREF},
    {"ATOMIC_AGGREGATE length 1", ATTRS(BASE, 0x40, 0x06, 0x01, 0x00), .ac_action = DISCARD,
     .ac_subcode = BGP_SUB_ATTR_LENGTH, .ac_attr = BGP_ATTR_ATOMIC_AGGREGATE},
    {"AGGREGATOR length 7", ATTRS(BASE, 0xc0, 0x07, 0x07, 0, 0, 0, 1, 10, 0, 0), .ac_action = DISCARD,
     .ac_subcode = BGP_SUB_ATTR_LENGTH, .ac_attr = BGP_ATTR_AGGREGATOR},
    {"AGGREGATOR of 6 octets between 4-octet speakers", ATTRS(BASE, 0xc0, 0x07, 0x06, 0, 1, 10, 0, 0, 9),
     .ac_action = DISCARD, .ac_subcode = BGP_SUB_ATTR_LENGTH, .ac_attr = BGP_ATTR_AGGREGATOR},
    {"COMMUNITIES length 5", ATTRS(BASE, 0xc0, 0x08, 0x05, 0, 1, 0, 1, 0), .ac_action = TAW,
     .ac_subcode = BGP_SUB_ATTR_LENGTH, .ac_attr = BGP_ATTR_COMMUNITIES},
    {"COMMUNITIES empty", ATTRS(BASE, 0xc0, 0x08, 0x00), .ac_action = TAW, .ac_subcode = BGP_SUB_ATTR_LENGTH,
     .ac_attr = BGP_ATTR_COMMUNITIES},
    /* §7.14 */
    {"EXTENDED_COMMUNITIES length 12", ATTRS(BASE, 0xc0, 0x10, 0x0c, 0, 2, 0, 1, 0, 0, 0, 1, 0, 2, 0, 1),
     .ac_action = TAW, .ac_subcode = BGP_SUB_ATTR_LENGTH, .ac_attr = BGP_ATTR_EXT_COMMUNITIES},
    /* §3 g: repeats */
    {"ORIGIN repeated", ATTRS(BASE, 0x40, 0x01, 0x01, 0x02), .ac_action = DISCARD,
     .ac_subcode = BGP_SUB_MALFORMED_ATTR_LIST, .ac_attr = BGP_ATTR_ORIGIN},
    {"MP_REACH_NLRI repeated", ATTRS(MP_REACH_VPNV4, MP_REACH_VPNV4, ORIGIN_IGP, AS_PATH_100), .ac_mp_only = true,
     .ac_action = RESET, .ac_subcode = BGP_SUB_MALFORMED_ATTR_LIST, .ac_attr = BGP_ATTR_MP_REACH_NLRI},
    /* §3 d: missing well-known mandatory attributes */
    {"ORIGIN missing", ATTRS(AS_PATH_100, NEXT_HOP_4), .ac_action = TAW, .ac_subcode = BGP_SUB_MISSING_WELL_KNOWN,
     .ac_attr = BGP_ATTR_ORIGIN},
    {"AS_PATH missing", ATTRS(ORIGIN_IGP, NEXT_HOP_4), .ac_action = TAW, .ac_subcode = BGP_SUB_MISSING_WELL_KNOWN,
     .ac_attr = BGP_ATTR_AS_PATH},
    {"NEXT_HOP missing", ATTRS(ORIGIN_IGP, AS_PATH_100), .ac_action = TAW, .ac_subcode = BGP_SUB_MISSING_WELL_KNOWN,
     .ac_attr = BGP_ATTR_NEXT_HOP},
    {"AS_PATH missing in MP_REACH_NLRI routes", ATTRS(MP_REACH_VPNV4, ORIGIN_IGP), .ac_mp_only = true, .ac_action = TAW,
     .ac_subcode = BGP_SUB_MISSING_WELL_KNOWN, .ac_attr = BGP_ATTR_AS_PATH},
    {"no NEXT_HOP needed beside MP_REACH_NLRI", ATTRS(MP_REACH_VPNV4, ORIGIN_IGP, AS_PATH_100), .ac_mp_only = true,
     .ac_action = BGP_ACT_NONE},
    {"nothing needed without routes", ATTRS(0x40, 0x06, 0x00), .ac_mp_only = true, .ac_action = BGP_ACT_NONE},
    /* RFC 4271 §5, §6.3: unrecognized attributes */
    {"unrecognized well-known attribute", ATTRS(BASE, 0x40, 0xc9, 0x01, 0x00), .ac_action = RESET,
     .ac_subcode = BGP_SUB_UNKNOWN_WELL_KNOWN, .ac_attr = 201},
    {"unrecognized optional non-transitive attribute", ATTRS(BASE, 0x80, 0xc9, 0x01, 0x00), .ac_action = BGP_ACT_NONE},
    /* §4: the attribute lengths and the Total Path Attribute Length disagree */
    {"attribute overruns the attributes", ATTRS(ORIGIN_IGP, AS_PATH_100, 0x40, 0x03, 0x08, 0x0a, 1, 1, 4),
     .ac_action = TAW, .ac_subcode = BGP_SUB_ATTR_LENGTH, .ac_attr = BGP_ATTR_NEXT_HOP},
    {"two octets left", ATTRS(BASE, 0x40, 0x01), .ac_action = TAW, .ac_subcode = BGP_SUB_ATTR_LENGTH,
     .ac_attr = BGP_ATTR_ORIGIN},
    {"three octets left with the extended length", ATTRS(BASE, 0x50, 0x01, 0x00), .ac_action = TAW,
     .ac_subcode = BGP_SUB_ATTR_LENGTH, .ac_attr = BGP_ATTR_ORIGIN},
    {"MP_REACH_NLRI overruns the attributes", ATTRS(ORIGIN_IGP, AS_PATH_100, 0x90, 0x0e, 0x00, 0x40, AFI_VPNV4),
     .ac_mp_only = true, .ac_action = RESET, .ac_subcode = BGP_SUB_ATTR_LENGTH, .ac_attr = BGP_ATTR_MP_REACH_NLRI},
    /* §7.11-7.12, RFC 4760 §7: MP attributes */
    {"MP_REACH_NLRI VPNv4 next hop of 4 octets",
     ATTRS(0x90, 0x0e, 0x00, 0x18, AFI_VPNV4, 0x04, 10, 1, 1, 4, 0x00, ROUTE_114, ORIGIN_IGP, AS_PATH_100),
     .ac_mp_only = true, .ac_action = DISABLE, .ac_subcode = BGP_SUB_OPT_ATTR, .ac_attr = BGP_ATTR_MP_REACH_NLRI},
    {"MP_REACH_NLRI without its reserved octet", ATTRS(0x90, 0x0e, 0x00, 0x10, AFI_VPNV4, NH_VPNV4), .ac_mp_only = true,
     .ac_action = DISABLE, .ac_subcode = BGP_SUB_OPT_ATTR, .ac_attr = BGP_ATTR_MP_REACH_NLRI},
    {"MP_REACH_NLRI prefix of 33 bits",
     ATTRS(0x90, 0x0e, 0x00, 0x22, AFI_VPNV4, NH_VPNV4, 0x00, 0x79, 0x00, 0x01, 0x01, RD_1_1, 0xc0, 0xa8, 0x72, 0x00,
	   0x00, ORIGIN_IGP, AS_PATH_100),
     .ac_mp_only = true, .ac_action = DISABLE, .ac_subcode = BGP_SUB_BAD_NETWORK, .ac_attr = BGP_ATTR_MP_REACH_NLRI},
    {"MP_REACH_NLRI label stack with no bottom",
     ATTRS(0x90, 0x0e, 0x00, 0x27, AFI_VPNV4, NH_VPNV4, 0x00, 0xa8, 0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01,
	   0x00, 0x00, 0x01, 0x00, RD_1_1, 0x0a, ORIGIN_IGP, AS_PATH_100),
     .ac_mp_only = true, .ac_action = DISABLE, .ac_subcode = BGP_SUB_BAD_NETWORK, .ac_attr = BGP_ATTR_MP_REACH_NLRI},
    {"MP_REACH_NLRI route overruns",
     ATTRS(0x90, 0x0e, 0x00, 0x1f, AFI_VPNV4, NH_VPNV4, 0x00, 0x70, 0x00, 0x01, 0x01, RD_1_1, 0xc0, 0xa8, ORIGIN_IGP,
	   AS_PATH_100),
     .ac_mp_only = true, .ac_action = DISABLE, .ac_subcode = BGP_SUB_BAD_NETWORK, .ac_attr = BGP_ATTR_MP_REACH_NLRI},
    {"MP_REACH_NLRI flagged transitive", ATTRS(0xd0, 0x0e, 0x00, 0x20, AFI_VPNV4, NH_VPNV4, 0x00, ROUTE_114),
     .ac_mp_only = true, .ac_action = DISABLE, .ac_subcode = BGP_SUB_ATTR_FLAGS, .ac_attr = BGP_ATTR_MP_REACH_NLRI},
    {"MP_REACH_NLRI too short for its AFI/SAFI", ATTRS(0x90, 0x0e, 0x00, 0x02, 0x00, 0x01), .ac_mp_only = true,
     .ac_action = RESET, .ac_subcode = BGP_SUB_OPT_ATTR, .ac_attr = BGP_ATTR_MP_REACH_NLRI},
    {"MP_REACH_NLRI of IPv6 unicast, not supported",
     ATTRS(0x90, 0x0e, 0x00, 0x1e, 0x00, 0x02, 0x01, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	   0x00, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, ORIGIN_IGP, AS_PATH_100),
     .ac_mp_only = true, .ac_action = DISCARD, .ac_subcode = BGP_SUB_OPT_ATTR, .ac_attr = BGP_ATTR_MP_REACH_NLRI},
    {"MP_UNREACH_NLRI label field cut short", ATTRS(0x90, 0x0f, 0x00, 0x06, AFI_VPNV4, 0x70, 0x80, 0x00),
     .ac_mp_only = true, .ac_action = DISABLE, .ac_subcode = BGP_SUB_BAD_NETWORK, .ac_attr = BGP_ATTR_MP_UNREACH_NLRI},
    /* RFC 6793 §6 */
    {"AS4_PATH between 4-octet speakers", ATTRS(BASE, 0xc0, 0x11, 0x06, 0x02, 0x01, 0, 1, 0, 0), .ac_action = DISCARD,
     .ac_subcode = BGP_SUB_UNSPECIFIC, .ac_attr = BGP_ATTR_AS4_PATH},
    {"AS4_PATH segment of no AS", ATTRS(BASE_2, 0xc0, 0x11, 0x02, 0x02, 0x00), .ac_as2 = true, .ac_action = DISCARD,
     .ac_subcode = BGP_SUB_MALFORMED_AS_PATH, .ac_attr = BGP_ATTR_AS4_PATH},
    {"AS4_PATH empty", ATTRS(BASE_2, 0xc0, 0x11, 0x00), .ac_as2 = true, .ac_action = DISCARD,
     .ac_subcode = BGP_SUB_ATTR_LENGTH, .ac_attr = BGP_ATTR_AS4_PATH},
    {"AS4_PATH with a confederation segment", ATTRS(BASE_2, 0xc0, 0x11, 0x06, 0x03, 0x01, 0, 1, 0, 0), .ac_as2 = true,
     .ac_action = DISCARD, .ac_subcode = BGP_SUB_MALFORMED_AS_PATH, .ac_attr = BGP_ATTR_AS4_PATH},
    {"AS4_AGGREGATOR length 6", ATTRS(BASE_2, 0xc0, 0x12, 0x06, 0, 1, 0, 0, 10, 0), .ac_as2 = true,
     .ac_action = DISCARD, .ac_subcode = BGP_SUB_ATTR_LENGTH, .ac_attr = BGP_ATTR_AS4_AGGREGATOR},
    /* §3 f: with several errors the strongest action wins */
    {"discard and treat-as-withdraw", ATTRS(0x40, 0x06, 0x01, 0x00, 0x40, 0x01, 0x01, 0x07, AS_PATH_100, NEXT_HOP_4),
     .ac_action = TAW, .ac_subcode = BGP_SUB_BAD_ORIGIN, .ac_attr = BGP_ATTR_ORIGIN},
};

/* Error data points into buf, which must outlive errs. */
static enum bgp_action decode_case(const struct attr_case *k, uint8_t buf[256], struct bgp_msg *m,
				   struct bgp_errors *errs)
{
	struct bgp_codec c = {.bc_as4 = !k->ac_as2, .bc_ebgp = k->ac_ebgp};
	size_t len = update_msg(buf, k->ac_attrs, k->ac_len, nlri_24, k->ac_mp_only ? 0 : sizeof(nlri_24));

	return bgp_msg_decode(buf, len, &c, m, errs);
}

static void test_attribute_errors(void **state)
{
	for (size_t i = 0; i < sizeof(attr_cases) / sizeof(attr_cases[0]); i++) {
		const struct attr_case *k = &attr_cases[i];
		uint8_t buf[256];
		struct bgp_errors errs;
		struct bgp_msg m;
		enum bgp_action a = decode_case(k, buf, &m, &errs);

		if (a != k->ac_action || (a != BGP_ACT_NONE && (errs.bes_worst.be_subcode != k->ac_subcode ||
								errs.bes_worst.be_attr != k->ac_attr))) {
			bgp_error_print(stderr, &errs.bes_worst);
			fail_msg("%s: %s, expected %s", k->ac_name, bgp_action_name(a), bgp_action_name(k->ac_action));
		}
		assert_int_equal(errs.bes_worst.be_code, a == BGP_ACT_NONE ? 0 : BGP_ERR_UPDATE);
		bgp_msg_free(&m);
	}
}

static const struct attr_case *find_case(const char *name)
{
	for (size_t i = 0; i < sizeof(attr_cases) / sizeof(attr_cases[0]); i++)
		if (strcmp(attr_cases[i].ac_name, name) == 0)
			return &attr_cases[i];
	fail_msg("no case %s", name);
	return NULL;
}

/* What the decoded update holds besides the action. */
static void test_attribute_error_effects(void **state)
{
	uint8_t buf[256];
	struct bgp_errors errs;
	struct bgp_msg m;

	decode_case(find_case("ORIGIN repeated"), buf, &m, &errs);
	assert_int_equal(m.bm_update.bu_attrs.ba_origin, BGP_ORIGIN_IGP); /* the first one stands */
	bgp_msg_free(&m);
	decode_case(find_case("LOCAL_PREF from an external peer"), buf, &m, &errs);
	assert_false(m.bm_update.bu_attrs.ba_has & 1u << BGP_ATTR_LOCAL_PREF);
	assert_true(m.bm_update.bu_attrs.ba_has & 1u << BGP_ATTR_NEXT_HOP);
	bgp_msg_free(&m);
	decode_case(find_case("unrecognized optional non-transitive attribute"), buf, &m, &errs);
	assert_int_equal(m.bm_update.bu_attrs.ba_nraw, 0);
	bgp_msg_free(&m);
	decode_case(find_case("attribute overruns the attributes"), buf, &m, &errs);
	assert_int_equal(m.bm_update.bu_nlri.bnl_n, 1); /* the NLRI field is still found, to withdraw */
	bgp_msg_free(&m);
	decode_case(find_case("MP_REACH_NLRI VPNv4 next hop of 4 octets"), buf, &m, &errs);
	assert_int_equal(errs.bes_worst.be_afi, 1);
	assert_int_equal(errs.bes_worst.be_safi, 128);
	assert_false(m.bm_update.bu_mp_reach.bmp_present);
	bgp_msg_free(&m);
	decode_case(find_case("AS4_PATH between 4-octet speakers"), buf, &m, &errs);
	assert_false(m.bm_update.bu_attrs.ba_has & 1u << BGP_ATTR_AS4_PATH);
	bgp_msg_free(&m);
}

/* RFC 4271 §6.3: the data is the attribute in error, or the type code of the missing one. */
static void test_notification_data(void **state)
{
	uint8_t buf[256];
	struct bgp_errors errs;
	struct bgp_msg m;

	decode_case(find_case("ORIGIN length 2"), buf, &m, &errs);
	assert_int_equal(errs.bes_worst.be_data_len, 5);
	assert_memory_equal(errs.bes_worst.be_data, ((uint8_t[]){0x40, 0x01, 0x02, 0x00, 0x00}), 5);
	bgp_msg_free(&m);
	decode_case(find_case("NEXT_HOP missing"), buf, &m, &errs);
	assert_int_equal(errs.bes_worst.be_data_len, 1);
	assert_int_equal(errs.bes_worst.be_data[0], BGP_ATTR_NEXT_HOP);
	bgp_msg_free(&m);
}

/* More errors than the list holds: the strongest are kept, and all are counted. */
static void test_error_list_keeps_strongest(void **state)
{
	uint8_t attrs[128], buf[256];
	size_t alen = 0, len;
	struct bgp_codec c = {.bc_as4 = true};
	struct bgp_errors errs;
	struct bgp_msg m;
	bool found = false;

	for (int i = 0; i < 10; i++) { /* one ATOMIC_AGGREGATE and nine repeats to discard */
		memcpy(attrs + alen, (uint8_t[]){0x40, 0x06, 0x00}, 3);
		alen += 3;
	}
	memcpy(attrs + alen, (uint8_t[]){0x40, 0x01, 0x01, 0x07, AS_PATH_100, NEXT_HOP_4}, 20);
	alen += 20;
	len = update_msg(buf, attrs, alen, nlri_24, sizeof(nlri_24));
	assert_int_equal(bgp_msg_decode(buf, len, &c, &m, &errs), BGP_ACT_TREAT_AS_WITHDRAW);
	assert_int_equal(errs.bes_count, 10);
	for (size_t i = 0; i < BGP_ERRORS_MAX; i++)
		found |= errs.bes_list[i].be_action == BGP_ACT_TREAT_AS_WITHDRAW;
	assert_true(found);
	assert_int_equal(errs.bes_worst.be_subcode, BGP_SUB_BAD_ORIGIN);
	bgp_msg_free(&m);
}

struct msg_case {
	const char *mc_name;
	uint8_t mc_bytes[64];
	size_t mc_len;
	uint8_t mc_code, mc_subcode;
	uint8_t mc_data[4];
	size_t mc_data_len;
};

#define MSG(...)  .mc_bytes = {__VA_ARGS__}, .mc_len = sizeof((uint8_t[]){__VA_ARGS__})
#define DATA(...) .mc_data = {__VA_ARGS__}, .mc_data_len = sizeof((uint8_t[]){__VA_ARGS__})

/* Every one a session reset (RFC 4271 §6.1-6.3, RFC 7313 §5). */
static const struct msg_case msg_cases[] = {
    {"marker not all ones",
     MSG(0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x13,
	 0x04),
     BGP_ERR_HEADER, BGP_SUB_NOT_SYNCHRONIZED},
    {"length 18", MSG(MARKER, 0x00, 0x12, 0x04), BGP_ERR_HEADER, BGP_SUB_BAD_MSG_LENGTH, DATA(0x00, 0x12)},
    {"type 6", MSG(MARKER, 0x00, 0x13, 0x06), BGP_ERR_HEADER, BGP_SUB_BAD_MSG_TYPE, DATA(0x06)},
    {"KEEPALIVE of 20 octets", MSG(MARKER, 0x00, 0x14, 0x04, 0x00), BGP_ERR_HEADER, BGP_SUB_BAD_MSG_LENGTH,
     DATA(0x00, 0x14)},
    {"OPEN of 28 octets", MSG(MARKER, 0x00, 0x1c, 0x01, 0x04, 0x00, 0x64, 0x00, 0xb4, 0x0a, 0x00, 0x00, 0x01),
     BGP_ERR_HEADER, BGP_SUB_BAD_MSG_LENGTH, DATA(0x00, 0x1c)},
    {"UPDATE of 22 octets", MSG(MARKER, 0x00, 0x16, 0x02, 0x00, 0x00, 0x00), BGP_ERR_HEADER, BGP_SUB_BAD_MSG_LENGTH,
     DATA(0x00, 0x16)},
    {"NOTIFICATION of 20 octets", MSG(MARKER, 0x00, 0x14, 0x03, 0x06), BGP_ERR_HEADER, BGP_SUB_BAD_MSG_LENGTH,
     DATA(0x00, 0x14)},
    {"ROUTE-REFRESH of 24 octets", MSG(MARKER, 0x00, 0x18, 0x05, 0x00, 0x01, 0x00, 0x80, 0x00), BGP_ERR_ROUTE_REFRESH,
     BGP_SUB_BAD_RR_LENGTH},
    /* UPDATE fields (RFC 7606 §3 g, §5.3) */
    {"Withdrawn Routes Length overruns", MSG(MARKER, 0x00, 0x17, 0x02, 0x00, 0x01, 0x00, 0x00), BGP_ERR_UPDATE,
     BGP_SUB_MALFORMED_ATTR_LIST},
    {"Total Path Attribute Length overruns", MSG(MARKER, 0x00, 0x18, 0x02, 0x00, 0x00, 0x00, 0x02, 0x40),
     BGP_ERR_UPDATE, BGP_SUB_MALFORMED_ATTR_LIST},
    {"withdrawn prefix of 33 bits", MSG(MARKER, 0x00, 0x1c, 0x02, 0x00, 0x05, 0x21, 10, 0, 0, 0, 0x00, 0x00),
     BGP_ERR_UPDATE, BGP_SUB_BAD_NETWORK},
    {"NLRI prefix of 33 bits", MSG(MARKER, 0x00, 0x31, 0x02, 0x00, 0x00, 0x00, 0x14, BASE, 0x21, 192, 168, 1, 0, 0),
     BGP_ERR_UPDATE, BGP_SUB_BAD_NETWORK},
    {"NLRI prefix cut short", MSG(MARKER, 0x00, 0x2e, 0x02, 0x00, 0x00, 0x00, 0x14, BASE, 0x18, 192, 168),
     BGP_ERR_UPDATE, BGP_SUB_BAD_NETWORK},
};

static void test_message_errors(void **state)
{
	struct bgp_codec c = {.bc_as4 = true};

	for (size_t i = 0; i < sizeof(msg_cases) / sizeof(msg_cases[0]); i++) {
		const struct msg_case *k = &msg_cases[i];
		struct bgp_errors errs;
		struct bgp_msg m;

		if (bgp_msg_decode(k->mc_bytes, k->mc_len, &c, &m, &errs) != BGP_ACT_SESSION_RESET ||
		    errs.bes_worst.be_code != k->mc_code || errs.bes_worst.be_subcode != k->mc_subcode) {
			bgp_error_print(stderr, &errs.bes_worst);
			fail_msg("%s", k->mc_name);
		}
		assert_int_equal(errs.bes_worst.be_data_len, k->mc_data_len);
		if (k->mc_data_len)
			assert_memory_equal(errs.bes_worst.be_data, k->mc_data, k->mc_data_len);
		bgp_msg_free(&m);
	}
}

static void test_length_over_4096(void **state)
{
	uint8_t buf[4097] = {MARKER, 0x10, 0x01, 0x02};
	struct bgp_errors errs;

	assert_int_equal(bgp_msg_frame(buf, sizeof(buf), &errs), -1);
	assert_int_equal(errs.bes_worst.be_subcode, BGP_SUB_BAD_MSG_LENGTH);
	assert_memory_equal(errs.bes_worst.be_data, ((uint8_t[]){0x10, 0x01}), 2);
}

/* An OPEN from AS 100, hold 180, id 10.0.0.1 with these optional parameters; returns its length. */
static size_t open_msg(uint8_t *buf, const uint8_t *params, size_t plen)
{
	const uint8_t fixed[] = {MARKER, 0, (uint8_t)(29 + plen), 0x01, 0x04, 0x00, 0x64, 0x00, 0xb4, 10, 0, 0, 1};

	memcpy(buf, fixed, sizeof(fixed));
	buf[28] = (uint8_t)plen;
	memcpy(buf + 29, params, plen);
	return 29 + plen;
}

struct open_case {
	const char *oc_name;
	uint8_t oc_params[32];
	size_t oc_len;
	size_t oc_at; /* 0, or where in the message oc_byte replaces what was there */
	uint8_t oc_byte;
	uint8_t oc_subcode;
};

#define PARAMS(...) .oc_params = {__VA_ARGS__}, .oc_len = sizeof((uint8_t[]){__VA_ARGS__})

/* RFC 4271 §6.2, RFC 5492, RFC 6286 §2.2. */
static const struct open_case open_cases[] = {
    {"version 3", PARAMS(), 19, 3, BGP_SUB_BAD_VERSION},
    {"hold time 1", PARAMS(), 23, 1, BGP_SUB_BAD_HOLD_TIME},
    {"optional parameters length past the message", PARAMS(0x02, 0x02, 0x02, 0x00), 28, 5, BGP_SUB_UNSPECIFIC},
    {"optional parameter of type 1", PARAMS(0x01, 0x02, 0x00, 0x00), 0, 0, BGP_SUB_BAD_OPT_PARAM},
    {"optional parameter overruns", PARAMS(0x02, 0x08, 0x01, 0x04, 0x00, 0x01, 0x00, 0x80), 0, 0, BGP_SUB_UNSPECIFIC},
    {"capability overruns its parameter", PARAMS(0x02, 0x04, 0x01, 0x04, 0x00, 0x01), 0, 0, BGP_SUB_UNSPECIFIC},
    {"multiprotocol capability of 3 octets", PARAMS(0x02, 0x05, 0x01, 0x03, 0x00, 0x01, 0x80), 0, 0,
     BGP_SUB_UNSPECIFIC},
    {"4-octet AS capability of 2 octets", PARAMS(0x02, 0x04, 0x41, 0x02, 0x00, 0x64), 0, 0, BGP_SUB_UNSPECIFIC},
};

static void test_open_errors(void **state)
{
	struct bgp_codec c = {0};

	for (size_t i = 0; i < sizeof(open_cases) / sizeof(open_cases[0]); i++) {
		const struct open_case *k = &open_cases[i];
		uint8_t buf[64];
		size_t len = open_msg(buf, k->oc_params, k->oc_len);
		struct bgp_errors errs;
		struct bgp_msg m;

		if (k->oc_at)
			buf[k->oc_at] = k->oc_byte;
		if (bgp_msg_decode(buf, len, &c, &m, &errs) != BGP_ACT_SESSION_RESET ||
		    errs.bes_worst.be_code != BGP_ERR_OPEN || errs.bes_worst.be_subcode != k->oc_subcode) {
			bgp_error_print(stderr, &errs.bes_worst);
			fail_msg("%s", k->oc_name);
		}
		bgp_msg_free(&m);
	}
}

/* Several capabilities in a parameter; hold time 0 is fine, identifier 0 is not; the data of Unsupported
 * Version Number is the version supported. */
static void test_open_details(void **state)
{
	const uint8_t caps[] = {0x02, 0x0c, 0x01, 0x04, 0x00, 0x01, 0x00, 0x80, 0x41, 0x04, 0x00, 0x00, 0x00, 0x64};
	struct bgp_codec c = {0};
	uint8_t buf[64];
	size_t len = open_msg(buf, caps, sizeof(caps));
	struct bgp_errors errs;
	struct bgp_msg m;

	assert_int_equal(bgp_msg_decode(buf, len, &c, &m, &errs), BGP_ACT_NONE);
	assert_int_equal(m.bm_open.bo_nmp, 1);
	assert_int_equal(bgp_open_asn(&m.bm_open), 100);
	bgp_msg_free(&m);
	buf[22] = buf[23] = 0;
	assert_int_equal(bgp_msg_decode(buf, len, &c, &m, &errs), BGP_ACT_NONE);
	bgp_msg_free(&m);
	memset(buf + 24, 0, 4);
	assert_int_equal(bgp_msg_decode(buf, len, &c, &m, &errs), BGP_ACT_SESSION_RESET);
	assert_int_equal(errs.bes_worst.be_subcode, BGP_SUB_BAD_BGP_ID);
	bgp_msg_free(&m);
	buf[19] = 5;
	assert_int_equal(bgp_msg_decode(buf, len, &c, &m, &errs), BGP_ACT_SESSION_RESET);
	assert_int_equal(errs.bes_worst.be_data_len, 2);
	assert_memory_equal(errs.bes_worst.be_data, ((uint8_t[]){0x00, 0x04}), 2);
	bgp_msg_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_attribute_errors),  cmocka_unit_test(test_attribute_error_effects),
	    cmocka_unit_test(test_notification_data), cmocka_unit_test(test_error_list_keeps_strongest),
	    cmocka_unit_test(test_message_errors),    cmocka_unit_test(test_length_over_4096),
	    cmocka_unit_test(test_open_errors),	      cmocka_unit_test(test_open_details),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
