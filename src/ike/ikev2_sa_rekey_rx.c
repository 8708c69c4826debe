/*
 * The peer's CREATE_CHILD_SA requests on the SA manager: answered with
 * ikev2_rekey_accept; a new CHILD_SA goes into the dataplane at once (the
 * peer deletes the old one), a new IKE SA takes the CHILD_SAs over (the peer
 * deletes the old IKE SA). While one of our own exchanges changes the SA,
 * the peer hears TEMPORARY_FAILURE (§2.25). g^ir is computed on a worker
 * before the answer goes; the peer's messages meanwhile are dropped.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <time.h>

#include "core/log.h"
#include "ike/ikev2_peer.h"
#include "ike/ikev2_sa.h"
#include "ike/ikev2_sa_life.h"

static bool rekeys_ike(const struct ikev2_pl *inner)
{
	const struct ikev2_pl *sa = ikev2_pl_find(inner, IKEV2_PL_SA);

	return sa && sa->pl_sa.sa_nprop && sa->pl_sa.sa_prop[0].pr_protocol == IKEV2_PROTO_IKE;
}

/* Whether the request's REKEY_SA names a CHILD_SA replaced already, waiting for its DELETE. */
static bool rekeys_spare(struct ikev2_ike_sa *sa, const struct ikev2_pl *inner)
{
	const struct ikev2_pl *no = ikev2_notify_find(inner, IKEV2_N_REKEY_SA);
	const uint8_t *b = no ? no->pl_notify.no_spi.bl_data : NULL;

	if (!no || no->pl_notify.no_spi.bl_len != 4)
		return false;
	return ikev2_sa_spare_by_out(sa, (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]);
}

/*
 * §2.25: the IKE SA is being replaced, or it is rekeyed while we create or
 * delete its CHILD_SA, or the CHILD_SA while we rekey the IKE SA, or the
 * CHILD_SA is one being closed.
 */
static bool busy(struct ikev2_ike_sa *sa, const struct ikev2_pl *inner)
{
	enum ikev2_req r = sa->sa_req_kind;
	bool ike = rekeys_ike(inner);

	if (sa->sa_state == IKEV2_SA_REKEYED || (!ike && rekeys_spare(sa, inner)))
		return true;
	if (ike)
		return r == IKEV2_REQ_REKEY_CHILD || r == IKEV2_REQ_DELETE_CHILD;
	return r == IKEV2_REQ_REKEY_IKE;
}

static void answer_notify(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, uint32_t msgid, uint16_t type)
{
	struct ikev2_pl no = {.pl_type = IKEV2_PL_NOTIFY, .pl_notify = {.no_type = type}};

	ikev2_sa_answer(mg, sa, IKEV2_EXCH_CREATE_CHILD_SA, msgid, &no);
}

/* Keeps the peer's nonces while our own rekey of the same kind runs: the §2.8.1 tie-break needs them. */
static void keep_for_collision(struct ikev2_ike_sa *sa, struct ikev2_rekey *rk, enum ikev2_req ours)
{
	ikev2_sa_rekey_drop(&sa->sa_peer_rekey);
	if (sa->sa_req_kind != ours || !(sa->sa_peer_rekey = calloc(1, sizeof(*sa->sa_peer_rekey))))
		return;
	*sa->sa_peer_rekey = (struct ikev2_rekey){.rk_kind = rk->rk_kind, .rk_ni = rk->rk_ni, .rk_nr = rk->rk_nr};
	rk->rk_ni = rk->rk_nr = (struct ikev2_blob){0};
}

static void peer_child_rekeyed(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct ikev2_rekey *rk)
{
	ikev2_sa_child_replace(mg, sa, &rk->rk_child, "by the peer"); /* the old one until the peer deletes it */
	keep_for_collision(sa, rk, IKEV2_REQ_REKEY_CHILD);
}

static void peer_ike_rekeyed(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct ikev2_rekey *rk)
{
	if (!ikev2_sa_successor(mg, sa, &rk->rk_ike))
		return;
	keep_for_collision(sa, rk, IKEV2_REQ_REKEY_IKE);
}

/* The peer's request between its _start and _finish: g^ir on a worker (ikev2_sa_dh_submit). */
struct rx_job {
	struct ikev2_sa_dh rj_dh; /* first: ikev2_sa_dh_submit finds it there */
	struct ikev2_rekey rj_rk;
	uint32_t rj_msgid;
};

static void rx_job_free(struct rx_job *j)
{
	ikev2_dh_job_fini(&j->rj_dh.sd_dh);
	ikev2_rekey_fini(&j->rj_rk);
	free(j);
}

/* Answers the request (unless r is FAILED); the new SA takes over when it is DONE. */
static void answer_request(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct rx_job *j, enum ikev2_rekey_result r,
			   struct ikev2_pl *answer, const struct ikev2_err *err)
{
	if (r == IKEV2_REKEY_FAILED)
		log_msg(SEV_WARN, "IKEV2", "REKEY", "SA %u: cannot answer CREATE_CHILD_SA: %s", sa->sa_id,
			err->e_what ? err->e_what : "?");
	else
		ikev2_sa_answer(mg, sa, IKEV2_EXCH_CREATE_CHILD_SA, j->rj_msgid, answer);
	if (r == IKEV2_REKEY_REFUSED)
		log_msg(SEV_INFO, "IKEV2", "REKEY", "SA %u: CREATE_CHILD_SA refused: %s (notify %u)", sa->sa_id,
			err->e_what ? err->e_what : "?", err->e_notify);
	if (r == IKEV2_REKEY_DONE && j->rj_rk.rk_kind == IKEV2_REKEY_CHILD)
		peer_child_rekeyed(mg, sa, &j->rj_rk);
	else if (r == IKEV2_REKEY_DONE)
		peer_ike_rekeyed(mg, sa, &j->rj_rk);
	ikev2_pl_list_free(answer);
}

static void rx_done(void *arg)
{
	struct rx_job *j = arg;
	struct ikev2_ike_sa *sa = ikev2_sa_work_owner(&j->rj_dh.sd_wait, "rekey's g^ir");
	struct ikev2_pl *answer = NULL;
	struct ikev2_err err = {0};

	enum ikev2_rekey_result r;

	if (sa) {
		r = ikev2_rekey_accept_finish(&j->rj_rk, &sa->sa_init, &j->rj_dh.sd_dh, &answer, &err);
		answer_request(j->rj_dh.sd_wait.sw_mg, sa, j, r, answer, &err);
	}
	rx_job_free(j);
}

void ikev2_sa_rekey_rx(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, uint32_t msgid, const struct ikev2_pl *inner)
{
	const struct ike_proposal *pp = ikev2_peer_proposal(mg->mg_d->fd_running);
	struct ikev2_pl *answer = NULL;
	struct ikev2_err err = {0};
	enum ikev2_rekey_result r;
	struct rx_job *j;

	if (busy(sa, inner))
		return answer_notify(mg, sa, msgid, IKEV2_N_TEMPORARY_FAILURE);
	if (!(j = calloc(1, sizeof(*j))))
		return ikev2_sa_drop_msg(mg, &sa->sa_init.in_remote, IKEV2_DROP_RESOURCE, "out of memory");
	j->rj_msgid = msgid;
	r = ikev2_rekey_accept_start(&j->rj_rk, &sa->sa_init, sa->sa_child.cs_spi_in ? &sa->sa_child : NULL, pp, inner,
				     &j->rj_dh.sd_dh, &answer, &err);
	if (r == IKEV2_REKEY_DONE)
		return ikev2_sa_dh_submit(mg, sa, &j->rj_dh, rx_done, j);
	answer_request(mg, sa, j, r, answer, &err);
	rx_job_free(j);
}
