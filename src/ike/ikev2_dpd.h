/* Lifetimes and liveness of established SAs (ikev2_dpd.c). */
#ifndef FERRY_IKE_IKEV2_DPD_H
#define FERRY_IKE_IKEV2_DPD_H

#include <stdbool.h>
#include <stdint.h>
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

/* Silence counts from the peer's last message or on-demand DPD's last look at the traffic, the later. */
enum ikev2_due ikev2_sa_due(const struct ikev2_ike_sa *sa, unsigned dpd_interval, time_t now);

/*
 * On-demand DPD, once the peer has been silent for the interval: whether
 * to probe, from the packet counts of the CHILD_SA whose inbound SPI is
 * spi_in (in: came in, out: went out). Probe only when packets went out
 * and none came in since w's counts; w takes these (at now) either way,
 * so an idle SA is looked at once an interval and never probed.
 */
bool ikev2_dpd_demand(struct ikev2_dpd_watch *w, uint32_t spi_in, uint64_t in, uint64_t out, time_t now);

#endif
