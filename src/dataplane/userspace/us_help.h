/*
 * Worker 0 reads the underlay alone and sends what it decided alone: one
 * writer keeps an SA's packets in order (two writers on two CPUs reorder
 * them in the kernel's per-CPU backlogs, and TCP takes reordering for
 * loss). The deciding between (decryption: the costly part) is shared: the
 * owner posts a batch as a job, wakes the other workers through an eventfd
 * they poll, and every worker takes packets of it one at a time until none
 * is left; the owner sends once all are decided. The replay window takes
 * packets of one SA from any worker, out of order within it (esp_sa.h).
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_HELP_H
#define FERRY_DATAPLANE_USERSPACE_US_HELP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* Decides item index of job, on the thread whose own state is worker (its cipher contexts and counters). */
typedef void us_help_fn(void *job, void *worker, unsigned index);

struct us_help {
	_Atomic uint64_t hp_claim; /* the job's generation << 16 | items << 8 | the next item to take */
	_Atomic unsigned hp_done;  /* items of the job decided */
	us_help_fn *hp_fn;	   /* the job, set before its generation is published */
	void *hp_job;
	int hp_wake;   /* eventfd the helpers poll: readable when a job was posted */
	bool hp_ready; /* hp_wake is open: us_help_init succeeded and us_help_destroy has not run */
};

#define US_HELP_MAX 255 /* items a job holds */

/* 0, or -1 when no eventfd can be made. */
int us_help_init(struct us_help *h);
/* Undoes us_help_init; nothing when it did not succeed (h zeroed) or was undone already. */
void us_help_destroy(struct us_help *h);
/* The owner: fn(job, worker, i) for every i < n (at most US_HELP_MAX), some by helpers when wake; returns when all
 * are done. */
void us_help_run(struct us_help *h, us_help_fn *fn, void *job, void *worker, unsigned n, bool wake);
/* A helper, when hp_wake polled readable: takes items of the posted job until none is left. */
void us_help_serve(struct us_help *h, void *worker);

#endif
