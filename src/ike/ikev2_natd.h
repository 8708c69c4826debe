/* NAT detection (RFC 7296 §2.23): the NAT_DETECTION_*_IP notify data. */
#ifndef FERRY_IKE_IKEV2_NATD_H
#define FERRY_IKE_IKEV2_NATD_H

#include <stdint.h>
#include <sys/socket.h>

#define IKEV2_NATD_LEN 20

/* SHA-1(SPIi | SPIr | IP address | port) of a sockaddr_in or sockaddr_in6; -1 for another family. */
int ikev2_natd_hash(uint64_t spi_i, uint64_t spi_r, const struct sockaddr *addr, uint8_t out[IKEV2_NATD_LEN]);

#endif
