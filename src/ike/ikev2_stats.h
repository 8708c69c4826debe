/*
 * IKEv2 counters for "show crypto ikev2 stats": SAs by direction, requests
 * accepted and rejected, rekeys, DPD failures, messages, and drops by reason.
 */
#ifndef FERRY_IKE_IKEV2_STATS_H
#define FERRY_IKE_IKEV2_STATS_H

#include <stdint.h>

enum ikev2_drop {
	IKEV2_DROP_DECODE,    /* did not decode (§2.21: no answer) */
	IKEV2_DROP_NO_SA,     /* no IKE SA with these SPIs */
	IKEV2_DROP_INTEGRITY, /* the SK payload did not verify or decrypt */
	IKEV2_DROP_MSGID,     /* a message ID outside the window */
	IKEV2_DROP_STATE,     /* unexpected in the SA's state */
	IKEV2_DROP_RESOURCE,  /* out of memory or randomness */
	IKEV2_DROP_REASONS,
};

struct ikev2_stats {
	uint64_t st_in_requests, st_in_accepted, st_in_rejected;    /* IKE_SA_INIT requests from peers */
	uint64_t st_out_requests, st_out_accepted, st_out_rejected; /* IKE_SA_INIT requests we sent */
	uint64_t st_failed;					    /* negotiations that failed */
	uint64_t st_rekey_ike, st_rekey_child;			    /* rekeys done, either side */
	uint64_t st_rekey_collisions;				    /* §2.8.1 */
	uint64_t st_dpd_sent, st_dpd_failures;
	uint64_t st_msg_in, st_msg_out;
	/* IKE_SA_INIT requests met while cookie-challenge was on and the threshold reached */
	uint64_t st_cookie_challenged, st_cookie_accepted, st_cookie_rejected, st_cookie_missing;
	/* Unknown payloads marked critical (§2.5): requests answered UNSUPPORTED_CRITICAL_PAYLOAD (IKE_SA_INIT
	 * and encrypted), and answers to our requests that held one (the exchange failed) */
	uint64_t st_critical_answered, st_critical_in_answers;
	uint64_t st_drops[IKEV2_DROP_REASONS];
};

/* The reason's name for show (an XML element name too) and the log. */
const char *ikev2_drop_name(enum ikev2_drop why);
uint64_t ikev2_stats_drops(const struct ikev2_stats *st);

#endif
