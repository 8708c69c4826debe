/*
 * The BGP FSM (RFC 4271 §8) over a fake transport: the test plays the peer,
 * feeding the bytes a peer would send and reading back what the FSM sent,
 * which timers it armed and what it reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "bgp/bgp_fsm.h"

#define SENT_MAX 8
#define LOCAL_AS 65001
#define PEER_AS	 65002
#define LOCAL_ID 0x0a000001 /* 10.0.0.1 */
#define PEER_ID	 0x0a000002

struct fake {
	int fk_connects, fk_closes, fk_ups, fk_downs, fk_updates, fk_refreshes;
	enum bgp_family fk_refresh_family;
	unsigned fk_timer[BGP_TIMER_COUNT];
	bool fk_refuse_open;
	bool fk_connect_fails;
	const char *fk_down_reason;
	enum bgp_action fk_update_action;
	uint8_t fk_sent[SENT_MAX][BGP_MSG_MAX];
	size_t fk_sent_len[SENT_MAX];
	int fk_nsent;
	struct bgp_fsm fk_fsm;
};

static int fake_connect(void *ctx)
{
	struct fake *fk = ctx;

	fk->fk_connects++;
	return fk->fk_connect_fails ? -1 : 0;
}

static void fake_close(void *ctx)
{
	((struct fake *)ctx)->fk_closes++;
}

static int fake_send(void *ctx, const uint8_t *buf, size_t len)
{
	struct fake *fk = ctx;

	assert_true(fk->fk_nsent < SENT_MAX);
	memcpy(fk->fk_sent[fk->fk_nsent], buf, len);
	fk->fk_sent_len[fk->fk_nsent++] = len;
	return 0;
}

static void fake_timer(void *ctx, enum bgp_timer t, unsigned secs)
{
	((struct fake *)ctx)->fk_timer[t] = secs;
}

static bool fake_open(void *ctx, const struct bgp_open *o)
{
	(void)o;
	return !((struct fake *)ctx)->fk_refuse_open;
}

static void fake_up(void *ctx)
{
	((struct fake *)ctx)->fk_ups++;
}

static void fake_down(void *ctx, const char *reason)
{
	struct fake *fk = ctx;

	fk->fk_downs++;
	fk->fk_down_reason = reason;
}

static void fake_update(void *ctx, const struct bgp_update *u, enum bgp_action a)
{
	struct fake *fk = ctx;

	(void)u;
	fk->fk_updates++;
	fk->fk_update_action = a;
}

static void fake_refresh(void *ctx, enum bgp_family fam)
{
	struct fake *fk = ctx;

	fk->fk_refreshes++;
	fk->fk_refresh_family = fam;
}

static const struct bgp_fsm_ops fake_ops = {
    .fo_connect = fake_connect,
    .fo_close = fake_close,
    .fo_send = fake_send,
    .fo_timer = fake_timer,
    .fo_open = fake_open,
    .fo_up = fake_up,
    .fo_down = fake_down,
    .fo_update = fake_update,
    .fo_refresh = fake_refresh,
};

static void fake_init(struct fake *fk, bool passive)
{
	const struct bgp_fsm_conf conf = {
	    .fc_local_as = LOCAL_AS,
	    .fc_remote_as = PEER_AS,
	    .fc_router_id = LOCAL_ID,
	    .fc_hold = 180,
	    .fc_keepalive = 60,
	    .fc_passive = passive,
	    .fc_families = 1u << BGP_FF_VPNV4,
	};

	memset(fk, 0, sizeof(*fk));
	bgp_fsm_init(&fk->fk_fsm, &conf, &fake_ops, fk);
}

/* Decodes the i-th message the FSM sent. */
static void sent_msg(struct fake *fk, int i, struct bgp_msg *m)
{
	struct bgp_errors errs;
	const struct bgp_codec c = {.bc_as4 = true};

	assert_true(i < fk->fk_nsent);
	assert_int_equal(bgp_msg_decode(fk->fk_sent[i], fk->fk_sent_len[i], &c, m, &errs), BGP_ACT_NONE);
}

static void assert_notification(struct fake *fk, uint8_t code, uint8_t subcode)
{
	struct bgp_msg m;

	sent_msg(fk, fk->fk_nsent - 1, &m);
	assert_int_equal(m.bm_type, BGP_MSG_NOTIFICATION);
	assert_int_equal(m.bm_notification.bnf_code, code);
	assert_int_equal(m.bm_notification.bnf_subcode, subcode);
	bgp_msg_free(&m);
	assert_int_equal(fk->fk_fsm.fs_state, BGP_ST_IDLE);
	assert_int_equal(fk->fk_timer[BGP_TIMER_CONNECT_RETRY], BGP_CONNECT_RETRY_SECS);
}

/* Feeds one message as the peer would send it. */
static void feed(struct fake *fk, const struct bgp_msg *m)
{
	uint8_t buf[BGP_MSG_MAX];
	const struct bgp_codec c = {.bc_as4 = true};
	ssize_t n = bgp_msg_encode(m, &c, buf, sizeof(buf));

	assert_true(n > 0);
	assert_int_equal(bgp_fsm_input(&fk->fk_fsm, buf, (size_t)n), (size_t)n);
}

static void feed_open(struct fake *fk, uint32_t asn, uint16_t hold)
{
	struct bgp_msg m = {.bm_type = BGP_MSG_OPEN};

	m.bm_open.bo_version = BGP_VERSION;
	bgp_open_set_asn(&m.bm_open, asn);
	m.bm_open.bo_hold_time = hold;
	m.bm_open.bo_bgp_id = PEER_ID;
	m.bm_open.bo_route_refresh = true;
	assert_int_equal(bgp_open_add_mp(&m.bm_open, BGP_MP_AFI_IPV4, BGP_MP_SAFI_VPN), 0);
	feed(fk, &m);
	bgp_msg_free(&m);
}

static void feed_type(struct fake *fk, enum bgp_msg_type type)
{
	const struct bgp_msg m = {.bm_type = type};

	feed(fk, &m);
}

static void establish(struct fake *fk, uint16_t peer_hold)
{
	fake_init(fk, false);
	bgp_fsm_start(&fk->fk_fsm);
	bgp_fsm_tcp_up(&fk->fk_fsm);
	feed_open(fk, PEER_AS, peer_hold);
	feed_type(fk, BGP_MSG_KEEPALIVE);
	assert_int_equal(fk->fk_fsm.fs_state, BGP_ST_ESTABLISHED);
}

static void test_start_active_connects(void **state)
{
	struct fake fk;

	(void)state;
	fake_init(&fk, false);
	bgp_fsm_start(&fk.fk_fsm);
	assert_int_equal(fk.fk_fsm.fs_state, BGP_ST_CONNECT);
	assert_int_equal(fk.fk_connects, 1);
	assert_int_equal(fk.fk_timer[BGP_TIMER_CONNECT_RETRY], BGP_CONNECT_RETRY_SECS);
	/* the attempt fails: Active, listening, until ConnectRetry tries again */
	bgp_fsm_tcp_down(&fk.fk_fsm);
	assert_int_equal(fk.fk_fsm.fs_state, BGP_ST_ACTIVE);
	bgp_fsm_timer_expired(&fk.fk_fsm, BGP_TIMER_CONNECT_RETRY);
	assert_int_equal(fk.fk_fsm.fs_state, BGP_ST_CONNECT);
	assert_int_equal(fk.fk_connects, 2);
}

static void test_passive_waits(void **state)
{
	struct fake fk;

	(void)state;
	fake_init(&fk, true);
	bgp_fsm_start(&fk.fk_fsm);
	assert_int_equal(fk.fk_fsm.fs_state, BGP_ST_ACTIVE);
	bgp_fsm_timer_expired(&fk.fk_fsm, BGP_TIMER_CONNECT_RETRY);
	assert_int_equal(fk.fk_connects, 0);
	bgp_fsm_tcp_up(&fk.fk_fsm); /* an accepted connection */
	assert_int_equal(fk.fk_fsm.fs_state, BGP_ST_OPENSENT);
}

static void test_open_carries_config(void **state)
{
	struct fake fk;
	struct bgp_msg m;

	(void)state;
	fake_init(&fk, false);
	bgp_fsm_start(&fk.fk_fsm);
	bgp_fsm_tcp_up(&fk.fk_fsm);
	assert_int_equal(fk.fk_timer[BGP_TIMER_HOLD], BGP_OPEN_HOLD_SECS);
	assert_int_equal(fk.fk_timer[BGP_TIMER_CONNECT_RETRY], 0);
	sent_msg(&fk, 0, &m);
	assert_int_equal(m.bm_type, BGP_MSG_OPEN);
	assert_int_equal(bgp_open_asn(&m.bm_open), LOCAL_AS);
	assert_true(m.bm_open.bo_has_as4);
	assert_true(m.bm_open.bo_route_refresh);
	assert_int_equal(m.bm_open.bo_hold_time, 180);
	assert_int_equal(m.bm_open.bo_bgp_id, LOCAL_ID);
	assert_int_equal(m.bm_open.bo_nmp, 1);
	assert_int_equal(m.bm_open.bo_mp[0].bafs_safi, BGP_MP_SAFI_VPN);
	bgp_msg_free(&m);
}

static void test_establish_negotiates(void **state)
{
	struct fake fk;
	struct bgp_msg m;

	(void)state;
	establish(&fk, 90);
	assert_int_equal(fk.fk_ups, 1);
	assert_int_equal(fk.fk_fsm.fs_hold, 90); /* the smaller of 180 and 90 */
	assert_int_equal(fk.fk_fsm.fs_keepalive, 30);
	assert_int_equal(fk.fk_timer[BGP_TIMER_HOLD], 90);
	assert_int_equal(fk.fk_timer[BGP_TIMER_KEEPALIVE], 30);
	assert_true(bgp_fsm_has_family(&fk.fk_fsm, BGP_FF_VPNV4));
	assert_false(bgp_fsm_has_family(&fk.fk_fsm, BGP_FF_IPV4_UNICAST));
	assert_true(fk.fk_fsm.fs_codec.bc_ebgp);
	sent_msg(&fk, 1, &m);
	assert_int_equal(m.bm_type, BGP_MSG_KEEPALIVE);
	assert_int_equal(fk.fk_fsm.fs_stats.fst_in[BGP_MSG_OPEN], 1);
	assert_int_equal(fk.fk_fsm.fs_stats.fst_out[BGP_MSG_OPEN], 1);
	assert_int_equal(fk.fk_fsm.fs_stats.fst_out[BGP_MSG_KEEPALIVE], 1);
}

static void test_hold_time_zero_runs_no_timers(void **state)
{
	struct fake fk;

	(void)state;
	establish(&fk, 0);
	assert_int_equal(fk.fk_fsm.fs_hold, 0);
	assert_int_equal(fk.fk_timer[BGP_TIMER_HOLD], 0);
	assert_int_equal(fk.fk_timer[BGP_TIMER_KEEPALIVE], 0);
}

static void test_bad_peer_as(void **state)
{
	struct fake fk;

	(void)state;
	fake_init(&fk, false);
	bgp_fsm_start(&fk.fk_fsm);
	bgp_fsm_tcp_up(&fk.fk_fsm);
	feed_open(&fk, 65099, 180);
	assert_notification(&fk, BGP_ERR_OPEN, BGP_SUB_BAD_PEER_AS);
	assert_int_equal(fk.fk_ups, 0);
	assert_int_equal(fk.fk_downs, 0); /* never was up */
}

static void test_bad_hold_time(void **state)
{
	struct fake fk;

	(void)state;
	fake_init(&fk, false);
	bgp_fsm_start(&fk.fk_fsm);
	bgp_fsm_tcp_up(&fk.fk_fsm);
	feed_open(&fk, PEER_AS, 2);
	assert_notification(&fk, BGP_ERR_OPEN, BGP_SUB_BAD_HOLD_TIME);
}

static void test_collision_refused(void **state)
{
	struct fake fk;

	(void)state;
	fake_init(&fk, false);
	fk.fk_refuse_open = true;
	bgp_fsm_start(&fk.fk_fsm);
	bgp_fsm_tcp_up(&fk.fk_fsm);
	feed_open(&fk, PEER_AS, 180);
	assert_notification(&fk, BGP_ERR_CEASE, BGP_SUB_COLLISION);
}

static void test_update_in_openconfirm(void **state)
{
	struct fake fk;

	(void)state;
	fake_init(&fk, false);
	bgp_fsm_start(&fk.fk_fsm);
	bgp_fsm_tcp_up(&fk.fk_fsm);
	feed_open(&fk, PEER_AS, 180);
	assert_int_equal(fk.fk_fsm.fs_state, BGP_ST_OPENCONFIRM);
	feed_type(&fk, BGP_MSG_UPDATE);
	assert_notification(&fk, BGP_ERR_FSM, 2); /* RFC 6608: unexpected in OpenConfirm */
}

static void test_hold_expiry_drops_session(void **state)
{
	struct fake fk;

	(void)state;
	establish(&fk, 180);
	bgp_fsm_timer_expired(&fk.fk_fsm, BGP_TIMER_HOLD);
	assert_notification(&fk, BGP_ERR_HOLD_TIMER, BGP_SUB_UNSPECIFIC);
	assert_int_equal(fk.fk_downs, 1);
	assert_string_equal(fk.fk_down_reason, "BGP Notification sent");
	assert_int_equal(fk.fk_fsm.fs_flaps, 1);
	/* the restart comes with ConnectRetry */
	bgp_fsm_timer_expired(&fk.fk_fsm, BGP_TIMER_CONNECT_RETRY);
	assert_int_equal(fk.fk_fsm.fs_state, BGP_ST_CONNECT);
}

static void test_keepalive_timer_sends(void **state)
{
	struct fake fk;
	struct bgp_msg m;
	int before;

	(void)state;
	establish(&fk, 180);
	before = fk.fk_nsent;
	bgp_fsm_timer_expired(&fk.fk_fsm, BGP_TIMER_KEEPALIVE);
	assert_int_equal(fk.fk_nsent, before + 1);
	sent_msg(&fk, before, &m);
	assert_int_equal(m.bm_type, BGP_MSG_KEEPALIVE);
	assert_int_equal(fk.fk_timer[BGP_TIMER_KEEPALIVE], 60);
}

static void test_notification_and_close(void **state)
{
	struct fake fk;

	(void)state;
	establish(&fk, 180);
	feed_type(&fk, BGP_MSG_NOTIFICATION);
	assert_int_equal(fk.fk_fsm.fs_state, BGP_ST_IDLE);
	assert_string_equal(fk.fk_down_reason, "BGP Notification received");
	establish(&fk, 180);
	bgp_fsm_tcp_down(&fk.fk_fsm);
	assert_int_equal(fk.fk_fsm.fs_state, BGP_ST_IDLE);
	assert_string_equal(fk.fk_down_reason, "Peer closed the session");
	assert_true(fk.fk_closes >= 1);
}

static void test_stop_sends_cease(void **state)
{
	struct fake fk;
	struct bgp_msg m;

	(void)state;
	establish(&fk, 180);
	bgp_fsm_stop(&fk.fk_fsm, BGP_SUB_ADMIN_RESET, "User reset");
	sent_msg(&fk, fk.fk_nsent - 1, &m);
	assert_int_equal(m.bm_notification.bnf_code, BGP_ERR_CEASE);
	assert_int_equal(m.bm_notification.bnf_subcode, BGP_SUB_ADMIN_RESET);
	bgp_msg_free(&m);
	assert_string_equal(fk.fk_down_reason, "User reset");
	assert_int_equal(fk.fk_timer[BGP_TIMER_CONNECT_RETRY], 0); /* a stop stays down */
}

static void test_update_delivered_and_partial_input(void **state)
{
	static const uint8_t eor[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				      0xff, 0xff, 0xff, 0xff, 0x00, 0x17, 0x02, 0x00, 0x00, 0x00, 0x00};
	struct fake fk;

	(void)state;
	establish(&fk, 180);
	fk.fk_timer[BGP_TIMER_HOLD] = 0;
	assert_int_equal(bgp_fsm_input(&fk.fk_fsm, eor, 10), 0);
	assert_int_equal(fk.fk_updates, 0);
	assert_int_equal(bgp_fsm_input(&fk.fk_fsm, eor, sizeof(eor)), sizeof(eor));
	assert_int_equal(fk.fk_updates, 1);
	assert_int_equal(fk.fk_update_action, BGP_ACT_NONE);
	assert_int_equal(fk.fk_timer[BGP_TIMER_HOLD], 180); /* restarted */
}

/* RFC 2918 ROUTE-REFRESH: AFI 1, reserved 0, SAFI 128 (VPNv4), the 23-byte message byte for byte. */
static const uint8_t refresh_vpnv4[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					0xff, 0xff, 0xff, 0xff, 0x00, 0x17, 0x05, 0x00, 0x01, 0x00, 0x80};

static void feed_refresh(struct fake *fk, uint16_t afi, uint8_t subtype, uint8_t safi)
{
	const struct bgp_msg m = {.bm_type = BGP_MSG_ROUTE_REFRESH,
				  .bm_route_refresh = {.brr_afi = afi, .brr_subtype = subtype, .brr_safi = safi}};

	feed(fk, &m);
}

/* A ROUTE-REFRESH for a negotiated family reaches the owner; others (§4) and RFC 7313 subtypes are ignored. */
static void test_route_refresh_received(void **state)
{
	struct fake fk;

	(void)state;
	establish(&fk, 180);
	assert_int_equal(bgp_fsm_input(&fk.fk_fsm, refresh_vpnv4, sizeof(refresh_vpnv4)), sizeof(refresh_vpnv4));
	assert_int_equal(fk.fk_refreshes, 1);
	assert_int_equal(fk.fk_refresh_family, BGP_FAMILY_VPNV4);
	feed_refresh(&fk, BGP_MP_AFI_IPV4, 0, BGP_MP_SAFI_UNICAST); /* not carried by this session */
	feed_refresh(&fk, 2, 0, BGP_MP_SAFI_UNICAST);		    /* IPv6: unknown here */
	feed_refresh(&fk, BGP_MP_AFI_IPV4, 1, BGP_MP_SAFI_VPN);	    /* BoRR: enhanced refresh not announced */
	assert_int_equal(fk.fk_refreshes, 1);
	assert_int_equal(fk.fk_fsm.fs_state, BGP_ST_ESTABLISHED);
	assert_int_equal(fk.fk_fsm.fs_stats.fst_in[BGP_MSG_ROUTE_REFRESH], 4);
}

/* ferryd asks for a family the session carries, of a peer that announced the capability. */
static void test_route_refresh_sent(void **state)
{
	struct fake fk;
	int before;

	(void)state;
	fake_init(&fk, false);
	assert_int_equal(bgp_fsm_route_refresh(&fk.fk_fsm, BGP_FAMILY_VPNV4), -1); /* not Established */
	establish(&fk, 180);
	before = fk.fk_nsent;
	assert_int_equal(bgp_fsm_route_refresh(&fk.fk_fsm, BGP_FAMILY_IPV4_UNICAST), -1); /* not carried */
	assert_int_equal(bgp_fsm_route_refresh(&fk.fk_fsm, BGP_FAMILY_VPNV4), 0);
	assert_int_equal(fk.fk_nsent, before + 1);
	assert_memory_equal(fk.fk_sent[before], refresh_vpnv4, sizeof(refresh_vpnv4));
	assert_int_equal(fk.fk_sent_len[before], sizeof(refresh_vpnv4));
	fk.fk_fsm.fs_peer_rr = false; /* as after an OPEN without the capability */
	assert_int_equal(bgp_fsm_route_refresh(&fk.fk_fsm, BGP_FAMILY_VPNV4), -1);
}

static void test_bad_marker(void **state)
{
	uint8_t junk[BGP_HEADER_LEN];
	struct fake fk;

	(void)state;
	establish(&fk, 180);
	memset(junk, 0xfe, sizeof(junk));
	assert_int_equal(bgp_fsm_input(&fk.fk_fsm, junk, sizeof(junk)), sizeof(junk));
	assert_notification(&fk, BGP_ERR_HEADER, BGP_SUB_NOT_SYNCHRONIZED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_start_active_connects),
	    cmocka_unit_test(test_passive_waits),
	    cmocka_unit_test(test_open_carries_config),
	    cmocka_unit_test(test_establish_negotiates),
	    cmocka_unit_test(test_hold_time_zero_runs_no_timers),
	    cmocka_unit_test(test_bad_peer_as),
	    cmocka_unit_test(test_bad_hold_time),
	    cmocka_unit_test(test_collision_refused),
	    cmocka_unit_test(test_update_in_openconfirm),
	    cmocka_unit_test(test_hold_expiry_drops_session),
	    cmocka_unit_test(test_keepalive_timer_sends),
	    cmocka_unit_test(test_notification_and_close),
	    cmocka_unit_test(test_stop_sends_cease),
	    cmocka_unit_test(test_update_delivered_and_partial_input),
	    cmocka_unit_test(test_bad_marker),
	    cmocka_unit_test(test_route_refresh_received),
	    cmocka_unit_test(test_route_refresh_sent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
