/*
 * The control side of the userspace dataplane: the intended state, changed
 * by batches of struct dp_op, from which each publication compiles the next
 * immutable snapshot (us_snap.h) for the workers. The userspace backend's
 * db_apply is us_build_apply followed by us_build_publish.
 *
 * Threads: a builder belongs to the control thread.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_BUILD_H
#define FERRY_DATAPLANE_USERSPACE_US_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/dataplane.h"
#include "dataplane/userspace/us_rcu.h"
#include "dataplane/userspace/us_snap.h"
#include "dataplane/userspace/us_stats.h"
#include "dataplane/userspace/us_vec.h"
#include "rib/keymap.h"

/* An SA as configured and as the workers use it (allocated: snapshots share it). */
struct us_build_sa {
	struct dp_sa bs_cfg;
	struct esp_sa *bs_sa;
	bool bs_inbound; /* to one of this router's addresses: set by each compile (us_compile_sas) */
};

/* The routes of one table, by prefix (address << 8 | length) -> struct dp_route *. */
struct us_build_table {
	uint32_t bt_table;
	struct keymap bt_routes;
};

struct us_build {
	struct us_vec b_vrfs;	  /* struct dp_vrf */
	struct us_vec b_links;	  /* struct dp_link */
	struct us_vec b_addrs;	  /* struct dp_addr */
	struct us_vec b_neighs;	  /* struct dp_neigh */
	struct us_vec b_policies; /* struct dp_policy */
	struct us_vec b_sas;	  /* struct us_build_sa */
	struct us_vec b_tables;	  /* struct us_build_table */
	struct keymap b_labels;	  /* label -> struct dp_label * */
	struct us_vec b_retired;  /* struct esp_sa *: replaced or deleted since the last publication */
	uint64_t b_version;	  /* of the last snapshot built */
	struct us_stats b_stats;  /* counters of links and labels, for every snapshot */
};

void us_build_init(struct us_build *b);
/* Frees the builder and the SAs it holds: destroy the us_rcu of its snapshots first. */
void us_build_free(struct us_build *b);
/* Applies ops in order; stops at the first failure: *failed gets its index and err why. */
int us_build_apply(struct us_build *b, const struct dp_op *ops, size_t n, size_t *failed, char *err, size_t errlen);
/* Compiles the next snapshot; NULL with err when a name does not resolve or memory runs out. */
struct us_snap *us_build_snapshot(struct us_build *b, char *err, size_t errlen);
/*
 * Compiles and publishes the next snapshot through r, hands the SAs it no
 * longer holds to the snapshot it replaces (freed with it after the grace
 * period) and frees what the grace period allows. -1 with err on failure.
 */
int us_build_publish(struct us_build *b, struct us_rcu *r, char *err, size_t errlen);

#endif
