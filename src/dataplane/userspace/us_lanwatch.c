/* The LAN watcher (us_lanwatch.h): its list, its thread, the deletion of a local route. */
#include "dataplane/userspace/us_lanwatch.h"

#include <errno.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

int us_lanwatch_unlocal(struct kn_sock *s, uint32_t ifindex, struct in_addr addr)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	int rc;

	nlh->nlmsg_type = RTM_DELROUTE;
	*rtm = (struct rtmsg){.rtm_family = AF_INET,
			      .rtm_dst_len = 32,
			      .rtm_table = RT_TABLE_LOCAL,
			      .rtm_type = RTN_LOCAL,
			      .rtm_scope = RT_SCOPE_NOWHERE};
	mnl_attr_put(nlh, RTA_DST, sizeof(addr), &addr);
	mnl_attr_put_u32(nlh, RTA_OIF, ifindex);
	rc = kn_sock_ask(s, nlh, NLM_F_ACK, NULL, NULL);
	return rc == -ESRCH ? 0 : rc;
}

/* The index of the entry for ifindex and addr, or lw_n; lw_lock held. */
static size_t us_lanwatch_find(const struct us_lanwatch *w, uint32_t ifindex, struct in_addr addr)
{
	size_t i = 0;

	while (i < w->lw_n && (w->lw_addrs[i].la_ifindex != ifindex || w->lw_addrs[i].la_addr.s_addr != addr.s_addr))
		i++;
	return i;
}

int us_lanwatch_add(struct us_lanwatch *w, uint32_t ifindex, struct in_addr addr)
{
	struct us_lanwatch_addr *grown;
	int rc = 0;

	pthread_mutex_lock(&w->lw_lock);
	if (us_lanwatch_find(w, ifindex, addr) == w->lw_n) {
		if (w->lw_n == w->lw_cap) {
			grown = realloc(w->lw_addrs, (w->lw_cap ? 2 * w->lw_cap : 8) * sizeof(*grown));
			w->lw_cap = grown ? (w->lw_cap ? 2 * w->lw_cap : 8) : w->lw_cap;
			w->lw_addrs = grown ? grown : w->lw_addrs;
		}
		if (w->lw_n < w->lw_cap)
			w->lw_addrs[w->lw_n++] = (struct us_lanwatch_addr){.la_ifindex = ifindex, .la_addr = addr};
		else
			rc = -ENOMEM;
	}
	pthread_mutex_unlock(&w->lw_lock);
	return rc;
}

void us_lanwatch_del(struct us_lanwatch *w, uint32_t ifindex, struct in_addr addr)
{
	size_t i;

	pthread_mutex_lock(&w->lw_lock);
	i = us_lanwatch_find(w, ifindex, addr);
	if (i < w->lw_n)
		w->lw_addrs[i] = w->lw_addrs[--w->lw_n];
	pthread_mutex_unlock(&w->lw_lock);
}

/* A notification: the local route of a watched address goes again. */
static void us_lanwatch_route(void *arg, const struct us_lanwatch_addr *found)
{
	struct us_lanwatch *w = arg;
	bool watched;

	pthread_mutex_lock(&w->lw_lock);
	watched = us_lanwatch_find(w, found->la_ifindex, found->la_addr) < w->lw_n;
	pthread_mutex_unlock(&w->lw_lock);
	if (watched && us_lanwatch_unlocal(&w->lw_req, found->la_ifindex, found->la_addr) == 0)
		atomic_fetch_add(&w->lw_removed, 1);
}

/* Notifications were lost (the socket overran): every watched address's local route goes. */
static void us_lanwatch_sweep(struct us_lanwatch *w)
{
	pthread_mutex_lock(&w->lw_lock);
	for (size_t i = 0; i < w->lw_n; i++)
		us_lanwatch_unlocal(&w->lw_req, w->lw_addrs[i].la_ifindex, w->lw_addrs[i].la_addr);
	pthread_mutex_unlock(&w->lw_lock);
}

/* One datagram; only the kernel's are read (root could send others: they must not steer the deletions). */
static ssize_t us_lanwatch_recv(struct us_lanwatch *w, int fd)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(4)));
	struct sockaddr_nl from = {.nl_pid = 1};
	socklen_t fromlen = sizeof(from);
	ssize_t n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &fromlen);

	if (n > 0 && from.nl_pid == 0)
		us_lanwatch_read(buf, (size_t)n, us_lanwatch_route, w);
	return n;
}

static void *us_lanwatch_main(void *arg)
{
	struct us_lanwatch *w = arg;
	struct pollfd fds[2] = {{.fd = mnl_socket_get_fd(w->lw_nl), .events = POLLIN},
				{.fd = w->lw_wake, .events = POLLIN}};
	ssize_t n;

	for (;;) {
		fds[0].revents = fds[1].revents = 0;
		if ((poll(fds, 2, -1) < 0 && errno != EINTR) || fds[1].revents)
			return NULL;
		while ((n = us_lanwatch_recv(w, fds[0].fd)) > 0)
			;
		if (n < 0 && errno == ENOBUFS)
			us_lanwatch_sweep(w);
	}
}

/* The notification socket, the request socket and the stop eventfd; 0 or -errno. */
static int us_lanwatch_open(struct us_lanwatch *w)
{
	int rc;

	w->lw_wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	w->lw_nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (w->lw_wake < 0 || !w->lw_nl ||
	    mnl_socket_bind(w->lw_nl, 1u << (RTNLGRP_IPV4_ROUTE - 1), MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	rc = kn_sock_open(&w->lw_req, NETLINK_ROUTE);
	return rc < 0 ? rc : 0;
}

static void us_lanwatch_close(struct us_lanwatch *w)
{
	if (w->lw_nl)
		mnl_socket_close(w->lw_nl);
	if (w->lw_wake >= 0)
		close(w->lw_wake);
	kn_sock_close(&w->lw_req);
	free(w->lw_addrs);
	pthread_mutex_destroy(&w->lw_lock);
	*w = (struct us_lanwatch){.lw_wake = -1};
}

int us_lanwatch_start(struct us_lanwatch *w)
{
	int rc;

	*w = (struct us_lanwatch){.lw_wake = -1};
	pthread_mutex_init(&w->lw_lock, NULL);
	if ((rc = us_lanwatch_open(w)) < 0 || (rc = -pthread_create(&w->lw_thread, NULL, us_lanwatch_main, w)) < 0) {
		us_lanwatch_close(w);
		return rc;
	}
	w->lw_started = true;
	return 0;
}

void us_lanwatch_stop(struct us_lanwatch *w)
{
	uint64_t one = 1;

	if (!w->lw_started)
		return;
	while (write(w->lw_wake, &one, sizeof(one)) < 0 && errno == EINTR)
		;
	pthread_join(w->lw_thread, NULL);
	us_lanwatch_close(w);
}
