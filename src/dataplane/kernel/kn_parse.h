/*
 * Decoders of the kernel's answers to the backend's dumps and requests:
 * what the sweep removes (each as the delete operation that removes it)
 * and what the counters read. Each takes one message whose nlmsg_len the
 * caller checked against its buffer (mnl_cb_run, or kn_nlmsg_ok in a
 * walk) and checks every length inside it.
 * Return: 1 found (out filled), 0 not ferryd's or not of that kind, -1 malformed.
 */
#ifndef FERRY_DATAPLANE_KERNEL_KN_PARSE_H
#define FERRY_DATAPLANE_KERNEL_KN_PARSE_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stdint.h>

#include "dataplane/dataplane.h"

int kn_parse_link(const struct nlmsghdr *nlh, struct dp_op *del);   /* a device marked ferry: */
int kn_parse_route(const struct nlmsghdr *nlh, struct dp_op *del);  /* an IPv4 route of RTPROT_FERRY */
int kn_parse_label(const struct nlmsghdr *nlh, struct dp_op *del);  /* a label route of RTPROT_FERRY */
int kn_parse_addr(const struct nlmsghdr *nlh, struct dp_op *del);   /* an address of RTPROT_FERRY */
int kn_parse_policy(const struct nlmsghdr *nlh, struct dp_op *del); /* a ferryd reqid's or BLOCK policy */

/* An IPv4 address, added (RTM_NEWADDR) or removed (RTM_DELADDR): with ours_only, only one that
 * carries RTPROT_FERRY (kernels before 6.3 mark none: the rtnetlink monitor asks for any). */
int kn_parse_ifaddr(const struct nlmsghdr *nlh, bool ours_only, struct dp_addr *out);

/* Any IPv4 ESP SA (ferryd's or not: the caller looks at the reqid) with its counters. */
struct kn_sa_seen {
	uint32_t ss_spi, ss_reqid;
	struct in_addr ss_src, ss_dst;
	uint64_t ss_packets, ss_bytes;
	uint32_t ss_replay_fail, ss_integrity_fail;
};
int kn_parse_sa(const struct nlmsghdr *nlh, struct kn_sa_seen *out);

/* A device's MPLS counters in an RTM_NEWSTATS answer (IFLA_STATS_AF_SPEC). */
int kn_parse_mpls_stats(const struct nlmsghdr *nlh, struct dp_counters *out);

#endif
