/*
 * libFuzzer harness: the input is an IPv4 packet as a VRF's TUN delivers it
 * to a router address; once its header validates (as the forwarding
 * decision requires first), us_echo_reply answers it or leaves it alone.
 * The packet sits at the end of its buffer so ASan catches reads past it.
 * It aborts when an invariant breaks: a packet not answered is unchanged;
 * an answer keeps its length, answers a request whose checksum was right,
 * sums to 0 in its IPv4 header and its ICMP message, and swaps the
 * addresses.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/csum.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/us_echo.h"
#include "tests/fuzz/us_fuzz.h"

static void check_answer(const uint8_t *in, const struct pkt *p, size_t len)
{
	size_t hlen = ip4_header_len(p->pkt_data);
	size_t total = ip4_total_len(p->pkt_data);

	fuzz_check(p->pkt_len == len);
	fuzz_check(inet_csum(p->pkt_data, hlen) == 0);
	fuzz_check(memcmp(p->pkt_data + IP4_OFF_SRC, in + IP4_OFF_DST, 4) == 0);
	fuzz_check(memcmp(p->pkt_data + IP4_OFF_DST, in + IP4_OFF_SRC, 4) == 0);
	/* Only requests with a right checksum are answered, and with a right one. */
	fuzz_check(inet_csum(in + hlen, total - hlen) == 0);
	fuzz_check(inet_csum(p->pkt_data + hlen, total - hlen) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1), *copy = malloc(size ? size : 1);
	struct pkt p;
	size_t hlen;

	if (!buf || !copy)
		abort();
	memcpy(copy, data, size);
	pkt_init(&p, buf, size, 0);
	memcpy(pkt_put(&p, size), data, size);
	if (ip4_validate(p.pkt_data, p.pkt_len, &hlen) == DROP_NONE) {
		pkt_trim(&p, p.pkt_len - ip4_total_len(p.pkt_data));
		if (us_echo_reply(&p))
			check_answer(copy, &p, ip4_total_len(copy));
		else
			fuzz_check(memcmp(p.pkt_data, copy, p.pkt_len) == 0);
	}
	free(buf);
	free(copy);
	return 0;
}
