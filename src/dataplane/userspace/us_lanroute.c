/* The watched VRF LAN addresses (us_lanroute.h): their list, and the monitor hook that fixes their routes. */
#include "dataplane/userspace/us_lanroute.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "netlink/nl_local.h"

/* The index of the entry for ifindex and addr, or lr_n. */
static size_t us_lanroute_find(const struct us_lanroute *r, uint32_t ifindex, struct in_addr addr)
{
	size_t i = 0;

	while (i < r->lr_n && (r->lr_addrs[i].la_ifindex != ifindex || r->lr_addrs[i].la_addr.s_addr != addr.s_addr))
		i++;
	return i;
}

int us_lanroute_add(struct us_lanroute *r, const struct us_lanroute_addr *la)
{
	size_t at = us_lanroute_find(r, la->la_ifindex, la->la_addr);

	if (at == r->lr_n && r->lr_n == r->lr_cap) {
		size_t cap = r->lr_cap ? 2 * r->lr_cap : 8;
		struct us_lanroute_addr *grown = realloc(r->lr_addrs, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		r->lr_addrs = grown;
		r->lr_cap = cap;
	}
	r->lr_addrs[at] = *la;
	r->lr_n += at == r->lr_n;
	return 0;
}

void us_lanroute_del(struct us_lanroute *r, uint32_t ifindex, struct in_addr addr)
{
	size_t i = us_lanroute_find(r, ifindex, addr);

	if (i < r->lr_n)
		r->lr_addrs[i] = r->lr_addrs[--r->lr_n];
}

/* The local route of a watched address goes again, and its LAN's subnet route comes back (a failure is
 * logged: the next announcement, or the next apply, tries again). */
static void us_lanroute_fix(struct us_lanroute *r, const struct us_lanroute_addr *watched)
{
	int rc = us_lanroute_unlocal(r->lr_req, watched->la_ifindex, watched->la_addr);

	if (rc == 0 && watched->la_plen < 32)
		rc = us_lanroute_subnet(r->lr_req, watched);
	if (rc < 0)
		log_msg(SEV_WARN, "DATAPLANE", "USERSPACE", "LAN address %s (ifindex %u): routes not restored: %s",
			inet_ntoa(watched->la_addr), watched->la_ifindex, strerror(-rc));
}

/* A notification of a local route: fixed when its address is watched. */
static int us_lanroute_notified(void *arg, const struct nlmsghdr *nlh)
{
	struct us_lanroute *r = arg;
	struct nl_local found;
	int rc = nl_local_parse(nlh, &found);
	size_t at;

	if (rc <= 0)
		return rc;
	at = us_lanroute_find(r, found.lo_ifindex, found.lo_addr);
	if (at < r->lr_n)
		us_lanroute_fix(r, &r->lr_addrs[at]);
	return 0;
}

/* Notifications were lost: every watched address is fixed. */
static void us_lanroute_lost(void *arg)
{
	struct us_lanroute *r = arg;

	for (size_t i = 0; i < r->lr_n; i++)
		us_lanroute_fix(r, &r->lr_addrs[i]);
}

void us_lanroute_start(struct us_lanroute *r, struct kn_sock *req)
{
	*r = (struct us_lanroute){.lr_req = req};
	r->lr_hook = (struct nl_monitor_hook){.nh_group = RTNLGRP_IPV4_ROUTE,
					      .nh_notified = us_lanroute_notified,
					      .nh_lost = us_lanroute_lost,
					      .nh_arg = r};
	nl_monitor_hook_add(&r->lr_hook);
}

void us_lanroute_stop(struct us_lanroute *r)
{
	nl_monitor_hook_del(&r->lr_hook);
	free(r->lr_addrs);
	*r = (struct us_lanroute){.lr_req = NULL};
}
