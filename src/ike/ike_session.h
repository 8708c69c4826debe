/*
 * IKEv2 sessions on request, for NHRP (spoke-to-spoke shortcuts): a
 * subscriber asks for a session to an NBMA address protected by an IPsec
 * profile (its "set ikev2-profile" negotiates), and is told when the
 * session is up, its CHILD_SA in the dataplane, and when it is down.
 *
 * A session is keyed by (IPsec profile, NBMA address): asking again for
 * the same key joins the session (one IKE SA, however many subscribers),
 * and the IKE SA goes (DELETE sent) once its last subscriber cancelled. The
 * IKE SA has no tunnel interface, so the per-tunnel reconciler
 * (ikev2_sa_sync.c) never sweeps it; like a hub's SA it takes a
 * Virtual-Access when its IKEv2 profile names a virtual-template. When the
 * peer already runs an IKE SA to us that this IKEv2 profile accepted (the
 * other spoke's NHRP resolved first), the session uses it instead of
 * starting a second one, and leaves it to the peer to end. When both ends
 * start at once, both keep the IKE SA with the lower initiator SPI (the same
 * for both ends, NAT or not): the other end's session moves to it (UP is
 * told again, with its SPIs) and its own IKE SA is deleted. A session does not retry by itself: after DOWN,
 * ike_session_open of the same key starts a new IKE SA. That holds for an SA that cannot even start (no route or source
 * address towards the NBMA address): its subscribers hear DOWN (FAILED) right after ike_session_open returns, and
 * NHRP's next resolution asks again, as IOS's NHRP-triggered crypto sessions do rather than retrying on a timer.
 * Callbacks run on the loop thread; a subscriber may cancel from inside its callback.
 */
#ifndef FERRY_IKE_IKE_SESSION_H
#define FERRY_IKE_IKE_SESSION_H

#include <netinet/in.h>
#include <stdint.h>

#include "ike/ikev2_sa.h"

enum ike_session_state {
	IKE_SESSION_CONNECTING, /* the IKE SA is being negotiated */
	IKE_SESSION_UP,		/* READY, the CHILD_SA installed */
	IKE_SESSION_DOWN,
};

/* Why a session went down. */
enum ike_session_end {
	IKE_SESSION_DELETED, /* by us or by the peer */
	IKE_SESSION_DEAD,    /* the peer stopped answering (DPD, retransmissions) */
	IKE_SESSION_FAILED,  /* it never came up, or the dataplane refused its CHILD_SA */
};

struct ike_session_event {
	enum ike_session_state se_state; /* UP or DOWN */
	enum ike_session_end se_end;	 /* DOWN: how */
	const char *se_why;		 /* DOWN: the reason, as logged */
	struct in_addr se_nbma;
	const char *se_ipsec_profile;
	uint32_t se_spi_in, se_spi_out; /* UP: the CHILD_SA in the dataplane */
};

typedef void ike_session_fn(void *arg, const struct ike_session_event *ev);

struct ike_session_sub;

/*
 * Subscribes fn(arg) to the session towards nbma with the IPsec profile
 * ipsec_profile, starting its IKE SA unless one is running. NULL when the
 * profile names no IKEv2 profile or out of memory (logged).
 */
struct ike_session_sub *ike_session_open(struct ikev2_mgr *mg, const char *ipsec_profile, struct in_addr nbma,
					 ike_session_fn *fn, void *arg);
/* Cancels a subscription (fn is not called again); the last one's IKE SA is deleted soon after. */
void ike_session_close(struct ike_session_sub *sub);
/* The session's state now (for a subscriber that joined a running session). */
enum ike_session_state ike_session_state(const struct ike_session_sub *sub);

/* The IPsec profile of the session sa runs (its transform sets, lifetime, PFS); NULL: no session's SA. */
const char *ike_session_ipsec_profile(const struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa);

/* Hooks of the SA manager (ikev2_sa.c); an SA that no session started is ignored. */
/* READY: UP to the subscribers, or FAILED when the dataplane refused the CHILD_SA. */
void ike_session_sa_up(struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa);
/* The SA ends (a REKEYED one is ignored: its successor carries the session). */
void ike_session_sa_down(struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa, enum ike_session_end end,
			 const char *why);

#endif
