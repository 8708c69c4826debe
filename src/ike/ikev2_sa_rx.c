/* The IKEv2 SA manager's receive side: each message to its SA and exchange. */
#include "ike/ikev2_sa.h"

#include <arpa/inet.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "ike/ikev2_critical.h"
#include "ike/ikev2_frag.h"
#include "ike/ikev2_skmsg.h"

void ikev2_sa_drop_msg(struct ikev2_mgr *mg, const struct sockaddr_in *from, enum ikev2_drop reason, const char *why)
{
	mg->mg_stats.st_drops[reason]++;
	log_msg(SEV_DEBUG, "IKEV2", "DROP", "message from %s dropped (%s): %s", inet_ntoa(from->sin_addr),
		ikev2_drop_name(reason), why ? why : "?");
}

/* Where a message came from and went to: followed once it authenticated (ikev2_sa_follow). */
struct rx_path {
	const struct sockaddr_in *rp_from, *rp_to;
};

/* A request the SA answered already (the peer did not get the answer): the same answer again (§2.1). */
static bool is_retransmission(const struct ikev2_ike_sa *sa, const struct ikev2_msg *m)
{
	return !(m->m_flags & IKEV2_FLAG_RESPONSE) && m->m_msgid + 1 == sa->sa_peer_msgid && sa->sa_resp.bl_len;
}

/* The answer to our request in flight: to whoever sent it. */
static void rx_answer(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_msg *m,
		      const struct ikev2_pl *inner)
{
	enum ikev2_req kind = sa->sa_req_kind;
	bool rekey = kind == IKEV2_REQ_REKEY_CHILD || kind == IKEV2_REQ_REKEY_IKE;

	if (m->m_exchange != (rekey ? IKEV2_EXCH_CREATE_CHILD_SA : IKEV2_EXCH_INFORMATIONAL))
		return ikev2_sa_drop_msg(mg, &sa->sa_init.in_remote, IKEV2_DROP_STATE, "an answer of another exchange");
	sa->sa_req_kind = IKEV2_REQ_NONE;
	ikev2_blob_free(&sa->sa_req);
	loop_timer_rearm(sa->sa_timer, 0);
	if (rekey)
		ikev2_sa_rekey_answered(mg, sa, inner);
	else if (kind == IKEV2_REQ_DELETE_IKE)
		ikev2_sa_drop(mg, sa); /* the replaced IKE SA is gone on both sides */
	else if (kind == IKEV2_REQ_DELETE_CHILD)
		ikev2_sa_info_deleted(mg, sa);
}

/* Whether the message ID is the next one expected: the peer's next request, or the answer to ours (§2.3). */
static bool in_window(const struct ikev2_ike_sa *sa, const struct ikev2_msg *m)
{
	if (m->m_flags & IKEV2_FLAG_RESPONSE)
		return sa->sa_req_kind != IKEV2_REQ_NONE && m->m_msgid + 1 == sa->sa_next_msgid;
	return m->m_msgid == sa->sa_peer_msgid;
}

/*
 * An authentic message whose payloads did not decode (§2.21.3). A request
 * with an unknown critical payload is answered UNSUPPORTED_CRITICAL_PAYLOAD
 * and otherwise rejected (§2.5); any other request is answered
 * INVALID_SYNTAX and the IKE SA deleted, as the peer is broken (§3.10.1).
 * An answer holding an unknown critical payload is taken as that error, so
 * our request failed (a rekey is refused); other broken answers are dropped
 * as malformed.
 */
static void rx_bad_payloads(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_msg *m,
			    const struct ikev2_err *err)
{
	bool response = m->m_flags & IKEV2_FLAG_RESPONSE, critical = ikev2_critical_err(err);
	struct ikev2_pl *error = NULL;

	if ((response && !critical) || !err->e_notify)
		return ikev2_sa_drop_msg(mg, &sa->sa_init.in_remote, IKEV2_DROP_DECODE, err->e_what);
	if (ikev2_critical_error_notify(&error, err, IKEV2_N_INVALID_SYNTAX) < 0)
		return ikev2_sa_drop_msg(mg, &sa->sa_init.in_remote, IKEV2_DROP_RESOURCE, "out of memory");
	log_msg(SEV_INFO, "IKEV2", critical ? "CRITICAL" : "SYNTAX", "SA %u: %s %u: %s (payload %u)", sa->sa_id,
		response ? "answer" : "request", m->m_msgid, err->e_what ? err->e_what : "undecodable", err->e_payload);
	if (response) {
		mg->mg_stats.st_critical_in_answers++;
		rx_answer(mg, sa, m, error);
	} else {
		mg->mg_stats.st_critical_answered += critical;
		ikev2_sa_answer(mg, sa, m->m_exchange, m->m_msgid, error);
		if (!critical)
			ikev2_sa_close(mg, sa, "the peer sent a request with invalid syntax");
	}
	ikev2_pl_list_free(error);
}

/* A READY (or REKEYED) SA: INFORMATIONAL and CREATE_CHILD_SA, either way. */
static void rx_established(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_msg *m, const uint8_t *raw,
			   size_t len, const struct rx_path *path)
{
	struct ikev2_pl *inner = NULL;
	struct ikev2_err err = {0};
	enum ikev2_sk_rx opened;

	if (!in_window(sa, m))
		return ikev2_sa_drop_msg(mg, &sa->sa_init.in_remote, IKEV2_DROP_MSGID, "message ID outside the window");
	opened = ikev2_sk_receive(&sa->sa_init, m, raw, len, &inner, &err);
	if (opened == IKEV2_SK_RX_SEALED)
		return ikev2_sa_drop_msg(mg, &sa->sa_init.in_remote, IKEV2_DROP_INTEGRITY, err.e_what);
	sa->sa_last_rx = time(NULL);
	ikev2_sa_follow(mg, sa, path->rp_from, path->rp_to);
	if (opened == IKEV2_SK_RX_PAYLOADS)
		rx_bad_payloads(mg, sa, m, &err);
	else if (m->m_flags & IKEV2_FLAG_RESPONSE)
		rx_answer(mg, sa, m, inner);
	else if (m->m_exchange == IKEV2_EXCH_INFORMATIONAL)
		ikev2_sa_info_rx(mg, sa, m->m_msgid, inner);
	else if (m->m_exchange == IKEV2_EXCH_CREATE_CHILD_SA)
		ikev2_sa_rekey_rx(mg, sa, m->m_msgid, inner);
	else
		ikev2_sa_drop_msg(mg, &sa->sa_init.in_remote, IKEV2_DROP_STATE,
				  "an exchange not allowed on an established SA");
	ikev2_pl_list_free(inner);
}

static void rx_for_sa(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_msg *m, const uint8_t *raw,
		      size_t len, const struct rx_path *path)
{
	bool response = m->m_flags & IKEV2_FLAG_RESPONSE;

	if (ikev2_sa_busy(sa))
		return ikev2_sa_drop_msg(mg, path->rp_from, IKEV2_DROP_STATE,
					 "its keys or IKE_AUTH signatures are being computed");
	if (is_retransmission(sa, m))
		return ikev2_sa_resend(mg, sa);
	if (response && sa->sa_state == IKEV2_SA_INIT_SENT && m->m_exchange == IKEV2_EXCH_IKE_SA_INIT)
		return ikev2_sa_init_rx_response(mg, sa, m, raw, len);
	if (response && sa->sa_state == IKEV2_SA_AUTH_SENT && m->m_exchange == IKEV2_EXCH_IKE_AUTH)
		return ikev2_sa_auth_rx_response(mg, sa, m, raw, len, path->rp_from, path->rp_to);
	if (!response && sa->sa_state == IKEV2_SA_INIT_DONE && m->m_exchange == IKEV2_EXCH_IKE_AUTH)
		return ikev2_sa_auth_rx_request(mg, sa, m, raw, len, path->rp_from, path->rp_to);
	if (sa->sa_state == IKEV2_SA_READY || sa->sa_state == IKEV2_SA_REKEYED)
		return rx_established(mg, sa, m, raw, len, path);
	ikev2_sa_drop_msg(mg, &sa->sa_init.in_remote, IKEV2_DROP_STATE, "unexpected in this state");
}

/*
 * A message that did not decode gets no answer (§2.21), but for an
 * IKE_SA_INIT request with an unknown critical payload: UNSUPPORTED_CRITICAL_PAYLOAD,
 * unencrypted with responder SPI zero (§2.21.1), keeping no state.
 */
static void rx_undecoded(struct ikev2_mgr *mg, const uint8_t *raw, size_t len, const struct rx_path *path,
			 const struct ikev2_err *err)
{
	struct ikev2_blob out = {0};
	struct ikev2_err why;

	if (!ikev2_critical_err(err) || ikev2_critical_init_answer(raw, len, err->e_payload, &out, &why) < 0)
		return ikev2_sa_drop_msg(mg, path->rp_from, IKEV2_DROP_DECODE, err->e_what);
	log_msg(SEV_INFO, "IKEV2", "REFUSE", "IKE_SA_INIT from %s: unknown critical payload %u",
		inet_ntoa(path->rp_from->sin_addr), err->e_payload);
	mg->mg_stats.st_in_requests++;
	mg->mg_stats.st_in_rejected++;
	mg->mg_stats.st_critical_answered++;
	mg->mg_stats.st_msg_out++;
	ikev2_debug_msg(mg, "Sending", path->rp_from, out.bl_data, out.bl_len);
	ikev2_udp_send(&mg->mg_udp, path->rp_to, path->rp_from, out.bl_data, out.bl_len);
	ikev2_blob_free(&out);
}

void ikev2_sa_rx(void *arg, const uint8_t *raw, size_t len, const struct sockaddr_in *from,
		 const struct sockaddr_in *to, bool natt)
{
	struct ikev2_mgr *mg = arg;
	struct ikev2_msg m;
	struct ikev2_err err;
	struct ikev2_ike_sa *sa;

	mg->mg_stats.st_msg_in++;
	ikev2_debug_msg(mg, "Received", from, raw, len);
	if (ikev2_msg_decode(raw, len, &m, &err) < 0)
		return rx_undecoded(mg, raw, len, &(struct rx_path){from, to}, &err);
	sa = ikev2_sa_find(mg, m.m_spi_i, m.m_exchange == IKEV2_EXCH_IKE_SA_INIT ? 0 : m.m_spi_r);
	if (!sa && m.m_exchange == IKEV2_EXCH_IKE_SA_INIT && !(m.m_flags & IKEV2_FLAG_RESPONSE))
		ikev2_sa_init_rx_request(mg, &m, raw, len, from, to);
	else if (!sa)
		ikev2_sa_drop_msg(mg, from, IKEV2_DROP_NO_SA, "no IKE SA with these SPIs");
	else if (!ikev2_frag_gate(mg, sa, &m, raw, len, from, to, natt))
		rx_for_sa(mg, sa, &m, raw, len, &(struct rx_path){from, to});
	ikev2_msg_fini(&m);
}
