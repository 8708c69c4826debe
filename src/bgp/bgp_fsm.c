/* RFC 4271 §8.2.2 for one connection: the states, the timers and what each message does in each state. */
#include <stdio.h>
#include <string.h>

#include "bgp/bgp_fsm.h"
#include "bgp/bgp_fsm_int.h"
#include "bgp/bgp_msg_int.h"

static const char *const state_names[] = {
    [BGP_ST_IDLE] = "Idle",	    [BGP_ST_CONNECT] = "Connect",	  [BGP_ST_ACTIVE] = "Active",
    [BGP_ST_OPENSENT] = "OpenSent", [BGP_ST_OPENCONFIRM] = "OpenConfirm", [BGP_ST_ESTABLISHED] = "Established",
};

const char *bgp_state_name(enum bgp_state s)
{
	return state_names[s];
}

bool bgp_fsm_has_family(const struct bgp_fsm *f, enum bgp_fsm_family ff)
{
	return (f->fs_conf.fc_families & f->fs_peer_families & (1u << ff)) != 0;
}

time_t bgp_fsm_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

void bgp_fsm_init(struct bgp_fsm *f, const struct bgp_fsm_conf *conf, const struct bgp_fsm_ops *ops, void *ctx)
{
	memset(f, 0, sizeof(*f));
	f->fs_conf = *conf;
	f->fs_ops = ops;
	f->fs_ctx = ctx;
	f->fs_state = BGP_ST_IDLE;
	f->fs_since = bgp_fsm_now();
	snprintf(f->fs_last_reset, sizeof(f->fs_last_reset), "never");
}

void bgp_fsm_stop_timers(struct bgp_fsm *f)
{
	for (int t = 0; t < BGP_TIMER_COUNT; t++)
		f->fs_ops->fo_timer(f->fs_ctx, (enum bgp_timer)t, 0);
}

void bgp_fsm_go_idle(struct bgp_fsm *f, const char *reason)
{
	bool was_up = f->fs_state == BGP_ST_ESTABLISHED;

	bgp_fsm_stop_timers(f);
	f->fs_ops->fo_close(f->fs_ctx);
	f->fs_state = BGP_ST_IDLE;
	snprintf(f->fs_last_reset, sizeof(f->fs_last_reset), "%s", reason);
	if (!was_up)
		return;
	f->fs_flaps++;
	f->fs_since = bgp_fsm_now();
	f->fs_ops->fo_down(f->fs_ctx, reason);
}

void bgp_fsm_fail(struct bgp_fsm *f, uint8_t code, uint8_t subcode, const uint8_t *data, size_t len)
{
	struct bgp_msg m = {.bm_type = BGP_MSG_NOTIFICATION};

	m.bm_notification.bnf_code = code;
	m.bm_notification.bnf_subcode = subcode;
	m.bm_notification.bnf_data = (uint8_t *)data;
	m.bm_notification.bnf_len = len;
	bgp_fsm_send_msg(f, &m);
	bgp_fsm_go_idle(f, "BGP Notification sent");
	f->fs_ops->fo_timer(f->fs_ctx, BGP_TIMER_CONNECT_RETRY, BGP_CONNECT_RETRY_SECS);
}

void bgp_fsm_send_msg(struct bgp_fsm *f, const struct bgp_msg *m)
{
	uint8_t buf[BGP_MSG_MAX];
	ssize_t n = bgp_msg_encode(m, &f->fs_codec, buf, sizeof(buf));

	if (n < 0 || f->fs_ops->fo_send(f->fs_ctx, buf, (size_t)n) < 0)
		return;
	f->fs_stats.fst_out[m->bm_type]++;
}

static void send_open(struct bgp_fsm *f)
{
	static const struct bgp_afi_safi fams[] = {
	    [BGP_FF_IPV4_UNICAST] = {BGP_MP_AFI_IPV4, BGP_MP_SAFI_UNICAST},
	    [BGP_FF_VPNV4] = {BGP_MP_AFI_IPV4, BGP_MP_SAFI_VPN},
	};
	struct bgp_afi_safi mp[BGP_FSM_FAMILIES_MAX];
	struct bgp_msg m = {.bm_type = BGP_MSG_OPEN};
	struct bgp_open *o = &m.bm_open;

	o->bo_version = BGP_VERSION;
	bgp_open_set_asn(o, f->fs_conf.fc_local_as);
	o->bo_hold_time = f->fs_conf.fc_hold;
	o->bo_bgp_id = f->fs_conf.fc_router_id;
	o->bo_route_refresh = true;
	for (size_t i = 0; i < BGP_FSM_FAMILIES_MAX; i++)
		if (f->fs_conf.fc_families & (1u << i))
			mp[o->bo_nmp++] = fams[i];
	o->bo_mp = mp;
	bgp_fsm_send_msg(f, &m);
}

void bgp_fsm_send_keepalive(struct bgp_fsm *f)
{
	const struct bgp_msg m = {.bm_type = BGP_MSG_KEEPALIVE};

	bgp_fsm_send_msg(f, &m);
}

static void connect_now(struct bgp_fsm *f)
{
	f->fs_ops->fo_timer(f->fs_ctx, BGP_TIMER_CONNECT_RETRY, BGP_CONNECT_RETRY_SECS);
	if (f->fs_conf.fc_passive) {
		f->fs_state = BGP_ST_ACTIVE;
		return;
	}
	f->fs_state = BGP_ST_CONNECT;
	if (f->fs_ops->fo_connect(f->fs_ctx) < 0)
		f->fs_state = BGP_ST_ACTIVE;
}

void bgp_fsm_start(struct bgp_fsm *f)
{
	if (f->fs_state == BGP_ST_IDLE)
		connect_now(f);
}

void bgp_fsm_stop(struct bgp_fsm *f, uint8_t cease_subcode, const char *reason)
{
	if (f->fs_state >= BGP_ST_OPENSENT) {
		struct bgp_msg m = {.bm_type = BGP_MSG_NOTIFICATION};

		m.bm_notification.bnf_code = BGP_ERR_CEASE;
		m.bm_notification.bnf_subcode = cease_subcode;
		bgp_fsm_send_msg(f, &m);
	}
	bgp_fsm_go_idle(f, reason);
}

void bgp_fsm_tcp_up(struct bgp_fsm *f)
{
	/* Idle too: a connection accepted while the restart waits for ConnectRetry */
	if (f->fs_state > BGP_ST_ACTIVE) {
		f->fs_ops->fo_close(f->fs_ctx);
		return;
	}
	f->fs_ops->fo_timer(f->fs_ctx, BGP_TIMER_CONNECT_RETRY, 0);
	f->fs_codec = (struct bgp_codec){0};
	send_open(f);
	f->fs_ops->fo_timer(f->fs_ctx, BGP_TIMER_HOLD, BGP_OPEN_HOLD_SECS);
	f->fs_state = BGP_ST_OPENSENT;
}

void bgp_fsm_tcp_down(struct bgp_fsm *f)
{
	switch (f->fs_state) {
	case BGP_ST_IDLE:
		return;
	case BGP_ST_CONNECT:
	case BGP_ST_OPENSENT:
		/* §8.2.2: back to Active, listening, with ConnectRetry running */
		f->fs_ops->fo_close(f->fs_ctx);
		bgp_fsm_stop_timers(f);
		f->fs_ops->fo_timer(f->fs_ctx, BGP_TIMER_CONNECT_RETRY, BGP_CONNECT_RETRY_SECS);
		f->fs_state = BGP_ST_ACTIVE;
		return;
	default:
		bgp_fsm_go_idle(f, "Peer closed the session");
		f->fs_ops->fo_timer(f->fs_ctx, BGP_TIMER_CONNECT_RETRY, BGP_CONNECT_RETRY_SECS);
	}
}

void bgp_fsm_timer_expired(struct bgp_fsm *f, enum bgp_timer t)
{
	if (t == BGP_TIMER_CONNECT_RETRY) {
		if (f->fs_state == BGP_ST_IDLE || f->fs_state == BGP_ST_CONNECT || f->fs_state == BGP_ST_ACTIVE) {
			f->fs_ops->fo_close(f->fs_ctx);
			connect_now(f);
		}
	} else if (t == BGP_TIMER_HOLD) {
		if (f->fs_state >= BGP_ST_OPENSENT)
			bgp_fsm_fail(f, BGP_ERR_HOLD_TIMER, BGP_SUB_UNSPECIFIC, NULL, 0);
	} else if (f->fs_state >= BGP_ST_OPENCONFIRM) {
		bgp_fsm_send_keepalive(f);
		f->fs_ops->fo_timer(f->fs_ctx, BGP_TIMER_KEEPALIVE, f->fs_keepalive);
	}
}

int bgp_fsm_route_refresh(struct bgp_fsm *f, enum bgp_family fam)
{
	const struct bgp_family_def *def = bgp_family_def(fam);
	const struct bgp_msg m = {.bm_type = BGP_MSG_ROUTE_REFRESH,
				  .bm_route_refresh = {.brr_afi = def->fd_afi, .brr_safi = def->fd_safi}};

	if (f->fs_state != BGP_ST_ESTABLISHED || !f->fs_peer_rr || !bgp_fsm_has_family(f, (enum bgp_fsm_family)fam))
		return -1;
	bgp_fsm_send_msg(f, &m);
	return 0;
}

int bgp_fsm_send(struct bgp_fsm *f, const uint8_t *buf, size_t len)
{
	if (f->fs_state != BGP_ST_ESTABLISHED || len < BGP_HEADER_LEN || buf[18] > BGP_MSG_ROUTE_REFRESH)
		return -1;
	if (f->fs_ops->fo_send(f->fs_ctx, buf, len) < 0)
		return -1;
	f->fs_stats.fst_out[buf[18]]++;
	return 0;
}
