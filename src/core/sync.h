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
/* Runs every reconciler. */
void sync_run(struct ferryd *d);
/* Adds what a subsystem does at shutdown, before the dataplane closes: telling
 * peers goodbye (IKE DELETE, BGP Cease). */
void sync_register_shutdown(sync_fn *fn);
void sync_shutdown(struct ferryd *d);

#endif
