/*
 * The kernel backend's message builders: each dataplane operation becomes
 * the netlink messages (one or two) that carry it out, written into a
 * caller's buffer with no I/O, so unit tests parse them back.
 */
#ifndef FERRY_DATAPLANE_KERNEL_KN_MSG_H
#define FERRY_DATAPLANE_KERNEL_KN_MSG_H

#include <libmnl/libmnl.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/dataplane.h"

#define KN_MSG_MAX 2048 /* the largest message a builder writes (an SA with a 4096-packet replay bitmap) */
#define KN_OP_MSGS 2	/* messages one operation needs at most */

enum kn_bus { KN_BUS_ROUTE, KN_BUS_XFRM, KN_BUS_COUNT };

/* Kernel answers that still mean the operation's intent holds. */
enum kn_tolerate {
	KN_STRICT,
	KN_GONE_OK,   /* a delete of what is not there */
	KN_EXISTS_OK, /* a create of a device that is there (the next message configures it) */
};

/* Device name -> ifindex; 0 when the name is not known (yet). */
typedef uint32_t (*kn_ifindex_fn)(void *ctx, const char *name);

struct kn_msgs {
	_Alignas(8) char km_buf[KN_OP_MSGS * KN_MSG_MAX];
	size_t km_len;		  /* bytes of the closed messages */
	unsigned km_count;	  /* messages, the open one included */
	struct nlmsghdr *km_open; /* the message being written */
	enum kn_tolerate km_tolerate[KN_OP_MSGS];
	kn_ifindex_fn km_ifindex;
	void *km_ctx;
	char km_err[160];
};

void kn_msgs_init(struct kn_msgs *m, kn_ifindex_fn ifindex, void *ctx);
/* Closes the open message and starts the next (NLM_F_REQUEST | NLM_F_ACK | flags); NULL (reason
 * recorded) past KN_OP_MSGS. */
struct nlmsghdr *kn_msg_new(struct kn_msgs *m, uint16_t type, uint16_t flags, enum kn_tolerate tol);
/* An add or replace (new_type, NLM_F_CREATE | NLM_F_REPLACE) or a delete (del_type; what is gone
 * counts as deleted), with a zeroed fixed header of hdrlen bytes after the netlink header. */
struct nlmsghdr *kn_msg_change(struct kn_msgs *m, uint16_t new_type, uint16_t del_type, bool add, size_t hdrlen);
/* Closes the open message; the total length of the messages. */
size_t kn_msgs_close(struct kn_msgs *m);
/* Records why the operation cannot be built; returns -err. */
int kn_fail(struct kn_msgs *m, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The ifindex of device NAME, or -ENODEV with the reason recorded. */
int kn_ifindex(struct kn_msgs *m, const char *name, uint32_t *index);

void kn_put_in4(struct nlmsghdr *nlh, uint16_t type, struct in_addr a);
/*
 * A label stack attribute (outermost first, bottom of stack on the last
 * entry). Implicit null (3) never appears on the wire: those entries are
 * left out. The number of labels put (0: no attribute), or -EINVAL.
 */
int kn_put_labels(struct kn_msgs *m, struct nlmsghdr *nlh, uint16_t type, const uint32_t *labels, unsigned n);

/* The builders, one per kind of operation; 0 or -errno with km_err set. */
int kn_build_vrf(struct kn_msgs *m, const struct dp_vrf *v, bool add);
int kn_build_link(struct kn_msgs *m, const struct dp_link *l, bool add);
int kn_build_addr(struct kn_msgs *m, const struct dp_addr *a, bool add);
int kn_build_route(struct kn_msgs *m, const struct dp_route *r, bool add);
int kn_build_label(struct kn_msgs *m, const struct dp_label *l, bool add);
int kn_build_neigh(struct kn_msgs *m, const struct dp_neigh *n, bool add);
int kn_build_sa(struct kn_msgs *m, const struct dp_sa *s, bool add);
int kn_build_policy(struct kn_msgs *m, const struct dp_policy *p, bool add);

/* Any operation: its messages in m (closed), and the netlink family they go to. */
int kn_build(struct kn_msgs *m, const struct dp_op *op);
enum kn_bus kn_op_bus(enum dp_op_type type);

#endif
