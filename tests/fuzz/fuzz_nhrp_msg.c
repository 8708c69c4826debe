/*
 * libFuzzer harness: the input is one NHRP packet (the GRE payload), taken
 * as it is and again with ar$pktsz and ar$chksum made right (so that
 * mutations reach past the checksum). Whatever decodes is encoded again; that encoding must decode, and encode
 * to the same bytes: the decoder keeps everything the encoder needs and the
 * encoder writes nothing the decoder would read differently. A crash, a
 * sanitizer report or an abort() here is a bug.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/csum.h"
#include "nhrp/nhrp_msg.h"

#define OUT_MAX 65536

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t encode_or_abort(const struct nhrp_msg *m, uint8_t *out)
{
	struct nhrp_err err;
	ssize_t len = nhrp_msg_encode(m, out, OUT_MAX, &err);

	if (len < 0) {
		fprintf(stderr, "nhrp: a decoded packet does not encode: %s\n", err.ne_what);
		abort();
	}
	return (size_t)len;
}

static void round_trip(const uint8_t *data, size_t size)
{
	static uint8_t first[OUT_MAX], second[OUT_MAX];
	struct nhrp_msg m, back;
	struct nhrp_err err;
	size_t len1, len2;

	if (nhrp_msg_decode(data, size, &m, &err) < 0)
		return;
	len1 = encode_or_abort(&m, first);
	if (nhrp_msg_decode(first, len1, &back, &err) < 0) {
		fprintf(stderr, "nhrp: an encoded packet does not decode: %s at %u\n", err.ne_what, err.ne_offset);
		abort();
	}
	len2 = encode_or_abort(&back, second);
	if (len1 != len2 || memcmp(first, second, len1) != 0) {
		fprintf(stderr, "nhrp: decode and encode again changed the packet\n");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t fixed[OUT_MAX];
	uint16_t sum;

	round_trip(data, size);
	if (size < NHRP_FIXED_LEN || size > UINT16_MAX)
		return 0;
	memcpy(fixed, data, size);
	fixed[10] = (uint8_t)(size >> 8); /* ar$pktsz */
	fixed[11] = (uint8_t)size;
	fixed[12] = fixed[13] = 0;
	sum = inet_csum(fixed, size);
	fixed[12] = (uint8_t)(sum >> 8);
	fixed[13] = (uint8_t)sum;
	round_trip(fixed, size);
	return 0;
}
