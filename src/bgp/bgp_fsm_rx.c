/* What a received message does in each state (RFC 4271 §8.2.2), the OPEN checks (§6.2) and the negotiation. */
#include <stdio.h>

#include "bgp/bgp_fsm.h"
#include "bgp/bgp_fsm_int.h"
#include "bgp/bgp_msg_int.h"

/* RFC 6608 subcodes of the Finite State Machine Error: the state the message was unexpected in. */
enum { FSM_SUB_OPENSENT = 1, FSM_SUB_OPENCONFIRM = 2, FSM_SUB_ESTABLISHED = 3 };

/* §6.2: the OPEN's fields; 0 when acceptable, else the OPEN Message Error subcode. */
static uint8_t open_check(const struct bgp_fsm *f, const struct bgp_open *o)
{
	uint32_t asn = bgp_open_asn(o);

	if (o->bo_version != BGP_VERSION)
		return BGP_SUB_BAD_VERSION;
	if (f->fs_conf.fc_remote_as && asn != f->fs_conf.fc_remote_as)
		return BGP_SUB_BAD_PEER_AS;
	if (o->bo_hold_time == 1 || o->bo_hold_time == 2)
		return BGP_SUB_BAD_HOLD_TIME;
	if (o->bo_bgp_id == 0 || (asn == f->fs_conf.fc_local_as && o->bo_bgp_id == f->fs_conf.fc_router_id))
		return BGP_SUB_BAD_BGP_ID;
	return 0;
}

static uint8_t open_families(const struct bgp_open *o)
{
	uint8_t fams = 0;

	for (size_t i = 0; i < o->bo_nmp; i++) {
		if (o->bo_mp[i].bafs_afi != BGP_MP_AFI_IPV4)
			continue;
		if (o->bo_mp[i].bafs_safi == BGP_MP_SAFI_UNICAST)
			fams |= 1u << BGP_FF_IPV4_UNICAST;
		else if (o->bo_mp[i].bafs_safi == BGP_MP_SAFI_VPN)
			fams |= 1u << BGP_FF_VPNV4;
	}
	/* RFC 4760 §8: a speaker without the capability carries IPv4 unicast only */
	return o->bo_nmp ? fams : (uint8_t)(1u << BGP_FF_IPV4_UNICAST);
}

/* The peer's side of the session and the timers: the smaller hold time wins (§4.2). */
static void negotiate(struct bgp_fsm *f, const struct bgp_open *o)
{
	uint16_t hold = o->bo_hold_time < f->fs_conf.fc_hold ? o->bo_hold_time : f->fs_conf.fc_hold;
	uint16_t keepalive = f->fs_conf.fc_keepalive;

	if (keepalive > hold / 3)
		keepalive = hold / 3;
	f->fs_hold = hold;
	f->fs_keepalive = keepalive;
	f->fs_peer_hold = o->bo_hold_time;
	f->fs_peer_id = o->bo_bgp_id;
	f->fs_peer_as = bgp_open_asn(o);
	f->fs_peer_as4 = o->bo_has_as4;
	f->fs_peer_rr = o->bo_route_refresh;
	f->fs_peer_families = open_families(o);
	f->fs_codec.bc_as4 = o->bo_has_as4; /* ours always goes out */
	f->fs_codec.bc_ebgp = f->fs_peer_as != f->fs_conf.fc_local_as;
}

static void open_received(struct bgp_fsm *f, const struct bgp_open *o)
{
	static const uint8_t our_version[2] = {0, BGP_VERSION};
	uint8_t sub = open_check(f, o);

	if (sub) {
		bool version = sub == BGP_SUB_BAD_VERSION;
		bgp_fsm_fail(f, BGP_ERR_OPEN, sub, version ? our_version : NULL, version ? sizeof(our_version) : 0);
		return;
	}
	negotiate(f, o);
	if (!f->fs_ops->fo_open(f->fs_ctx, o)) {
		bgp_fsm_fail(f, BGP_ERR_CEASE, BGP_SUB_COLLISION, NULL, 0);
		return;
	}
	bgp_fsm_send_keepalive(f);
	f->fs_ops->fo_timer(f->fs_ctx, BGP_TIMER_HOLD, f->fs_hold);
	f->fs_ops->fo_timer(f->fs_ctx, BGP_TIMER_KEEPALIVE, f->fs_keepalive);
	f->fs_state = BGP_ST_OPENCONFIRM;
}

static void established(struct bgp_fsm *f)
{
	f->fs_state = BGP_ST_ESTABLISHED;
	f->fs_since = bgp_fsm_now();
	f->fs_ops->fo_up(f->fs_ctx);
}

static void notification_received(struct bgp_fsm *f)
{
	bgp_fsm_go_idle(f, "BGP Notification received");
	f->fs_ops->fo_timer(f->fs_ctx, BGP_TIMER_CONNECT_RETRY, BGP_CONNECT_RETRY_SECS);
}

/* RFC 2918 §4: a family not negotiated is ignored; so are RFC 7313's BoRR and EoRR (not announced). */
static void refresh_received(struct bgp_fsm *f, const struct bgp_route_refresh *rr)
{
	enum bgp_family fam;

	if (rr->brr_subtype || !bgp_family_find(rr->brr_afi, rr->brr_safi, &fam) ||
	    !bgp_fsm_has_family(f, (enum bgp_fsm_family)fam) || !f->fs_ops->fo_refresh)
		return;
	f->fs_ops->fo_refresh(f->fs_ctx, fam);
}

/* A decoded message in OpenSent or later; false when it is not expected in this state. */
static bool dispatch(struct bgp_fsm *f, const struct bgp_msg *m, enum bgp_action a)
{
	enum bgp_state st = f->fs_state;

	if (m->bm_type == BGP_MSG_NOTIFICATION) {
		notification_received(f);
		return true;
	}
	if (st == BGP_ST_OPENSENT)
		return m->bm_type == BGP_MSG_OPEN ? (open_received(f, &m->bm_open), true) : false;
	if (m->bm_type == BGP_MSG_OPEN)
		return false; /* collisions are resolved between connections, by bgp_peer.c */
	if (f->fs_hold)
		f->fs_ops->fo_timer(f->fs_ctx, BGP_TIMER_HOLD, f->fs_hold);
	if (st == BGP_ST_OPENCONFIRM)
		return m->bm_type == BGP_MSG_KEEPALIVE ? (established(f), true) : false;
	if (m->bm_type == BGP_MSG_UPDATE)
		f->fs_ops->fo_update(f->fs_ctx, &m->bm_update, a);
	else if (m->bm_type == BGP_MSG_ROUTE_REFRESH)
		refresh_received(f, &m->bm_route_refresh);
	return true; /* Established: KEEPALIVE restarts the hold timer */
}

static void message(struct bgp_fsm *f, const uint8_t *buf, size_t len)
{
	static const uint8_t fsm_sub[] = {[BGP_ST_OPENSENT] = FSM_SUB_OPENSENT,
					  [BGP_ST_OPENCONFIRM] = FSM_SUB_OPENCONFIRM,
					  [BGP_ST_ESTABLISHED] = FSM_SUB_ESTABLISHED};
	struct bgp_errors errs;
	struct bgp_msg m;
	enum bgp_action a;

	f->fs_stats.fst_in[buf[18]]++;
	a = bgp_msg_decode(buf, len, &f->fs_codec, &m, &errs);
	if (a == BGP_ACT_SESSION_RESET) {
		const struct bgp_error *e = &errs.bes_worst;
		bgp_fsm_fail(f, e->be_code, e->be_subcode, e->be_data, e->be_data_len);
	} else if (!dispatch(f, &m, a)) {
		bgp_fsm_fail(f, BGP_ERR_FSM, fsm_sub[f->fs_state], NULL, 0);
	}
	bgp_msg_free(&m);
}

size_t bgp_fsm_input(struct bgp_fsm *f, const uint8_t *buf, size_t len)
{
	size_t used = 0;

	while (f->fs_state >= BGP_ST_OPENSENT) {
		struct bgp_errors errs;
		ssize_t n = bgp_msg_frame(buf + used, len - used, &errs);

		if (n < 0) {
			const struct bgp_error *e = &errs.bes_worst;
			bgp_fsm_fail(f, e->be_code, e->be_subcode, e->be_data, e->be_data_len);
		}
		if (n <= 0)
			break;
		message(f, buf + used, (size_t)n);
		used += (size_t)n;
	}
	return f->fs_state >= BGP_ST_OPENSENT ? used : len;
}
