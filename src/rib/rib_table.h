/*
 * The routing information base at run time: the global table and one table
 * per VRF. Each prefix keeps the paths its sources gave it, best first
 * (lowest administrative distance, then metric); the FIB sync resolves them
 * and programs the dataplane.
 *
 * Sources: the configuration's connected, local and static routes are
 * rebuilt by rib_derive() at each sync; protocols (BGP, NHRP, IKEv2) call
 * rib_update() and rib_withdraw() and then fib_sync() (rib/fib.h) once per
 * batch. A source has one path per prefix and distance.
 */
#ifndef FERRY_RIB_RIB_TABLE_H
#define FERRY_RIB_RIB_TABLE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "core/omap.h"
#include "rib/lpm.h"

#define RIB_MAX_NEXTHOPS 4 /* as many as the dataplane takes (DP_MAX_NEXTHOPS) */
#define RIB_MAX_LABELS	 3 /* as deep a stack as the dataplane pushes (DP_MAX_LABELS) */

enum rib_source {
	RIB_SRC_CONNECTED, /* an interface's subnet */
	RIB_SRC_LOCAL,	   /* an interface's own address, /32 */
	RIB_SRC_STATIC,	   /* ip route */
	RIB_SRC_EBGP,
	RIB_SRC_IBGP,
	RIB_SRC_NHRP, /* shortcut routes (H) */
	RIB_SRC_IKE,  /* IKEv2 "route set": the peer's overlay /32 and its networks; IOS shows them as static (S) */
	RIB_SRC_COUNT
};

/* The code in show ip route ("C", "L", "S", "B", "H"). */
const char *rib_source_code(enum rib_source s);
/* The protocol in "Known via ..." ("connected", "static", "bgp", "nhrp"). */
const char *rib_source_name(enum rib_source s);
/* IOS administrative distance: connected 0, static 1, eBGP 20, iBGP 200, NHRP 250, IKEv2 1. */
uint8_t rib_source_distance(enum rib_source s);
/* Learned from a peer: show ip route prints the route's age. */
bool rib_source_dynamic(enum rib_source s);

struct rib_nexthop {
	struct in_addr rn_gw;  /* 0.0.0.0: none (an interface route) */
	const char *rn_ifname; /* IOS interface, "Null0" discards; NULL: rn_gw resolves recursively */
	bool rn_global;	       /* rn_gw resolves in the global table (the next hop of a VPN route) */
	uint8_t rn_nlabels;
	uint32_t rn_labels[RIB_MAX_LABELS]; /* pushed by this path, outermost first; implicit-null (3) allowed */
};

/* What a source says about a prefix. */
struct rib_attrs {
	enum rib_source ra_source;
	uint8_t ra_distance; /* 0: the source's default */
	uint32_t ra_metric;
	uint32_t ra_tag;
	struct in_addr ra_from; /* the router that advertised it (BGP peer, NHRP responder), or 0.0.0.0 */
	uint8_t ra_nnh;		/* 1 to RIB_MAX_NEXTHOPS */
	const struct rib_nexthop *ra_nh;
};

struct rib_path {
	struct rib_path *rp_next; /* the prefix's next path, in preference order */
	uint8_t rp_source;	  /* enum rib_source */
	uint8_t rp_distance;
	bool rp_derived; /* from the configuration: rib_derive owns it */
	uint8_t rp_nnh;
	uint32_t rp_metric, rp_tag;
	struct in_addr rp_from;
	uint32_t rp_since; /* monotonic seconds at the last change */
	struct rib_nexthop rp_nh[];
};

struct rib_entry {
	struct lpm_node re_node; /* the prefix */
	struct rib_path *re_paths;
};

struct rib_table {
	const char *rtb_vrf;	    /* interned name; NULL: the global table */
	struct lpm rtb_lpm;	    /* struct rib_entry by prefix */
	struct keymap rtb_dirty;    /* prefixes changed since the FIB last looked: route key -> this table */
	struct keymap rtb_nexthops; /* next hops resolving recursively here: address -> paths using it */
};

struct rib_derived;

struct rib {
	struct rib_table rib_global;
	struct omap *rib_vrfs;		 /* VRF name -> struct rib_table, first use order */
	struct omap *rib_names;		 /* interned strings: name -> char * */
	uint64_t rib_version;		 /* changes whenever a path does */
	bool rib_moved;			 /* a change covered a recursive next hop: every route may resolve anew */
	bool rib_untracked;		 /* memory ran out tracking next hops: always assume rib_moved */
	struct rib_derived *rib_derived; /* the configuration's routes as last applied (rib_derive.c) */
	size_t rib_nderived;
};

struct rib *rib_new(void);
void rib_free(struct rib *rib);
/* One stored copy per distinct string, alive as long as the RIB; NULL if out of memory. */
const char *rib_intern(struct rib *rib, const char *s);
/* A VRF's table (vrf NULL: the global one), or NULL if nothing was ever put in it. */
struct rib_table *rib_table_of(const struct rib *rib, const char *vrf);
/* The same, created empty if needed; NULL if out of memory. */
struct rib_table *rib_table_get(struct rib *rib, const char *vrf);
/* The monotonic clock in seconds, as rp_since counts it. */
uint32_t rib_now(void);

/*
 * Sets the source's path to a prefix (host bits are cleared), replacing the
 * one it had at the same distance. An identical path changes nothing.
 * -1 if the attributes are malformed or memory runs out.
 */
int rib_update(struct rib *rib, const char *vrf, struct in_addr prefix, uint8_t plen, const struct rib_attrs *ra);
/* Removes every path the source gave the prefix. */
void rib_withdraw(struct rib *rib, const char *vrf, struct in_addr prefix, uint8_t plen, enum rib_source src);

/* For rib_derive: the same on paths marked as the configuration's, prefix in host order. */
int rib_path_set(struct rib *rib, const char *vrf, uint32_t addr, uint8_t plen, const struct rib_attrs *ra,
		 bool derived);
void rib_path_del(struct rib *rib, const char *vrf, uint32_t addr, uint8_t plen, enum rib_source src, uint8_t distance,
		  bool derived);

/*
 * Change tracking for the FIB: the key of a dirty prefix, and forgetting
 * what changed once the FIB has looked (rib_moved included).
 */
uint64_t rib_prefix_key(uint32_t addr, uint8_t plen);
uint32_t rib_key_addr(uint64_t key);
uint8_t rib_key_plen(uint64_t key);
void rib_dirty_clear(struct rib *rib);

struct rib_entry *rib_exact(const struct rib_table *t, uint32_t addr, uint8_t plen);
/* The most specific entry covering addr, at most maxplen long. */
struct rib_entry *rib_longest(const struct rib_table *t, uint32_t addr, uint8_t maxplen);

/* Rebuilds the configuration's routes in the RIB: connected and local from the addresses of
 * interfaces that are not shut down, static routes from ip route. -1 if memory runs out. */
int rib_derive(struct rib *rib, const struct config *cfg);

#endif
