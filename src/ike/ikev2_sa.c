/* The IKEv2 SA manager: the SA table, sending and retransmission, READY, deletion. */
#include "ike/ikev2_sa.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "ike/ike_session.h"
#include "ike/ikev2_dh_pool.h"
#include "ike/ikev2_peer.h"
#include "ike/ikev2_skmsg.h"

#define RETRANSMIT_FIRST_MS 1000u /* doubled on each try */
#define RETRANSMIT_TRIES    5
#define RESTART_MS	    10000 /* a failed initiator starts over after this */
#define HALF_OPEN_MS	    30000 /* a responder SA without IKE_AUTH is dropped after this */
#define DPD_TRIES	    6	  /* a DPD probe and 5 retransmissions at the retry interval, as IOS */

struct ikev2_mgr ikev2_mgr;

static void sa_timeout(void *arg);

struct ikev2_ike_sa *ikev2_sa_alloc(struct ikev2_mgr *mg)
{
	struct ikev2_ike_sa *sa = calloc(1, sizeof(*sa));

	if (!sa)
		return NULL;
	sa->sa_timer = loop_timer_add(mg->mg_d->fd_loop, 0, sa_timeout, sa);
	if (!sa->sa_timer) {
		free(sa);
		return NULL;
	}
	sa->sa_id = ++mg->mg_next_id;
	sa->sa_session = ++mg->mg_next_session;
	sa->sa_created = sa->sa_last_rx = time(NULL);
	return sa;
}

void ikev2_sa_link(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	ikev2_sa_index_add(mg, sa);
	sa->sa_next = NULL;
	if (mg->mg_sas) /* in creation order, for show */
		mg->mg_last->sa_next = sa;
	else
		mg->mg_sas = sa;
	mg->mg_last = sa;
}

void ikev2_sa_drop(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	for (struct ikev2_ike_sa *o = mg->mg_sas; o; o = o->sa_next)
		if (o->sa_successor == sa)
			o->sa_successor = NULL;
	for (struct ikev2_ike_sa **p = &mg->mg_sas, *prev = NULL; *p; prev = *p, p = &(*p)->sa_next)
		if (*p == sa) {
			*p = sa->sa_next;
			if (mg->mg_last == sa)
				mg->mg_last = prev;
			ikev2_sa_index_del(mg, sa);
			break;
		}
	ike_session_sa_down(mg, sa, IKE_SESSION_DELETED, "the IKE SA went");
	ikev2_sa_free(sa);
}

/* What an SA holds of one attempt; the SA itself stays. */
static void sa_reset(struct ikev2_ike_sa *sa)
{
	ikev2_flex_down(ikev2_mgr.mg_d, sa);
	ikev2_init_fini(&sa->sa_init);
	ikev2_authx_conf_fini(&sa->sa_conf);
	ikev2_child_fini(&sa->sa_child);
	for (int i = 0; i < IKEV2_SA_SPARES; i++)
		ikev2_child_fini(&sa->sa_spare[i]);
	ikev2_sa_rekey_drop(&sa->sa_rekey);
	ikev2_sa_rekey_drop(&sa->sa_peer_rekey);
	ikev2_blob_free(&sa->sa_req);
	ikev2_blob_free(&sa->sa_resp);
	sa->sa_req_kind = IKEV2_REQ_NONE;
	sa->sa_ticket = 0; /* a signature job still running for the last attempt finds nothing to finish */
	sa->sa_tries = 0;
	sa->sa_next_msgid = 0;
	sa->sa_ike_rekey_at = sa->sa_child_rekey_at = sa->sa_ike_expire_at = sa->sa_child_expire_at = 0;
}

void ikev2_sa_free(struct ikev2_ike_sa *sa)
{
	if (!sa)
		return;
	loop_timer_cancel(sa->sa_timer);
	sa_reset(sa);
	free(sa);
}

static void sa_transmit(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_blob *msg)
{
	const struct ikev2_init *in = &sa->sa_init;

	mg->mg_stats.st_msg_out++;
	ikev2_debug_msg(mg, "Sending", &in->in_remote, msg->bl_data, msg->bl_len);
	if (ikev2_udp_send(&mg->mg_udp, &in->in_local, &in->in_remote, msg->bl_data, msg->bl_len) < 0)
		log_msg(SEV_WARN, "IKEV2", "SEND", "SA %u: cannot send to %s: %m", sa->sa_id,
			inet_ntoa(in->in_remote.sin_addr));
}

void ikev2_sa_resend(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	sa_transmit(mg, sa, &sa->sa_resp);
}

/* The request timer: retransmission (DPD at the profile's retry interval), or a half-open responder's end. */
static unsigned first_wait_ms(const struct ikev2_ike_sa *sa, bool request)
{
	if (request && sa->sa_req_kind == IKEV2_REQ_DPD)
		return ikev2_sa_dpd_retry_ms(sa);
	if (request)
		return RETRANSMIT_FIRST_MS;
	return sa->sa_state == IKEV2_SA_INIT_DONE ? HALF_OPEN_MS : 0;
}

void ikev2_sa_send(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct ikev2_blob *msg, bool request)
{
	struct ikev2_blob *slot = request ? &sa->sa_req : &sa->sa_resp;
	unsigned wait = first_wait_ms(sa, request);

	ikev2_blob_free(slot);
	*slot = *msg;
	*msg = (struct ikev2_blob){0};
	sa_transmit(mg, sa, slot);
	if (request)
		sa->sa_tries = 0;
	if (request || sa->sa_req_kind == IKEV2_REQ_NONE) /* an answer leaves our request's timer alone */
		loop_timer_rearm(sa->sa_timer, wait);
}

/* The first exchange of an initiator SA, from its tunnel's settings. */
static int sa_start(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	struct in_addr remote = sa->sa_peer;
	struct sockaddr_in local = {.sin_family = AF_INET, .sin_port = htons(IKEV2_UDP_PORT)};
	struct sockaddr_in peer = {.sin_family = AF_INET, .sin_port = htons(IKEV2_UDP_PORT), .sin_addr = remote};
	struct ikev2_blob req = {0};
	struct ikev2_err err = {0};

	ikev2_sa_index_unspi(mg, sa); /* a new attempt, a new SPI */
	sa_reset(sa);
	sa->sa_state = IKEV2_SA_INIT_SENT;
	if (ikev2_udp_source_for(remote, &local.sin_addr) < 0 ||
	    ikev2_init_start(&sa->sa_init, ikev2_peer_proposal(mg->mg_d->fd_running), &local, &peer) < 0)
		return -1;
	ikev2_sa_index_spi(mg, sa);
	if (ikev2_init_request(&sa->sa_init, &req, &err) < 0)
		return -1;
	mg->mg_stats.st_out_requests++;
	ikev2_sa_send(mg, sa, &req, true);
	return 0;
}

/* Names who wanted the SA: the tunnel, or a session (tunnel ""). */
static void start_failed_log(const char *tunnel, const char *profile, struct in_addr remote)
{
	char who[IF_NAMELEN + 96];

	if (tunnel[0])
		snprintf(who, sizeof(who), "%s", tunnel);
	else
		snprintf(who, sizeof(who), "session (IKEv2 profile %s)", profile);
	log_msg(SEV_WARN, "IKEV2", "START", "%s: cannot start IKE with %s (no route or no proposal)", who,
		inet_ntoa(remote));
}

struct ikev2_ike_sa *ikev2_sa_initiate(struct ikev2_mgr *mg, const char *tunnel, const char *profile,
				       struct in_addr remote)
{
	struct ikev2_ike_sa *sa = ikev2_sa_alloc(mg);

	if (!sa)
		return NULL;
	snprintf(sa->sa_tunnel, sizeof(sa->sa_tunnel), "%s", tunnel);
	snprintf(sa->sa_profile, sizeof(sa->sa_profile), "%s", profile);
	sa->sa_peer = remote;
	ikev2_sa_link(mg, sa);
	if (sa_start(mg, sa) < 0) {
		start_failed_log(tunnel, profile, remote);
		if (!tunnel[0]) { /* a session's: ike_session.c tells its subscribers; NHRP asks again */
			ikev2_sa_drop(mg, sa);
			return NULL;
		}
		sa->sa_state = IKEV2_SA_FAILED;
		loop_timer_rearm(sa->sa_timer, RESTART_MS);
	}
	return sa;
}

void ikev2_sa_fail(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_err *err)
{
	ike_session_sa_down(mg, sa, IKE_SESSION_FAILED, err->e_what);
	log_msg(SEV_WARN, "IKEV2", "FAIL", "SA %u with %s: %s (notify %u)", sa->sa_id,
		inet_ntoa(sa->sa_init.in_remote.sin_addr), err->e_what ? err->e_what : "failed", err->e_notify);
	if (sa->sa_state != IKEV2_SA_READY)
		mg->mg_stats.st_failed++;
	if (sa->sa_state == IKEV2_SA_INIT_SENT || sa->sa_state == IKEV2_SA_AUTH_SENT)
		mg->mg_stats.st_out_rejected++;
	ikev2_sa_children_remove(mg, sa);
	if (!sa->sa_tunnel[0])
		return ikev2_sa_drop(mg, sa);
	sa->sa_state = IKEV2_SA_FAILED;
	loop_timer_rearm(sa->sa_timer, RESTART_MS);
}

/* Our request on a READY (or REKEYED) SA went unanswered once more. */
static void request_timeout(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	bool dpd = sa->sa_req_kind == IKEV2_REQ_DPD;

	if (sa->sa_req_kind == IKEV2_REQ_NONE)
		return;
	if (++sa->sa_tries >= (dpd ? DPD_TRIES : RETRANSMIT_TRIES)) {
		const char *why = dpd ? "DPD: the peer does not answer" : "the peer does not answer";

		if (sa->sa_state == IKEV2_SA_REKEYED)
			return ikev2_sa_drop(mg, sa); /* the old SA's DELETE: nothing is left to lose */
		if (dpd)
			mg->mg_stats.st_dpd_failures++;
		ike_session_sa_down(mg, sa, IKE_SESSION_DEAD, why);
		return ikev2_sa_dead(mg, sa, why);
	}
	sa_transmit(mg, sa, &sa->sa_req);
	loop_timer_rearm(sa->sa_timer, dpd ? ikev2_sa_dpd_retry_ms(sa) : RETRANSMIT_FIRST_MS << sa->sa_tries);
}

static void sa_timeout(void *arg)
{
	struct ikev2_ike_sa *sa = arg;
	struct ikev2_mgr *mg = &ikev2_mgr;
	struct ikev2_err err = {.e_what = "no answer from the peer"};

	if (sa->sa_state == IKEV2_SA_FAILED) {
		if (sa_start(mg, sa) < 0)
			loop_timer_rearm(sa->sa_timer, RESTART_MS);
		return;
	}
	if (sa->sa_state == IKEV2_SA_READY || sa->sa_state == IKEV2_SA_REKEYED)
		return request_timeout(mg, sa);
	if (sa->sa_state == IKEV2_SA_INIT_DONE || ++sa->sa_tries >= RETRANSMIT_TRIES) {
		ikev2_sa_fail(mg, sa, &err);
		return;
	}
	sa_transmit(mg, sa, &sa->sa_req);
	loop_timer_rearm(sa->sa_timer, RETRANSMIT_FIRST_MS << sa->sa_tries);
}

void ikev2_sa_ready(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	time_t now = time(NULL);

	sa->sa_state = IKEV2_SA_READY;
	sa->sa_ready_at = sa->sa_last_rx = sa->sa_child_at = now;
	sa->sa_initiator_of_session = sa->sa_init.in_initiator;
	/* The initiator used IDs 0 and 1 for its requests; the responder has sent none yet. */
	sa->sa_next_msgid = sa->sa_init.in_initiator ? 2 : 0;
	sa->sa_peer_msgid = sa->sa_init.in_initiator ? 0 : 2;
	loop_timer_rearm(sa->sa_timer, 0);
	ikev2_blob_free(&sa->sa_req);
	ikev2_init_trim(&sa->sa_init);
	if (sa->sa_init.in_initiator)
		mg->mg_stats.st_out_accepted++;
	else
		mg->mg_stats.st_in_accepted++;
	sa->sa_child_installed = ikev2_sa_child_install(mg, sa, &sa->sa_child, true);
	ikev2_sa_lifetimes(mg, sa, true, true, now);
	ikev2_flex_up(mg->mg_d, sa);
	ike_session_sa_up(mg, sa);
	log_msg(SEV_NOTICE, "IKEV2", "UP", "SA %u with %s is READY (profile %s, CHILD_SA %08x/%08x %s mode)", sa->sa_id,
		inet_ntoa(sa->sa_init.in_remote.sin_addr), sa->sa_conf.ac_profile, sa->sa_child.cs_spi_in,
		sa->sa_child.cs_spi_out, sa->sa_child.cs_transport ? "transport" : "tunnel");
}

int ikev2_sa_request(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, enum ikev2_req kind, uint8_t exchange,
		     const struct ikev2_pl *inner)
{
	struct ikev2_blob msg = {0};
	struct ikev2_err err = {0};

	if (sa->sa_req_kind != IKEV2_REQ_NONE)
		return -1;
	if (ikev2_sk_send(&sa->sa_init, exchange, 0, sa->sa_next_msgid, inner, &msg, &err) < 0) {
		log_msg(SEV_ERR, "IKEV2", "SEND", "SA %u: cannot build a request: %s", sa->sa_id,
			err.e_what ? err.e_what : "?");
		return -1;
	}
	sa->sa_next_msgid++;
	sa->sa_req_kind = kind;
	ikev2_sa_send(mg, sa, &msg, true);
	return 0;
}

void ikev2_sa_answer(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, uint8_t exchange, uint32_t msgid,
		     const struct ikev2_pl *inner)
{
	struct ikev2_blob msg = {0};
	struct ikev2_err err = {0};

	sa->sa_peer_msgid = msgid + 1;
	if (ikev2_sk_send(&sa->sa_init, exchange, IKEV2_FLAG_RESPONSE, msgid, inner, &msg, &err) < 0) {
		log_msg(SEV_ERR, "IKEV2", "SEND", "SA %u: cannot build an answer: %s", sa->sa_id,
			err.e_what ? err.e_what : "?");
		return;
	}
	ikev2_sa_send(mg, sa, &msg, false);
}

void ikev2_sa_inform_once(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_pl *inner)
{
	struct ikev2_blob msg = {0};
	struct ikev2_err err;

	if (ikev2_sk_send(&sa->sa_init, IKEV2_EXCH_INFORMATIONAL, 0, sa->sa_next_msgid++, inner, &msg, &err) == 0)
		sa_transmit(mg, sa, &msg);
	ikev2_blob_free(&msg);
}

/* INFORMATIONAL with DELETE of the IKE SA (§1.4.1): sent once, the SA goes without waiting. */
static void send_delete(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	struct ikev2_pl *inner = NULL, *del = ikev2_pl_add(&inner, IKEV2_PL_DELETE);

	if (del) {
		del->pl_delete.de_protocol = IKEV2_PROTO_IKE;
		ikev2_sa_inform_once(mg, sa, inner);
	}
	ikev2_pl_list_free(inner);
}

void ikev2_sa_refuse_peer(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_err *err)
{
	struct ikev2_pl *inner = NULL, *no = ikev2_pl_add(&inner, IKEV2_PL_NOTIFY);

	if (no) {
		no->pl_notify.no_type = IKEV2_N_AUTHENTICATION_FAILED;
		sa->sa_next_msgid = 2; /* after IKE_SA_INIT (0) and IKE_AUTH (1) */
		ikev2_sa_inform_once(mg, sa, inner);
	}
	ikev2_pl_list_free(inner);
	ikev2_sa_fail(mg, sa, err);
}

void ikev2_sa_delete(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	if (sa->sa_state == IKEV2_SA_READY || sa->sa_state == IKEV2_SA_REKEYED)
		send_delete(mg, sa);
	ikev2_sa_children_remove(mg, sa);
	ike_session_sa_down(mg, sa, IKE_SESSION_DELETED, "deleted");
	log_msg(SEV_NOTICE, "IKEV2", "DOWN", "SA %u with %s deleted", sa->sa_id,
		inet_ntoa(sa->sa_init.in_remote.sin_addr));
	ikev2_sa_drop(mg, sa);
}

void ikev2_sa_dead(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const char *why)
{
	struct ikev2_err err = {.e_what = why};

	ike_session_sa_down(mg, sa, IKE_SESSION_DELETED, why); /* after request_timeout's DEAD: nothing */
	ikev2_sa_children_remove(mg, sa);
	log_msg(SEV_WARN, "IKEV2", "DEAD", "SA %u with %s: %s; deleted", sa->sa_id,
		inet_ntoa(sa->sa_init.in_remote.sin_addr), why);
	if (!sa->sa_tunnel[0])
		return ikev2_sa_drop(mg, sa);
	ikev2_sa_fail(mg, sa, &err); /* the tunnel starts over */
}

void ikev2_sa_close(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const char *why)
{
	if (sa->sa_state == IKEV2_SA_READY)
		send_delete(mg, sa);
	ikev2_sa_dead(mg, sa, why);
}

void ikev2_sa_clear(struct ikev2_mgr *mg)
{
	ikev2_sa_clear_where(mg, NULL, NULL);
}

static bool sa_between(const struct ikev2_ike_sa *sa, const struct in_addr *local, const struct in_addr *remote)
{
	return (!local || sa->sa_init.in_local.sin_addr.s_addr == local->s_addr) &&
	       (!remote || sa->sa_init.in_remote.sin_addr.s_addr == remote->s_addr);
}

/* From the head again after each delete: deleting one SA may take others with it (a rekey's pair). */
void ikev2_sa_clear_where(struct ikev2_mgr *mg, const struct in_addr *local, const struct in_addr *remote)
{
	struct ikev2_ike_sa *sa = mg->mg_sas;

	while (sa) {
		if (!sa_between(sa, local, remote)) {
			sa = sa->sa_next;
			continue;
		}
		ikev2_sa_delete(mg, sa);
		sa = mg->mg_sas;
	}
}

void ikev2_sa_shutdown(struct ferryd *d)
{
	ikev2_sa_clear(&ikev2_mgr); /* peers hear DELETE instead of waiting for DPD */
	ikev2_dh_pool_detach();	    /* before the worker queue goes */
}
