/* Internals of the attachment (us_attach*.c): the kernel operations an apply collects, the TUNs. */
#ifndef FERRY_DATAPLANE_USERSPACE_US_ATTACH_INT_H
#define FERRY_DATAPLANE_USERSPACE_US_ATTACH_INT_H

#include "dataplane/userspace/us_dp.h"

#define US_KOPS_PER_OP 4 /* the most kernel operations one operation becomes */

/* What the kernel backend is given for a batch, each with the index of the operation it came from. */
struct us_kops {
	struct dp_op *ko_ops;
	size_t *ko_from;
	size_t ko_n;
};

/* The next kernel operation, a copy of op's type, for operation i. */
struct dp_op *us_kops_add(struct us_kops *k, enum dp_op_type type, size_t i);

/* The builder's VRF or link by device name; NULL when none. */
const struct dp_vrf *us_attach_vrf(struct dp *dp, const char *name);
const struct dp_link *us_attach_link(struct dp *dp, const char *name);

/* True for the kernel's main table (0 or 254): the global table. */
bool us_attach_table_global(uint32_t table);
/* True for a link only userspace has (a tunnel, a loopback in a VRF). */
bool us_attach_in_userspace(struct dp *dp, const char *name);
/* Opens TUN name in a free slot (tunnel: a global tunnel's) and lets the workers poll it; 0 or -1 with err. */
int us_attach_tun_open(struct dp *dp, const char *name, bool tunnel, char *err, size_t errlen);
/* Stops the workers polling the slot, then closes its queues: the device goes, and its routes and addresses. */
void us_attach_tun_close(struct dp *dp, struct us_tun_slot *slot);
/* For the kernel: TUN name up (or down) at mtu. */
void us_attach_tun_kops(struct us_kops *k, size_t i, const char *name, uint32_t mtu, bool up);

#define US_TUN_SHARED "fy-tunnels" /* the TUN of the global tunnels past the first few (us_attach_tunnel.c) */

/* True for a GRE or multipoint GRE link of the global table with a TUN (its own or the shared one). */
bool us_attach_is_host_tunnel(struct dp *dp, const struct dp_link *l);
/* A tunnel or loopback link added: a global tunnel's TUN opened (or kept) and set up; one it no longer needs closed. */
void us_attach_tunnel_link(struct dp *dp, const struct dp_link *l, struct us_kops *k, size_t i);
/* Global tunnel name deleted: its own TUN closed, or its address taken off the shared one. */
void us_attach_tunnel_del(struct dp *dp, const char *name, struct us_kops *k, size_t i);
/* An address of a tunnel or loopback link l: for the kernel on the global tunnel's TUN; else nothing. */
void us_attach_tunnel_addr(struct dp *dp, const struct dp_link *l, const struct dp_op *op, struct us_kops *k, size_t i);
/*
 * A route of the global table through global tunnels only: for the kernel,
 * each next hop the tunnel's TUN (labels and gateway are the workers'), so
 * that the kernel's own packets enter the tunnel. False: not such a route.
 */
bool us_attach_tunnel_route(struct dp *dp, const struct dp_op *op, struct us_kops *k, size_t i);
/* A global route deleted after a tunnel it went through: its copy on the shared TUN deleted too. */
void us_attach_tunnel_route_gone(struct dp *dp, const struct dp_op *op, struct us_kops *k, size_t i);

/*
 * The LAN links the kernel took in ops[0..n) that are in a VRF: their IPv4
 * taken by packet rings (or, failing them, redirected into the VRF's TUN)
 * and kept from the kernel's stack, proxy ARP on, GRO on (UDP too: a warning
 * if the kernel refuses, put back on release); 0, or -1 with err and the
 * operation in *failed (retried with the next batch).
 */
int us_attach_lan_setup(struct dp *dp, const struct dp_op *ops, size_t n, size_t *failed, char *err, size_t errlen);
/* LAN link lan leaving its VRF (or going): its rings closed, its redirect removed (a failure is logged), its /32s for
 * the kernel. */
void us_attach_lan_release(struct dp *dp, const struct dp_link *lan, struct us_kops *k, size_t i);
/* The rings and redirects of every LAN link of VRF device vrf removed (its TUN is closing). */
void us_attach_lan_release_vrf(struct dp *dp, const char *vrf);
/* ferryd stopping: the LAN links' rings closed, the features it turned on on them (GRO) back off. */
void us_attach_lan_clear(struct dp *dp);

/*
 * LAN link lan of VRF device vrf read through packet rings, one per worker
 * (us_lan_ring.h), kept when it already is (same link, same VRF); 0, or
 * -errno (-ENOSPC: US_LANS_MAX links have rings, or their memory budget is spent).
 */
int us_attach_lan_ring_open(struct dp *dp, const char *lan, const char *vrf);
/* True when LAN link lan is read through packet rings. */
bool us_attach_lan_ring_has(struct dp *dp, const char *lan);
/* LAN link lan's rings (if any) closed once no worker reads them. */
void us_attach_lan_ring_close(struct dp *dp, const char *lan);
/* The kernel's drops of every open ring (full), added to up_ring_drops. */
void us_attach_lan_ring_drops(struct dp *dp);
/* Every LAN link's rings closed. */
void us_attach_lan_ring_clear(struct dp *dp);

/* A VRF: its TUN (opened or kept), the rule from the TUN, and for the kernel its default route into it. */
int us_attach_vrf_add(struct dp *dp, const struct dp_vrf *v, struct us_kops *k, size_t i, char *err, size_t errlen);
/* Removes a VRF's rule and closes its TUN. */
int us_attach_vrf_del(struct dp *dp, const struct dp_vrf *v, char *err, size_t errlen);

#endif
