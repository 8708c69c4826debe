/*
 * Publication of immutable snapshots to lock-free readers (RCU-style, with
 * epochs). One writer (the control thread) publishes a new snapshot with an
 * atomic pointer swap; readers (packet workers) bracket each use with
 * us_rcu_enter and us_rcu_exit. A replaced snapshot is freed only once
 * every reader has left the critical section it might have been seen in.
 *
 * How: a global epoch counts publications. A reader announces the epoch it
 * entered in (0: outside), then loads the pointer. The writer swaps the
 * pointer, then advances the epoch to E and tags the old snapshot with E.
 * A reader announcing E or later loaded the pointer after the swap, so it
 * cannot hold the old one: the old snapshot is free once every reader is
 * outside or at E or later. All accesses are sequentially consistent.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_RCU_H
#define FERRY_DATAPLANE_USERSPACE_US_RCU_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define US_RCU_READERS 64

/* Embedded at the start of every published object. */
struct us_rcu_head {
	struct us_rcu_head *rh_next; /* in the retired list */
	uint64_t rh_epoch;	     /* free once every reader is past it */
};

typedef void us_rcu_free_fn(struct us_rcu_head *obj);

struct us_rcu {
	_Atomic(struct us_rcu_head *) ur_current;
	_Atomic uint64_t ur_epoch;
	_Atomic uint64_t ur_reader[US_RCU_READERS]; /* epoch each reader entered in, 0: outside */
	_Atomic unsigned ur_nreaders;
	struct us_rcu_head *ur_retired, **ur_retired_tail; /* oldest first; writer only */
	us_rcu_free_fn *ur_free;
};

void us_rcu_init(struct us_rcu *r, us_rcu_free_fn *free_fn);
/* Frees the current object and every retired one; no reader may be inside. */
void us_rcu_destroy(struct us_rcu *r);
/* A reader slot for one worker thread; -1 when all are taken. */
int us_rcu_reader_add(struct us_rcu *r);
/* The current object (NULL before the first publication), valid until us_rcu_exit. */
struct us_rcu_head *us_rcu_enter(struct us_rcu *r, int reader);
void us_rcu_exit(struct us_rcu *r, int reader);
/* Writer only: makes obj current and retires the previous one. */
void us_rcu_publish(struct us_rcu *r, struct us_rcu_head *obj);
/* Writer only: frees the retired objects no reader can hold; returns how many remain retired. */
size_t us_rcu_reclaim(struct us_rcu *r);

#endif
