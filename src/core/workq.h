/*
 * Worker threads for work that blocks or burns CPU. A job runs on a worker;
 * its completion runs back on the loop thread (woken by an eventfd), so
 * control-plane state is only ever touched by the loop thread.
 */
#ifndef FERRY_CORE_WORKQ_H
#define FERRY_CORE_WORKQ_H

#include "core/loop.h"

struct workq;
typedef void workq_fn(void *arg);

struct workq *workq_new(struct loop *l, unsigned nthreads);
/* Queues work(arg) on a worker, then done(arg) on the loop thread. */
int workq_submit(struct workq *q, workq_fn *work, workq_fn *done, void *arg);
/* Stops the workers after the queued jobs, runs pending completions, frees. */
void workq_free(struct workq *q);

#endif
