/*
 * A tunnel with "tunnel protection" never carries GRE in clear, also while
 * its IKE policies are missing (before its first SA, after one is deleted
 * or dies while routes still point into the tunnel): with the link come two
 * BLOCK policies for GRE, out (tunnel source to destination) and in (back:
 * ip_gre takes clear GRE unless a policy covers it). Their own mark and
 * worse priority (kn_mark.h) let them sit beside IKE policies of the same
 * selector, which win while they exist. A source of 0.0.0.0 (a
 * Virtual-Access that sources from its IKE session's address) is any
 * source. A multipoint tunnel knows no destination: it gets none.
 */
#ifndef FERRY_DATAPLANE_KERNEL_KN_XFRM_BLOCK_H
#define FERRY_DATAPLANE_KERNEL_KN_XFRM_BLOCK_H

#include <libmnl/libmnl.h>
#include <stdbool.h>

#include "dataplane/dataplane.h"

#define KN_BLOCK_DIRS 2

/* The policy operations (adds for a link add, deletes for a link delete) that follow a link
 * operation into out; their number: 0 for any other operation and for links that need none. */
unsigned kn_block_ops(const struct dp_op *op, struct dp_op out[KN_BLOCK_DIRS]);
/* Whether a policy operation is a BLOCK policy's (reqid KN_REQID_BLOCK). */
bool kn_policy_is_block(const struct dp_policy *p);
/* The BLOCK policies' mark (XFRMA_MARK): their adds and deletes carry it. */
void kn_put_block_mark(struct nlmsghdr *nlh);

#endif
