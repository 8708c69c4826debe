/* Big-endian (network order) loads and stores at any alignment, for the wire codecs. */
#ifndef FERRY_DATAPLANE_USERSPACE_WIRE_H
#define FERRY_DATAPLANE_USERSPACE_WIRE_H

#include <stdint.h>

static inline uint16_t wire_get16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static inline uint32_t wire_get32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static inline void wire_put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static inline void wire_put32(uint8_t *b, uint32_t v)
{
	wire_put16(b, (uint16_t)(v >> 16));
	wire_put16(b + 2, (uint16_t)v);
}

static inline void wire_put64(uint8_t *b, uint64_t v)
{
	wire_put32(b, (uint32_t)(v >> 32));
	wire_put32(b + 4, (uint32_t)v);
}

#endif
