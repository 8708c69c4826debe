/*
 * libFuzzer harness: the input is what a read from a VRF's TUN returns with
 * offloads on: a virtio-net header and an IPv4 packet, maybe a TSO
 * super-packet. Once parsed, every packet it makes is written into a buffer
 * of exactly us_gso_max bytes (ASan catches writes past it; the input sits
 * at the end of its own buffer for reads). It aborts when an invariant
 * breaks: a packet longer than us_gso_max, a TSO segment whose IPv4 header
 * does not sum to zero or whose lengths disagree, segments that do not add
 * up to the payload.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/csum.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/us_gso.h"
#include "dataplane/userspace/wire.h"
#include "tests/fuzz/us_fuzz.h"

static void check_segment(const struct us_gso *g, const uint8_t *out, size_t len, size_t *payload)
{
	fuzz_check(len <= us_gso_max(g));
	if (!g->g_mss)
		return;
	fuzz_check(len >= g->g_hlen && wire_get16(out + IP4_OFF_LEN) == len);
	fuzz_check(inet_csum(out, (size_t)(out[0] & 0x0f) * 4) == 0);
	*payload += len - g->g_hlen;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *in = malloc(size ? size : 1), *out;
	size_t payload = 0;
	struct us_gso g;

	if (!in)
		abort();
	memcpy(in, data, size);
	if (us_gso_parse(in, size, &g) != DROP_NONE || us_gso_max(&g) > 65535) {
		free(in);
		return 0;
	}
	out = malloc(us_gso_max(&g));
	if (!out)
		abort();
	for (size_t k = 0; k < g.g_nseg; k++)
		check_segment(&g, out, us_gso_segment(&g, k, out), &payload);
	fuzz_check(!g.g_mss || payload == g.g_len - g.g_hlen);
	free(out);
	free(in);
	return 0;
}
