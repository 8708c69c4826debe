/*
 * Best path selection with next-hop resolution: a prefix's path is usable
 * when each of its next hops leads to an interface, directly (a connected
 * subnet, an interface route) or through other routes (recursively, as a
 * BGP next hop resolves through ip route 10.0.0.1 255.255.255.255 Tunnel0).
 * The best path is the most preferred usable one; a prefix with none stays
 * out of the FIB, as on IOS. Labels stack up along the way: the resolving
 * route's labels go outside the path's own.
 */
#ifndef FERRY_RIB_RIB_RESOLVE_H
#define FERRY_RIB_RIB_RESOLVE_H

#include "rib/keymap.h"
#include "rib/rib_table.h"

#define RIB_MAX_DEPTH 8 /* resolution levels before giving up (IOS stops loops the same way) */

/* One way out: an interface, the gateway on it and the labels to push. */
struct rib_hop {
	struct in_addr rh_gw;  /* 0.0.0.0: attached, no gateway (point-to-point) */
	const char *rh_ifname; /* IOS interface name */
	uint8_t rh_nlabels;
	uint32_t rh_labels[RIB_MAX_LABELS]; /* outermost first, implicit-null left out */
};

enum rib_res_kind {
	RIB_RES_NONE,	 /* no path resolves */
	RIB_RES_FORWARD, /* rr_hops */
	RIB_RES_DISCARD, /* Null0, directly or through the routes it resolves by */
	RIB_RES_RECEIVE, /* one of this router's addresses */
};

struct rib_res {
	enum rib_res_kind rr_kind;
	const struct rib_path *rr_path; /* the best usable path (not for RIB_RES_NONE) */
	uint8_t rr_nhops;
	struct rib_hop rr_hops[RIB_MAX_NEXTHOPS];
};

/* A resolution pass: it remembers the entries other routes resolve through. */
struct rib_resolver {
	const struct rib *rv_rib;
	struct keymap rv_memo; /* struct rib_entry * -> struct rib_res * */
	const struct rib_entry *rv_stack[RIB_MAX_DEPTH];
	unsigned rv_depth;
	bool rv_cut; /* a loop or the depth limit cut the resolution under way */
};

void rib_resolver_init(struct rib_resolver *rv, const struct rib *rib);
void rib_resolver_fini(struct rib_resolver *rv);
/* The best usable path of entry e of table t and where it leads. */
void rib_resolve(struct rib_resolver *rv, const struct rib_table *t, const struct rib_entry *e, struct rib_res *out);
/* Where a lone next hop leads in table t (an owner's outgoing side of a label); rr_path stays NULL. */
void rib_resolve_nexthop(struct rib_resolver *rv, const struct rib_table *t, const struct rib_nexthop *nh,
			 struct rib_res *out);
/* The entry a next hop of a path of e (or NULL) resolves through, e excluded, or NULL; *via gets its table. */
const struct rib_entry *rib_nexthop_entry(const struct rib *rib, const struct rib_table *t, const struct rib_entry *e,
					  const struct rib_nexthop *nh, const struct rib_table **via);

#endif
