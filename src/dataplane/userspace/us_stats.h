/*
 * Counters that outlive snapshots: per link (GRE and LAN) and per label.
 * The builder keeps them by name and by label from the first time an
 * operation adds the object until the builder is freed (an object deleted
 * and added again counts on), and each snapshot points at them, so workers
 * count without locks (relaxed atomics) and the control thread reads them.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_STATS_H
#define FERRY_DATAPLANE_USERSPACE_US_STATS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/dataplane.h"
#include "dataplane/userspace/us_vec.h"
#include "rib/keymap.h"

/* Packets and bytes one way. */
struct us_count {
	_Atomic uint64_t uc_packets, uc_bytes;
};

struct us_link_stats {
	struct us_count ls_in, ls_out; /* a tunnel's payload (labels and what they carry, or IPv4) */
	struct us_count ls_mpls_in;    /* labeled packets in */
};

struct us_stats {
	struct us_vec st_links;	 /* struct us_stats_link */
	struct keymap st_labels; /* label -> struct us_count * */
};

struct us_stats_link {
	char sl_name[DP_DEVLEN];
	struct us_link_stats *sl_stats;
};

void us_stats_init(struct us_stats *st);
void us_stats_free(struct us_stats *st);
/* The counters of a link or label, created on first use; NULL when out of memory. */
struct us_link_stats *us_stats_link(struct us_stats *st, const char *name);
struct us_count *us_stats_label(struct us_stats *st, uint32_t label);
/* The existing counters; NULL when none. */
struct us_link_stats *us_stats_link_find(const struct us_stats *st, const char *name);
static inline struct us_count *us_stats_label_find(const struct us_stats *st, uint32_t label)
{
	return keymap_get(&st->st_labels, label);
}

static inline void us_count_add(struct us_count *c, size_t bytes)
{
	atomic_fetch_add_explicit(&c->uc_packets, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&c->uc_bytes, bytes, memory_order_relaxed);
}

#endif
