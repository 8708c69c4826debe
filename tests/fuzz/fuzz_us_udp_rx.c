/*
 * libFuzzer harness: a super-datagram read from UDP 4500 with UDP_GRO
 * (us_udp_rx.h) cut into segments. The input is the segment size the
 * kernel reported (two octets, big-endian; 0: none) and the bytes read.
 * The segments must tile the read exactly, in order, each of the segment
 * size but the last (never longer), and none empty; it aborts otherwise.
 */
#include <stdint.h>

#include "dataplane/userspace/us_udp_rx.h"
#include "tests/fuzz/us_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct us_udp_rx r;
	const uint8_t *seg, *at;
	size_t len, gso;

	if (size < 2)
		return 0;
	gso = (size_t)data[0] << 8 | data[1];
	us_udp_rx_init(&r, data + 2, size - 2, gso);
	at = data + 2;
	while (us_udp_rx_next(&r, &seg, &len)) {
		fuzz_check(seg == at && len > 0 && len <= r.ur_seg);
		at += len;
		fuzz_check(len == r.ur_seg || at == data + size);
	}
	fuzz_check(at == data + size);
	return 0;
}
