/* The Internet checksum: RFC 1071 computation, RFC 1624 incremental update. */
#include "dataplane/userspace/csum.h"

#include "dataplane/userspace/wire.h"

/* Folds the carries of a one's complement sum back into 16 bits. */
static uint32_t fold16(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint32_t)sum;
}

uint32_t inet_csum_add(uint32_t sum, const uint8_t *buf, size_t len)
{
	uint64_t acc = sum;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		acc += wire_get16(buf + i);
	if (i < len)
		acc += (uint32_t)buf[i] << 8;
	return fold16(acc);
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
