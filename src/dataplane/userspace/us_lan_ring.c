/* Packet rings on a VRF LAN link: AF_PACKET TPACKET_V2 receive rings, one per worker, in a fanout group. */
#include "dataplane/userspace/us_lan_ring.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef PACKET_FANOUT_FLAG_IGNORE_OUTGOING
#define PACKET_FANOUT_FLAG_IGNORE_OUTGOING 0x4000 /* Linux 6.2's UAPI value, for older headers */
#endif

#define US_LAN_RING_BLOCK (64 * 1024)
#define US_LAN_RING_SNAP  0x40000 /* the filter's accept: the whole packet */
/*
 * Room for the copies of long packets (PACKET_COPY_THRESH): the default
 * (rmem_default, about 208 KiB) holds three 64 KiB GRO packets, and the
 * next ones were cut with no copy (TCP retransmitted tens of thousands of
 * segments in bench/dataplane). Forced past rmem_max (CAP_NET_ADMIN).
 */
#define US_LAN_RING_RCVBUF (8 * 1024 * 1024)

/*
 * Untagged IPv4 for this host (unicast to its address, broadcast,
 * multicast): not the frames it sends, not those for other hosts, not a
 * VLAN's (those belong to the VLAN's own link).
 */
static const struct sock_filter us_lan_ring_code[] = {
    {BPF_LD | BPF_H | BPF_ABS, 0, 0, (uint32_t)(SKF_AD_OFF + SKF_AD_PROTOCOL)},
    {BPF_JMP | BPF_JEQ | BPF_K, 0, 5, ETH_P_IP},
    {BPF_LD | BPF_W | BPF_ABS, 0, 0, (uint32_t)(SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT)},
    {BPF_JMP | BPF_JEQ | BPF_K, 0, 3, 0},
    {BPF_LD | BPF_W | BPF_ABS, 0, 0, (uint32_t)(SKF_AD_OFF + SKF_AD_PKTTYPE)},
    {BPF_JMP | BPF_JGE | BPF_K, 1, 0, PACKET_OTHERHOST}, /* OTHERHOST, OUTGOING, LOOPBACK... */
    {BPF_RET | BPF_K, 0, 0, US_LAN_RING_SNAP},
    {BPF_RET | BPF_K, 0, 0, 0},
};

static int us_lan_ring_opt(int fd, int name, int value)
{
	return setsockopt(fd, SOL_PACKET, name, &value, sizeof(value)) < 0 ? -errno : 0;
}

/* The socket's options, its filter and its ring, before it is bound (so that no packet comes before them). */
static int us_lan_ring_setup(int fd)
{
	struct sock_fprog prog = {.len = sizeof(us_lan_ring_code) / sizeof(us_lan_ring_code[0]),
				  .filter = (struct sock_filter *)us_lan_ring_code};
	struct tpacket_req req = {.tp_block_size = US_LAN_RING_BLOCK,
				  .tp_block_nr = US_LAN_RING_BYTES / US_LAN_RING_BLOCK,
				  .tp_frame_size = US_LAN_RING_FRAME,
				  .tp_frame_nr = US_LAN_RING_FRAMES};
	int rc;

	int rcvbuf = US_LAN_RING_RCVBUF;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) < 0)
		return -errno;
	if ((rc = us_lan_ring_opt(fd, PACKET_VERSION, TPACKET_V2)) < 0 ||
	    (rc = us_lan_ring_opt(fd, PACKET_VNET_HDR, 1)) < 0 ||
	    (rc = us_lan_ring_opt(fd, PACKET_COPY_THRESH, 1)) < 0 ||
	    (rc = us_lan_ring_opt(fd, PACKET_IGNORE_OUTGOING, 1)) < 0)
		return rc;
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) < 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof(req)) < 0)
		return -errno;
	return 0;
}

static int us_lan_ring_one(struct us_lan_ring *r, unsigned ifindex)
{
	struct sockaddr_ll sll = {
	    .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL), .sll_ifindex = (int)ifindex};
	void *map;
	int rc;

	*r = (struct us_lan_ring){.lr_fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)};
	if (r->lr_fd < 0)
		return -errno;
	if ((rc = us_lan_ring_setup(r->lr_fd)) < 0)
		return rc;
	map = mmap(NULL, US_LAN_RING_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, r->lr_fd, 0);
	if (map == MAP_FAILED)
		return -errno;
	r->lr_map = map;
	return bind(r->lr_fd, (struct sockaddr *)&sll, sizeof(sll)) < 0 ? -errno : 0;
}

/*
 * Joins the fanout group of the first ring (its id made unique by the
 * kernel), which hashes flows over the rings; outgoing frames left out
 * where the kernel can (Linux 6.2: older ones refuse the flag, and the
 * filter drops them).
 */
static int us_lan_ring_fanout(struct us_lan_ring *rings, size_t n)
{
	int flags = PACKET_FANOUT_FLAG_IGNORE_OUTGOING, id, rc;
	socklen_t len = sizeof(id);

	rc = us_lan_ring_opt(rings[0].lr_fd, PACKET_FANOUT,
			     (PACKET_FANOUT_HASH | flags | PACKET_FANOUT_FLAG_UNIQUEID) << 16);
	if (rc == -EINVAL) {
		flags = 0;
		rc = us_lan_ring_opt(rings[0].lr_fd, PACKET_FANOUT,
				     (PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_UNIQUEID) << 16);
	}
	if (rc < 0)
		return rc;
	if (getsockopt(rings[0].lr_fd, SOL_PACKET, PACKET_FANOUT, &id, &len) < 0)
		return -errno;
	for (size_t i = 1; i < n && rc == 0; i++)
		rc = us_lan_ring_opt(rings[i].lr_fd, PACKET_FANOUT, (id & 0xffff) | (PACKET_FANOUT_HASH | flags) << 16);
	return rc;
}

int us_lan_ring_open(struct us_lan_ring *rings, size_t n, unsigned ifindex)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		rings[i] = (struct us_lan_ring){.lr_fd = -1};
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = us_lan_ring_one(&rings[i], ifindex);
	if (rc == 0 && n > 1)
		rc = us_lan_ring_fanout(rings, n);
	if (rc < 0)
		us_lan_ring_close(rings, n);
	return rc;
}

void us_lan_ring_close(struct us_lan_ring *rings, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (rings[i].lr_map)
			munmap(rings[i].lr_map, US_LAN_RING_BYTES);
		if (rings[i].lr_fd >= 0)
			close(rings[i].lr_fd);
		rings[i] = (struct us_lan_ring){.lr_fd = -1};
	}
}

uint8_t *us_lan_ring_frame(const struct us_lan_ring *r)
{
	uint8_t *frame = r->lr_map + (size_t)r->lr_head * US_LAN_RING_FRAME;
	uint32_t status = __atomic_load_n(&((struct tpacket2_hdr *)(void *)frame)->tp_status, __ATOMIC_ACQUIRE);

	return status & TP_STATUS_USER ? frame : NULL;
}

void us_lan_ring_release(struct us_lan_ring *r)
{
	uint8_t *frame = r->lr_map + (size_t)r->lr_head * US_LAN_RING_FRAME;

	__atomic_store_n(&((struct tpacket2_hdr *)(void *)frame)->tp_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
	r->lr_head = (r->lr_head + 1) % US_LAN_RING_FRAMES;
}

ssize_t us_lan_ring_read_copy(const struct us_lan_ring *r, uint8_t *buf, size_t len)
{
	ssize_t n = recv(r->lr_fd, buf, len, MSG_DONTWAIT | MSG_TRUNC);

	if (n < 0)
		return -errno;
	return (size_t)n > len ? -EMSGSIZE : n;
}

uint64_t us_lan_ring_drops(const struct us_lan_ring *r)
{
	struct tpacket_stats st = {0};
	socklen_t len = sizeof(st);

	return getsockopt(r->lr_fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0 ? st.tp_drops : 0;
}

void us_lan_ring_clear_error(const struct us_lan_ring *r)
{
	int err;
	socklen_t len = sizeof(err);

	getsockopt(r->lr_fd, SOL_SOCKET, SO_ERROR, &err, &len);
}
