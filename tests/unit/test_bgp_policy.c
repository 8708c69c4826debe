/*
 * neighbor route-map in|out as configured: the verdict for BGP paths (a
 * route-map that does not exist denies everything, as on IOS; so does one
 * whose entries match nothing; a peer group's route-map applies to its
 * members) and its sets written into received attributes.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "bgp/bgp_policy.h"
#include "rib_fixture.h"

static const char policy_config[] = "route-map PREFER permit 10\n"
				    " set local-preference 200\n"
				    " set metric 50\n"
				    " set extcommunity rt 9:9\n"
				    "route-map NONE deny 10\n"
				    "route-map TAGGED permit 10\n"
				    " match tag 5\n"
				    "ip prefix-list NO50 seq 5 deny 192.168.50.0/24\n"
				    "ip prefix-list NO50 seq 10 permit 0.0.0.0/0 le 32\n"
				    "access-list 7 permit 10.7.0.0 0.0.255.255\n"
				    "route-map FILTER permit 10\n"
				    " match ip address prefix-list NO50\n"
				    " set local-preference 300\n"
				    "route-map BYACL deny 10\n"
				    " match ip address 7\n"
				    "route-map BYACL permit 20\n"
				    "router bgp 10\n"
				    " neighbor mpls peer-group\n"
				    " neighbor mpls remote-as 10\n"
				    " neighbor 10.1.1.2 remote-as 20\n"
				    " neighbor 10.1.1.3 peer-group mpls\n"
				    " neighbor 10.1.1.4 remote-as 20\n"
				    " neighbor 10.1.1.5 remote-as 20\n"
				    " address-family vpnv4\n"
				    "  neighbor mpls activate\n"
				    "  neighbor mpls route-map PREFER in\n"
				    "  neighbor 10.1.1.2 activate\n"
				    "  neighbor 10.1.1.2 route-map MISSING in\n"
				    "  neighbor 10.1.1.2 route-map NONE out\n"
				    "  neighbor 10.1.1.4 activate\n"
				    "  neighbor 10.1.1.4 route-map TAGGED in\n"
				    "  neighbor 10.1.1.5 activate\n"
				    "  neighbor 10.1.1.5 route-map FILTER in\n"
				    "  neighbor 10.1.1.5 route-map BYACL out\n";

static int setup(void **state)
{
	struct rfx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	rfx_init(f);
	rfx_config(f, policy_config);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	rfx_fini(*state);
	free(*state);
	return 0;
}

static enum bgp_policy_verdict decide_prefix(struct rfx *f, const char *nbr, bool out, const char *prefix, uint8_t plen,
					     const struct rmap_entry **re)
{
	const struct config *cfg = f->rf_d.fd_running;

	return bgp_policy_decide(cfg, bgp_nbr_lookup(bgp_cfg_get(cfg), nbr), BGP_AFI_VPNV4, out,
				 ntohl(rfx_ip(prefix).s_addr), plen, re);
}

static enum bgp_policy_verdict decide(struct rfx *f, const char *nbr, enum bgp_afi afi, bool out,
				      const struct rmap_entry **re)
{
	const struct config *cfg = f->rf_d.fd_running;

	return bgp_policy_decide(cfg, bgp_nbr_lookup(bgp_cfg_get(cfg), nbr), afi, out, ntohl(rfx_ip("10.9.0.0").s_addr),
				 16, re);
}

static void test_verdicts(void **state)
{
	struct rfx *f = *state;
	const struct rmap_entry *re;

	assert_int_equal(decide(f, "10.1.1.2", BGP_AFI_VPNV4, false, &re), BGP_POLICY_DENY); /* missing */
	assert_null(re);
	assert_int_equal(decide(f, "10.1.1.2", BGP_AFI_VPNV4, true, &re), BGP_POLICY_DENY);  /* deny entry */
	assert_int_equal(decide(f, "10.1.1.4", BGP_AFI_VPNV4, false, &re), BGP_POLICY_DENY); /* BGP paths: tag 0 */
	assert_int_equal(decide(f, "10.1.1.4", BGP_AFI_VPNV4, true, &re), BGP_POLICY_NONE);
	assert_int_equal(decide(f, "10.1.1.2", BGP_AFI_IPV4, false, &re), BGP_POLICY_NONE);    /* another family */
	assert_int_equal(decide(f, "10.1.1.3", BGP_AFI_VPNV4, false, &re), BGP_POLICY_PERMIT); /* its group's */
	assert_non_null(re);
	assert_int_equal(re->re_seq, 10);
	assert_int_equal(bgp_afi_of(BGP_FAMILY_VPNV4), BGP_AFI_VPNV4);
	assert_int_equal(bgp_afi_of(BGP_FAMILY_IPV4_UNICAST), BGP_AFI_IPV4);
}

/* Received 1:1 and a non-RT extended community: the route-map's 9:9 replaces 1:1 only. */
static void test_sets_on_received(void **state)
{
	struct rfx *f = *state;
	const struct rmap_entry *re;
	struct bgp_ext_community ext[2] = {{.bec_type = 0x03, .bec_subtype = 0x0c}}; /* a non-RT (encapsulation) */
	struct bgp_attrs a = {.ba_has = 1u << BGP_ATTR_EXT_COMMUNITIES, .ba_ext = ext, .ba_next = 2};
	struct bgp_ext_community *owned;

	assert_int_equal(bgp_ext_set_rt(&ext[1], BGP_ASNN_AS2, 1, 1), 0);
	assert_int_equal(decide(f, "10.1.1.3", BGP_AFI_VPNV4, false, &re), BGP_POLICY_PERMIT);
	assert_int_equal(bgp_policy_set(re, &a, &owned), 0);
	assert_int_equal(a.ba_local_pref, 200);
	assert_int_equal(a.ba_med, 50);
	assert_true(a.ba_has & (1u << BGP_ATTR_LOCAL_PREF));
	assert_true(a.ba_has & (1u << BGP_ATTR_MED));
	assert_ptr_equal(a.ba_ext, owned);
	assert_int_equal(a.ba_next, 2);
	assert_int_equal(a.ba_ext[0].bec_subtype, 0x0c);
	assert_true(bgp_ext_is_rt(&a.ba_ext[1]));
	assert_int_equal(a.ba_ext[1].bec_rt.ban_admin, 9);
	assert_int_equal(a.ba_ext[1].bec_rt.ban_number, 9);
	free(owned);
}

/* match ip address prefix-list and match ip address on BGP paths: the destination's prefix decides. */
static void test_match_prefix(void **state)
{
	struct rfx *f = *state;
	const struct rmap_entry *re;

	assert_int_equal(decide_prefix(f, "10.1.1.5", false, "192.168.50.0", 24, &re), BGP_POLICY_DENY);
	assert_null(re);
	assert_int_equal(decide_prefix(f, "10.1.1.5", false, "192.168.51.0", 24, &re), BGP_POLICY_PERMIT);
	assert_int_equal(re->re_set_locpref.rs_value, 300);
	assert_int_equal(decide_prefix(f, "10.1.1.5", false, "192.168.50.0", 25, &re),
			 BGP_POLICY_PERMIT);							    /* exact /24 */
	assert_int_equal(decide_prefix(f, "10.1.1.5", true, "10.7.3.0", 24, &re), BGP_POLICY_DENY); /* ACL 7 */
	assert_int_equal(decide_prefix(f, "10.1.1.5", true, "10.8.3.0", 24, &re), BGP_POLICY_PERMIT);
	assert_int_equal(re->re_seq, 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_verdicts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sets_on_received, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_match_prefix, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
