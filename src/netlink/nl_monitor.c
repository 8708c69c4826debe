/* The rtnetlink monitor's sockets, on ferryd's loop or polled (what it does with a read: nl_burst.c). */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
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

/* Room for a sync's worth of notifications, read only when it returns (without the privilege, the
 * default size: losses are logged and caught up). */
enum { NL_MONITOR_RCVBUF = 4 << 20 };

enum nl_monitor_which { NM_LINKS, NM_HOOKS };

/* One of the monitor's sockets: ferryd's groups, or the hooks'. */
struct nl_monitor_sock {
	struct nl_monitor *ms_monitor;
	struct mnl_socket *ms_nl; /* NULL: not open (nobody reads its groups) */
	struct loop_watch *ms_watch;
	enum nl_monitor_which ms_which;
};

struct nl_monitor {
	struct ferryd *nm_d; /* NULL: the hooks only */
	/* ferryd's (links, addresses) apart from the hooks' (routes by the thousand while the FIB
	 * installs): a route flood overrunning its socket costs no link or address notification */
	struct nl_monitor_sock nm_socks[NL_MONITOR_FDS];
	unsigned long nm_malformed; /* notifications dropped as malformed */
};

static void nl_monitor_count(struct nl_monitor *m, size_t dropped)
{
	if (dropped && !m->nm_malformed) /* the first: a kernel that sends them sends many */
		log_msg(SEV_WARN, "NETLINK", "MONITOR", "malformed notification dropped");
	m->nm_malformed += dropped;
}

/* Everything waiting on s into burst (ferryd's) or to the hooks; true when the socket overran meanwhile. */
static bool nl_monitor_read(struct nl_monitor_sock *s, struct nl_burst *burst)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(4)));
	struct ferryd *d = s->ms_which == NM_LINKS ? s->ms_monitor->nm_d : NULL;
	bool overran = false;

	for (;;) {
		struct sockaddr_nl from = {.nl_pid = 1};
		socklen_t fromlen = sizeof(from);
		ssize_t n = recvfrom(mnl_socket_get_fd(s->ms_nl), buf, sizeof(buf), MSG_DONTWAIT,
				     (struct sockaddr *)&from, &fromlen);

		if (n < 0 && errno == ENOBUFS) /* reported once; what was queued still follows */
			overran = true;
		else if (n <= 0)
			return overran;
		else if (from.nl_pid == 0) /* only the kernel's: root could send others, not to steer the reactions */
			nl_monitor_count(s->ms_monitor, nl_burst_read(d, burst, buf, (size_t)n));
	}
}

/* Reads s, then one reaction per link; after an overrun, catches up on what was lost. */
static void nl_monitor_drain(struct nl_monitor_sock *s)
{
	struct nl_burst burst = {.nb_n = 0};
	bool overran = nl_monitor_read(s, &burst);

	if (overran)
		log_msg(SEV_WARN, "NETLINK", "MONITOR", "%s notifications lost (receive buffer full), catching up",
			s->ms_which == NM_LINKS ? "link and address" : "hooks'");
	if (s->ms_which == NM_HOOKS) {
		if (overran)
			nl_hook_lost();
		return;
	}
	nl_burst_react(s->ms_monitor->nm_d, &burst);
	if (overran)
		nl_monitor_recheck(s->ms_monitor->nm_d);
}

static void on_readable(void *arg, uint32_t events)
{
	(void)events;
	nl_monitor_drain(arg);
}

size_t nl_monitor_pollfds(const struct nl_monitor *m, struct pollfd *pfd)
{
	size_t n = 0;

	for (size_t i = 0; i < NL_MONITOR_FDS; i++)
		if (m->nm_socks[i].ms_nl)
			pfd[n++] = (struct pollfd){.fd = mnl_socket_get_fd(m->nm_socks[i].ms_nl), .events = POLLIN};
	return n;
}

void nl_monitor_polled(struct nl_monitor *m, const struct pollfd *pfd)
{
	size_t n = 0;

	for (size_t i = 0; i < NL_MONITOR_FDS; i++)
		if (m->nm_socks[i].ms_nl && pfd[n++].revents)
			nl_monitor_drain(&m->nm_socks[i]);
}

int nl_monitor_wait(struct nl_monitor *m, const sigset_t *mask)
{
	struct pollfd pfd[NL_MONITOR_FDS];

	if (ppoll(pfd, nl_monitor_pollfds(m, pfd), NULL, mask) < 0)
		return errno == EINTR ? 0 : -1;
	nl_monitor_polled(m, pfd);
	return 0;
}

/* Socket which, subscribed to groups; -1 on failure. */
static int nl_monitor_sock_open(struct nl_monitor *m, enum nl_monitor_which which, unsigned groups)
{
	struct nl_monitor_sock *s = &m->nm_socks[which];

	*s = (struct nl_monitor_sock){.ms_monitor = m, .ms_which = which};
	if (!(s->ms_nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC)) ||
	    mnl_socket_bind(s->ms_nl, groups, MNL_SOCKET_AUTOPID) < 0)
		return -1;
	setsockopt(mnl_socket_get_fd(s->ms_nl), SOL_SOCKET, SO_RCVBUFFORCE, &(int){NL_MONITOR_RCVBUF}, sizeof(int));
	return 0;
}

/* The sockets: ferryd's groups (with d) and, when a hook is registered, the hooks'. */
static struct nl_monitor *nl_monitor_open_for(struct ferryd *d)
{
	unsigned hook_groups = nl_hook_groups();
	struct nl_monitor *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->nm_d = d;
	if ((d && nl_monitor_sock_open(m, NM_LINKS, RTMGRP_LINK | RTMGRP_IPV4_IFADDR) < 0) ||
	    (hook_groups && nl_monitor_sock_open(m, NM_HOOKS, hook_groups) < 0)) {
		nl_monitor_stop(m);
		return NULL;
	}
	return m;
}

/* Once, whichever step failed: what goes unwatched. */
static void nl_monitor_warn(int err)
{
	log_msg(SEV_WARN, "NETLINK", "MONITOR",
		"rtnetlink monitor not running (%s): links and addresses changed outside ferryd are not "
		"restored%s",
		strerror(err), nl_hook_groups() ? ", and the dataplane's notification hooks do not run" : "");
}

struct nl_monitor *nl_monitor_open(void)
{
	struct nl_monitor *m = nl_monitor_open_for(NULL);

	if (!m)
		nl_monitor_warn(errno);
	return m;
}

struct nl_monitor *nl_monitor_start(struct ferryd *d)
{
	struct nl_monitor *m = nl_monitor_open_for(d);

	for (size_t i = 0; m && i < NL_MONITOR_FDS; i++) {
		struct nl_monitor_sock *s = &m->nm_socks[i];

		if (s->ms_nl &&
		    !(s->ms_watch = loop_watch_fd(d->fd_loop, mnl_socket_get_fd(s->ms_nl), EPOLLIN, on_readable, s))) {
			nl_monitor_stop(m);
			m = NULL;
		}
	}
	if (!m)
		nl_monitor_warn(errno);
	return m;
}

void nl_monitor_stop(struct nl_monitor *m)
{
	int saved = errno; /* the caller reports why it stops */

	if (!m)
		return;
	for (size_t i = 0; i < NL_MONITOR_FDS; i++) {
		loop_unwatch(m->nm_socks[i].ms_watch);
		if (m->nm_socks[i].ms_nl)
			mnl_socket_close(m->nm_socks[i].ms_nl);
	}
	free(m);
	errno = saved;
}
