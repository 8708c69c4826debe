/*
 * Why the userspace dataplane dropped a packet. Every codec returns one of
 * these (DROP_NONE: the packet goes on); the caller counts them per reason
 * and shows them by name. Some are not errors of the packet but duties of
 * the caller: DROP_IP4_TTL_EXPIRED and DROP_MPLS_TTL_EXPIRED ask for an
 * ICMP time exceeded, DROP_ESP_UNKNOWN_SPI for an INVALID_SPI notify.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_DROP_H
#define FERRY_DATAPLANE_USERSPACE_DROP_H

/* One line per reason: the enum value and its name in counters and show output. */
#define US_DROPS(X)                                                                                                    \
	X(DROP_NONE, "none")                                                                                           \
	X(DROP_NO_ROOM, "no-room")                                                                                     \
	X(DROP_IP4_TRUNCATED, "ip4-truncated")                                                                         \
	X(DROP_IP4_VERSION, "ip4-version")                                                                             \
	X(DROP_IP4_HEADER_LEN, "ip4-header-length")                                                                    \
	X(DROP_IP4_TOTAL_LEN, "ip4-total-length")                                                                      \
	X(DROP_IP4_CHECKSUM, "ip4-checksum")                                                                           \
	X(DROP_IP4_TTL_EXPIRED, "ip4-ttl-expired")                                                                     \
	X(DROP_IP4_FRAGMENT, "ip4-fragment")                                                                           \
	X(DROP_IP4_PROTOCOL, "ip4-protocol")                                                                           \
	X(DROP_ICMP_SUPPRESSED, "icmp-suppressed")                                                                     \
	X(DROP_UDP_TRUNCATED, "udp-truncated")                                                                         \
	X(DROP_UDP_LENGTH, "udp-length")                                                                               \
	X(DROP_ESP_TRUNCATED, "esp-truncated")                                                                         \
	X(DROP_ESP_LENGTH, "esp-length")                                                                               \
	X(DROP_ESP_UNKNOWN_SPI, "esp-unknown-spi")                                                                     \
	X(DROP_ESP_ICV, "esp-icv")                                                                                     \
	X(DROP_ESP_REPLAY, "esp-replay")                                                                               \
	X(DROP_ESP_PADDING, "esp-padding")                                                                             \
	X(DROP_ESP_NEXT_HEADER, "esp-next-header")                                                                     \
	X(DROP_ESP_DUMMY, "esp-dummy")                                                                                 \
	X(DROP_ESP_SEQ_EXHAUSTED, "esp-seq-exhausted")                                                                 \
	X(DROP_ESP_CRYPTO, "esp-crypto")                                                                               \
	X(DROP_GRE_TRUNCATED, "gre-truncated")                                                                         \
	X(DROP_GRE_VERSION, "gre-version")                                                                             \
	X(DROP_GRE_RESERVED, "gre-reserved")                                                                           \
	X(DROP_GRE_CHECKSUM, "gre-checksum")                                                                           \
	X(DROP_GRE_PROTOCOL, "gre-protocol")                                                                           \
	X(DROP_MPLS_TRUNCATED, "mpls-truncated")                                                                       \
	X(DROP_MPLS_STACK_DEPTH, "mpls-stack-depth")                                                                   \
	X(DROP_MPLS_TTL_EXPIRED, "mpls-ttl-expired")                                                                   \
	X(DROP_GSO_HEADER, "gso-header")

#define US_DROP_ENUM(name, text) name,
enum us_drop { US_DROPS(US_DROP_ENUM) DROP__COUNT };
#undef US_DROP_ENUM

/* The reason's name ("esp-replay"); "unknown" outside the enum. */
const char *us_drop_name(enum us_drop reason);

#endif
