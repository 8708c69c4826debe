/* Super-datagrams read from UDP 4500 with UDP_GRO, cut back into the datagrams the peer sent. */
#include "dataplane/userspace/us_udp_rx.h"

#include <errno.h>
#include <netinet/udp.h>
#include <string.h>
#include <sys/socket.h>

#ifndef UDP_GRO
#define UDP_GRO 104 /* Linux 5.0's UAPI value, for older headers */
#endif

void us_udp_rx_init(struct us_udp_rx *r, const uint8_t *buf, size_t len, size_t seg)
{
	*r = (struct us_udp_rx){.ur_buf = buf, .ur_len = len, .ur_seg = seg && seg < len ? seg : len};
}

bool us_udp_rx_next(struct us_udp_rx *r, const uint8_t **seg, size_t *len)
{
	size_t left = r->ur_len - r->ur_off;

	if (left == 0 || r->ur_seg == 0)
		return false;
	*seg = r->ur_buf + r->ur_off;
	*len = left < r->ur_seg ? left : r->ur_seg;
	r->ur_off += *len;
	return true;
}

/* The segment size (0: none given) from a read's control messages; the destination address into r. */
static size_t us_udp_rx_cmsgs(struct msghdr *mh, struct us_udp_rx *r)
{
	size_t seg = 0;

	for (struct cmsghdr *cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
		if (cm->cmsg_level == SOL_UDP && cm->cmsg_type == UDP_GRO && cm->cmsg_len >= CMSG_LEN(sizeof(int))) {
			int size;

			memcpy(&size, CMSG_DATA(cm), sizeof(size));
			seg = size > 0 ? (size_t)size : 0;
		} else if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO &&
			   cm->cmsg_len >= CMSG_LEN(sizeof(struct in_pktinfo))) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			r->ur_dst = pi.ipi_addr;
			r->ur_has_dst = true;
		}
	}
	return seg;
}

int us_udp_rx_read(int fd, uint8_t *buf, size_t size, struct us_udp_rx *r)
{
	union {
		char c[CMSG_SPACE(sizeof(struct in_pktinfo)) + CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct us_udp_rx got = {0};
	struct iovec iov = {.iov_base = buf, .iov_len = size};
	struct msghdr mh = {.msg_name = &got.ur_from,
			    .msg_namelen = sizeof(got.ur_from),
			    .msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = ctl.c,
			    .msg_controllen = sizeof(ctl.c)};
	ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);
	size_t seg;

	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
	seg = us_udp_rx_cmsgs(&mh, &got);
	us_udp_rx_init(r, buf, (size_t)n, seg);
	r->ur_from = got.ur_from;
	r->ur_dst = got.ur_dst;
	r->ur_has_dst = got.ur_has_dst;
	r->ur_truncated = (mh.msg_flags & MSG_TRUNC) != 0;
	return 1;
}
