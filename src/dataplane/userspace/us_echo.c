/* ICMP echo replies and port unreachable from the router's VRF addresses (TCP resets: us_echo_tcp.c). */
#include "dataplane/userspace/us_echo.h"

#include <string.h>

#include "dataplane/userspace/csum.h"
#include "dataplane/userspace/icmp4.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/wire.h"

#define US_ECHO_REQUEST 8
#define US_ECHO_REPLY	0
#define US_ECHO_TTL	64

bool us_echo_reply(struct pkt *p)
{
	uint8_t *ip = p->pkt_data, *icmp, addr[4];
	size_t hlen = ip4_header_len(ip);

	if (ip[IP4_OFF_PROTO] != IP4_PROTO_ICMP || ip4_is_fragment(ip) || p->pkt_len < hlen + ICMP4_HDR_LEN)
		return false;
	icmp = ip + hlen;
	/* A request that fails its checksum is discarded (RFC 1122 3.2.2). */
	if (icmp[0] != US_ECHO_REQUEST || icmp[1] != 0 || inet_csum(icmp, p->pkt_len - hlen) != 0)
		return false;
	memcpy(addr, ip + IP4_OFF_SRC, 4);
	memcpy(ip + IP4_OFF_SRC, ip + IP4_OFF_DST, 4);
	memcpy(ip + IP4_OFF_DST, addr, 4);
	ip[IP4_OFF_TTL] = US_ECHO_TTL;
	wire_put16(ip + IP4_OFF_CSUM, 0);
	wire_put16(ip + IP4_OFF_CSUM, inet_csum(ip, hlen));
	/* Summed again rather than updated (RFC 1624): an all-zero reply must read 0xffff, not 0x0000. */
	icmp[0] = US_ECHO_REPLY;
	wire_put16(icmp + 2, 0);
	wire_put16(icmp + 2, inet_csum(icmp, p->pkt_len - hlen));
	return true;
}

bool us_echo_unreachable(struct pkt *p)
{
	uint8_t scratch[ICMP4_ERROR_MAX];
	struct in_addr self;

	if (p->pkt_data[IP4_OFF_PROTO] != IP4_PROTO_UDP)
		return false;
	memcpy(&self, p->pkt_data + IP4_OFF_DST, 4);
	return icmp4_replace(p, ICMP4_PORT_UNREACHABLE, self, 0, scratch, sizeof(scratch)) == DROP_NONE;
}

bool us_echo_answer(struct pkt *p)
{
	return us_echo_reply(p) || us_echo_unreachable(p) || us_echo_reset(p);
}
