/* The IKE sockets: UDP 500 and 4500 on the main loop. */
#include "ike/ikev2_io_udp.h"

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "ike/ikev2_const.h"
#include "ike/ikev2_frag.h"

#define NON_ESP_MARKER_LEN 4
#define UDP_MAX		   65535

static const uint16_t ports[2] = {IKEV2_UDP_PORT, IKEV2_NATT_PORT};

/* The destination address of a received datagram, from its IP_PKTINFO. */
static void pktinfo_dst(struct msghdr *mh, struct sockaddr_in *to)
{
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm))
		if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			to->sin_addr = pi.ipi_addr;
		}
}

static void rx_one(struct ikev2_udp *u, int which)
{
	static uint8_t buf[UDP_MAX];
	union {
		char c[CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} ctl;
	struct sockaddr_in from, to = {.sin_family = AF_INET, .sin_port = htons(ports[which])};
	struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf)};
	struct msghdr mh = {.msg_name = &from,
			    .msg_namelen = sizeof(from),
			    .msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = ctl.c,
			    .msg_controllen = sizeof(ctl.c)};
	ssize_t n = recvmsg(u->u_fd[which], &mh, MSG_DONTWAIT);
	size_t skip = which ? NON_ESP_MARKER_LEN : 0;

	if (n < 0)
		return;
	pktinfo_dst(&mh, &to);
	/* On 4500 an IKE message follows four zero octets; anything else is ESP (not ours to handle here). */
	if ((size_t)n < skip + IKEV2_HDR_LEN || (skip && memcmp(buf, "\0\0\0\0", NON_ESP_MARKER_LEN) != 0)) {
		u->u_drops++;
		return;
	}
	u->u_rx(u->u_arg, buf + skip, (size_t)n - skip, &from, &to, which == 1);
}

static void rx500(void *arg, uint32_t events)
{
	(void)events;
	rx_one(arg, 0);
}

static void rx4500(void *arg, uint32_t events)
{
	(void)events;
	rx_one(arg, 1);
}

static int open_port(uint16_t port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	int one = 1, fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    /* 4500 is shared with the userspace dataplane, which steers ESP to itself (dataplane/userspace/us_demux.h). */
	    (port == IKEV2_NATT_PORT && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) < 0) ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int ikev2_udp_open(struct ikev2_udp *u, struct loop *l, ikev2_udp_rx_fn *rx, void *arg)
{
	loop_fd_fn *fns[2] = {rx500, rx4500};

	*u = (struct ikev2_udp){.u_fd = {-1, -1}, .u_rx = rx, .u_arg = arg};
	for (int i = 0; i < 2; i++) {
		u->u_fd[i] = open_port(ports[i]);
		if (u->u_fd[i] < 0 || !(u->u_watch[i] = loop_watch_fd(l, u->u_fd[i], EPOLLIN, fns[i], u))) {
			ikev2_udp_close(u);
			return -1;
		}
	}
	return 0;
}

static int udp_send_one(struct ikev2_udp *u, const struct sockaddr_in *local, const struct sockaddr_in *remote,
			const uint8_t *msg, size_t len)
{
	int which = ntohs(local->sin_port) == IKEV2_NATT_PORT;
	uint8_t marker[NON_ESP_MARKER_LEN] = {0};
	struct iovec iov[2] = {{.iov_base = marker, .iov_len = which ? sizeof(marker) : 0},
			       {.iov_base = (void *)msg, .iov_len = len}};
	union {
		char c[CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} ctl = {0};
	struct msghdr mh = {.msg_name = (void *)remote,
			    .msg_namelen = sizeof(*remote),
			    .msg_iov = iov,
			    .msg_iovlen = 2,
			    .msg_control = ctl.c,
			    .msg_controllen = sizeof(ctl.c)};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	struct in_pktinfo pi = {.ipi_spec_dst = local->sin_addr};

	cm->cmsg_level = IPPROTO_IP;
	cm->cmsg_type = IP_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	return sendmsg(u->u_fd[which], &mh, MSG_DONTWAIT) < 0 ? -1 : 0;
}

int ikev2_udp_send(struct ikev2_udp *u, const struct sockaddr_in *local, const struct sockaddr_in *remote,
		   const uint8_t *msg, size_t len)
{
	const uint8_t *one;
	size_t off = 0, one_len;

	/* A fragmented message is a train of IKE messages (ikev2_frag.h): one datagram each. */
	while (ikev2_train_next(msg, len, &off, &one, &one_len) > 0)
		if (udp_send_one(u, local, remote, one, one_len) < 0)
			return -1;
	return 0;
}

void ikev2_udp_close(struct ikev2_udp *u)
{
	for (int i = 0; i < 2; i++) {
		loop_unwatch(u->u_watch[i]);
		if (u->u_fd[i] >= 0)
			close(u->u_fd[i]);
		u->u_watch[i] = NULL;
		u->u_fd[i] = -1;
	}
}

int ikev2_udp_source_for(struct in_addr dst, struct in_addr *src)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(IKEV2_UDP_PORT), .sin_addr = dst};
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc = -1;

	/* Connecting a UDP socket sends nothing: the kernel only picks the route and the source. */
	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &alen) == 0) {
		*src = a.sin_addr;
		rc = 0;
	}
	if (fd >= 0)
		close(fd);
	return rc;
}
