/* The TCP header fields that cutting (us_gso.c) and joining (us_gro.c) segments touch (RFC 793 3.1). */
#ifndef FERRY_DATAPLANE_USERSPACE_US_TCP_H
#define FERRY_DATAPLANE_USERSPACE_US_TCP_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dataplane/userspace/csum.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/wire.h"

#define US_TCP_HDR_MIN	 20
#define US_TCP_OFF_SEQ	 4
#define US_TCP_OFF_ACK	 8
#define US_TCP_OFF_DOFF	 12
#define US_TCP_OFF_FLAGS 13
#define US_TCP_OFF_WIN	 14
#define US_TCP_OFF_CSUM	 16
#define US_TCP_FIN	 0x01
#define US_TCP_PSH	 0x08
#define US_TCP_ACK	 0x10
#define US_TCP_CWR	 0x80

/* The one's complement sum of the pseudo-header of a TCP segment of tcp_len bytes in the IPv4 packet ip. */
static inline uint32_t us_tcp_pseudo_sum(const uint8_t *ip, size_t tcp_len)
{
	uint8_t pseudo[12];

	memcpy(pseudo, ip + IP4_OFF_SRC, 8);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_TCP;
	wire_put16(pseudo + 10, (uint16_t)tcp_len);
	return inet_csum_add(0, pseudo, sizeof(pseudo));
}

#endif
