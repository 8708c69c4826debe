/* The Internet checksum (RFC 1071) and its incremental update (RFC 1624). */
#ifndef FERRY_DATAPLANE_USERSPACE_CSUM_H
#define FERRY_DATAPLANE_USERSPACE_CSUM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Adds buf's 16-bit big-endian words to a running one's complement sum
 * (start with 0). An odd last byte counts as its word's high byte, so only
 * the last buffer of a chain may have an odd length.
 */
uint32_t inet_csum_add(uint32_t sum, const uint8_t *buf, size_t len);
/* The checksum field's value for a running sum: the folded sum, complemented. */
uint16_t inet_csum_fold(uint32_t sum);
/* The checksum of one buffer; over data that carries its own correct checksum it is 0. */
uint16_t inet_csum(const uint8_t *buf, size_t len);
/* The checksum after one 16-bit word covered by it changed from old to new (RFC 1624 eqn. 3). */
uint16_t inet_csum_update16(uint16_t csum, uint16_t old, uint16_t new);

#endif
