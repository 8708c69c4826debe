/*
 * libFuzzer harness: the input is an IPv4 packet as a VRF's TUN delivers it
 * to a router address; once its header validates (as the forwarding
 * decision requires first), us_echo_unreachable refuses a UDP datagram and
 * us_echo_reset a TCP segment, or they leave it alone. It aborts when an
 * invariant breaks: a packet not refused is unchanged (room was left for
 * any answer); an answer goes back to the sender from the address it was
 * sent to, its checksums sum to 0; a port unreachable is type 3 code 3
 * quoting the datagram's header and at most 8 bytes more; a reset is 40
 * bytes, RST set, ports swapped.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/csum.h"
#include "dataplane/userspace/icmp4.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/us_echo.h"
#include "dataplane/userspace/us_tcp.h"
#include "tests/fuzz/us_fuzz.h"

/* Back to the sender, from the address it was sent to, with a right IPv4 header. */
static void check_back(const uint8_t *in, const struct pkt *p)
{
	fuzz_check(p->pkt_len >= IP4_HDR_LEN && inet_csum(p->pkt_data, IP4_HDR_LEN) == 0);
	fuzz_check(memcmp(p->pkt_data + IP4_OFF_SRC, in + IP4_OFF_DST, 4) == 0);
	fuzz_check(memcmp(p->pkt_data + IP4_OFF_DST, in + IP4_OFF_SRC, 4) == 0);
}

static void check_unreachable(const uint8_t *in, const struct pkt *p)
{
	size_t quoted = ip4_header_len(in) + ICMP4_QUOTE;

	check_back(in, p);
	fuzz_check(p->pkt_len >= IP4_HDR_LEN + ICMP4_HDR_LEN && p->pkt_len <= ICMP4_ERROR_MAX);
	fuzz_check(p->pkt_len <= IP4_HDR_LEN + ICMP4_HDR_LEN + quoted);
	fuzz_check(in[IP4_OFF_PROTO] == IP4_PROTO_UDP);
	fuzz_check(inet_csum(p->pkt_data + IP4_HDR_LEN, p->pkt_len - IP4_HDR_LEN) == 0);
	fuzz_check(p->pkt_data[IP4_HDR_LEN] == 3 && p->pkt_data[IP4_HDR_LEN + 1] == 3);
}

static void check_reset(const uint8_t *in, const struct pkt *p)
{
	const uint8_t *tcp = p->pkt_data + IP4_HDR_LEN, *sent = in + ip4_header_len(in);

	check_back(in, p);
	fuzz_check(in[IP4_OFF_PROTO] == IPPROTO_TCP && p->pkt_len == IP4_HDR_LEN + US_TCP_HDR_MIN);
	fuzz_check(inet_csum_fold(inet_csum_add(us_tcp_pseudo_sum(p->pkt_data, US_TCP_HDR_MIN), tcp, US_TCP_HDR_MIN)) ==
		   0);
	fuzz_check(memcmp(tcp, sent + 2, 2) == 0 && memcmp(tcp + 2, sent, 2) == 0);
	fuzz_check(tcp[US_TCP_OFF_FLAGS] & 0x04);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size + ICMP4_ERROR_MAX), *copy = malloc(size ? size : 1);
	struct pkt p;
	size_t hlen;

	if (!buf || !copy)
		abort();
	memcpy(copy, data, size);
	pkt_init(&p, buf, size + ICMP4_ERROR_MAX, 0);
	memcpy(pkt_put(&p, size), data, size);
	if (ip4_validate(p.pkt_data, p.pkt_len, &hlen) == DROP_NONE) {
		pkt_trim(&p, p.pkt_len - ip4_total_len(p.pkt_data));
		if (us_echo_unreachable(&p))
			check_unreachable(copy, &p);
		else if (us_echo_reset(&p))
			check_reset(copy, &p);
		else
			fuzz_check(memcmp(p.pkt_data, copy, p.pkt_len) == 0);
	}
	free(buf);
	free(copy);
	return 0;
}
