/*
 * What a neighbor is sent of a destination, from its configuration: the
 * path, the next hop (rewritten toward eBGP, with next-hop-self and for
 * local paths; kept toward iBGP otherwise, RFC 4271 §5.1.3) and the
 * attributes after the route-map out (set local-preference, set metric).
 * show ip bgp vpnv4 all neighbors X advertised-routes prints these, the
 * UPDATEs carry them (bgp_adv.h).
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "bgp/bgp_adv.h"
#include "bgp/bgp_session.h"
#include "rib_fixture.h"

#define LOCAL_ADDR 0x7f000001 /* 127.0.0.1: the session's end on this router */
#define SPOKE_NH   0x0a010109 /* 10.1.1.9: the eBGP spoke's next hop */

static const char adv_config[] = "route-map LP permit 10\n"
				 " set local-preference 250\n"
				 " set metric 9\n"
				 "route-map NONE deny 10\n"
				 "router bgp 10\n"
				 " bgp router-id 10.0.0.1\n"
				 " neighbor 10.1.1.2 remote-as 10\n"
				 " neighbor 10.1.1.3 remote-as 10\n"
				 " neighbor 10.1.1.4 remote-as 20\n"
				 " neighbor 10.1.1.5 remote-as 10\n"
				 " address-family vpnv4\n"
				 "  neighbor 10.1.1.2 activate\n"
				 "  neighbor 10.1.1.2 next-hop-self\n"
				 "  neighbor 10.1.1.2 route-map LP out\n"
				 "  neighbor 10.1.1.3 activate\n"
				 "  neighbor 10.1.1.4 activate\n"
				 "  neighbor 10.1.1.4 route-map LP out\n"
				 "  neighbor 10.1.1.5 activate\n"
				 "  neighbor 10.1.1.5 route-map NONE out\n";

struct fx {
	struct rfx fx_r;
	struct bgp_peer fx_spoke; /* where the learned path comes from (eBGP) */
	struct bgp_path *fx_path;
	struct bgp_dest fx_dest; /* 1:1:192.168.113.0/24, the path its best */
};

/* An eBGP-learned path: AS path 100, origin incomplete, MED 0. */
static struct bgp_path *spoke_path(const struct bgp_peer *spoke)
{
	static const uint32_t asn = 100;
	struct bgp_attrs a = {.ba_has = 1u << BGP_ATTR_ORIGIN | 1u << BGP_ATTR_AS_PATH | 1u << BGP_ATTR_MED,
			      .ba_origin = BGP_ORIGIN_INCOMPLETE};
	struct bgp_pattr *pa;
	struct bgp_path *p;

	assert_int_equal(bgp_aspath_add_segment(&a.ba_as_path, BGP_AS_SEQUENCE, &asn, 1), 0);
	pa = bgp_pattr_new(&a);
	assert_non_null(pa);
	free(a.ba_as_path.bap_segs);
	free(a.ba_as_path.bap_asns);
	p = bgp_path_new(pa);
	assert_non_null(p);
	bgp_pattr_unref(pa);
	p->pa_src = spoke;
	p->pa_ebgp = true;
	p->pa_next_hop = SPOKE_NH;
	return p;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	rfx_init(&f->fx_r);
	rfx_config(&f->fx_r, adv_config);
	f->fx_path = spoke_path(&f->fx_spoke);
	f->fx_dest = (struct bgp_dest){.de_family = BGP_FAMILY_VPNV4, .de_prefix = 0xc0a87100, .de_plen = 24};
	assert_int_equal(bgp_rd_set(&f->fx_dest.de_rd, BGP_ASNN_AS2, 1, 1), 0);
	f->fx_dest.de_paths = f->fx_dest.de_best = f->fx_path;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	bgp_pattr_unref(f->fx_path->pa_attr);
	free(f->fx_path);
	rfx_fini(&f->fx_r);
	free(f);
	return 0;
}

/* A session to the neighbor, Established with VPNv4, its socket's local end 127.0.0.1 (a UDP socket
 * connected on the loopback: nothing is sent). */
struct session_fx {
	struct bgp_peer sf_peer;
	struct bgp_conn *sf_conn;
};

static void session_open(struct fx *f, struct session_fx *s, const char *addr, bool ebgp)
{
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(9), .sin_addr = rfx_ip("127.0.0.1")};
	struct bgp_fsm *fsm;

	s->sf_conn = calloc(1, sizeof(*s->sf_conn));
	assert_non_null(s->sf_conn);
	s->sf_peer = (struct bgp_peer){.bp_daemon = &f->fx_r.rf_d, .bp_addr = rfx_ip(addr), .bp_conn = s->sf_conn};
	s->sf_conn->cn_fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(s->sf_conn->cn_fd >= 0);
	assert_int_equal(connect(s->sf_conn->cn_fd, (const struct sockaddr *)&to, sizeof(to)), 0);
	fsm = &s->sf_conn->cn_fsm;
	fsm->fs_state = BGP_ST_ESTABLISHED;
	fsm->fs_conf.fc_local_as = 10;
	fsm->fs_conf.fc_families = fsm->fs_peer_families = 1u << BGP_FF_VPNV4;
	fsm->fs_codec.bc_ebgp = ebgp;
}

static void session_close(struct session_fx *s)
{
	close(s->sf_conn->cn_fd);
	free(s->sf_conn);
}

/* What the neighbor is sent of the destination: false when nothing. */
static bool sent_to(struct fx *f, const char *addr, bool ebgp, struct bgp_adv_route *r, struct bgp_attrs *o)
{
	const struct bgp_cfg *bgp = bgp_cfg_get(f->fx_r.rf_d.fd_running);
	struct bgp_ext_community *owned;
	struct bgp_adv_policy ap;
	struct session_fx s;
	bool sent;

	session_open(f, &s, addr, ebgp);
	bgp_adv_policy_of(&s.sf_peer, bgp, &ap);
	sent = bgp_adv_route_of(&s.sf_peer, &ap, &f->fx_dest, r);
	if (sent) {
		assert_int_equal(bgp_adv_attrs_out(&ap, r, o, &owned), 0);
		assert_null(owned); /* no set extcommunity */
	}
	session_close(&s);
	return sent;
}

/* iBGP with next-hop-self and a route-map out: this router's address, the route-map's values. */
static void test_ibgp_next_hop_self_sets(void **state)
{
	struct bgp_adv_route r;
	struct bgp_attrs o;

	assert_true(sent_to(*state, "10.1.1.2", false, &r, &o));
	assert_ptr_equal(r.ar_path, ((struct fx *)*state)->fx_path);
	assert_int_equal(r.ar_next_hop, LOCAL_ADDR);
	assert_true(o.ba_has & (1u << BGP_ATTR_LOCAL_PREF));
	assert_int_equal(o.ba_local_pref, 250);
	assert_true(o.ba_has & (1u << BGP_ATTR_MED));
	assert_int_equal(o.ba_med, 9);
	assert_int_equal(o.ba_as_path.bap_nsegs, 1); /* iBGP: the AS path as stored (100) */
	assert_int_equal(o.ba_as_path.bap_asns[0], 100);
	bgp_adv_attrs_release(&o, NULL);
}

/* iBGP as configured by default: the eBGP next hop kept, the stored MED and the default local preference. */
static void test_ibgp_keeps(void **state)
{
	struct bgp_adv_route r;
	struct bgp_attrs o;

	assert_true(sent_to(*state, "10.1.1.3", false, &r, &o));
	assert_int_equal(r.ar_next_hop, SPOKE_NH);
	assert_int_equal(o.ba_local_pref, BGP_LOCAL_PREF_DEFAULT);
	assert_true(o.ba_has & (1u << BGP_ATTR_MED));
	assert_int_equal(o.ba_med, 0);
	bgp_adv_attrs_release(&o, NULL);
}

/* eBGP: this router's address, no LOCAL_PREF (not even the route-map's), the route-map's MED, AS 10 first. */
static void test_ebgp_sets(void **state)
{
	struct bgp_adv_route r;
	struct bgp_attrs o;

	assert_true(sent_to(*state, "10.1.1.4", true, &r, &o));
	assert_int_equal(r.ar_next_hop, LOCAL_ADDR);
	assert_false(o.ba_has & (1u << BGP_ATTR_LOCAL_PREF));
	assert_int_equal(o.ba_med, 9);
	assert_int_equal(o.ba_as_path.bap_segs[0].bas_count, 2);
	assert_int_equal(o.ba_as_path.bap_asns[0], 10);
	bgp_adv_attrs_release(&o, NULL);
}

/* Not sent: what the route-map out denies, and a path back to the neighbor it came from (split horizon). */
static void test_not_sent(void **state)
{
	struct fx *f = *state;
	const struct bgp_adv_policy ap = {.ap_ebgp = true, .ap_family = {true, true}};
	struct bgp_adv_route r;
	struct bgp_attrs o;

	assert_false(sent_to(f, "10.1.1.5", false, &r, &o));
	assert_false(bgp_adv_route_of(&f->fx_spoke, &ap, &f->fx_dest, &r));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_ibgp_next_hop_self_sets, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ibgp_keeps, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ebgp_sets, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_sent, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
