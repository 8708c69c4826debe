/*
 * A frame of a VRF LAN link's packet ring (us_lan_ring.h). The kernel
 * writes a struct tpacket2_hdr, then (SOCK_RAW with PACKET_VNET_HDR) a
 * virtio-net header right before the Ethernet header, then the frame as
 * received. The forwarding path takes what a TUN read gives (us_gso.h):
 * the virtio-net header right before the IPv4 packet, its checksum offset
 * counted from the IPv4 header. us_lan_frame_parse checks the one and
 * rewrites it into the other in place (the Ethernet header is not needed
 * past the ring: the workers route by IPv4 alone).
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_LAN_FRAME_H
#define FERRY_DATAPLANE_USERSPACE_US_LAN_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/userspace/drop.h"

/* What a frame holds once parsed. */
struct us_lan_frame {
	const uint8_t *lf_pkt; /* the virtio-net header, then the IPv4 packet: us_gso_parse's input */
	size_t lf_len;
	bool lf_copy; /* longer than a ring frame: the kernel queued the whole packet on the socket (TP_STATUS_COPY) */
};

/*
 * Parses the frame of frame_size bytes at frame (its tpacket2_hdr first).
 * DROP_NONE: lf_pkt/lf_len set, or lf_copy; DROP_NO_ROOM: cut short by the
 * ring with no copy queued; DROP_GSO_HEADER: offsets outside the frame, not
 * Ethernet carrying IPv4, or a checksum start before the IPv4 header.
 */
enum us_drop us_lan_frame_parse(uint8_t *frame, size_t frame_size, struct us_lan_frame *f);
/*
 * The same for a packet read whole from the socket (the copy of a long
 * one): buf holds the virtio-net header, then the Ethernet frame, len bytes;
 * rewritten in place like a ring frame.
 */
enum us_drop us_lan_frame_copied(uint8_t *buf, size_t len, struct us_lan_frame *f);

#endif
