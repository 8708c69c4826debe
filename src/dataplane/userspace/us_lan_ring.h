/*
 * A VRF LAN link read through packet rings instead of its VRF's TUN: one
 * AF_PACKET socket per worker (TPACKET_V2 receive ring, virtio-net headers,
 * classic BPF taking untagged IPv4 for this host only), joined in a fanout
 * group that keeps a flow on one worker, as the TUN's queues did. The
 * kernel copies each datagram into the ring as it receives it and the
 * worker takes what has arrived with no system call: a TUN cost a read
 * per datagram (a third of the sending router's time in bench/dataplane).
 * A frame longer than a ring frame (a jumbo frame) is cut in the ring and
 * queued whole on the socket (PACKET_COPY_THRESH), read with recv when its
 * frame comes up. GSO packets (a NIC's GRO, a local sender's TSO over veth)
 * are left to the VRF's TUN: the kernel cuts there what the TUN cannot take.
 * The tc filter on the link's ingress (us_redirect.h) drops what the rings
 * took, so that the kernel's stack never routes it. Ethernet links only
 * (the frames are read as Ethernet); others keep the TUN.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_LAN_RING_H
#define FERRY_DATAPLANE_USERSPACE_US_LAN_RING_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define US_LAN_RING_FRAME 2048 /* an Ethernet frame up to 1972 bytes fits, after the ring's and virtio-net headers */
#define US_LAN_RING_FRAMES                                                                                             \
	1024 /* per worker: what arrives while it is busy elsewhere (256 lost three times the UDP of 1024) */
#define US_LAN_RING_BYTES ((size_t)US_LAN_RING_FRAME * US_LAN_RING_FRAMES) /* 2 MiB of the kernel's memory, pinned */
/* The socket's room for copies of frames longer than a ring frame (jumbo frames; GSO packets go by the TUN). */
#define US_LAN_RING_RCVBUF (512 * 1024)
/* What one ring may hold of the kernel's memory: the ring, and the copies (the kernel doubles SO_RCVBUF). */
#define US_LAN_RING_COST (US_LAN_RING_BYTES + 2 * (size_t)US_LAN_RING_RCVBUF)

/* One worker's ring on a LAN link. */
struct us_lan_ring {
	int lr_fd; /* -1: none */
	uint8_t *lr_map;
	unsigned lr_head; /* the next frame the worker looks at */
};

/*
 * Opens rings[0..n) on link ifindex, in one fanout group when n > 1;
 * 0, or -errno with none left open.
 */
int us_lan_ring_open(struct us_lan_ring *rings, size_t n, unsigned ifindex);
/* Closes what us_lan_ring_open opened (lr_fd -1: skipped). */
void us_lan_ring_close(struct us_lan_ring *rings, size_t n);
/* The frame at the ring's head once the kernel has filled it (its tpacket2_hdr first); NULL when none. */
uint8_t *us_lan_ring_frame(const struct us_lan_ring *r);
/* Hands the head frame back to the kernel and moves to the next. */
void us_lan_ring_release(struct us_lan_ring *r);
/* Reads the whole copy of a packet too long for its frame (virtio-net header, then the frame); length or -errno. */
ssize_t us_lan_ring_read_copy(const struct us_lan_ring *r, uint8_t *buf, size_t len);
/* The packets the kernel dropped since the last call, its ring full (PACKET_STATISTICS clears on read). */
uint64_t us_lan_ring_drops(const struct us_lan_ring *r);
/* Takes the socket's pending error (the link went down): poll reports it until taken. */
void us_lan_ring_clear_error(const struct us_lan_ring *r);

#endif
