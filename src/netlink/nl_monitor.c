/* The rtnetlink monitor's socket, on ferryd's loop or waited on (what it does with a read: nl_burst.c). */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "core/daemon.h"
#include "core/log.h"
#include "core/loop.h"
#include "netlink/nl_burst.h"
#include "netlink/nl_hook.h"
#include "netlink/nl_monitor.h"

enum { NL_MONITOR_RCVBUF = 4 << 20 };

struct nl_monitor {
	struct ferryd *nm_d; /* NULL: the hooks only */
	struct mnl_socket *nm_nl;
	struct loop_watch *nm_watch;
	unsigned long nm_malformed; /* notifications dropped as malformed */
};

/* One datagram; only the kernel's are read (root could send others: they must not steer the reactions). */
static ssize_t nl_monitor_recv(struct nl_monitor *m, struct nl_burst *burst)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(4)));
	struct sockaddr_nl from = {.nl_pid = 1};
	socklen_t fromlen = sizeof(from);
	ssize_t n =
	    recvfrom(mnl_socket_get_fd(m->nm_nl), buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &fromlen);
	size_t dropped;

	if (n <= 0 || from.nl_pid != 0)
		return n;
	dropped = nl_burst_read(m->nm_d, burst, buf, (size_t)n);
	if (dropped && !m->nm_malformed) /* the first: a kernel that sends them sends many */
		log_msg(SEV_WARN, "NETLINK", "MONITOR", "malformed notification dropped");
	m->nm_malformed += dropped;
	return n;
}

/* Everything waiting, then one reaction per link. */
static void nl_monitor_drain(struct nl_monitor *m)
{
	struct nl_burst burst = {.nb_n = 0};
	ssize_t n;

	while ((n = nl_monitor_recv(m, &burst)) > 0)
		;
	if (n < 0 && errno == ENOBUFS) {
		log_msg(SEV_WARN, "NETLINK", "MONITOR", "notifications lost (receive buffer full)");
		nl_hook_lost();
	}
	if (m->nm_d)
		nl_burst_react(m->nm_d, &burst);
}

static void on_readable(void *arg, uint32_t events)
{
	(void)events;
	nl_monitor_drain(arg);
}

int nl_monitor_wait(struct nl_monitor *m, const sigset_t *mask)
{
	struct pollfd pfd = {.fd = mnl_socket_get_fd(m->nm_nl), .events = POLLIN};

	if (ppoll(&pfd, 1, NULL, mask) < 0)
		return errno == EINTR ? 0 : -1;
	nl_monitor_drain(m);
	return 0;
}

/* The socket, subscribed to ferryd's groups (with d) and the hooks'; NULL (logged) on failure. */
static struct nl_monitor *nl_monitor_open_for(struct ferryd *d)
{
	unsigned groups = nl_hook_groups() | (d ? RTMGRP_LINK | RTMGRP_IPV4_IFADDR : 0);
	struct nl_monitor *m = calloc(1, sizeof(*m));

	if (!m)
		goto fail;
	m->nm_d = d;
	if (!(m->nm_nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC)) ||
	    mnl_socket_bind(m->nm_nl, groups, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	/* a hook's route notifications come by the thousand when the FIB installs: room for them, so that
	 * a link's is not lost among them (without the privilege, the default size: losses are logged) */
	if (groups & RTMGRP_IPV4_ROUTE)
		setsockopt(mnl_socket_get_fd(m->nm_nl), SOL_SOCKET, SO_RCVBUFFORCE, &(int){NL_MONITOR_RCVBUF},
			   sizeof(int));
	return m;
fail:
	log_msg(SEV_ERR, "NETLINK", "MONITOR", "cannot follow kernel link changes: %s", strerror(errno));
	nl_monitor_stop(m);
	return NULL;
}

struct nl_monitor *nl_monitor_open(void)
{
	return nl_monitor_open_for(NULL);
}

struct nl_monitor *nl_monitor_start(struct ferryd *d)
{
	struct nl_monitor *m = nl_monitor_open_for(d);

	if (m && !(m->nm_watch = loop_watch_fd(d->fd_loop, mnl_socket_get_fd(m->nm_nl), EPOLLIN, on_readable, m))) {
		log_msg(SEV_ERR, "NETLINK", "MONITOR", "cannot follow kernel link changes: %s", strerror(errno));
		nl_monitor_stop(m);
		return NULL;
	}
	return m;
}

void nl_monitor_stop(struct nl_monitor *m)
{
	if (!m)
		return;
	loop_unwatch(m->nm_watch);
	if (m->nm_nl)
		mnl_socket_close(m->nm_nl);
	free(m);
}
