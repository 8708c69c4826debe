/* NAT detection hashes (RFC 7296 §2.23). */
#include <netinet/in.h>
#include <string.h>

#include <openssl/evp.h>

#include "ike/ikev2_natd.h"

int ikev2_natd_hash(uint64_t spi_i, uint64_t spi_r, const struct sockaddr *addr, uint8_t out[IKEV2_NATD_LEN])
{
	uint8_t buf[8 + 8 + 16 + 2];
	size_t len = 16;

	for (int i = 0; i < 8; i++) {
		buf[i] = (uint8_t)(spi_i >> (56 - 8 * i));
		buf[8 + i] = (uint8_t)(spi_r >> (56 - 8 * i));
	}
	if (addr->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)addr;
		memcpy(buf + len, &sin->sin_addr, 4);
		memcpy(buf + len + 4, &sin->sin_port, 2); /* both already in network order */
		len += 6;
	} else if (addr->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)addr;
		memcpy(buf + len, &sin6->sin6_addr, 16);
		memcpy(buf + len + 16, &sin6->sin6_port, 2);
		len += 18;
	} else {
		return -1;
	}
	return EVP_Digest(buf, len, out, NULL, EVP_sha1(), NULL) ? 0 : -1;
}
