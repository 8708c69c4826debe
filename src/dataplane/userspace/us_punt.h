/*
 * The userspace backend's control packets (dp_punt.h): NHRP a worker
 * receives goes up to the control thread through pu_up; what the control
 * thread injects goes down to worker 0 through pu_down, which sends it
 * through the outbound path (GRE, ESP, the underlay socket), so that its
 * ESP sequence numbers are taken in order with the others (esp_tx.h).
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_PUNT_H
#define FERRY_DATAPLANE_USERSPACE_US_PUNT_H

#include "dataplane/userspace/pkt.h"
#include "dataplane/userspace/us_fwd.h"
#include "dataplane/userspace/us_pq.h"

#define US_PUNT_UP_CAP	 256 /* NHRP waiting for the control thread: a burst of registrations and resolutions */
#define US_PUNT_DOWN_CAP 64  /* injects waiting for worker 0: it sends up to a batch each time it is woken */

struct us_punt {
	struct us_pq pu_up;		    /* received NHRP, for the control thread */
	struct us_pq pu_down;		    /* to inject, for worker 0 */
	_Atomic uint64_t pu_injected;	    /* sent to the underlay */
	_Atomic uint64_t pu_inject_no_link; /* for a link that is no GRE tunnel of the snapshot */
	_Atomic uint64_t pu_punt_too_big;   /* received, longer than DP_PUNT_MAX */
};

struct dp;
struct us_wthread;
struct us_batch;

/* 0 or -errno (then nothing to destroy); destroy is safe on a zeroed struct never initialised. */
int us_punt_init(struct us_punt *pu);
void us_punt_destroy(struct us_punt *pu);

/* A worker: NHRP in p (at the NHRP message) with verdict v, queued up; a full queue counts punt-full. */
void us_punt_nhrp(struct us_punt *pu, const struct us_snap *s, const struct us_verdict *v, const struct pkt *p);
/* Worker 0 polls this fd: readable while injects wait. */
int us_punt_inject_fd(const struct us_punt *pu);
/* Worker 0: sends up to a batch of the injects waiting (the rest stay signalled). */
void us_punt_inject_run(struct us_wthread *t, struct us_batch *b, const struct us_snap *s);

/* The backend's db_punt_fd, db_punt_drain and db_inject. */
int us_punt_fd(struct dp *dp);
int us_punt_drain(struct dp *dp, dp_punt_fn *fn, void *arg);
int us_punt_inject(struct dp *dp, const struct dp_punt *pkt);
/* The backend's db_punt_counters: NHRP punted (queued up), injected (sent to the underlay). */
void us_punt_counters(struct dp *dp, dp_drop_fn *visit, void *arg);
/* Its drop reasons: punt-full, punt-too-big, inject-full, inject-no-link (no-sa and link-down: forwarding's). */
void us_punt_drops(const struct us_punt *pu, dp_drop_fn *visit, void *arg);

#endif
