/*
 * The userspace backend's state (us_backend.c puts it behind struct
 * dp_backend): the kernel backend for what the kernel can do, the builder
 * and published snapshots, the TUNs of the VRFs and of the global tunnels,
 * the underlay sockets and the packet workers.
 *
 * Threads: the control thread owns everything but the workers' own
 * records; it changes the TUN table only by marking slots and bumping
 * up_tun_gen, and closes a slot's queues once every worker has seen the
 * generation that dropped it.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_DP_H
#define FERRY_DATAPLANE_USERSPACE_US_DP_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "dataplane/dataplane.h"
#include "dataplane/kernel/kn_sock.h"
#include "dataplane/userspace/us_build.h"
#include "dataplane/userspace/us_fwd.h"
#include "dataplane/userspace/us_help.h"
#include "dataplane/userspace/us_lan_gro.h"
#include "dataplane/userspace/us_lan_ring.h"
#include "dataplane/userspace/us_lanroute.h"
#include "dataplane/userspace/us_punt.h"
#include "dataplane/userspace/us_rcu.h"
#include "dataplane/userspace/us_sock.h"

#define US_WORKERS_MAX 16
#define US_TUNS_MAX    64
#define US_LANS_MAX    64   /* VRF LAN links read through packet rings; past them, through the VRF's TUN */
#define US_TUN_MTU     1500 /* a LAN's: what a tunnel cannot carry, the workers answer with fragmentation needed */

/* Why a worker's I/O (rather than forwarding) dropped a packet. */
#define US_IO_DROPS(X)                                                                                                 \
	X(IO_TRUNCATED, "io-truncated")                                                                                \
	X(IO_NO_TUN, "io-no-tun")                                                                                      \
	X(IO_SEND, "io-send-failed")                                                                                   \
	X(IO_CONTROL, "io-control-unclaimed")                                                                          \
	X(IO_LOCAL, "io-local-unanswered")

#define US_IO_DROP_ENUM(name, text) name,
enum us_io_drop { US_IO_DROPS(US_IO_DROP_ENUM) IO__COUNT };
#undef US_IO_DROP_ENUM

struct us_batch;

/*
 * A TUN, its queues one per worker: a VRF's, named as the VRF device; or a
 * global tunnel's (ts_tunnel), named as the tunnel's device, which carries
 * the kernel's own traffic over the tunnel (BGP, pings) both ways.
 */
struct us_tun_slot {
	_Atomic bool ts_live;
	char ts_name[DP_DEVLEN];
	bool ts_tunnel;
	int ts_fd[US_WORKERS_MAX];
	struct us_count ts_from_tun, ts_to_tun;
};

/*
 * A VRF LAN link read through packet rings (us_lan_ring.h), one per worker;
 * what it reads is routed in the VRF whose TUN is named ls_vrf, as if read
 * from that TUN.
 */
struct us_lan_slot {
	_Atomic bool ls_live;
	char ls_name[DP_DEVLEN];
	char ls_vrf[DP_DEVLEN];
	unsigned ls_ifindex; /* the link the rings are bound to: another link of the same name needs new ones */
	struct us_lan_ring ls_ring[US_WORKERS_MAX];
};

struct us_wthread {
	struct dp *wt_dp;
	pthread_t wt_thread;
	bool wt_started;
	unsigned wt_index;
	int wt_reader;		   /* us_rcu reader slot */
	struct us_worker wt_fwd;   /* its EVP contexts and forwarding drop counters */
	struct us_batch *wt_batch; /* its packet buffers */
	_Atomic uint64_t wt_gen;   /* the TUN and LAN table generation it polls */
	int wt_wake;		   /* eventfd: the tables changed (us_workers_bump) */
	_Atomic uint64_t wt_io_drops[IO__COUNT];
};

struct dp {
	struct dataplane up_kernel;	/* the kernel backend: links, addresses, global and VRF-table routes */
	struct kn_sock up_nl;		/* rules */
	struct us_lan_gro up_lan_gro;	/* features turned on on VRF LAN links (GRO) */
	struct us_lanroute up_lanroute; /* VRF LAN addresses' local routes, deleted when the kernel adds them */
	struct us_build up_build;
	struct us_rcu up_rcu;
	struct us_sock up_sock;
	struct us_help up_help; /* the other workers deciding worker 0's underlay batches with it */
	struct us_punt up_punt; /* NHRP up to the control thread, injects down to worker 0 */
	struct us_tun_slot up_tuns[US_TUNS_MAX];
	struct us_lan_slot up_lans[US_LANS_MAX];
	bool up_lan_rings;	/* VRF LANs read through packet rings (else their VRF's TUN: FERRY_DP_LAN_RINGS=off) */
	uint64_t up_ring_drops; /* the kernel's, its LAN rings full: gathered when shown and when rings close */
	_Atomic uint64_t up_tun_gen; /* of up_tuns and up_lans; from 1: a worker's wt_gen starts at 0 */
	uint32_t up_shared_mtu;	     /* the shared tunnels' TUN's: their smallest MTU (us_attach_tunnel.c) */
	_Atomic bool up_stop;
	unsigned up_nworkers;
	struct us_wthread up_workers[US_WORKERS_MAX];
};

const char *us_io_drop_name(enum us_io_drop reason);

/* Starts the workers; 0, or -1 with err (those started are stopped). */
int us_workers_start(struct dp *dp, char *err, size_t errlen);
/* Stops and joins every started worker. */
void us_workers_stop(struct dp *dp);
/* Bumps the TUN and LAN table generation and wakes every worker to poll the new one; returns it. */
uint64_t us_workers_bump(struct dp *dp);
/* Returns once every worker polls generation gen or later (the TUNs it dropped are no longer read). */
void us_workers_sync(struct dp *dp, uint64_t gen);

/* The slot of a TUN by name; NULL when none. */
struct us_tun_slot *us_tun_find(struct dp *dp, const char *name);
/* The TUN the kernel's traffic over global tunnel tunnel crosses: its own or the shared one; NULL when none. */
struct us_tun_slot *us_tun_host(struct dp *dp, const char *tunnel);

/*
 * Applies a batch: the builder takes every operation, the kernel backend
 * what the kernel does here, and the VRFs get their TUNs and rules; then
 * the next snapshot is published. As db_apply.
 */
int us_attach_apply(struct dp *dp, const struct dp_op *ops, size_t n, size_t *failed, char *err, size_t errlen);
/* The backend's db_counters and db_drops. */
int us_counters(struct dp *dp, enum dp_counter_kind kind, const char *key, struct dp_counters *out);
void us_drops(struct dp *dp, dp_drop_fn *visit, void *arg);
/* The backend's db_lan_inputs: each VRF LAN link, read by "packet rings" or "TUN redirect". */
void us_attach_lan_inputs(struct dp *dp, dp_lan_fn *visit, void *arg);
/* Closes every TUN (their routes go with them) and deletes ferryd's rules. */
void us_attach_clear(struct dp *dp);

#endif
