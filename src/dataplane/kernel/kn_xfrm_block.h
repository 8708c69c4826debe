/*
 * A tunnel with "tunnel protection" never carries GRE in clear, also while
 * its IKE policies are missing (before its first SA, after one is deleted
 * or dies while routes still point into the tunnel): once its link exists
 * come two BLOCK policies for GRE, out (tunnel source to destination) and
 * in (back: ip_gre takes clear GRE unless a policy covers it). Their own
 * mark and worse priority (kn_mark.h) let them sit beside IKE policies of
 * the same selector, which win while they exist. A source of 0.0.0.0 (a
 * Virtual-Access that sources from its IKE session's address) is any
 * source; a multipoint tunnel, which knows no destination, blocks GRE from
 * its source to any address and back.
 *
 * Tunnels with the same ends (different tunnel keys) share one pair: the
 * backend counts each pair's links (struct kn_block_users) and deletes the
 * pair with its last link.
 */
#ifndef FERRY_DATAPLANE_KERNEL_KN_XFRM_BLOCK_H
#define FERRY_DATAPLANE_KERNEL_KN_XFRM_BLOCK_H

#include <libmnl/libmnl.h>
#include <stdbool.h>

#include "dataplane/dataplane.h"

#define KN_BLOCK_DIRS 2
/* A link re-added with other ends: its old pair's deletes, then its new pair's adds. */
#define KN_BLOCK_OPS_MAX (2 * KN_BLOCK_DIRS)

/* Whether a link gets BLOCK policies: a protected GRE tunnel with a destination, or a
 * protected multipoint one with a source. */
bool kn_block_needed(const struct dp_link *l);
/* The adds or deletes of the pair between local and remote (0.0.0.0: any) into out; their number. */
unsigned kn_block_pair_ops(bool add, struct in_addr local, struct in_addr remote, struct dp_op out[KN_BLOCK_DIRS]);
/* Whether a policy operation is a BLOCK policy's (reqid KN_REQID_BLOCK). */
bool kn_policy_is_block(const struct dp_policy *p);
/* The BLOCK policies' mark (XFRMA_MARK): their adds and deletes carry it. */
void kn_put_block_mark(struct nlmsghdr *nlh);

/* Which links use which pair (kn_xfrm_block_users.c). */
struct kn_block_users {
	struct omap *bu_links; /* link name -> its struct kn_block_pair (owned by bu_pairs) */
	struct omap *bu_pairs; /* "local>remote" -> struct kn_block_pair */
};

/* 0, or -ENOMEM. */
int kn_block_users_init(struct kn_block_users *u);
void kn_block_users_fini(struct kn_block_users *u);
/* Whether the link uses a pair (a link add brought it, no delete ended that yet). */
bool kn_block_uses(const struct kn_block_users *u, const char *link);
/* Counts a link operation's use of its pair and returns the policy operations that follow it
 * into out: the pair's adds for a link add (again when the link is re-added: an update is
 * harmless), its deletes when a link delete ends its last use; their number, or -ENOMEM. */
int kn_block_ops(struct kn_block_users *u, const struct dp_op *op, struct dp_op out[KN_BLOCK_OPS_MAX]);

#endif
