/*
 * One immutable version of the userspace dataplane's forwarding tables,
 * built by the control thread (us_build.h) and read by packet workers
 * without locks (published through us_rcu.h): VRFs with their IPv4 FIBs,
 * links, the LFIB, multipoint-GRE neighbours and the SAs by inbound SPI and
 * by outbound (source, destination). Names are resolved to indexes when a
 * snapshot is built, so a lookup is arithmetic and hash probes only.
 *
 * SAs are shared between snapshots (their sequence numbers and replay
 * windows must outlive a table change); a snapshot frees only the SAs
 * that the next one dropped (sn_retired).
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_SNAP_H
#define FERRY_DATAPLANE_USERSPACE_US_SNAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/dataplane.h"
#include "dataplane/userspace/esp_sa.h"
#include "dataplane/userspace/us_rcu.h"
#include "dataplane/userspace/us_stats.h"
#include "rib/keymap.h"
#include "rib/lpm.h"

#define US_VRF_GLOBAL 0 /* index of the global (main) table */
#define US_NO_LINK    SIZE_MAX

/* A resolved next hop. */
struct us_nh {
	struct in_addr nh_gw; /* 0.0.0.0: directly attached */
	size_t nh_link;	      /* index in sn_links */
	uint32_t nh_labels[DP_MAX_LABELS];
	uint8_t nh_nlabels;
};

enum us_route_kind {
	US_ROUTE_NEXTHOPS,  /* via ro_nh */
	US_ROUTE_BLACKHOLE, /* drop */
	US_ROUTE_CONNECTED, /* a subnet of a link in the VRF: out of the VRF's TUN */
};

struct us_route {
	struct lpm_node ro_node; /* first: lpm values are routes */
	enum us_route_kind ro_kind;
	uint8_t ro_nnh;
	struct us_nh ro_nh[DP_MAX_NEXTHOPS];
	struct in_addr ro_src; /* a link's subnet: that link's address, the source of ICMP errors to it */
};

struct us_vrf {
	char vr_name[DP_DEVLEN]; /* the VRF device, "" for the global table */
	uint32_t vr_table;
	struct lpm vr_fib;
	struct in_addr vr_addr; /* a router address in the VRF: source of its ICMP errors */
};

struct us_link {
	struct dp_link lk_cfg;
	size_t lk_vrf; /* index in sn_vrfs */
	struct us_link_stats *lk_stats;
};

struct us_label {
	enum dp_label_action lb_action;
	size_t lb_vrf; /* POP_LOOKUP */
	struct us_nh lb_nh;
	struct us_count *lb_count; /* packets in with this label */
};

struct us_snap {
	struct us_rcu_head sn_head; /* first: published through us_rcu */
	uint64_t sn_version;
	struct us_vrf *sn_vrfs;
	size_t sn_nvrfs;
	struct us_link *sn_links;
	size_t sn_nlinks;
	struct us_route *sn_routes;
	size_t sn_nroutes;
	struct us_label *sn_labels;
	struct keymap sn_lfib;	    /* label -> struct us_label * */
	struct in_addr *sn_nbmas;   /* storage of sn_neigh's values */
	struct keymap sn_neigh;	    /* link index << 32 | overlay -> struct in_addr * (NBMA) */
	struct keymap sn_sa_in;	    /* SPI -> struct esp_sa * */
	struct keymap sn_sa_out;    /* source << 32 | destination -> struct esp_sa * */
	struct keymap sn_protect;   /* source << 32 | destination -> non-NULL: GRE must come in ESP */
	struct keymap sn_local;	    /* VRF index << 32 | address -> non-NULL: the router's own addresses */
	struct esp_sa **sn_retired; /* SAs freed with this snapshot */
	size_t sn_nretired;
};

/* The key of a pair of IPv4 addresses in sn_sa_out and sn_protect. */
static inline uint64_t us_pair_key(struct in_addr src, struct in_addr dst)
{
	return (uint64_t)src.s_addr << 32 | dst.s_addr;
}

/* The route for dst in a VRF; NULL when none. */
const struct us_route *us_snap_route(const struct us_snap *s, size_t vrf, struct in_addr dst);
const struct us_label *us_snap_label(const struct us_snap *s, uint32_t label);
/* The NBMA address of an overlay neighbour on a multipoint link; false when unknown. */
bool us_snap_nbma(const struct us_snap *s, size_t link, struct in_addr overlay, struct in_addr *nbma);
/* The GRE link a packet from src to dst with the given key (has_key false: none) arrived on. */
size_t us_snap_gre_link(const struct us_snap *s, struct in_addr src, struct in_addr dst, bool has_key, uint32_t key);
/* The VRF index of a VRF device name, or of a link's VRF; US_VRF_GLOBAL for "". SIZE_MAX when unknown. */
size_t us_snap_vrf(const struct us_snap *s, const char *name);
/* True when addr is the router's own in the VRF (its packets go to the VRF's TUN, for the kernel). */
bool us_snap_is_local(const struct us_snap *s, size_t vrf, struct in_addr addr);
/* Frees a snapshot and its retired SAs (the us_rcu free function). */
void us_snap_free(struct us_rcu_head *head);

#endif
