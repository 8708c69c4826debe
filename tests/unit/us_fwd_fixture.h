/*
 * Two spokes of the seed (R3 and R4) for the userspace forwarding core,
 * built from dp_op batches as the control plane would send them: cust1
 * and cust2 with the same LAN addresses at both, an mGRE tunnel with MPLS,
 * and AES-GCM-128 transport SAs in UDP between the NBMA addresses. Shared
 * by the forwarding unit test and its fuzz harness; failures abort.
 */
#ifndef FERRY_TESTS_US_FWD_FIXTURE_H
#define FERRY_TESTS_US_FWD_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "dataplane/dataplane.h"
#include "dataplane/userspace/us_build.h"
#include "dataplane/userspace/us_fwd.h"

#define R3_NBMA "172.16.1.103"
#define R4_NBMA "172.16.1.104"
#define CE3	"192.168.113.10" /* behind R3, in cust1 and in cust2 */
#define CE4	"192.168.114.10" /* behind R4, in cust1 and in cust2 */

/* One router: its builder, published snapshots and one worker. */
struct router {
	struct us_build rt_build;
	struct us_rcu rt_rcu;
	struct us_worker rt_worker;
	int rt_reader;
};

/* What differs between the two spokes. */
struct spoke {
	const char *sp_nbma, *sp_peer_nbma;
	const char *sp_overlay, *sp_peer_overlay;
	const char *sp_lan, *sp_peer_net;	  /* own LAN address, the peer's LAN prefix */
	uint32_t sp_label_in[2], sp_label_out[2]; /* per VRF: what the peer sends us, what we send it */
	uint32_t sp_spi_in, sp_spi_out;
};

extern const struct spoke fwdfx_r3, fwdfx_r4;

/* Appends a zeroed operation of type to ops[*n]. */
struct dp_op *fwdfx_op(struct dp_op *ops, size_t *n, enum dp_op_type type);
/* Appends an AES-GCM-128 transport SA in UDP whose keys derive from its SPI (both ends derive the same). */
void fwdfx_sa(struct dp_op *ops, size_t *n, uint32_t spi, const char *src, const char *dst, uint32_t reqid);
/* Applies ops to the router's builder and publishes the next snapshot. */
void fwdfx_apply(struct router *r, const struct dp_op *ops, size_t n);
void fwdfx_init(struct router *r, const struct spoke *sp);
void fwdfx_free(struct router *r);

#endif
