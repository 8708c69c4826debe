/* The LAN watcher (us_lanwatch.h): its list, its thread, the deletion of a local route. */
#include "dataplane/userspace/us_lanwatch.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "dataplane/kernel/kn_mark.h"

/* A route request for dst/plen through ifindex in table; the caller sets the type, scope and flags. */
static struct nlmsghdr *us_lanwatch_route_msg(char *buf, uint16_t type, uint32_t table, struct in_addr dst,
					      uint8_t plen, uint32_t ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));

	nlh->nlmsg_type = type;
	*rtm = (struct rtmsg){.rtm_family = AF_INET, .rtm_dst_len = plen, .rtm_table = RT_TABLE_UNSPEC};
	mnl_attr_put_u32(nlh, RTA_TABLE, table);
	mnl_attr_put(nlh, RTA_DST, sizeof(dst), &dst);
	mnl_attr_put_u32(nlh, RTA_OIF, ifindex);
	return nlh;
}

int us_lanwatch_unlocal(struct kn_sock *s, uint32_t ifindex, struct in_addr addr)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = us_lanwatch_route_msg(buf, RTM_DELROUTE, RT_TABLE_LOCAL, addr, 32, ifindex);
	struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	int rc;

	rtm->rtm_type = RTN_LOCAL;
	rtm->rtm_scope = RT_SCOPE_NOWHERE;
	rc = kn_sock_ask(s, nlh, NLM_F_ACK, NULL, NULL);
	return rc == -ESRCH ? 0 : rc;
}

int us_lanwatch_subnet(struct kn_sock *s, const struct us_lanwatch_addr *la)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct in_addr net = {.s_addr = la->la_addr.s_addr & (la->la_plen ? htonl(~0u << (32 - la->la_plen)) : 0)};
	struct nlmsghdr *nlh = us_lanwatch_route_msg(buf, RTM_NEWROUTE, la->la_table, net, la->la_plen, la->la_ifindex);
	struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);

	/* as the kernel backend installed it (kn_route.c): its sweep and deletes find it */
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_scope = RT_SCOPE_LINK;
	rtm->rtm_protocol = RTPROT_FERRY;
	return kn_sock_ask(s, nlh, NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, NULL, NULL);
}

/* The index of the entry for ifindex and addr, or lw_n; lw_lock held. */
static size_t us_lanwatch_find(const struct us_lanwatch *w, uint32_t ifindex, struct in_addr addr)
{
	size_t i = 0;

	while (i < w->lw_n && (w->lw_addrs[i].la_ifindex != ifindex || w->lw_addrs[i].la_addr.s_addr != addr.s_addr))
		i++;
	return i;
}

int us_lanwatch_add(struct us_lanwatch *w, const struct us_lanwatch_addr *la)
{
	struct us_lanwatch_addr *grown;
	size_t at;
	int rc = 0;

	pthread_mutex_lock(&w->lw_lock);
	at = us_lanwatch_find(w, la->la_ifindex, la->la_addr);
	if (at == w->lw_n && w->lw_n == w->lw_cap) {
		grown = realloc(w->lw_addrs, (w->lw_cap ? 2 * w->lw_cap : 8) * sizeof(*grown));
		w->lw_cap = grown ? (w->lw_cap ? 2 * w->lw_cap : 8) : w->lw_cap;
		w->lw_addrs = grown ? grown : w->lw_addrs;
	}
	if (at < w->lw_cap) {
		w->lw_addrs[at] = *la;
		w->lw_n += at == w->lw_n;
	} else {
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

/* The local route of a watched address goes again, and its LAN's subnet route comes back. */
static void us_lanwatch_fix(struct us_lanwatch *w, const struct us_lanwatch_addr *watched)
{
	if (us_lanwatch_unlocal(&w->lw_req, watched->la_ifindex, watched->la_addr) == 0)
		atomic_fetch_add(&w->lw_removed, 1);
	if (watched->la_plen < 32 && us_lanwatch_subnet(&w->lw_req, watched) == 0)
		atomic_fetch_add(&w->lw_restored, 1);
}

/* A notification of a local route: fixed when its address is watched. */
static void us_lanwatch_route(void *arg, const struct us_lanwatch_addr *found)
{
	struct us_lanwatch *w = arg;
	struct us_lanwatch_addr watched;
	size_t at;
	bool known;

	pthread_mutex_lock(&w->lw_lock);
	at = us_lanwatch_find(w, found->la_ifindex, found->la_addr);
	known = at < w->lw_n;
	if (known)
		watched = w->lw_addrs[at];
	pthread_mutex_unlock(&w->lw_lock);
	if (known)
		us_lanwatch_fix(w, &watched);
}

/* Notifications were lost (the socket overran): every watched address is fixed. */
static void us_lanwatch_sweep(struct us_lanwatch *w)
{
	pthread_mutex_lock(&w->lw_lock);
	for (size_t i = 0; i < w->lw_n; i++)
		us_lanwatch_fix(w, &w->lw_addrs[i]);
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
