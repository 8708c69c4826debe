/* IKEv2 sessions on request (ike_session.h): subscribers, the IKE SA each session runs, and its events. */
#include "ike/ike_session.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "ike/ike.h"
#include "ipsec/ipsec.h"

#define REAP_MS 1 /* cancellations are carried out off the caller's stack (it may be a callback) */

struct ike_session {
	struct ike_session *is_next;
	struct ikev2_mgr *is_mg;
	char is_ipsec[64];
	struct in_addr is_nbma;
	enum ike_session_state is_state;
	unsigned is_sa_session; /* the IKE SA's Session-id (kept across IKE rekeys); 0: none runs */
	bool is_adopted;	/* the peer started that IKE SA: the peer, not our last subscriber, ends it */
	bool is_tell_up;	/* UP is told by the timer (adopted at ike_session_open) */
	unsigned is_doomed_sa;	/* Tunnel-id of an SA to delete when the timer fires; 0: none */
	const char *is_failed;	/* why its IKE SA could not start, told by the timer; NULL: nothing to tell */
	struct ike_session_sub *is_subs;
	struct loop_timer *is_reap; /* frees cancelled subscriptions, deletes what nobody wants */
};

struct ike_session_sub {
	struct ike_session_sub *ss_next;
	struct ike_session *ss_session;
	ike_session_fn *ss_fn; /* NULL: cancelled, freed by the session's timer */
	void *ss_arg;
};

/* Few (NHRP shortcuts), and on a hub usually none: a list is enough. */
static struct ike_session *sessions;

static struct ike_session *session_find(const struct ikev2_mgr *mg, const char *ipsec, struct in_addr nbma)
{
	for (struct ike_session *s = sessions; s; s = s->is_next)
		if (s->is_mg == mg && s->is_nbma.s_addr == nbma.s_addr && strcmp(s->is_ipsec, ipsec) == 0)
			return s;
	return NULL;
}

/* The session whose IKE SA (or its successor after a rekey) sa is; NULL for any other SA. */
static struct ike_session *session_of(const struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa)
{
	for (struct ike_session *s = sessions; s; s = s->is_next)
		if (s->is_mg == mg && s->is_sa_session && s->is_sa_session == sa->sa_session)
			return s;
	return NULL;
}

/* The current IKE SA of the session, or NULL. */
static struct ikev2_ike_sa *session_sa(const struct ike_session *s)
{
	for (struct ikev2_ike_sa *sa = s->is_mg->mg_sas; s->is_sa_session && sa; sa = sa->sa_next)
		if (sa->sa_session == s->is_sa_session && sa->sa_state != IKEV2_SA_REKEYED)
			return sa;
	return NULL;
}

static void notify(const struct ike_session *s, struct ike_session_event *ev)
{
	ev->se_nbma = s->is_nbma;
	ev->se_ipsec_profile = s->is_ipsec;
	for (const struct ike_session_sub *sub = s->is_subs; sub; sub = sub->ss_next)
		if (sub->ss_fn)
			sub->ss_fn(sub->ss_arg, ev);
}

/* UP to the subscribers, with the CHILD_SA of sa. */
static void session_up(struct ike_session *s, const struct ikev2_ike_sa *sa)
{
	struct ike_session_event ev = {.se_state = IKE_SESSION_UP};

	s->is_state = IKE_SESSION_UP;
	ev.se_spi_in = sa->sa_child.cs_spi_in;
	ev.se_spi_out = sa->sa_child.cs_spi_out;
	notify(s, &ev);
}

static void session_unlink(struct ike_session *s)
{
	for (struct ike_session **p = &sessions; *p; p = &(*p)->is_next)
		if (*p == s) {
			*p = s->is_next;
			break;
		}
	loop_timer_cancel(s->is_reap);
	free(s);
}

/* Frees the cancelled subscriptions; true when none is left. */
static bool subs_prune(struct ike_session *s)
{
	for (struct ike_session_sub **p = &s->is_subs; *p;) {
		struct ike_session_sub *sub = *p;

		if (sub->ss_fn) {
			p = &sub->ss_next;
			continue;
		}
		*p = sub->ss_next;
		free(sub);
	}
	return s->is_subs == NULL;
}

static void session_down(struct ike_session *s, enum ike_session_end end, const char *why)
{
	struct ike_session_event ev = {.se_state = IKE_SESSION_DOWN, .se_end = end, .se_why = why};

	s->is_sa_session = 0;
	s->is_adopted = false;
	s->is_state = IKE_SESSION_DOWN;
	log_msg(SEV_INFO, "IKEV2", "SESSION", "session with %s (%s) down: %s", inet_ntoa(s->is_nbma), s->is_ipsec, why);
	notify(s, &ev);
}

static void reap(void *arg)
{
	struct ike_session *s = arg;
	struct ikev2_ike_sa *doomed = s->is_doomed_sa ? ikev2_sa_by_id(s->is_mg, s->is_doomed_sa) : NULL;
	const char *failed = s->is_failed;

	s->is_failed = NULL;
	if (failed)
		session_down(s, IKE_SESSION_FAILED, failed);
	if (s->is_tell_up && session_sa(s))
		session_up(s, session_sa(s));
	s->is_tell_up = false;
	s->is_doomed_sa = 0;
	if (doomed)
		ikev2_sa_delete(s->is_mg, doomed);
	if (!subs_prune(s))
		return;
	doomed = s->is_adopted ? NULL : session_sa(s);
	s->is_sa_session = 0; /* its end is nobody's news */
	if (doomed)
		ikev2_sa_delete(s->is_mg, doomed);
	session_unlink(s);
}

/* The IKEv2 profile the session's IPsec profile names; NULL when there is none. */
static const char *session_ikev2_profile(const struct ike_session *s)
{
	const struct config *cfg = s->is_mg->mg_d->fd_running;
	const struct ipsec_profile *ipp = ipsec_profile_lookup(cfg, s->is_ipsec);

	if (!ipp || !ipp->ipp_ikev2_profile || !ike_profile_lookup(cfg, ipp->ipp_ikev2_profile))
		return NULL;
	return ipp->ipp_ikev2_profile;
}

/*
 * Whether sa is an IKE SA the peer at nbma started, that our IKEv2 profile
 * ikev2 accepted, that no tunnel or session has: when the other spoke's
 * NHRP asked first, its shortcut serves ours too (one IKE SA per pair).
 */
static bool peer_started(const struct ikev2_ike_sa *sa, const char *ikev2, struct in_addr nbma)
{
	return !sa->sa_initiator_of_session && !sa->sa_tunnel[0] && sa->sa_state == IKEV2_SA_READY &&
	       sa->sa_child_installed && sa->sa_init.in_remote.sin_addr.s_addr == nbma.s_addr &&
	       strcmp(sa->sa_conf.ac_profile, ikev2) == 0;
}

static void adopt(struct ike_session *s, const struct ikev2_ike_sa *sa)
{
	s->is_sa_session = sa->sa_session;
	s->is_adopted = true;
	log_msg(SEV_INFO, "IKEV2", "SESSION", "session with %s (%s) uses SA %u, which the peer started",
		inet_ntoa(s->is_nbma), s->is_ipsec, sa->sa_id);
}

/* The peer's SA towards the session's address that no other session has adopted, or NULL. */
static const struct ikev2_ike_sa *adoptable(const struct ike_session *s, const char *ikev2)
{
	for (const struct ikev2_ike_sa *sa = s->is_mg->mg_sas; sa; sa = sa->sa_next)
		if (peer_started(sa, ikev2, s->is_nbma) && !session_of(s->is_mg, sa))
			return sa;
	return NULL;
}

/*
 * A new IKE SA for the session, or the peer's running one; -1 when its IPsec
 * profile names no IKEv2 profile. One that cannot start is FAILED, and an
 * adopted one UP, from the timer: off the stack of ike_session_open, which
 * has not yet returned the subscription to tell.
 */
static int session_start(struct ike_session *s)
{
	const char *ikev2 = session_ikev2_profile(s);
	const struct ikev2_ike_sa *running;
	struct ikev2_ike_sa *sa;

	if (!ikev2) {
		log_msg(SEV_WARN, "IKEV2", "SESSION", "IPsec profile %s names no IKEv2 profile: no session with %s",
			s->is_ipsec, inet_ntoa(s->is_nbma));
		return -1;
	}
	if ((running = adoptable(s, ikev2))) {
		adopt(s, running);
		s->is_state = IKE_SESSION_UP;
		s->is_tell_up = true;
		loop_timer_rearm(s->is_reap, REAP_MS);
		return 0;
	}
	s->is_state = IKE_SESSION_CONNECTING;
	if (!(sa = ikev2_sa_initiate(s->is_mg, "", ikev2, s->is_nbma))) {
		s->is_failed = "cannot start IKE: no route or source address towards the peer, or no proposal";
		loop_timer_rearm(s->is_reap, REAP_MS);
		return 0;
	}
	s->is_sa_session = sa->sa_session;
	return 0;
}

static struct ike_session *session_new(struct ikev2_mgr *mg, const char *ipsec, struct in_addr nbma)
{
	struct ike_session *s = calloc(1, sizeof(*s));

	if (!s || strlen(ipsec) >= sizeof(s->is_ipsec) ||
	    !(s->is_reap = loop_timer_add(mg->mg_d->fd_loop, 0, reap, s))) {
		free(s);
		return NULL;
	}
	s->is_mg = mg;
	s->is_nbma = nbma;
	s->is_state = IKE_SESSION_DOWN;
	snprintf(s->is_ipsec, sizeof(s->is_ipsec), "%s", ipsec);
	s->is_next = sessions;
	sessions = s;
	return s;
}

struct ike_session_sub *ike_session_open(struct ikev2_mgr *mg, const char *ipsec_profile, struct in_addr nbma,
					 ike_session_fn *fn, void *arg)
{
	struct ike_session *s = session_find(mg, ipsec_profile, nbma);
	struct ike_session_sub *sub = calloc(1, sizeof(*sub));

	if (!s)
		s = session_new(mg, ipsec_profile, nbma);
	if (!sub || !s || (s->is_state == IKE_SESSION_DOWN && session_start(s) < 0)) {
		free(sub);
		if (s && !s->is_subs)
			session_unlink(s);
		return NULL;
	}
	*sub = (struct ike_session_sub){.ss_next = s->is_subs, .ss_session = s, .ss_fn = fn, .ss_arg = arg};
	s->is_subs = sub;
	return sub;
}

void ike_session_close(struct ike_session_sub *sub)
{
	if (!sub)
		return;
	sub->ss_fn = NULL;
	loop_timer_rearm(sub->ss_session->is_reap, REAP_MS);
}

enum ike_session_state ike_session_state(const struct ike_session_sub *sub)
{
	return sub->ss_session->is_state;
}

const char *ike_session_ipsec_profile(const struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa)
{
	const struct ike_session *s = sessions ? session_of(mg, sa) : NULL;

	return s ? s->is_ipsec : NULL;
}

/*
 * Both spokes asked at once: the peer's SA came up while the session's own
 * is running. Both ends keep the IKE SA with the lower initiator SPI: both
 * see the same SPIs (addresses differ behind NAT), so both decide alike and
 * one SA stays; the loser is deleted from the timer.
 */
static void crossed(struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa)
{
	for (struct ike_session *s = sessions; s; s = s->is_next) {
		const char *ikev2 = s->is_mg == mg && !s->is_adopted ? session_ikev2_profile(s) : NULL;
		struct ikev2_ike_sa *ours = ikev2 ? session_sa(s) : NULL;

		if (!ours || !peer_started(sa, ikev2, s->is_nbma) || sa->sa_init.in_spi_i > ours->sa_init.in_spi_i)
			continue;
		s->is_doomed_sa = ours->sa_id;
		loop_timer_rearm(s->is_reap, REAP_MS);
		adopt(s, sa);
		session_up(s, sa);
		return;
	}
}

void ike_session_sa_up(struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa)
{
	struct ike_session *s = sessions ? session_of(mg, sa) : NULL;

	if (!s) {
		if (sessions)
			crossed(mg, sa);
		return;
	}
	if (!sa->sa_child_installed) {
		s->is_doomed_sa = sa->sa_id; /* deleted from the timer, not under the SA manager's feet */
		loop_timer_rearm(s->is_reap, REAP_MS);
		return session_down(s, IKE_SESSION_FAILED, "the dataplane refused the CHILD_SA");
	}
	session_up(s, sa);
}

void ike_session_sa_down(struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa, enum ike_session_end end, const char *why)
{
	struct ike_session *s = sessions && sa->sa_state != IKEV2_SA_REKEYED ? session_of(mg, sa) : NULL;

	if (s)
		session_down(s, end, why ? why : "failed");
}
