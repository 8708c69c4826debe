/* The Internet checksum: RFC 1071 computation, RFC 1624 incremental update. */
#include "dataplane/userspace/csum.h"

#include <arpa/inet.h>
#include <string.h>

/* Folds the carries of a one's complement sum back into 16 bits. */
static uint32_t fold16(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint32_t)sum;
}

/*
 * Sums buf as native-order 32-bit words into a 64-bit accumulator, which
 * cannot overflow for any buffer that fits in memory; RFC 1071 2(B) makes
 * the byte order a swap of the folded result, done once by the caller.
 */
static uint64_t sum_native(const uint8_t *buf, size_t len)
{
	uint64_t acc = 0;
	uint32_t w[4];
	size_t i = 0;

	for (; i + sizeof(w) <= len; i += sizeof(w)) {
		memcpy(w, buf + i, sizeof(w)); /* unaligned loads the compiler turns into plain moves */
		acc += (uint64_t)w[0] + w[1] + w[2] + w[3];
	}
	for (; i + sizeof(w[0]) <= len; i += sizeof(w[0])) {
		memcpy(w, buf + i, sizeof(w[0]));
		acc += w[0];
	}
	if (len - i >= 2) {
		uint16_t half;

		memcpy(&half, buf + i, sizeof(half));
		acc += half;
		i += 2;
	}
	if (i < len) {
		uint8_t last[2] = {buf[i], 0}; /* the odd byte is its word's first, as on the wire */
		uint16_t half;

		memcpy(&half, last, sizeof(half));
		acc += half;
	}
	return acc;
}

uint32_t inet_csum_add(uint32_t sum, const uint8_t *buf, size_t len)
{
	return fold16((uint64_t)sum + ntohs((uint16_t)fold16(sum_native(buf, len))));
}

uint16_t inet_csum_fold(uint32_t sum)
{
	return (uint16_t)~fold16(sum);
}

uint16_t inet_csum(const uint8_t *buf, size_t len)
{
	return inet_csum_fold(inet_csum_add(0, buf, len));
}

uint16_t inet_csum_update16(uint16_t csum, uint16_t old, uint16_t new)
{
	/* HC' = ~(~HC + ~m + m'): avoids the -0 that eqn. 2 can produce. */
	uint32_t sum = (uint16_t)~csum + (uint32_t)(uint16_t)~old + new;

	return inet_csum_fold(sum);
}
