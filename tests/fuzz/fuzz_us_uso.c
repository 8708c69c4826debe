/*
 * libFuzzer harness: UDP datagrams joined for a TUN that takes UDP GSO
 * (us_gro.h with gr_uso) must cut back (us_gso.h) into exactly what went
 * in. The input is a run of packets (each a length octet and that many
 * bytes); each that the forwarding decision would pass (a valid IPv4
 * header, trimmed to its total length) goes to us_gro_add and is kept;
 * every write is parsed and cut as the kernel would, and each UDP packet
 * or packet written alone must equal the next one kept, byte for byte (a
 * TSO packet's segments are only counted: TCP joining renumbers ids). It
 * aborts when a write does not parse or a packet comes back changed,
 * missing or out of order.
 */
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/csum.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/us_gro.h"
#include "tests/fuzz/us_fuzz.h"

#define ROOM	 16   /* more than the virtio-net header a packet written alone needs */
#define KEPT_MAX 4096 /* packets one input can hold: a length octet and at least one byte each */

static struct us_gro gro;
static struct {
	uint8_t *k_data;
	size_t k_len;
} kept[KEPT_MAX];
static size_t nkept, nback;

/*
 * The next kept packet is out[0..len): the same bytes when exact, else only
 * there. The header checksum is checked to verify rather than compared: a
 * sum has two encodings (0 and 0xffff) and cutting writes one.
 */
static void came_back(const uint8_t *out, size_t len, bool exact)
{
	const uint8_t *in = kept[nback].k_data;

	fuzz_check(nback < nkept && inet_csum(out, (size_t)(out[0] & 0x0f) * 4) == 0);
	fuzz_check(!exact || (kept[nback].k_len == len && memcmp(in, out, IP4_OFF_CSUM) == 0 &&
			      memcmp(in + IP4_OFF_CSUM + 2, out + IP4_OFF_CSUM + 2, len - IP4_OFF_CSUM - 2) == 0));
	nback++;
}

static int read_back(int fd, const uint8_t *buf, size_t len)
{
	static uint8_t out[UINT16_MAX];
	struct us_gso g;

	fuzz_check(fd == 3);
	fuzz_check(us_gso_parse(buf, len, &g) == DROP_NONE && us_gso_max(&g) <= sizeof(out));
	for (size_t k = 0; k < g.g_nseg; k++) {
		size_t n = us_gso_segment(&g, k, out);

		came_back(out, n, !g.g_mss || g.g_udp);
	}
	return 0;
}

/* Takes a packet the decision would pass: kept, then joined or written. */
static void offer(const uint8_t *data, size_t len)
{
	uint8_t *buf = malloc(ROOM + len + 1);
	struct pkt p;
	size_t hlen;

	if (!buf)
		abort();
	pkt_init(&p, buf, ROOM + len, ROOM);
	memcpy(pkt_put(&p, len), data, len);
	if (ip4_validate(p.pkt_data, p.pkt_len, &hlen) == DROP_NONE && nkept < KEPT_MAX) {
		pkt_trim(&p, p.pkt_len - ip4_total_len(p.pkt_data));
		kept[nkept].k_data = malloc(p.pkt_len);
		if (!kept[nkept].k_data)
			abort();
		memcpy(kept[nkept].k_data, p.pkt_data, p.pkt_len);
		kept[nkept++].k_len = p.pkt_len;
		us_gro_add(&gro, 3, &p, read_back);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	memset(&gro, 0, sizeof(gro));
	gro.gr_uso = true;
	nkept = nback = 0;
	while (size > 0) {
		size_t len = data[0] < size - 1 ? data[0] : size - 1;

		offer(data + 1, len);
		data += 1 + len;
		size -= 1 + len;
	}
	us_gro_flush(&gro, read_back);
	fuzz_check(nback == nkept);
	for (size_t i = 0; i < nkept; i++)
		free(kept[i].k_data);
	return 0;
}
