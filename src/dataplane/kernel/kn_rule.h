/*
 * The l3mdev rule VRF lookups need (`ip rule`: "1000: from all lookup
 * [l3mdev-table]"). The kernel's VRF driver adds one (protocol kernel) when
 * the first VRF device of a namespace is made, only then, and never removes
 * it. So the backend
 *   - on open notes whether an l3mdev rule is there, and if none adds its
 *     own (protocol RTPROT_FERRY): its VRFs then work even in a namespace
 *     where the kernel will not add one again (after a run of ferryd that
 *     removed it);
 *   - on close, when no VRF device is left, removes its own and, if there
 *     was none on open, the kernel's: that one was made for ferryd's VRFs.
 * A rule that was there on open stays, and so does any while a VRF device
 * (someone else's) is left. IPv4 and IPv6: the driver adds both.
 */
#ifndef FERRY_DATAPLANE_KERNEL_KN_RULE_H
#define FERRY_DATAPLANE_KERNEL_KN_RULE_H

#include <linux/netlink.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/kernel/kn_dp.h"

#define KN_L3MDEV_PREF 1000 /* the VRF driver's preference for its rule */
#define KN_RULE_MSG    128  /* room for one rule message */

struct kn_rule_seen {
	uint8_t rs_family; /* AF_INET or AF_INET6 */
	uint8_t rs_proto;  /* who added it: RTPROT_KERNEL, RTPROT_FERRY ... */
	uint32_t rs_pref;
};

/* A dumped l3mdev rule: 1 (out filled), 0 another rule or message, -1 malformed. */
int kn_parse_l3mdev_rule(const struct nlmsghdr *nlh, struct kn_rule_seen *out);
/* RTM_NEWRULE or RTM_DELRULE of the l3mdev rule r into buf (KN_RULE_MSG bytes, aligned); its length. */
size_t kn_l3mdev_rule_msg(void *buf, uint16_t type, const struct kn_rule_seen *r);
/* The open step (first call for dp) or the close step (later calls) above; failures go to res. */
void kn_l3mdev_sweep(struct dp *dp, struct kn_result *res);

#endif
