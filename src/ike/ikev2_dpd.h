/* Lifetimes and liveness of established SAs (ikev2_dpd.c). */
#ifndef FERRY_IKE_IKEV2_DPD_H
#define FERRY_IKE_IKEV2_DPD_H

#include <time.h>

#include "ike/ikev2_sa.h"

/* What an SA needs at now, DPD every dpd_interval seconds of silence (0: no DPD). */
enum ikev2_due {
	IKEV2_DUE_NONE,
	IKEV2_DUE_EXPIRE, /* a replaced IKE SA whose DELETE never came: drop it */
	IKEV2_DUE_HARD,	  /* the IKE SA or its CHILD_SA outlived its lifetime (no rekey succeeded): close it */
	IKEV2_DUE_REKEY_IKE,
	IKEV2_DUE_REKEY_CHILD,
	IKEV2_DUE_SPARE, /* a replaced CHILD_SA whose DELETE never came: remove it */
	IKEV2_DUE_DPD,
};

enum ikev2_due ikev2_sa_due(const struct ikev2_ike_sa *sa, unsigned dpd_interval, time_t now);

#endif
