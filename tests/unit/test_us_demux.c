/* UDP 4500 shared by the userspace dataplane and IKE: real sockets on 127.0.0.1 in a reuseport group. */
#include <arpa/inet.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "dataplane/userspace/us_demux.h"

struct group {
	int g_dataplane, g_ike, g_sender;
	struct sockaddr_in g_addr; /* where both listen */
};

/* IKE's socket as src/ike/ikev2_io_udp.c opens 4500: SO_REUSEPORT, bound after the dataplane's. */
static int ike_socket(const struct sockaddr_in *addr)
{
	int one = 1, fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	assert_true(fd >= 0);
	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)), 0);
	assert_int_equal(bind(fd, (const struct sockaddr *)addr, sizeof(*addr)), 0);
	return fd;
}

static void group_open(struct group *g, int with_ike)
{
	struct sockaddr_in any = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(g->g_addr);

	g->g_dataplane = us_demux_open(&any);
	assert_true(g->g_dataplane >= 0);
	assert_int_equal(getsockname(g->g_dataplane, (struct sockaddr *)&g->g_addr, &len), 0);
	g->g_ike = with_ike ? ike_socket(&g->g_addr) : -1;
	g->g_sender = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(g->g_sender >= 0);
}

static void group_close(struct group *g)
{
	close(g->g_dataplane);
	if (g->g_ike >= 0)
		close(g->g_ike);
	close(g->g_sender);
}

/* Sends len bytes and returns the socket that got them (the other must have nothing). */
static int delivered_to(struct group *g, const void *msg, size_t len)
{
	struct pollfd pfd[2] = {{.fd = g->g_dataplane, .events = POLLIN}, {.fd = g->g_ike, .events = POLLIN}};
	uint8_t buf[64];
	int got = -1;

	assert_int_equal(sendto(g->g_sender, msg, len, 0, (struct sockaddr *)&g->g_addr, sizeof(g->g_addr)),
			 (ssize_t)len);
	assert_int_equal(poll(pfd, g->g_ike >= 0 ? 2 : 1, 1000), 1);
	for (int i = 0; i < 2; i++)
		if (pfd[i].revents & POLLIN) {
			assert_int_equal(recv(pfd[i].fd, buf, sizeof(buf), 0), (ssize_t)len);
			assert_memory_equal(buf, msg, len);
			got = pfd[i].fd;
		}
	return got;
}

static const uint8_t ike_msg[] = {0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0, 0, 0, 0};
static const uint8_t esp_msg[] = {0, 0, 0x11, 0x02, 0, 0, 0, 1, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01, 0x02};
static const uint8_t keepalive[] = {0xff};

static void test_ike_to_ike(void **state)
{
	struct group g;

	(void)state;
	group_open(&g, 1);
	assert_int_equal(delivered_to(&g, ike_msg, sizeof(ike_msg)), g.g_ike);
	group_close(&g);
}

/* Many ESP packets from one source: each to the dataplane, whatever the hash of the flow says. */
static void test_esp_to_dataplane(void **state)
{
	struct group g;

	(void)state;
	group_open(&g, 1);
	for (int i = 0; i < 8; i++)
		assert_int_equal(delivered_to(&g, esp_msg, sizeof(esp_msg)), g.g_dataplane);
	group_close(&g);
}

/* A one-byte NAT keepalive cannot hold the marker: the dataplane counts it. */
static void test_keepalive_to_dataplane(void **state)
{
	struct group g;

	(void)state;
	group_open(&g, 1);
	assert_int_equal(delivered_to(&g, keepalive, sizeof(keepalive)), g.g_dataplane);
	group_close(&g);
}

/* Without IKE's socket the dataplane's takes everything (it drops IKE as unclaimed control traffic). */
static void test_without_ike(void **state)
{
	struct group g;

	(void)state;
	group_open(&g, 0);
	assert_int_equal(delivered_to(&g, ike_msg, sizeof(ike_msg)), g.g_dataplane);
	assert_int_equal(delivered_to(&g, esp_msg, sizeof(esp_msg)), g.g_dataplane);
	group_close(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ike_to_ike),
	    cmocka_unit_test(test_esp_to_dataplane),
	    cmocka_unit_test(test_keepalive_to_dataplane),
	    cmocka_unit_test(test_without_ike),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
