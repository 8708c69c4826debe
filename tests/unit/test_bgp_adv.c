/*
 * What ferryd advertises: batches of routes encoded as UPDATEs for a peer,
 * decoded back with the codec's own decoder and checked field by field
 * (RFC 4760 MP_REACH/MP_UNREACH, RFC 8277 labels, RFC 4364 RDs, RFC 4360
 * route targets, RFC 4271 AS_PATH prepending and NEXT_HOP), and the sets
 * of a neighbor's route-map out on them; RFC 6793 AS4_PATH toward a peer
 * without the 4-octet AS capability.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bgp/bgp_adv.h"

#define MSGS_MAX 4
#define HUB_ADDR 0x0a000001 /* 10.0.0.1 */
#define SPOKE1	 0x0a010103 /* 10.1.1.3 */

struct capture {
	uint8_t cp_buf[MSGS_MAX][BGP_MSG_MAX];
	size_t cp_len[MSGS_MAX];
	int cp_n;
};

static int capture_send(void *arg, const uint8_t *buf, size_t len)
{
	struct capture *c = arg;

	assert_true(c->cp_n < MSGS_MAX);
	memcpy(c->cp_buf[c->cp_n], buf, len);
	c->cp_len[c->cp_n++] = len;
	return 0;
}

static int spoke; /* a path source */

static const struct bgp_codec codec_ebgp = {.bc_as4 = true, .bc_ebgp = true};
static const struct bgp_codec codec_ibgp = {.bc_as4 = true};

/* A path with route target 1:1, origin incomplete, MED 0 and the AS path given. */
static struct bgp_path *path_new(const void *src, const uint32_t *asns, size_t nasns)
{
	struct bgp_ext_community rt;
	struct bgp_attrs a = {.ba_has = 1u << BGP_ATTR_ORIGIN | 1u << BGP_ATTR_AS_PATH | 1u << BGP_ATTR_MED |
					1u << BGP_ATTR_EXT_COMMUNITIES,
			      .ba_origin = BGP_ORIGIN_INCOMPLETE,
			      .ba_ext = &rt,
			      .ba_next = 1};
	struct bgp_pattr *pa;
	struct bgp_path *p;

	assert_int_equal(bgp_ext_set_rt(&rt, BGP_ASNN_AS2, 1, 1), 0);
	if (nasns)
		assert_int_equal(bgp_aspath_add_segment(&a.ba_as_path, BGP_AS_SEQUENCE, asns, nasns), 0);
	pa = bgp_pattr_new(&a);
	assert_non_null(pa);
	free(a.ba_as_path.bap_segs);
	free(a.ba_as_path.bap_asns);
	p = bgp_path_new(pa);
	assert_non_null(p);
	bgp_pattr_unref(pa);
	p->pa_src = src;
	p->pa_ebgp = src != NULL;
	p->pa_next_hop = src ? SPOKE1 : 0;
	return p;
}

static void path_free(struct bgp_path *p)
{
	bgp_pattr_unref(p->pa_attr);
	free(p);
}

static struct bgp_dest vpn_dest(uint32_t prefix)
{
	struct bgp_dest d = {.de_family = BGP_FAMILY_VPNV4, .de_prefix = prefix, .de_plen = 24};

	assert_int_equal(bgp_rd_set(&d.de_rd, BGP_ASNN_AS2, 1, 1), 0);
	return d;
}

static const struct bgp_adv_policy ebgp_policy = {
    .ap_local_as = 10,
    .ap_ebgp = true,
    .ap_local_addr = HUB_ADDR,
    .ap_family = {true, true},
    .ap_send_community = {BGP_COMM_STANDARD | BGP_COMM_EXTENDED, BGP_COMM_STANDARD | BGP_COMM_EXTENDED},
};

static void decode(const struct capture *c, int i, const struct bgp_codec *codec, struct bgp_msg *m)
{
	struct bgp_errors errs;

	assert_int_equal(bgp_msg_decode(c->cp_buf[i], c->cp_len[i], codec, m, &errs), BGP_ACT_NONE);
	assert_int_equal(m->bm_type, BGP_MSG_UPDATE);
}

/* A local VPNv4 route to an eBGP peer: our AS, our address, the aggregate label, RD and RT (the hub's 0.0.0.0). */
static void test_local_vpnv4_ebgp(void **state)
{
	struct bgp_path *pa = path_new(NULL, NULL, 0);
	struct bgp_dest d1 = vpn_dest(0xc0a86e00), d2 = vpn_dest(0);
	struct bgp_adv_batch b = {0};
	struct capture c = {0};
	struct bgp_msg m;
	const struct bgp_update *u = &m.bm_update;

	(void)state;
	d2.de_plen = 0;
	assert_int_equal(bgp_adv_batch_add(&b, &ebgp_policy, &d1, pa, 20, NULL), 0);
	assert_int_equal(bgp_adv_batch_add(&b, &ebgp_policy, &d2, pa, 20, NULL), 0);
	assert_int_equal(bgp_adv_batch_send(&b, &ebgp_policy, &codec_ebgp, capture_send, &c), 0);
	assert_int_equal(c.cp_n, 1); /* same attributes: one message */
	decode(&c, 0, &codec_ebgp, &m);
	assert_true(u->bu_mp_reach.bmp_present);
	assert_int_equal(u->bu_mp_reach.bmp_family, BGP_FAMILY_VPNV4);
	assert_int_equal(u->bu_mp_reach.bmp_next_hop, HUB_ADDR);
	assert_int_equal(u->bu_mp_reach.bmp_nlri.bnl_n, 2);
	assert_int_equal(u->bu_mp_reach.bmp_nlri.bnl_v[0].bn_prefix, 0xc0a86e00);
	assert_int_equal(u->bu_mp_reach.bmp_nlri.bnl_v[0].bn_nlabels, 1);
	assert_int_equal(u->bu_mp_reach.bmp_nlri.bnl_v[0].bn_labels[0], 20);
	assert_int_equal(u->bu_mp_reach.bmp_nlri.bnl_v[1].bn_plen, 0);
	assert_memory_equal(&u->bu_mp_reach.bmp_nlri.bnl_v[0].bn_rd, &d1.de_rd, sizeof(d1.de_rd));
	assert_int_equal(u->bu_attrs.ba_as_path.bap_nasns, 1);
	assert_int_equal(u->bu_attrs.ba_as_path.bap_asns[0], 10);
	assert_int_equal(u->bu_attrs.ba_origin, BGP_ORIGIN_INCOMPLETE);
	assert_true(u->bu_attrs.ba_has & (1u << BGP_ATTR_MED)); /* ours: sent */
	assert_false(u->bu_attrs.ba_has & (1u << BGP_ATTR_LOCAL_PREF));
	assert_int_equal(u->bu_attrs.ba_next, 1);
	assert_true(bgp_ext_is_rt(&u->bu_attrs.ba_ext[0]));
	assert_int_equal(u->bu_attrs.ba_ext[0].bec_rt.ban_admin, 1);
	assert_int_equal(u->bu_attrs.ba_ext[0].bec_rt.ban_number, 1);
	bgp_msg_free(&m);
	bgp_adv_batch_free(&b);
	path_free(pa);
}

/* The spoke's 1:1:192.168.113.0/24, learned with AS path 100, sent alone to a peer and decoded back into m. */
static void send_spoke_route(const struct bgp_adv_policy *ap, const struct rmap_entry *sets,
			     const struct bgp_codec *codec, uint32_t label, struct bgp_msg *m)
{
	static const uint32_t from_spoke[] = {100};
	struct bgp_path *pa = path_new(&spoke, from_spoke, 1);
	struct bgp_dest d = vpn_dest(0xc0a87100);
	struct bgp_adv_batch b = {0};
	struct capture c = {0};

	assert_int_equal(bgp_adv_batch_add(&b, ap, &d, pa, label, sets), 0);
	assert_int_equal(bgp_adv_batch_send(&b, ap, codec, capture_send, &c), 0);
	assert_int_equal(c.cp_n, 1);
	decode(&c, 0, codec, m);
	assert_int_equal(m->bm_update.bu_mp_reach.bmp_nlri.bnl_v[0].bn_labels[0], label);
	bgp_adv_batch_free(&b);
	path_free(pa);
}

/* Re-advertised by the hub to an eBGP peer: AS 10 prepended into the sequence, the hub as next hop, no MED. */
static void test_readvertise_prepends(void **state)
{
	struct bgp_msg m;
	const struct bgp_attrs *a = &m.bm_update.bu_attrs;

	(void)state;
	send_spoke_route(&ebgp_policy, NULL, &codec_ebgp, 25, &m);
	assert_int_equal(a->ba_as_path.bap_nsegs, 1);
	assert_int_equal(a->ba_as_path.bap_nasns, 2);
	assert_int_equal(a->ba_as_path.bap_asns[0], 10);
	assert_int_equal(a->ba_as_path.bap_asns[1], 100);
	assert_false(a->ba_has & (1u << BGP_ATTR_MED)); /* a received MED stays in its AS */
	assert_int_equal(m.bm_update.bu_mp_reach.bmp_next_hop, HUB_ADDR);
	bgp_msg_free(&m);
}

/* iBGP without send-community: the next hop kept, LOCAL_PREF added, no route target, no prepending. */
static void test_ibgp_no_communities(void **state)
{
	static const struct bgp_adv_policy ap = {
	    .ap_local_as = 10, .ap_local_addr = HUB_ADDR, .ap_family = {true, true}};
	struct bgp_msg m;
	const struct bgp_attrs *a = &m.bm_update.bu_attrs;

	(void)state;
	send_spoke_route(&ap, NULL, &codec_ibgp, 16, &m);
	assert_int_equal(m.bm_update.bu_mp_reach.bmp_next_hop, SPOKE1);
	assert_int_equal(a->ba_as_path.bap_nasns, 1);
	assert_int_equal(a->ba_local_pref, 100);
	assert_true(a->ba_has & (1u << BGP_ATTR_LOCAL_PREF));
	assert_int_equal(a->ba_next, 0);
	bgp_msg_free(&m);
}

/* route-map out: "set metric 50", "set local-preference 200", "set extcommunity rt 9:9" (additive or not). */
static struct rmap_entry sets_entry(struct vrf_asnn *rt, bool additive)
{
	*rt = (struct vrf_asnn){.va_hi = 9, .va_lo = 9};
	return (struct rmap_entry){.re_permit = true,
				   .re_set_metric = {true, 50},
				   .re_set_locpref = {true, 200},
				   .re_set_rt = {.rt_v = rt, .rt_n = 1},
				   .re_rt_additive = additive};
}

static void assert_rt(const struct bgp_ext_community *ec, uint32_t admin, uint32_t number)
{
	assert_true(bgp_ext_is_rt(ec));
	assert_int_equal(ec->bec_rt.ban_admin, admin);
	assert_int_equal(ec->bec_rt.ban_number, number);
}

/* The sets go on the wire: MED toward eBGP too, the route target replaced; no LOCAL_PREF toward eBGP. */
static void test_route_map_out_sets(void **state)
{
	struct vrf_asnn rt;
	struct rmap_entry re = sets_entry(&rt, false);
	struct bgp_adv_policy ap = ebgp_policy;
	struct bgp_msg m;
	const struct bgp_attrs *a = &m.bm_update.bu_attrs;

	(void)state;
	ap.ap_route_map_out[BGP_FAMILY_VPNV4] = true;
	send_spoke_route(&ap, &re, &codec_ebgp, 25, &m);
	assert_true(a->ba_has & (1u << BGP_ATTR_MED));
	assert_int_equal(a->ba_med, 50);
	assert_false(a->ba_has & (1u << BGP_ATTR_LOCAL_PREF));
	assert_int_equal(a->ba_next, 1);
	assert_rt(&a->ba_ext[0], 9, 9);
	bgp_msg_free(&m);
}

/* Sets per destination: two routes of one path, one with the route-map entry's sets, go in two UPDATEs. */
static void test_route_map_out_sets_per_route(void **state)
{
	static const uint32_t from_spoke[] = {100};
	struct vrf_asnn rt;
	struct rmap_entry re = sets_entry(&rt, false);
	struct bgp_path *pa = path_new(&spoke, from_spoke, 1);
	struct bgp_dest d1 = vpn_dest(0xc0a87100), d2 = vpn_dest(0xc0a87200);
	struct bgp_adv_policy ap = ebgp_policy;
	struct bgp_adv_batch b = {0};
	struct capture c = {0};
	struct bgp_msg m[2];

	(void)state;
	ap.ap_route_map_out[BGP_FAMILY_VPNV4] = true;
	assert_int_equal(bgp_adv_batch_add(&b, &ap, &d1, pa, 25, &re), 0);
	assert_int_equal(bgp_adv_batch_add(&b, &ap, &d2, pa, 26, NULL), 0);
	assert_int_equal(bgp_adv_batch_send(&b, &ap, &codec_ebgp, capture_send, &c), 0);
	assert_int_equal(c.cp_n, 2);
	for (size_t i = 0; i < 2; i++) {
		const struct bgp_update *u = &m[i].bm_update;

		decode(&c, i, &codec_ebgp, &m[i]);
		assert_int_equal(u->bu_mp_reach.bmp_nlri.bnl_n, 1);
		if (u->bu_mp_reach.bmp_nlri.bnl_v[0].bn_prefix == 0xc0a87100) {
			assert_true(u->bu_attrs.ba_has & (1u << BGP_ATTR_MED));
			assert_int_equal(u->bu_attrs.ba_med, 50);
			assert_rt(&u->bu_attrs.ba_ext[0], 9, 9);
		} else {
			assert_false(u->bu_attrs.ba_has & (1u << BGP_ATTR_MED)); /* received: stays in its AS */
			assert_rt(&u->bu_attrs.ba_ext[0], 1, 1);
		}
		bgp_msg_free(&m[i]);
	}
	bgp_adv_batch_free(&b);
	path_free(pa);
}

/* iBGP: LOCAL_PREF set; additive keeps the path's 1:1; without send-community extended no route target at all. */
static void test_route_map_out_ibgp(void **state)
{
	struct vrf_asnn rt;
	struct rmap_entry re = sets_entry(&rt, true);
	struct bgp_adv_policy ap = {.ap_local_as = 10,
				    .ap_local_addr = HUB_ADDR,
				    .ap_family = {true, true},
				    .ap_send_community = {0, BGP_COMM_EXTENDED},
				    .ap_route_map_out = {false, true}};
	struct bgp_msg m;
	const struct bgp_attrs *a = &m.bm_update.bu_attrs;

	(void)state;
	send_spoke_route(&ap, &re, &codec_ibgp, 16, &m);
	assert_int_equal(a->ba_local_pref, 200);
	assert_int_equal(a->ba_next, 2);
	assert_rt(&a->ba_ext[0], 1, 1);
	assert_rt(&a->ba_ext[1], 9, 9);
	bgp_msg_free(&m);
	ap.ap_send_community[BGP_FAMILY_VPNV4] = 0;
	send_spoke_route(&ap, &re, &codec_ibgp, 16, &m);
	assert_int_equal(a->ba_next, 0);
	assert_false(a->ba_has & (1u << BGP_ATTR_EXT_COMMUNITIES));
	bgp_msg_free(&m);
}

static bool has_bytes(const struct capture *c, const uint8_t *want, size_t n)
{
	return memmem(c->cp_buf[0], c->cp_len[0], want, n) != NULL;
}

/* RFC 6793 §4.2.2, toward a peer without the 4-octet AS capability: AS_TRANS in the two-octet AS_PATH and
 * AGGREGATOR, the real path (our AS 10 prepended) in AS4_PATH and AS4_AGGREGATOR; bytes checked by hand. */
static void test_as4_path_for_old_speaker(void **state)
{
	static const uint32_t path[] = {100, 4200000001u}; /* 0xfa56ea01 */
	static const uint8_t as_path[] = {0x40, 0x02, 0x08, 0x02, 0x03, 0x00, 0x0a, 0x00, 0x64, 0x5b, 0xa0};
	static const uint8_t as4_path[] = {0xc0, 0x11, 0x0e, 0x02, 0x03, 0x00, 0x00, 0x00, 0x0a,
					   0x00, 0x00, 0x00, 0x64, 0xfa, 0x56, 0xea, 0x01};
	static const uint8_t aggregator[] = {0xc0, 0x07, 0x06, 0x5b, 0xa0, 0x0a, 0x00, 0x00, 0x09};
	static const uint8_t as4_aggregator[] = {0xc0, 0x12, 0x08, 0xfa, 0x56, 0xea, 0x01, 0x0a, 0x00, 0x00, 0x09};
	const struct bgp_codec old = {.bc_ebgp = true};
	struct bgp_path *pa = path_new(&spoke, path, 2);
	struct bgp_dest d = vpn_dest(0xc0a87100);
	struct bgp_adv_batch b = {0};
	struct capture c = {0};
	struct bgp_msg m;

	(void)state;
	pa->pa_attr->pat_attrs.ba_has |= 1u << BGP_ATTR_AGGREGATOR;
	pa->pa_attr->pat_attrs.ba_aggregator = (struct bgp_aggregator){.bag_asn = 4200000001u, .bag_addr = 0x0a000009};
	assert_int_equal(bgp_adv_batch_add(&b, &ebgp_policy, &d, pa, 25, NULL), 0);
	assert_int_equal(bgp_adv_batch_send(&b, &ebgp_policy, &old, capture_send, &c), 0); /* sent, not left out */
	assert_true(has_bytes(&c, as_path, sizeof(as_path)));
	assert_true(has_bytes(&c, as4_path, sizeof(as4_path)));
	assert_true(has_bytes(&c, aggregator, sizeof(aggregator)));
	assert_true(has_bytes(&c, as4_aggregator, sizeof(as4_aggregator)));
	decode(&c, 0, &old, &m);
	assert_int_equal(m.bm_update.bu_attrs.ba_as4_path.bap_asns[2], 4200000001u);
	bgp_msg_free(&m);
	bgp_adv_batch_free(&b);
	path_free(pa);
}

/* Every AS fits two octets: no AS4_PATH. */
static void test_no_as4_path_when_all_fit(void **state)
{
	const struct bgp_codec old = {.bc_ebgp = true};
	struct bgp_msg m;

	(void)state;
	send_spoke_route(&ebgp_policy, NULL, &old, 25, &m);
	assert_false(m.bm_update.bu_attrs.ba_has & (1u << BGP_ATTR_AS4_PATH));
	assert_int_equal(m.bm_update.bu_attrs.ba_as_path.bap_asns[0], 10);
	bgp_msg_free(&m);
}

/* Withdrawals: VPNv4 in MP_UNREACH_NLRI, IPv4 in the Withdrawn Routes field, one message before announcements. */
static void test_withdrawals(void **state)
{
	struct bgp_dest vpn = vpn_dest(0xc0a87100);
	struct bgp_dest v4 = {.de_family = BGP_FAMILY_IPV4_UNICAST, .de_prefix = 0x0a000000, .de_plen = 8};
	struct bgp_adv_batch b = {0};
	struct capture c = {0};
	struct bgp_msg m;
	const struct bgp_update *u = &m.bm_update;

	(void)state;
	assert_int_equal(bgp_adv_batch_withdraw(&b, &vpn), 0);
	assert_int_equal(bgp_adv_batch_withdraw(&b, &v4), 0);
	assert_int_equal(bgp_adv_batch_send(&b, &ebgp_policy, &codec_ebgp, capture_send, &c), 0);
	assert_int_equal(c.cp_n, 1);
	decode(&c, 0, &codec_ebgp, &m);
	assert_int_equal(u->bu_withdrawn.bnl_n, 1);
	assert_int_equal(u->bu_withdrawn.bnl_v[0].bn_prefix, 0x0a000000);
	assert_true(u->bu_mp_unreach.bmp_present);
	assert_int_equal(u->bu_mp_unreach.bmp_nlri.bnl_n, 1);
	assert_int_equal(u->bu_mp_unreach.bmp_nlri.bnl_v[0].bn_prefix, 0xc0a87100);
	assert_memory_equal(&u->bu_mp_unreach.bmp_nlri.bnl_v[0].bn_rd, &vpn.de_rd, sizeof(vpn.de_rd));
	assert_false(u->bu_mp_reach.bmp_present);
	bgp_msg_free(&m);
	bgp_adv_batch_free(&b);
}

/* IPv4 unicast: the NEXT_HOP attribute and the NLRI field; End-of-RIB for both families. */
static void test_ipv4_and_eor(void **state)
{
	struct bgp_path *pa = path_new(NULL, NULL, 0);
	struct bgp_dest d = {.de_family = BGP_FAMILY_IPV4_UNICAST, .de_prefix = 0xc0a86400, .de_plen = 24};
	struct bgp_adv_batch b = {0};
	struct capture c = {0};
	struct bgp_msg m;

	(void)state;
	assert_int_equal(bgp_adv_batch_add(&b, &ebgp_policy, &d, pa, MFI_LABEL_NONE, NULL), 0);
	assert_int_equal(bgp_adv_batch_send(&b, &ebgp_policy, &codec_ebgp, capture_send, &c), 0);
	assert_int_equal(bgp_adv_send_eor(&ebgp_policy, &codec_ebgp, capture_send, &c), 0);
	assert_int_equal(c.cp_n, 3);
	decode(&c, 0, &codec_ebgp, &m);
	assert_int_equal(m.bm_update.bu_attrs.ba_next_hop, HUB_ADDR);
	assert_int_equal(m.bm_update.bu_nlri.bnl_n, 1);
	assert_int_equal(m.bm_update.bu_nlri.bnl_v[0].bn_prefix, 0xc0a86400);
	bgp_msg_free(&m);
	assert_int_equal(c.cp_len[1], BGP_HEADER_LEN + 4); /* IPv4 End-of-RIB: an empty UPDATE */
	decode(&c, 2, &codec_ebgp, &m);
	assert_true(m.bm_update.bu_mp_unreach.bmp_present);
	assert_int_equal(m.bm_update.bu_mp_unreach.bmp_nlri.bnl_n, 0);
	bgp_msg_free(&m);
	bgp_adv_batch_free(&b);
	path_free(pa);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_local_vpnv4_ebgp),
	    cmocka_unit_test(test_readvertise_prepends),
	    cmocka_unit_test(test_ibgp_no_communities),
	    cmocka_unit_test(test_withdrawals),
	    cmocka_unit_test(test_ipv4_and_eor),
	    cmocka_unit_test(test_route_map_out_sets),
	    cmocka_unit_test(test_route_map_out_sets_per_route),
	    cmocka_unit_test(test_route_map_out_ibgp),
	    cmocka_unit_test(test_as4_path_for_old_speaker),
	    cmocka_unit_test(test_no_as4_path_when_all_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
