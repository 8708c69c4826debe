/*
 * A bounded queue of control packets between threads: many producers (the
 * workers punting NHRP, or whoever injects), one consumer, signalled by an
 * eventfd that is readable while packets wait. A full queue drops and
 * counts (a flood of NHRP must not hold up forwarding nor grow memory);
 * the packets it takes come out in the order they went in.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_PQ_H
#define FERRY_DATAPLANE_USERSPACE_US_PQ_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/dp_punt.h"

/* One queued packet: a copy, so that the producer's buffer is free at once. */
struct us_pq_msg {
	char pm_link[DP_DEVLEN];
	struct in_addr pm_nbma;
	uint16_t pm_proto;
	uint16_t pm_len;
	uint8_t pm_data[DP_PUNT_MAX];
};

struct us_pq {
	pthread_mutex_t pq_lock;   /* the ring's positions; producers are rare (control traffic) */
	struct us_pq_msg *pq_ring; /* NULL: not initialised (us_pq_destroy does nothing) */
	size_t pq_cap, pq_head, pq_len;
	int pq_wake;		  /* eventfd: readable while packets wait */
	_Atomic uint64_t pq_in;	  /* taken */
	_Atomic uint64_t pq_full; /* dropped: the queue was full */
};

typedef void us_pq_fn(void *arg, const struct us_pq_msg *m);

/* A queue of cap packets; 0 or -errno (then nothing to destroy). */
int us_pq_init(struct us_pq *q, size_t cap);
void us_pq_destroy(struct us_pq *q);
/* Queues a copy of pkt; 0, -EMSGSIZE (too long) or -ENOBUFS (full, counted in pq_full). */
int us_pq_push(struct us_pq *q, const struct dp_punt *pkt);
/*
 * Calls fn (without the lock held) for up to max waiting packets, oldest
 * first; the eventfd stays readable if more wait. Returns how many.
 */
size_t us_pq_drain(struct us_pq *q, size_t max, us_pq_fn *fn, void *arg);
/* The packet m holds, as the dataplane interface passes it. */
struct dp_punt us_pq_view(const struct us_pq_msg *m);

#endif
