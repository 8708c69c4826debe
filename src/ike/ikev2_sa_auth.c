/*
 * IKE_AUTH on the SA manager, with the signatures off the loop thread: each
 * step's _start (ikev2_authx.h) runs here, its signature work goes to the
 * daemon's worker queue (ikev2_sa_work_submit), and the completion finishes
 * the step back on the loop thread if the SA still waits for it.
 */
#include <arpa/inet.h>
#include <stdlib.h>

#include "core/log.h"
#include "ike/ikev2_peer.h"
#include "ike/ikev2_sa.h"
#include "ike/ikev2_sa_life.h"

enum auth_step {
	STEP_REQUEST,  /* initiator: our IKE_AUTH request */
	STEP_RESPONSE, /* initiator: the responder's answer */
	STEP_ACCEPT,   /* responder: the initiator's request */
};

struct auth_job {
	struct ikev2_sa_work aj_wait;
	enum auth_step aj_step;
	struct sockaddr_in aj_from, aj_to; /* where the peer's message came from and went to */
	struct ikev2_authx_work aj_work;
};

static void request_done(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct auth_job *j)
{
	struct ikev2_blob out = {0};
	struct ikev2_err err = {0};

	if (ikev2_authx_request_finish(&sa->sa_init, &sa->sa_conf, &sa->sa_child, &j->aj_work, &out, &err) < 0)
		return ikev2_sa_fail(mg, sa, &err);
	sa->sa_state = IKEV2_SA_AUTH_SENT;
	ikev2_sa_send(mg, sa, &out, true);
}

/* Our refusal of the responder is told to it (§2.21.2); a message that did not decrypt is not its answer. */
static void response_failed(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_err *err)
{
	if (err->e_notify == 0)
		return ikev2_sa_drop_msg(mg, &sa->sa_init.in_remote, IKEV2_DROP_INTEGRITY, err->e_what);
	if (ikev2_authx_we_refused(err))
		return ikev2_sa_refuse_peer(mg, sa, err);
	ikev2_sa_fail(mg, sa, err);
}

static void response_done(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct auth_job *j)
{
	struct ikev2_err err = {0};

	if (ikev2_authx_response_finish(&sa->sa_init, &sa->sa_conf, &sa->sa_child, &j->aj_work, &err) < 0)
		return response_failed(mg, sa, &err);
	ikev2_sa_follow(mg, sa, &j->aj_from, &j->aj_to);
	ikev2_sa_ready(mg, sa);
}

/* The answer goes where the request came from: it decrypted, so it is the peer's (on 4500 behind a NAT). */
static void answer(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct sockaddr_in *from,
		   const struct sockaddr_in *to, struct ikev2_blob *out)
{
	ikev2_sa_follow(mg, sa, from, to);
	sa->sa_peer_msgid = 2;
	ikev2_sa_send(mg, sa, out, false);
}

static void accept_done(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct auth_job *j)
{
	struct ikev2_blob out = {0};
	struct ikev2_err err = {0};
	enum ikev2_init_result r =
	    ikev2_authx_accept_finish(&sa->sa_init, &sa->sa_conf, &sa->sa_child, &j->aj_work, &out, &err);

	if (r == IKEV2_INIT_FAILED)
		return ikev2_sa_fail(mg, sa, &err);
	answer(mg, sa, &j->aj_from, &j->aj_to, &out);
	if (r == IKEV2_INIT_DONE)
		ikev2_sa_ready(mg, sa);
	else
		ikev2_sa_fail(mg, sa, &err);
}

static void job_run(void *arg)
{
	struct auth_job *j = arg;

	ikev2_authx_work_run(&j->aj_work);
}

static void job_done(void *arg)
{
	struct auth_job *j = arg;
	struct ikev2_ike_sa *sa = ikev2_sa_work_owner(&j->aj_wait, "IKE_AUTH signature");
	struct ikev2_mgr *mg = j->aj_wait.sw_mg;

	if (sa && j->aj_step == STEP_REQUEST)
		request_done(mg, sa, j);
	else if (sa && j->aj_step == STEP_RESPONSE)
		response_done(mg, sa, j);
	else if (sa)
		accept_done(mg, sa, j);
	ikev2_authx_work_fini(&j->aj_work);
	free(j);
}

/* The SA waits for j: on a worker when there is work to do, else at once. */
static void job_submit(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct auth_job *j)
{
	ikev2_sa_work_submit(mg, sa, &j->aj_wait, ikev2_authx_work_pending(&j->aj_work), job_run, job_done, j);
}

static struct auth_job *job_new(enum auth_step step, const struct sockaddr_in *from, const struct sockaddr_in *to)
{
	struct auth_job *j = calloc(1, sizeof(*j));

	if (j) {
		j->aj_step = step;
		j->aj_from = *from;
		j->aj_to = *to;
	}
	return j;
}

static void job_drop(struct auth_job *j)
{
	ikev2_authx_work_fini(&j->aj_work);
	free(j);
}

void ikev2_sa_auth_send(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	struct ikev2_init *in = &sa->sa_init;
	struct ikev2_err err = {.e_what = "out of memory"};
	struct auth_job *j = job_new(STEP_REQUEST, &in->in_remote, &in->in_local);

	if (!j || ikev2_child_init(&sa->sa_child, in->in_local.sin_addr, in->in_remote.sin_addr) < 0 ||
	    ikev2_authx_request_start(in, &sa->sa_conf, &j->aj_work, &err) < 0) {
		if (j)
			job_drop(j);
		return ikev2_sa_fail(mg, sa, &err);
	}
	/* The tunnel's IPsec profile (its transform sets) decides what the CHILD_SA offers. */
	if (ikev2_esp_offer_conf(mg->mg_d->fd_running, ikev2_sa_ipsec_profile(mg, sa), &sa->sa_child.cs_offer) < 0) {
		job_drop(j);
		err = (struct ikev2_err){.e_what = "the IPsec profile's transform sets hold no transform Ferry runs"};
		return ikev2_sa_fail(mg, sa, &err);
	}
	ikev2_blob_free(&sa->sa_req); /* IKE_SA_INIT is answered: nothing to retransmit while we sign */
	loop_timer_rearm(sa->sa_timer, 0);
	job_submit(mg, sa, j);
}

void ikev2_sa_auth_rx_response(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_msg *m,
			       const uint8_t *raw, size_t len, const struct sockaddr_in *from,
			       const struct sockaddr_in *to)
{
	struct ikev2_err err = {0};
	struct auth_job *j = job_new(STEP_RESPONSE, from, to);

	if (!j)
		return ikev2_sa_drop_msg(mg, from, IKEV2_DROP_RESOURCE, "out of memory");
	if (ikev2_authx_response_start(&sa->sa_init, &sa->sa_conf, m, raw, len, &j->aj_work, &err) < 0) {
		job_drop(j);
		return response_failed(mg, sa, &err);
	}
	job_submit(mg, sa, j);
}

/* The responder's lookup: the profile the peer's identity (or certificate) matches, and its keys. */
static int lookup(void *arg, const struct ikev2_id *peer, const struct ikev2_pl *inner,
		  const struct sockaddr_in *remote, struct ikev2_authx_conf *out)
{
	struct ikev2_ike_sa *sa = arg;
	const char *why;

	if (ikev2_peer_select(ikev2_mgr.mg_d->fd_running, sa->sa_init.in_local.sin_addr, remote->sin_addr, peer, inner,
			      out, &why) == 0) {
		ikev2_esp_offer_resp(ikev2_mgr.mg_d->fd_running, out->ac_profile, remote->sin_addr, &out->ac_esp);
		ikev2_flex_attach(sa, out);
		return 0;
	}
	log_msg(SEV_WARN, "IKEV2", "AUTH", "SA %u with %s: %s", sa->sa_id, inet_ntoa(remote->sin_addr), why);
	return -1;
}

void ikev2_sa_auth_rx_request(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_msg *m,
			      const uint8_t *raw, size_t len, const struct sockaddr_in *from,
			      const struct sockaddr_in *to)
{
	struct ikev2_blob out = {0};
	struct ikev2_err err = {0};
	struct auth_job *j = job_new(STEP_ACCEPT, from, to);
	enum ikev2_init_result r;

	if (!j)
		return ikev2_sa_drop_msg(mg, from, IKEV2_DROP_RESOURCE, "out of memory");
	r = ikev2_authx_accept_start(&sa->sa_init, lookup, sa, &sa->sa_conf, &sa->sa_child, m, raw, len, &j->aj_work,
				     &out, &err);
	if (r == IKEV2_INIT_DONE)
		return job_submit(mg, sa, j);
	job_drop(j);
	if (r == IKEV2_INIT_FAILED)
		return ikev2_sa_drop_msg(mg, from, IKEV2_DROP_INTEGRITY,
					 err.e_what ? err.e_what : "IKE_AUTH did not open");
	answer(mg, sa, from, to, &out);
	ikev2_sa_fail(mg, sa, &err);
}
