/* Opening the underlay sockets of the userspace dataplane. */
#include "dataplane/userspace/us_sock.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dataplane/userspace/udpencap.h"
#include "dataplane/userspace/us_demux.h"

#ifndef UDP_GRO
#define UDP_GRO 104 /* Linux 5.0's UAPI value, for older headers */
#endif

#define US_SOCK_BUF (4 << 20) /* room for bursts while a worker is busy: 4 MiB each way */

/* Raises a buffer beyond the sysctl limit when allowed (root), else to the limit. */
static void us_sock_buffers(int fd)
{
	int size = US_SOCK_BUF;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
}

/*
 * What the UDP 4500 socket sends goes without DF, as the packets it takes
 * (us_send.h): the kernel may fragment. Whether it may send UDP GSO: a
 * kernel without UDP_SEGMENT refuses the option (segment size 0 sets none).
 */
static int us_sock_udp_sender(struct us_sock *s)
{
	int fd = s->so_rx[US_RX_UDP], pmtu = IP_PMTUDISC_DONT, none = 0;

	if (setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &pmtu, sizeof(pmtu)) < 0)
		return -errno;
	s->so_udp_gso = setsockopt(fd, IPPROTO_UDP, UDP_SEGMENT, &none, sizeof(none)) == 0;
	return 0;
}

/* A peer's UDP GSO datagram stays whole up to the read: one read, not one per ESP packet. Older kernels refuse. */
static void us_sock_udp_gro(struct us_sock *s)
{
	int on = 1;

	s->so_udp_gro = setsockopt(s->so_rx[US_RX_UDP], IPPROTO_UDP, UDP_GRO, &on, sizeof(on)) == 0;
}

static int us_sock_raw(int proto)
{
	int fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);

	return fd < 0 ? -errno : fd;
}

static int us_sock_fail(struct us_sock *s, char *err, size_t errlen, const char *what, int rc)
{
	snprintf(err, errlen, "%s: %s", what, strerror(-rc));
	us_sock_close(s);
	return -1;
}

int us_sock_open(struct us_sock *s, char *err, size_t errlen)
{
	static const struct {
		int rp_proto;
		const char *rp_what;
	} raws[US_RX__COUNT] = {
	    [US_RX_ESP] = {IPPROTO_ESP, "raw ESP socket"}, [US_RX_GRE] = {IPPROTO_GRE, "raw GRE socket"}};
	struct sockaddr_in natt = {.sin_family = AF_INET, .sin_port = htons(UDPENCAP_PORT)};
	int rc;

	*s = (struct us_sock){.so_rx = {-1, -1, -1}, .so_tx = -1};
	if ((rc = s->so_rx[US_RX_UDP] = us_demux_open(&natt)) < 0)
		return us_sock_fail(s, err, errlen, "UDP port 4500", rc);
	for (int i = US_RX_ESP; i < US_RX__COUNT; i++)
		if ((rc = s->so_rx[i] = us_sock_raw(raws[i].rp_proto)) < 0)
			return us_sock_fail(s, err, errlen, raws[i].rp_what, rc);
	if ((rc = s->so_tx = us_sock_raw(IPPROTO_RAW)) < 0)
		return us_sock_fail(s, err, errlen, "raw sending socket", rc);
	for (int i = 0; i < US_RX__COUNT; i++)
		us_sock_buffers(s->so_rx[i]);
	us_sock_buffers(s->so_tx);
	if ((rc = us_sock_udp_sender(s)) < 0)
		return us_sock_fail(s, err, errlen, "UDP port 4500 as a sender", rc);
	us_sock_udp_gro(s);
	return 0;
}

void us_sock_close(struct us_sock *s)
{
	for (int i = 0; i < US_RX__COUNT; i++) {
		if (s->so_rx[i] >= 0)
			close(s->so_rx[i]);
		s->so_rx[i] = -1;
	}
	if (s->so_tx >= 0)
		close(s->so_tx);
	s->so_tx = -1;
}
