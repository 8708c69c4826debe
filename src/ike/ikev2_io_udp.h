/*
 * The IKE sockets on the main loop: UDP 500, and 4500 with the non-ESP
 * marker (RFC 3948 §2.2) once NAT traversal is on. Datagrams are read with
 * the address they were sent to (IP_PKTINFO) so that an answer leaves from it.
 */
#ifndef FERRY_IKE_IKEV2_IO_UDP_H
#define FERRY_IKE_IKEV2_IO_UDP_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/loop.h"

/* One IKE message: natt when it came on 4500 (the marker already stripped). */
typedef void ikev2_udp_rx_fn(void *arg, const uint8_t *msg, size_t len, const struct sockaddr_in *from,
			     const struct sockaddr_in *to, bool natt);

struct ikev2_udp {
	int u_fd[2]; /* 500, 4500 */
	struct loop_watch *u_watch[2];
	ikev2_udp_rx_fn *u_rx;
	void *u_arg;
	uint64_t u_drops; /* datagrams that were not IKE (ESP on 4500, runts) */
};

int ikev2_udp_open(struct ikev2_udp *u, struct loop *l, ikev2_udp_rx_fn *rx, void *arg);
/* Sends from local (its port says which socket) to remote; -1 with errno. */
int ikev2_udp_send(struct ikev2_udp *u, const struct sockaddr_in *local, const struct sockaddr_in *remote,
		   const uint8_t *msg, size_t len);
void ikev2_udp_close(struct ikev2_udp *u);
/* The address this host would send from to reach dst (a route lookup); -1 when none. */
int ikev2_udp_source_for(struct in_addr dst, struct in_addr *src);

#endif
