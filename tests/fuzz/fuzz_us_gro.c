/*
 * libFuzzer harness: the input is a run of packets (each a length octet and
 * that many bytes) decapsulated for one TUN queue, as a CE's traffic makes
 * them; each that the forwarding decision would pass (a valid IPv4 header,
 * trimmed to its total length) goes to us_gro_add with room in front of it,
 * then the run is flushed. Every write is read back as the TUN's reader would: it aborts
 * when one does not parse (us_gso_parse), or when a joined packet's
 * segments do not carry IPv4 headers that sum to zero.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/csum.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/us_gro.h"
#include "tests/fuzz/us_fuzz.h"

#define ROOM 16 /* more than the virtio-net header a packet written alone needs */

static struct us_gro gro;

static int read_back(int fd, const uint8_t *buf, size_t len)
{
	static uint8_t out[UINT16_MAX];
	struct us_gso g;

	fuzz_check(fd == 3);
	fuzz_check(us_gso_parse(buf, len, &g) == DROP_NONE);
	for (size_t k = 0; g.g_mss && k < g.g_nseg; k++) {
		fuzz_check(us_gso_max(&g) <= sizeof(out));
		us_gso_segment(&g, k, out);
		fuzz_check(inet_csum(out, (size_t)(out[0] & 0x0f) * 4) == 0);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	memset(&gro, 0, sizeof(gro));
	while (size > 0) {
		size_t len = data[0] < size - 1 ? data[0] : size - 1;
		uint8_t *buf = malloc(ROOM + len + 1);
		struct pkt p;

		if (!buf)
			abort();
		size_t hlen;

		pkt_init(&p, buf, ROOM + len, ROOM);
		memcpy(pkt_put(&p, len), data + 1, len);
		if (ip4_validate(p.pkt_data, p.pkt_len, &hlen) == DROP_NONE) {
			pkt_trim(&p, p.pkt_len - ip4_total_len(p.pkt_data));
			us_gro_add(&gro, 3, &p, read_back);
		}
		free(buf);
		data += 1 + len;
		size -= 1 + len;
	}
	us_gro_flush(&gro, read_back);
	return 0;
}
