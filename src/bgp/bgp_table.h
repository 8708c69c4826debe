/*
 * The BGP table (Loc-RIB): one destination per family, route distinguisher
 * and prefix, each with the paths its sources gave it (a peer's, or the one
 * this router originates) and the best of them.
 *
 * bgp_table.c: destinations and paths; bgp_pattr.c: path attributes shared
 * by the routes of one UPDATE; bgp_best.c: best-path selection as IOS orders
 * it. The table knows nothing of sessions: a path's source is an opaque
 * pointer (the struct bgp_peer), NULL for a locally originated path.
 */
#ifndef FERRY_BGP_BGP_TABLE_H
#define FERRY_BGP_BGP_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp_msg.h"
#include "mpls/mfi.h"
#include "rib/keymap.h"

#define BGP_WEIGHT_LOCAL       32768 /* IOS: the weight of a route this router originates */
#define BGP_LOCAL_PREF_DEFAULT 100

/* Attributes as received (or built for a local route), shared by reference. */
struct bgp_pattr {
	uint32_t pat_refs;
	struct bgp_attrs pat_attrs;
};

/* Whether a and b say the same, attribute by attribute (bgp_attrs_eq.c). */
bool bgp_attrs_equal(const struct bgp_attrs *a, const struct bgp_attrs *b);
/* A deep copy of a with one reference; NULL if out of memory. */
struct bgp_pattr *bgp_pattr_new(const struct bgp_attrs *a);
struct bgp_pattr *bgp_pattr_ref(struct bgp_pattr *pa);
void bgp_pattr_unref(struct bgp_pattr *pa);
/* LOCAL_PREF as best-path selection reads it: the attribute, else the default. */
uint32_t bgp_pattr_local_pref(const struct bgp_pattr *pa);

struct bgp_path {
	struct bgp_path *pa_next;
	const void *pa_src; /* the peer it came from; NULL: originated here */
	struct bgp_pattr *pa_attr;
	uint32_t pa_next_hop; /* host order; 0.0.0.0 for a local route */
	uint32_t pa_from;     /* the peer's address (host order) */
	uint32_t pa_from_id;  /* the peer's BGP Identifier */
	uint32_t pa_weight;
	bool pa_ebgp;
	uint8_t pa_nlabels;
	uint32_t pa_labels[BGP_LABELS_MAX]; /* received; local: the VRF's aggregate label */
	const char *pa_vrf;		    /* local: the table it was exported from (RIB-interned; NULL global) */
	uint32_t pa_since;		    /* monotonic seconds */
};

struct bgp_dest {
	struct bgp_dest *de_hnext; /* same hash */
	uint64_t de_hash;
	enum bgp_family de_family;
	struct bgp_rd de_rd; /* VPNv4 */
	uint32_t de_prefix;  /* host order */
	uint8_t de_plen;
	bool de_dirty;
	struct bgp_path *de_paths;
	struct bgp_path *de_best; /* as selected when the table last ran */
	uint32_t de_label;	  /* local label of a re-advertised VPNv4 path (MFI_LABEL_NONE: none) */
	uint64_t de_version;
	const char **de_imported; /* RIB tables the best path went into (RIB-interned; NULL: global) */
	size_t de_nimported;
};

struct bgp_table {
	struct keymap bt_buckets; /* hash -> chain of struct bgp_dest */
	struct keymap bt_local;	  /* the destinations with a locally originated path: itself -> itself */
	size_t bt_count;
	struct bgp_dest **bt_dirty; /* destinations changed since the table last ran */
	size_t bt_ndirty, bt_dirty_cap;
	uint64_t bt_version;
	/* Called when a path goes (label release); NULL: nothing to do. */
	void (*bt_path_gone)(void *arg, const struct bgp_path *pa);
	void *bt_arg;
};

/* The destination of a route, created if new; NULL if out of memory. */
struct bgp_dest *bgp_table_get(struct bgp_table *t, enum bgp_family f, const struct bgp_nlri *n);
struct bgp_dest *bgp_table_find(const struct bgp_table *t, enum bgp_family f, const struct bgp_nlri *n);
/* Every destination, hash order, none added or freed meanwhile:
 *	for (struct bgp_table_iter it = {0}; (d = bgp_table_next(t, &it));) */
struct bgp_table_iter {
	size_t ti_pos;
	struct bgp_dest *ti_chain; /* the rest of the current bucket's chain */
};
struct bgp_dest *bgp_table_next(const struct bgp_table *t, struct bgp_table_iter *it);
/* Frees every destination and path. */
void bgp_table_clear(struct bgp_table *t);

/* A new path, zeroed but for the attributes (a reference is taken); NULL if out of memory. */
struct bgp_path *bgp_path_new(struct bgp_pattr *pa);
/* Puts the path in place of the one from the same source (taking it over); marks the destination dirty.
 * -1 if out of memory (the path is freed). */
int bgp_dest_set_path(struct bgp_table *t, struct bgp_dest *d, struct bgp_path *pa);
/* Removes the source's path; false if it had none. */
bool bgp_dest_del_path(struct bgp_table *t, struct bgp_dest *d, const void *src);
struct bgp_path *bgp_dest_path_of(const struct bgp_dest *d, const void *src);
size_t bgp_dest_npaths(const struct bgp_dest *d);
void bgp_table_mark(struct bgp_table *t, struct bgp_dest *d);
/* After the dirty destinations were handled: frees those left without paths, forgets the list. */
void bgp_table_settle(struct bgp_table *t);

/*
 * Best path (bgp_best.c), IOS's order: weight, local preference, locally
 * originated, AS path length, origin, MED (between routes from the same
 * neighbor AS), eBGP over iBGP, lowest BGP Identifier, lowest peer address.
 * Negative when a is better than b.
 */
int bgp_path_cmp(const struct bgp_path *a, const struct bgp_path *b);
struct bgp_path *bgp_best_select(const struct bgp_dest *d);
/* AS path length as best-path selection counts it: an AS_SET counts one. */
size_t bgp_aspath_length(const struct bgp_aspath *p);

/*
 * RFC 6793 with OLD speakers (no 4-octet AS capability), bgp_as4.c. Both
 * return -1 if out of memory.
 * For an OLD speaker (§4.2.2): four-octet ASes in AS_PATH and AGGREGATOR
 * become AS_TRANS, the real ones go in AS4_PATH (its own copy without
 * confederation segments, for the caller to free with ba_as_path) and
 * AS4_AGGREGATOR; nothing changes when every AS fits two octets.
 */
int bgp_attrs_as4_for_old(struct bgp_attrs *a);
/* From an OLD speaker (§4.2.3): AS4_PATH and AS4_AGGREGATOR merged into AS_PATH and AGGREGATOR, and gone. */
int bgp_attrs_as4_merge(struct bgp_attrs *a);

#endif
