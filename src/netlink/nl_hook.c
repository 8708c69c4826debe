/*
 * The hooks other parts register with the rtnetlink monitor (nl_monitor.h).
 * One list for the process: the part that registers (a dataplane backend)
 * does not know which monitor runs, ferryd's or a test program's. Control
 * thread only.
 */
#include "netlink/nl_hook.h"

#include <stddef.h>

#include "netlink/nl_monitor.h"

static struct nl_monitor_hook *nl_hooks;

void nl_monitor_hook_add(struct nl_monitor_hook *h)
{
	h->nh_next = nl_hooks;
	nl_hooks = h;
}

void nl_monitor_hook_del(struct nl_monitor_hook *h)
{
	struct nl_monitor_hook **at = &nl_hooks;

	while (*at && *at != h)
		at = &(*at)->nh_next;
	if (*at)
		*at = h->nh_next;
}

unsigned nl_hook_groups(void)
{
	unsigned groups = 0;

	for (const struct nl_monitor_hook *h = nl_hooks; h; h = h->nh_next)
		if (h->nh_group >= 1 && h->nh_group <= 32) /* bind's mask holds the first 32 */
			groups |= 1u << (h->nh_group - 1);
	return groups;
}

int nl_hook_notify(const struct nlmsghdr *nlh)
{
	int rc = 0;

	for (const struct nl_monitor_hook *h = nl_hooks; h; h = h->nh_next)
		if (h->nh_notified(h->nh_arg, nlh) < 0)
			rc = -1;
	return rc;
}

void nl_hook_lost(void)
{
	for (const struct nl_monitor_hook *h = nl_hooks; h; h = h->nh_next)
		h->nh_lost(h->nh_arg);
}
