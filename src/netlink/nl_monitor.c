/* The rtnetlink monitor's socket on the main loop (what it does with a message: nl_react.c). */
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
#include "netlink/nl_monitor.h"

struct nl_monitor {
	struct ferryd *nm_d;
	struct mnl_socket *nm_nl;
	struct loop_watch *nm_watch;
	unsigned long nm_malformed; /* notifications dropped as malformed */
};

static int on_message(const struct nlmsghdr *nlh, void *arg)
{
	struct nl_monitor *m = arg;

	if (nl_monitor_handle(m->nm_d, nlh) < 0 && m->nm_malformed++ == 0)
		log_msg(SEV_WARN, "NETLINK", "MONITOR", "malformed notification (type %u) dropped", nlh->nlmsg_type);
	return MNL_CB_OK;
}

static void on_readable(void *arg, uint32_t events)
{
	struct nl_monitor *m = arg;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	ssize_t n;

	(void)events;
	while ((n = recv(mnl_socket_get_fd(m->nm_nl), buf, sizeof(buf), MSG_DONTWAIT)) > 0)
		/* notifications carry sequence 0 and port 0: libmnl checks neither then */
		mnl_cb_run(buf, (size_t)n, 0, 0, on_message, m);
	if (n < 0 && errno == ENOBUFS)
		log_msg(SEV_WARN, "NETLINK", "MONITOR", "notifications lost (receive buffer full)");
}

struct nl_monitor *nl_monitor_start(struct ferryd *d)
{
	struct nl_monitor *m = calloc(1, sizeof(*m));

	if (!m)
		goto fail;
	m->nm_d = d;
	if (!(m->nm_nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC)) ||
	    mnl_socket_bind(m->nm_nl, RTMGRP_LINK | RTMGRP_IPV4_IFADDR, MNL_SOCKET_AUTOPID) < 0 ||
	    !(m->nm_watch = loop_watch_fd(d->fd_loop, mnl_socket_get_fd(m->nm_nl), EPOLLIN, on_readable, m)))
		goto fail;
	return m;
fail:
	log_msg(SEV_ERR, "NETLINK", "MONITOR", "cannot follow kernel link changes: %s", strerror(errno));
	nl_monitor_stop(m);
	return NULL;
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
