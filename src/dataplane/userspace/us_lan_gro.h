/*
 * GRO, and GRO of forwarded UDP, on a VRF's LAN links: what a NIC's receive
 * does, so that a LAN's UDP datagrams of one flow reach the VRF's TUN as one
 * UDP GSO train per read (us_gso.c cuts it), not one read each. Switched
 * through ethtool generic netlink (src/netlink/nl_ethtool.h); only what was
 * off is turned on, and only that goes back off when ferryd lets the link
 * go. Control thread only.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_LAN_GRO_H
#define FERRY_DATAPLANE_USERSPACE_US_LAN_GRO_H

#include <stdint.h>

#include "dataplane/dataplane.h"

#define US_LAN_GRO_MAX 64 /* LAN links whose features ferryd changed; past it, a link's stay as they are */

/* The features ferryd turned on on one link (bits of us_lan_gro.c's names); lg_dev "": a free entry. */
struct us_lan_gro_link {
	char lg_dev[DP_DEVLEN];
	uint32_t lg_on;
};

/* A backend's LAN links with features it turned on. */
struct us_lan_gro {
	struct us_lan_gro_link lg_links[US_LAN_GRO_MAX];
};

/* GRO on for LAN link dev; what the kernel refuses is a warning: the link forwards, at more CPU per packet. */
void us_lan_gro_on(struct us_lan_gro *g, const char *dev);
/* What ferryd turned on on dev goes back off (a link already gone is no error). */
void us_lan_gro_off(struct us_lan_gro *g, const char *dev);
/* Every link's, at shutdown. */
void us_lan_gro_clear(struct us_lan_gro *g);

#endif
