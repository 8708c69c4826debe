/*
 * What a peer is sent. bgp_adv.c decides, per destination, whether the peer
 * gets the best path (split horizon, iBGP to iBGP, the families the session
 * carries) and keeps its Adj-RIB-Out; bgp_adv_msg.c turns a batch of
 * announcements and withdrawals into UPDATE messages: routes that share
 * attributes and next hop share messages, the attributes rewritten for the
 * peer (AS_PATH prepended and LOCAL_PREF and received MED dropped toward
 * eBGP, NEXT_HOP set, communities as send-community allows, the sets of
 * the neighbor's route-map out).
 */
#ifndef FERRY_BGP_BGP_ADV_H
#define FERRY_BGP_BGP_ADV_H

#include <stdbool.h>
#include <stdint.h>

#include "bgp/bgp.h"
#include "bgp/bgp_policy.h"
#include "bgp/bgp_table.h"
#include "core/omap.h"

/* How routes are sent to one peer, from its configuration and session. */
struct bgp_adv_policy {
	uint32_t ap_local_as;
	bool ap_ebgp;
	uint32_t ap_local_addr;	      /* the session's local address, host order: the next hop when it is rewritten */
	bool ap_family[2];	      /* by enum bgp_family: the session carries it */
	uint8_t ap_send_community[2]; /* BGP_COMM_* bits, by enum bgp_family */
	bool ap_next_hop_self[2];
	bool ap_route_map_out[2]; /* a route-map out in the family (by enum bgp_family): decided per route */
};

/* Whether the peer sees this router as the path's next hop. */
bool bgp_adv_rewrites_next_hop(const struct bgp_adv_policy *ap, enum bgp_family f, const struct bgp_path *pa);

/* Routes to send one peer, grouped by what their UPDATEs share. */
struct bgp_adv_batch {
	struct omap *ab_groups;		      /* group key -> struct bgp_adv_group */
	struct bgp_nlri_list ab_withdrawn[2]; /* by enum bgp_family */
};

/* Adds an announcement of the path to the destination, with its label (VPNv4) and the route-map out entry
 * whose sets it gets (NULL: none); -1 if out of memory. */
int bgp_adv_batch_add(struct bgp_adv_batch *b, const struct bgp_adv_policy *ap, const struct bgp_dest *d,
		      const struct bgp_path *pa, uint32_t label, const struct rmap_entry *sets);
int bgp_adv_batch_withdraw(struct bgp_adv_batch *b, const struct bgp_dest *d);

typedef int bgp_adv_send_fn(void *arg, const uint8_t *buf, size_t len);
/* Encodes the batch (withdrawals first) and hands each message to send: -1 if a send failed, else how
 * many groups of routes could not be encoded (attributes the wire cannot carry): those are not sent. */
int bgp_adv_batch_send(const struct bgp_adv_batch *b, const struct bgp_adv_policy *ap, const struct bgp_codec *c,
		       bgp_adv_send_fn *send, void *arg);
void bgp_adv_batch_free(struct bgp_adv_batch *b);
/* End-of-RIB (RFC 4724) for each family the session carries: the initial table is complete. */
int bgp_adv_send_eor(const struct bgp_adv_policy *ap, const struct bgp_codec *c, bgp_adv_send_fn *send, void *arg);

#endif
