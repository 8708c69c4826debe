/*
 * CREATE_CHILD_SA on the SA manager: starting a rekey, and its answer. A
 * rekeyed CHILD_SA goes into the dataplane before the old one is deleted
 * (§2.8); a rekeyed IKE SA takes the CHILD_SA over and the old IKE SA is
 * deleted (§2.18). Simultaneous rekeys keep the SA made with the highest
 * nonces (§2.8.1). The answer's g^ir is computed on a worker; the SA
 * starts no other rekey while it waits.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "ike/ikev2_sa.h"
#include "ike/ikev2_sa_life.h"

#define REKEY_RETRY_S 10 /* a refused or failed rekey is tried again after this */

static void rekey_log(const struct ikev2_ike_sa *sa, const char *what, const struct ikev2_err *err)
{
	log_msg(SEV_WARN, "IKEV2", "REKEY", "SA %u with %s: %s: %s (notify %u)", sa->sa_id,
		inet_ntoa(sa->sa_init.in_remote.sin_addr), what, err->e_what ? err->e_what : "failed", err->e_notify);
}

void ikev2_sa_rekey_drop(struct ikev2_rekey **rk)
{
	if (*rk)
		ikev2_rekey_fini(*rk);
	free(*rk);
	*rk = NULL;
}

/* A fresh sa_rekey for our request; -1 if out of memory. */
static int rekey_new(struct ikev2_ike_sa *sa)
{
	ikev2_sa_rekey_drop(&sa->sa_rekey);
	sa->sa_rekey = calloc(1, sizeof(*sa->sa_rekey));
	return sa->sa_rekey ? 0 : -1;
}

/* Sends the rekey request built into inner, or undoes it. */
static int rekey_send(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, enum ikev2_req kind, int built,
		      struct ikev2_pl *inner, const struct ikev2_err *err)
{
	int rc = built == 0 ? ikev2_sa_request(mg, sa, kind, IKEV2_EXCH_CREATE_CHILD_SA, inner) : -1;

	if (built < 0)
		rekey_log(sa, "cannot build the rekey request", err);
	if (rc < 0)
		ikev2_sa_rekey_drop(&sa->sa_rekey);
	ikev2_pl_list_free(inner);
	return rc;
}

int ikev2_sa_rekey_child(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	struct ikev2_pl *inner = NULL;
	struct ikev2_err err = {0};
	int built;

	if (sa->sa_state != IKEV2_SA_READY || sa->sa_req_kind != IKEV2_REQ_NONE || !sa->sa_child.cs_spi_in ||
	    ikev2_sa_busy(sa) || rekey_new(sa) < 0)
		return -1;
	built = ikev2_rekey_child_request(sa->sa_rekey, &sa->sa_init, &sa->sa_child, ikev2_sa_pfs_group(mg, sa), &inner,
					  &err);
	return rekey_send(mg, sa, IKEV2_REQ_REKEY_CHILD, built, inner, &err);
}

int ikev2_sa_rekey_ike(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	struct ikev2_pl *inner = NULL;
	struct ikev2_err err = {0};
	int built;

	if (sa->sa_state != IKEV2_SA_READY || sa->sa_req_kind != IKEV2_REQ_NONE || ikev2_sa_busy(sa) ||
	    rekey_new(sa) < 0)
		return -1;
	built = ikev2_rekey_ike_request(sa->sa_rekey, &sa->sa_init, &inner, &err);
	return rekey_send(mg, sa, IKEV2_REQ_REKEY_IKE, built, inner, &err);
}

/* Our CHILD_SA rekey is done: the new one in, the one it replaced out (unless the peer's rekey won). */
static void child_rekeyed(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	struct ikev2_rekey *rk = sa->sa_rekey, *theirs = sa->sa_peer_rekey;
	bool collided = theirs && theirs->rk_ni.bl_len && theirs->rk_kind == IKEV2_REKEY_CHILD;
	uint32_t doomed = rk->rk_old_spi;

	if (collided)
		mg->mg_stats.st_rekey_collisions++;
	if (collided && ikev2_rekey_redundant(rk, theirs)) {
		/* Ours holds the lowest nonce: its peer half goes; the peer deletes the old one. */
		doomed = rk->rk_child.cs_spi_in;
	} else {
		/* The old one, or the peer's redundant one, waits for its DELETE. */
		ikev2_sa_child_replace(mg, sa, &rk->rk_child, "by us");
	}
	ikev2_sa_rekey_drop(&sa->sa_rekey);
	ikev2_sa_rekey_drop(&sa->sa_peer_rekey);
	ikev2_sa_delete_child(mg, sa, doomed);
}

/* Moves the CHILD_SAs (installed, with their lifetimes) from one IKE SA to another. */
static void move_children(struct ikev2_ike_sa *to, struct ikev2_ike_sa *from)
{
	to->sa_child = from->sa_child;
	to->sa_child_installed = from->sa_child_installed;
	to->sa_child_at = from->sa_child_at;
	to->sa_child_rekey_at = from->sa_child_rekey_at;
	to->sa_child_expire_at = from->sa_child_expire_at;
	for (int i = 0; i < IKEV2_SA_SPARES; i++) {
		to->sa_spare[i] = from->sa_spare[i];
		to->sa_spare_at[i] = from->sa_spare_at[i];
		from->sa_spare[i] = (struct ikev2_child){0};
	}
	from->sa_child = (struct ikev2_child){0};
	from->sa_child_installed = false;
	from->sa_child_rekey_at = from->sa_child_expire_at = 0;
}

struct ikev2_ike_sa *ikev2_sa_successor(struct ikev2_mgr *mg, struct ikev2_ike_sa *old, struct ikev2_init *keys)
{
	struct ikev2_ike_sa *sa = ikev2_sa_alloc(mg);
	time_t now = time(NULL);

	if (!sa)
		return NULL;
	sa->sa_init = *keys;
	*keys = (struct ikev2_init){0};
	sa->sa_conf = old->sa_conf;
	old->sa_conf = (struct ikev2_authx_conf){0};
	sa->sa_flex = old->sa_flex; /* the lease, Virtual-Access and routes stay with the session */
	old->sa_flex = (struct ikev2_flex){0};
	memcpy(sa->sa_tunnel, old->sa_tunnel, sizeof(sa->sa_tunnel));
	memcpy(sa->sa_profile, old->sa_profile, sizeof(sa->sa_profile));
	sa->sa_peer = old->sa_peer;
	old->sa_tunnel[0] = '\0'; /* the tunnel's SA is the new one */
	sa->sa_session = old->sa_session;
	sa->sa_initiator_of_session = old->sa_initiator_of_session;
	move_children(sa, old);
	sa->sa_state = IKEV2_SA_READY; /* message IDs start at 0 both ways (§2.18) */
	sa->sa_ready_at = sa->sa_last_rx = now;
	ikev2_sa_lifetimes(mg, sa, true, false, now);
	ikev2_sa_link(mg, sa);
	old->sa_state = IKEV2_SA_REKEYED;
	old->sa_successor = sa;
	old->sa_ready_at = now; /* REKEYED since */
	mg->mg_stats.st_rekey_ike++;
	log_msg(SEV_INFO, "IKEV2", "REKEY", "SA %u with %s rekeyed: now SA %u", old->sa_id,
		inet_ntoa(sa->sa_init.in_remote.sin_addr), sa->sa_id);
	return sa;
}

/* A new IKE SA that lost a collision: DELETE it at once (it holds nothing). */
/* A replaced IKE SA asks the peer to DELETE it (retransmitted; it goes on the answer or after the tries). */
static void request_delete_ike(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	struct ikev2_pl del = {.pl_type = IKEV2_PL_DELETE, .pl_delete = {.de_protocol = IKEV2_PROTO_IKE}};

	if (ikev2_sa_request(mg, sa, IKEV2_REQ_DELETE_IKE, IKEV2_EXCH_INFORMATIONAL, &del) < 0)
		log_msg(SEV_WARN, "IKEV2", "REKEY", "SA %u: cannot send DELETE of the replaced IKE SA", sa->sa_id);
}

/* A new IKE SA that lost a collision: DELETE it at once (it holds nothing). */
static void delete_redundant(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct ikev2_init *keys)
{
	struct ikev2_ike_sa *lost = ikev2_sa_alloc(mg);

	if (!lost)
		return;
	lost->sa_init = *keys;
	*keys = (struct ikev2_init){0};
	lost->sa_state = IKEV2_SA_REKEYED;
	lost->sa_ready_at = time(NULL);
	ikev2_sa_link(mg, lost);
	log_msg(SEV_INFO, "IKEV2", "REKEY", "SA %u: IKE SA rekey collision lost (lowest nonce): deleting SA %u",
		sa->sa_id, lost->sa_id);
	request_delete_ike(mg, lost);
}

/* Our IKE SA rekey is done: the new SA takes the CHILD_SA; the one that won deletes the old SA (§2.8.1). */
static void ike_rekeyed(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	struct ikev2_rekey *rk = sa->sa_rekey, *peer = sa->sa_peer_rekey;
	struct ikev2_ike_sa *theirs = sa->sa_successor;
	bool collided = sa->sa_state == IKEV2_SA_REKEYED && theirs && peer && peer->rk_kind == IKEV2_REKEY_IKE;

	if (collided)
		mg->mg_stats.st_rekey_collisions++;
	if (collided && ikev2_rekey_redundant(rk, peer))
		delete_redundant(mg, sa, &rk->rk_ike);			      /* the peer deletes the old SA */
	else if (ikev2_sa_successor(mg, collided ? theirs : sa, &rk->rk_ike)) /* theirs waits for the peer's DELETE */
		request_delete_ike(mg, sa);
	ikev2_sa_rekey_drop(&sa->sa_rekey);
	ikev2_sa_rekey_drop(&sa->sa_peer_rekey);
}

/* Our rekey was refused or its keys failed: tried again later. */
static void rekey_refused(struct ikev2_ike_sa *sa, const struct ikev2_err *err)
{
	struct ikev2_rekey *rk = sa->sa_rekey;
	time_t retry = time(NULL) + REKEY_RETRY_S;

	rekey_log(sa, rk->rk_kind == IKEV2_REKEY_IKE ? "IKE SA rekey refused" : "CHILD_SA rekey refused", err);
	if (rk->rk_kind == IKEV2_REKEY_IKE)
		sa->sa_ike_rekey_at = retry;
	else
		sa->sa_child_rekey_at = retry;
	ikev2_sa_rekey_drop(&sa->sa_rekey);
}

/* The answer's g^ir is computed (ikev2_sa_dh_submit): the keys, then the new SA takes over. */
static void answered_done(void *arg)
{
	struct ikev2_sa_dh *j = arg;
	struct ikev2_ike_sa *sa = ikev2_sa_work_owner(&j->sd_wait, "rekey's g^ir");
	struct ikev2_err err = {0};

	if (sa && ikev2_rekey_response_finish(sa->sa_rekey, &sa->sa_init, &j->sd_dh, &err) < 0)
		rekey_refused(sa, &err);
	else if (sa && sa->sa_rekey->rk_kind == IKEV2_REKEY_CHILD)
		child_rekeyed(j->sd_wait.sw_mg, sa);
	else if (sa)
		ike_rekeyed(j->sd_wait.sw_mg, sa);
	ikev2_sa_dh_free(j);
}

void ikev2_sa_rekey_answered(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_pl *inner)
{
	struct ikev2_sa_dh *j = calloc(1, sizeof(*j));
	struct ikev2_err err = {.e_what = "out of memory"};

	if (!j)
		return rekey_refused(sa, &err);
	if (ikev2_rekey_response_start(sa->sa_rekey, inner, &j->sd_dh, &err) != IKEV2_REKEY_DONE) {
		ikev2_sa_dh_free(j);
		return rekey_refused(sa, &err);
	}
	ikev2_sa_dh_submit(mg, sa, j, answered_done, j);
}
