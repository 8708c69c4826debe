/*
 * Packets a VRF's TUN hands over with offloads on (IFF_VNET_HDR,
 * TUN_F_CSUM | TUN_F_TSO4): each read starts with a virtio-net header, and
 * a TCP packet may be a TSO super-packet of up to 64 KiB that the kernel
 * forwarded without cutting it, or carry only its pseudo-header checksum.
 * Here such a packet becomes the IPv4 packets the wire would have carried
 * (RFC 793 segments: sequence numbers, FIN/PSH on the last, CWR on the first,
 * IPv4 ids counting up, both checksums whole), one at a time, so that the
 * forwarding decision sees ordinary packets. One read instead of dozens:
 * that is what the offload buys. Where the kernel has UDP segmentation
 * (TUN_F_USO4, Linux 6.2), a UDP GSO packet is cut the same way into
 * datagrams of gso_size bytes, IPv4 ids counting up, UDP checksums whole.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_GSO_H
#define FERRY_DATAPLANE_USERSPACE_US_GSO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/virtio_net.h>

#include "dataplane/userspace/drop.h"

#define US_VNET_HDR_LEN 10 /* struct virtio_net_hdr, the TUN's default size */
#ifndef VIRTIO_NET_HDR_GSO_UDP_L4
#define VIRTIO_NET_HDR_GSO_UDP_L4 5 /* Linux 6.2's UAPI value, for older headers */
#endif

/* A packet read from the TUN, checked. */
struct us_gso {
	const uint8_t *g_pkt; /* the IPv4 packet after the virtio-net header */
	size_t g_len;
	size_t g_hlen;	   /* GSO: the IPv4 and TCP or UDP headers every segment repeats */
	uint16_t g_mss;	   /* GSO: payload bytes a segment; 0: one packet as it is */
	bool g_udp;	   /* GSO: UDP datagrams rather than TCP segments */
	size_t g_nseg;	   /* packets it makes */
	bool g_needs_csum; /* its transport checksum holds only the pseudo-header's sum */
	uint16_t g_csum_start, g_csum_offset;
};

/* Reads the virtio-net header in front of len bytes and checks what it asks for. */
enum us_drop us_gso_parse(const uint8_t *buf, size_t len, struct us_gso *g);
/* The largest packet us_gso_segment writes for g. */
size_t us_gso_max(const struct us_gso *g);
/* Writes packet k (< g_nseg) into out (us_gso_max bytes): an IPv4 packet with whole checksums; its length. */
size_t us_gso_segment(const struct us_gso *g, size_t k, uint8_t *out);
/* The one's complement sum of the pseudo-header of a UDP datagram of udp_len bytes in the IPv4 packet ip. */
uint32_t us_gso_udp_pseudo_sum(const uint8_t *ip, size_t udp_len);

#endif
