/*
 * Sending to the underlay (us_send.h) over loopback: consecutive ESP-in-UDP
 * packets of one flow become one UDP GSO message that arrives as the same
 * datagrams, in order and byte for byte; a shorter one ends a run, a
 * different TTL or destination starts another, and a packet with DF takes
 * the raw socket (absent here: refused and counted, the others still sent).
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/udpencap.h"
#include "dataplane/userspace/us_send.h"
#include "dataplane/userspace/wire.h"

#define ROOM 32
#define NPKT 6

static uint8_t bufs[NPKT][ROOM + 28 + 1400];
static struct pkt pkts[NPKT];
static struct us_send sd;
static struct us_sock so;
static int rx_fd;
static uint16_t rx_port;

/* A UDP socket on 127.0.0.1 and its port. */
static int udp_socket(uint16_t *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &alen) < 0)
		return -1;
	*port = ntohs(a.sin_port);
	return fd;
}

static int setup(void **state)
{
	uint16_t port;

	(void)state;
	so = (struct us_sock){.so_rx = {-1, -1, -1}, .so_tx = -1};
	so.so_rx[US_RX_UDP] = udp_socket(&port);
	us_send_init(&sd, true);
	rx_fd = udp_socket(&rx_port);
	return so.so_rx[US_RX_UDP] < 0 || rx_fd < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	close(so.so_rx[US_RX_UDP]);
	close(rx_fd);
	return 0;
}

/* Packet i: 127.0.0.1:4500 -> 127.0.0.1:rx_port, plen payload bytes of i, the given TTL and flags word. */
static struct pkt *esp_udp(size_t i, size_t plen, uint8_t ttl, uint16_t frag)
{
	struct ip4_fields f = {.if_src.s_addr = htonl(INADDR_LOOPBACK),
			       .if_dst.s_addr = htonl(INADDR_LOOPBACK),
			       .if_proto = IP4_PROTO_UDP,
			       .if_ttl = ttl,
			       .if_frag = frag};
	uint8_t *ip;

	pkt_init(&pkts[i], bufs[i], sizeof(bufs[i]), ROOM);
	ip = pkt_put(&pkts[i], 28 + plen);
	ip4_write(ip, &f, (uint16_t)(28 + plen));
	wire_put16(ip + 20, UDPENCAP_PORT);
	wire_put16(ip + 22, rx_port);
	wire_put16(ip + 24, (uint16_t)(8 + plen));
	wire_put16(ip + 26, 0);
	memset(ip + 28, (int)(0x40 + i), plen);
	return &pkts[i];
}

/* The next datagram received is packet i's payload. */
static void assert_received(size_t i)
{
	uint8_t got[2000];
	ssize_t n = recv(rx_fd, got, sizeof(got), MSG_DONTWAIT);

	assert_int_equal(n, pkts[i].pkt_len - 28);
	assert_memory_equal(got, pkts[i].pkt_data + 28, (size_t)n);
}

static void test_runs_become_gso_datagrams(void **state)
{
	struct in_addr lo = {.s_addr = htonl(INADDR_LOOPBACK)};
	unsigned refused = 0;

	(void)state;
	us_send_queue(&sd, esp_udp(0, 1000, 255, 0), lo);
	us_send_queue(&sd, esp_udp(1, 1000, 255, 0), lo);
	us_send_queue(&sd, esp_udp(2, 600, 255, 0), lo);     /* shorter: joins and ends the run */
	us_send_queue(&sd, esp_udp(3, 600, 255, 0), lo);     /* so this starts the next */
	us_send_queue(&sd, esp_udp(4, 600, 64, 0), lo);	     /* another TTL: another message */
	us_send_queue(&sd, esp_udp(5, 600, 64, IP4_DF), lo); /* DF: the raw socket's */
	assert_int_equal(us_send_queued(&sd), NPKT);
	assert_int_equal(sd.sd_nmsg, 4);
	assert_int_equal(sd.sd_msg[0].msg_hdr.msg_iovlen, 3);
	assert_true(sd.sd_udp[2] && !sd.sd_udp[3]);
	us_send_flush(&sd, &so, &refused);
	assert_int_equal(refused, 1); /* no raw socket here */
	assert_int_equal(us_send_queued(&sd), 0);
	for (size_t i = 0; i < NPKT - 1; i++)
		assert_received(i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_runs_become_gso_datagrams),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
