/* Packet rings on a VRF LAN link: AF_PACKET TPACKET_V2 receive rings, one per worker, in a fanout group. */
#include "dataplane/userspace/us_lan_ring.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dataplane/userspace/us_bpf.h"

#ifndef PACKET_FANOUT_FLAG_IGNORE_OUTGOING
#define PACKET_FANOUT_FLAG_IGNORE_OUTGOING 0x4000 /* Linux 6.2's UAPI value, for older headers */
#endif

#define US_LAN_RING_BLOCK (64 * 1024)
#define US_LAN_RING_SNAP  0x40000 /* the filter's accept: the whole packet */

/*
 * What the rings take: untagged IPv4 (a VLAN id 0 tag only marks a
 * priority) for this host (unicast to its address, broadcast, multicast),
 * no GSO packet. Not the frames it sends (a fanout group ignores
 * PACKET_IGNORE_OUTGOING, and kernels before 6.2 its own flag), not those
 * for other hosts, not a VLAN's (those belong to the VLAN's own link), and
 * not GSO packets: the tc filter sends those to the VRF's TUN, where the
 * kernel cuts what the TUN does not take (tunnelled GSO, ECN), and they
 * cost a read per 64 KiB there anyway.
 */
static int us_lan_ring_filter(void)
{
	const struct bpf_insn prog[] = {
	    US_BPF_CTX_TO_R6,
	    US_BPF_LOAD(protocol),
	    US_BPF_JUMP(BPF_JNE, (int32_t)htons(ETH_P_IP), 11), /* to 14 */
	    US_BPF_JUMP_IF_VLAN(6),				/* 3 to 7; to 14 */
	    US_BPF_LOAD(pkt_type),
	    US_BPF_JUMP(BPF_JGE, PACKET_OTHERHOST, 4), /* and OUTGOING, LOOPBACK...: to 14 */
	    US_BPF_LOAD(gso_size),
	    US_BPF_JUMP(BPF_JNE, 0, 2), /* to 14 */
	    US_BPF_RETURN(US_LAN_RING_SNAP),
	    US_BPF_RETURN(0), /* 14 */
	};

	return us_bpf_load(BPF_PROG_TYPE_SOCKET_FILTER, prog, sizeof(prog) / sizeof(prog[0]));
}

static int us_lan_ring_opt(int fd, int name, int value)
{
	return setsockopt(fd, SOL_PACKET, name, &value, sizeof(value)) < 0 ? -errno : 0;
}

/* The socket's options, its filter prog and its ring, before it is bound (so that no packet comes before them). */
static int us_lan_ring_setup(int fd, int prog)
{
	struct tpacket_req req = {.tp_block_size = US_LAN_RING_BLOCK,
				  .tp_block_nr = US_LAN_RING_BYTES / US_LAN_RING_BLOCK,
				  .tp_frame_size = US_LAN_RING_FRAME,
				  .tp_frame_nr = US_LAN_RING_FRAMES};
	int rcvbuf = US_LAN_RING_RCVBUF, rc;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) < 0)
		return -errno;
	if ((rc = us_lan_ring_opt(fd, PACKET_VERSION, TPACKET_V2)) < 0 ||
	    (rc = us_lan_ring_opt(fd, PACKET_VNET_HDR, 1)) < 0 ||
	    (rc = us_lan_ring_opt(fd, PACKET_COPY_THRESH, 1)) < 0 ||
	    (rc = us_lan_ring_opt(fd, PACKET_IGNORE_OUTGOING, 1)) < 0)
		return rc;
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_BPF, &prog, sizeof(prog)) < 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof(req)) < 0)
		return -errno;
	return 0;
}

/* 0 when link ifindex carries Ethernet (what us_lan_frame.h reads); -EPROTONOSUPPORT when not. */
static int us_lan_ring_ether(int fd, unsigned ifindex)
{
	struct ifreq ifr = {.ifr_name = ""};

	if (!if_indextoname(ifindex, ifr.ifr_name) || ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
		return -errno;
	return ifr.ifr_hwaddr.sa_family == ARPHRD_ETHER ? 0 : -EPROTONOSUPPORT;
}

static int us_lan_ring_one(struct us_lan_ring *r, unsigned ifindex, int prog)
{
	struct sockaddr_ll sll = {
	    .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL), .sll_ifindex = (int)ifindex};
	void *map;
	int rc;

	*r = (struct us_lan_ring){.lr_fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)};
	if (r->lr_fd < 0)
		return -errno;
	if ((rc = us_lan_ring_ether(r->lr_fd, ifindex)) < 0 || (rc = us_lan_ring_setup(r->lr_fd, prog)) < 0)
		return rc;
	map = mmap(NULL, US_LAN_RING_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, r->lr_fd, 0);
	if (map == MAP_FAILED)
		return -errno;
	r->lr_map = map;
	return bind(r->lr_fd, (struct sockaddr *)&sll, sizeof(sll)) < 0 ? -errno : 0;
}

/*
 * Joins the fanout group of the first ring (its id made unique by the
 * kernel), which hashes flows over the rings, outgoing frames left out
 * (kernels before 6.2 take the flag and ignore it: the filter drops them).
 */
static int us_lan_ring_fanout(struct us_lan_ring *rings, size_t n)
{
	const int mode = PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_IGNORE_OUTGOING;
	int id, rc = us_lan_ring_opt(rings[0].lr_fd, PACKET_FANOUT, (mode | PACKET_FANOUT_FLAG_UNIQUEID) << 16);
	socklen_t len = sizeof(id);

	if (rc < 0)
		return rc;
	if (getsockopt(rings[0].lr_fd, SOL_PACKET, PACKET_FANOUT, &id, &len) < 0)
		return -errno;
	for (size_t i = 1; i < n && rc == 0; i++)
		rc = us_lan_ring_opt(rings[i].lr_fd, PACKET_FANOUT, (id & 0xffff) | mode << 16);
	return rc;
}

int us_lan_ring_open(struct us_lan_ring *rings, size_t n, unsigned ifindex)
{
	int prog = us_lan_ring_filter(), rc = prog;

	for (size_t i = 0; i < n; i++)
		rings[i] = (struct us_lan_ring){.lr_fd = -1};
	for (size_t i = 0; i < n && rc >= 0; i++)
		rc = us_lan_ring_one(&rings[i], ifindex, prog);
	if (rc >= 0 && n > 1)
		rc = us_lan_ring_fanout(rings, n);
	if (prog >= 0)
		close(prog); /* the sockets hold it */
	if (rc < 0)
		us_lan_ring_close(rings, n);
	return rc < 0 ? rc : 0;
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
