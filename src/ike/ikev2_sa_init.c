/*
 * IKE_SA_INIT on the SA manager, with g^ir off the loop thread: the
 * exchange's _start (ikev2_init.h) runs here, the Diffie-Hellman job goes
 * to the daemon's worker queue (ikev2_sa_work_submit), and its completion
 * derives the keys back on the loop thread if the SA still waits for it.
 * The responder's SA is in the table while it waits, so a retransmitted
 * request finds it busy and is dropped (counted) rather than opening another.
 */
#include <arpa/inet.h>
#include <stdlib.h>

#include "core/log.h"
#include "ike/ikev2_cookie.h"
#include "ike/ikev2_peer.h"
#include "ike/ikev2_sa.h"

static void refused(struct ikev2_mgr *mg, const struct sockaddr_in *from, const struct ikev2_err *err)
{
	log_msg(SEV_INFO, "IKEV2", "REFUSE", "IKE_SA_INIT from %s: %s", inet_ntoa(from->sin_addr),
		err->e_what ? err->e_what : "refused");
	mg->mg_stats.st_in_rejected++;
}

static void accept_done(void *arg)
{
	struct ikev2_sa_dh *j = arg;
	struct ikev2_ike_sa *sa = ikev2_sa_work_owner(&j->sd_wait, "IKE_SA_INIT key");
	struct ikev2_mgr *mg = j->sd_wait.sw_mg;
	struct ikev2_blob out = {0};
	struct ikev2_err err = {0};

	if (sa && ikev2_init_accept_finish(&sa->sa_init, &j->sd_dh, &out, &err) == 0)
		ikev2_sa_send(mg, sa, &out, false);
	else if (sa) {
		refused(mg, &sa->sa_init.in_remote, &err);
		ikev2_blob_free(&out);
		ikev2_sa_drop(mg, sa);
	}
	ikev2_sa_dh_free(j);
}

void ikev2_sa_init_rx_request(struct ikev2_mgr *mg, const struct ikev2_msg *m, const uint8_t *raw, size_t len,
			      const struct sockaddr_in *from, const struct sockaddr_in *to)
{
	struct ikev2_ike_sa *sa;
	struct ikev2_sa_dh *j;
	struct ikev2_blob out = {0};
	struct ikev2_err err = {0};
	enum ikev2_init_result r;

	mg->mg_stats.st_in_requests++;
	/* §2.6: no state before the cookie checks out */
	if (ikev2_cookie_gate(mg, m, from, to))
		return;
	sa = ikev2_sa_alloc(mg);
	if (!(j = sa ? calloc(1, sizeof(*j)) : NULL)) {
		ikev2_sa_free(sa);
		return ikev2_sa_drop_msg(mg, from, IKEV2_DROP_RESOURCE, "out of memory");
	}
	r = ikev2_init_accept_start(&sa->sa_init, ikev2_peer_proposal(mg->mg_d->fd_running), to, from, m, raw, len,
				    &j->sd_dh, &out, &err);
	if (r == IKEV2_INIT_REFUSED)
		ikev2_udp_send(&mg->mg_udp, to, from, out.bl_data, out.bl_len);
	ikev2_blob_free(&out);
	if (r != IKEV2_INIT_DONE) {
		refused(mg, from, &err);
		ikev2_sa_dh_free(j);
		return ikev2_sa_free(sa);
	}
	sa->sa_state = IKEV2_SA_INIT_DONE;
	sa->sa_peer_msgid = 1;
	ikev2_sa_link(mg, sa);
	ikev2_sa_dh_submit(mg, sa, j, accept_done, j);
}

/* The keys are made: on to IKE_AUTH (on port 4500 when a NAT was detected, §2.23). */
static void to_auth(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	struct ikev2_init *in = &sa->sa_init;
	const struct config *cfg = mg->mg_d->fd_running;
	const struct ike_profile *pr = ike_profile_lookup(cfg, sa->sa_profile);
	const char *why = "the IKEv2 profile is gone";
	struct ikev2_err err = {0};

	if (in->in_nat_local || in->in_nat_remote)
		in->in_local.sin_port = in->in_remote.sin_port = htons(IKEV2_NATT_PORT);
	if (!pr ||
	    ikev2_peer_conf(cfg, pr, in->in_local.sin_addr, in->in_remote.sin_addr, NULL, &sa->sa_conf, &why) < 0) {
		err = (struct ikev2_err){.e_what = why};
		return ikev2_sa_fail(mg, sa, &err);
	}
	ikev2_flex_attach(sa, &sa->sa_conf);
	ikev2_sa_auth_send(mg, sa);
}

static void response_done(void *arg)
{
	struct ikev2_sa_dh *j = arg;
	struct ikev2_ike_sa *sa = ikev2_sa_work_owner(&j->sd_wait, "IKE_SA_INIT key");
	struct ikev2_err err = {0};

	if (sa && ikev2_init_response_finish(&sa->sa_init, &j->sd_dh, &err) < 0)
		ikev2_sa_fail(j->sd_wait.sw_mg, sa, &err);
	else if (sa)
		to_auth(j->sd_wait.sw_mg, sa);
	ikev2_sa_dh_free(j);
}

void ikev2_sa_init_rx_response(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_msg *m,
			       const uint8_t *raw, size_t len)
{
	struct ikev2_sa_dh *j = calloc(1, sizeof(*j));
	struct ikev2_blob out = {0};
	struct ikev2_err err = {0};
	enum ikev2_init_result r;

	if (!j)
		return ikev2_sa_drop_msg(mg, &sa->sa_init.in_remote, IKEV2_DROP_RESOURCE, "out of memory");
	r = ikev2_init_response_start(&sa->sa_init, m, raw, len, &j->sd_dh, &err);
	if (r == IKEV2_INIT_DONE) {
		ikev2_blob_free(&sa->sa_req); /* answered: nothing to retransmit while the keys are made */
		loop_timer_rearm(sa->sa_timer, 0);
		return ikev2_sa_dh_submit(mg, sa, j, response_done, j);
	}
	ikev2_sa_dh_free(j);
	if (r == IKEV2_INIT_RETRY && ikev2_init_request(&sa->sa_init, &out, &err) == 0)
		return ikev2_sa_send(mg, sa, &out, true);
	ikev2_sa_fail(mg, sa, &err);
}
