/* The kernel backend's state and its parts (kn_backend.c puts them behind struct dp_backend). */
#ifndef FERRY_DATAPLANE_KERNEL_KN_DP_H
#define FERRY_DATAPLANE_KERNEL_KN_DP_H

#include "dataplane/dataplane.h"
#include "dataplane/kernel/kn_batch.h"
#include "dataplane/kernel/kn_nexthop.h"
#include "dataplane/kernel/kn_punt.h"
#include "dataplane/kernel/kn_sock.h"
#include "dataplane/kernel/kn_xfrm_block.h"

#define KN_IFCACHE_SIZE 32

/* Device names resolved during one apply. */
struct kn_ifcache {
	struct {
		char ce_name[DP_DEVLEN];
		uint32_t ce_index;
	} kc_ent[KN_IFCACHE_SIZE];
	unsigned kc_count, kc_next;
};

/* Whether the namespace had an l3mdev rule when the backend opened (kn_rule.h). */
enum kn_l3mdev_before { KN_L3MDEV_UNSEEN, KN_L3MDEV_THEIRS, KN_L3MDEV_NONE };
#define KN_RULE_FAMILIES 2 /* IPv4, IPv6 */

struct dp {
	struct kn_sock kd_sock[KN_BUS_COUNT];
	struct kn_batch kd_batch[KN_BUS_COUNT];
	struct kn_ifcache kd_ifcache;
	unsigned kd_platform_labels; /* what the kernel is known to have room for; 0 = not read yet */
	enum kn_l3mdev_before kd_l3mdev[KN_RULE_FAMILIES];
	struct kn_nexthops kd_nexthops; /* the objects of the routes that push labels */
	struct kn_punt kd_punt;		/* NHRP's packet socket (kn_punt.h) */
	struct kn_block_users kd_block; /* which protected links use which BLOCK pair */
};

/* Sockets and batches; 0 or -errno (nothing to free then). */
int kn_dp_init(struct dp *dp);
void kn_dp_fini(struct dp *dp);

/* Applies ops in order through batches; 0, or -1 with the first failure in res. */
int kn_apply(struct dp *dp, const struct dp_op *ops, size_t n, struct kn_result *res);
/* Sends every pending batch and reads its acknowledgements. */
void kn_commit(struct dp *dp, struct kn_result *res);

/* What an operation needs besides its messages (sysctls): before building it, after queuing it. */
int kn_side_before(struct dp *dp, const struct dp_op *op, size_t i, struct kn_result *res);
void kn_side_after(struct dp *dp, const struct dp_op *op, size_t i, struct kn_result *res);
/* Routing on: the kernel forwards IPv4 (net.ipv4.ip_forward); 0 or -errno. */
int kn_side_forwarding(void);

/* Queues the BLOCK policies that follow a link operation on the xfrm bus and counts the link's
 * use of them (kn_xfrm_block.h); a failure goes to res as operation i's. */
void kn_block_queue(struct dp *dp, const struct dp_op *op, size_t i, struct kn_result *res);
/* Who has a device of some name: nobody, ferryd (its mark, kn_mark.h) or another program. */
enum kn_owner { KN_OWNER_NONE, KN_OWNER_FERRY, KN_OWNER_OTHER };
/* Asks the kernel who has device NAME (kn_claim.c); the owner, or -errno. */
int kn_link_owner(struct dp *dp, const char *name);
/* Before a VRF or link add of a device ferryd creates: the kernel is asked who has the name, and
 * another program's device refuses the add. 0 to go on, or -1 with the failure in res as
 * operation i's. */
int kn_link_claim(struct dp *dp, const struct dp_op *op, size_t i, struct kn_result *res);
/* Kn_link_claim's decision, given the owner kn_link_owner answered (0 or -1 the same), a refusal
 * reading "Tunnel0: device fy-tu0 exists and is not ferryd's". Operations on no such device pass. */
int kn_claim_verdict(const struct dp_op *op, int owner, size_t i, struct kn_result *res);
/* Removes ferryd's nexthop objects (kn_nexthop_flush.c); 0, or -1 with the first failure in res. */
int kn_nexthops_flush(struct dp *dp, struct kn_result *res);
/* Removes everything marked as ferryd's (kn_mark.h); 0, or -1 with the first failure in res. */
int kn_sweep(struct dp *dp, struct kn_result *res);
int kn_counters(struct dp *dp, enum dp_counter_kind kind, const char *key, struct dp_counters *out);
/* 0 when the kernel has all the backend needs; otherwise -1 and what is missing in why. */
int kn_probe(char *why, size_t whylen);

#endif
