/*
 * libFuzzer harness: the input is a VRF LAN ring's frame of its own size
 * (tpacket2_hdr first, as the kernel writes it) and, the same bytes, a packet
 * read whole from the socket (virtio-net header, Ethernet). Each parser gets
 * a writable copy sitting at the end of its own buffer (it rewrites in place;
 * ASan catches reads past it). It aborts when what it accepts does not lie
 * inside the input, when it changed more than the virtio-net header in front
 * of the IPv4 packet, or when a refusal leaves a packet set. An accepted
 * packet goes on as a TUN read would: through us_gso, every packet it makes
 * written into a buffer of exactly us_gso_max bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/us_gso.h"
#include "dataplane/userspace/us_lan_frame.h"
#include "tests/fuzz/us_fuzz.h"

typedef enum us_drop us_lan_parser(uint8_t *buf, size_t len, struct us_lan_frame *f);

/* Cuts what a frame gave as us_io cuts a TUN read. */
static void cut(const struct us_lan_frame *f)
{
	struct us_gso g;
	uint8_t *out;

	if (us_gso_parse(f->lf_pkt, f->lf_len, &g) != DROP_NONE)
		return;
	out = malloc(us_gso_max(&g));
	if (!out)
		abort();
	for (size_t k = 0; k < g.g_nseg; k++)
		fuzz_check(us_gso_segment(&g, k, out) <= us_gso_max(&g));
	free(out);
}

/* f's packet within buf's size bytes; past its virtio-net header, the input's bytes unchanged. */
static void check_inside(const struct us_lan_frame *f, const uint8_t *buf, const uint8_t *data, size_t size)
{
	size_t off;

	fuzz_check(f->lf_pkt >= buf && f->lf_pkt <= buf + size);
	off = (size_t)(f->lf_pkt - buf);
	fuzz_check(f->lf_len >= US_VNET_HDR_LEN && f->lf_len <= size && off <= size - f->lf_len);
	fuzz_check(memcmp(f->lf_pkt + US_VNET_HDR_LEN, data + off + US_VNET_HDR_LEN, f->lf_len - US_VNET_HDR_LEN) == 0);
}

static void run(us_lan_parser *parse, const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);
	struct us_lan_frame f;

	if (!buf)
		abort();
	memcpy(buf, data, size);
	if (parse(buf, size, &f) == DROP_NONE && !f.lf_copy) {
		check_inside(&f, buf, data, size);
		cut(&f);
	} else {
		fuzz_check(f.lf_pkt == NULL);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(us_lan_frame_parse, data, size);
	run(us_lan_frame_copied, data, size);
	return 0;
}
