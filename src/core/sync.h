/*
 * Reconciliation: after the configuration changes (a command, a load, a
 * reload), each registered subsystem compares what the configuration now
 * asks for with what it last installed and applies the difference through
 * the dataplane. Runs on the loop thread.
 */
#ifndef FERRY_CORE_SYNC_H
#define FERRY_CORE_SYNC_H

struct ferryd;

typedef void sync_fn(struct ferryd *d);

/* Adds a subsystem's reconciler (once; order of registration is order of running). */
void sync_register(sync_fn *fn);
/* Runs every reconciler (and a deferred run asked for before this one is done by it). */
void sync_run(struct ferryd *d);
/*
 * Runs every reconciler later, from the loop, once for all the requests
 * made until then: after 20 ms, or 10 times as long as the last run took
 * (at most a second), so that thousands of SAs coming up do not each walk
 * everything. For changes made outside a command (an SA up or down), and
 * from inside a reconciler (an SA it deletes), which must not run the
 * reconcilers again underneath itself.
 */
void sync_request(struct ferryd *d);
/* Adds what a subsystem does at shutdown, before the dataplane closes: telling
 * peers goodbye (IKE DELETE, BGP Cease). */
void sync_register_shutdown(sync_fn *fn);
void sync_shutdown(struct ferryd *d);

#endif
