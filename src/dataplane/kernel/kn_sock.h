/* The kernel backend's netlink sockets: batches out, acknowledgements and dumps in. */
#ifndef FERRY_DATAPLANE_KERNEL_KN_SOCK_H
#define FERRY_DATAPLANE_KERNEL_KN_SOCK_H

#include <libmnl/libmnl.h>
#include <stdint.h>

#include "dataplane/kernel/kn_batch.h"

struct kn_sock {
	struct mnl_socket *ks_nl;
	uint32_t ks_portid;
	uint32_t ks_seq; /* the next sequence number */
};

/* NETLINK_ROUTE or NETLINK_XFRM, with extended and capped acknowledgements; 0 or -errno. */
int kn_sock_open(struct kn_sock *s, int protocol);
void kn_sock_close(struct kn_sock *s);
/* Sends the batch, reads an acknowledgement for each message (errors to res) and empties it. */
void kn_sock_commit(struct kn_sock *s, struct kn_batch *b, struct kn_result *res);
/* Sends req with NLM_F_REQUEST | how (NLM_F_DUMP, or NLM_F_ACK for one answer) and gives each
 * answer message to cb, up to the end of the dump or the acknowledgement; 0 or -errno. */
int kn_sock_ask(struct kn_sock *s, struct nlmsghdr *req, uint16_t how, mnl_cb_t cb, void *arg);

#endif
