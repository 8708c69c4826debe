/* Coalescing one read's link notifications per link (nl_burst.h). */
#include "netlink/nl_burst.h"

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "netlink/nl_hook.h"
#include "netlink/nl_monitor.h"
#include "netlink/nl_read.h"

struct nl_burst_pass {
	struct ferryd *bp_d;
	struct nl_burst *bp_burst;
};

bool nl_burst_went_down(const struct nlmsghdr *nlh, const struct nl_link *l)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh); /* nl_link_parse checked its length */

	/* ~0u: a device registering (created, or moved in), down until its creator sets it up */
	return nlh->nlmsg_type == RTM_NEWLINK && ifi->ifi_change != ~0u && (ifi->ifi_change & IFF_UP) && !nl_link_up(l);
}

int nl_burst_add(struct nl_burst *burst, const struct nlmsghdr *nlh)
{
	struct nl_burst_link *at = burst->nb_links;
	struct nl_link l;

	if (nl_link_parse(nlh, nlh->nlmsg_len, &l) < 0)
		return -1;
	while (at < burst->nb_links + burst->nb_n && at->bl_link.nl_index != l.nl_index)
		at++;
	if (at == burst->nb_links + burst->nb_n) {
		if (burst->nb_n == NL_BURST_LINKS)
			return 1;
		*at = (struct nl_burst_link){.bl_deleted = false};
		burst->nb_n++;
	}
	at->bl_link = l;
	at->bl_deleted |= nlh->nlmsg_type == RTM_DELLINK;
	at->bl_down |= nl_burst_went_down(nlh, &l);
	return 0;
}

size_t nl_burst_react(struct ferryd *d, struct nl_burst *burst)
{
	size_t reapplied = 0;

	for (size_t i = 0; i < burst->nb_n; i++) {
		const struct nl_burst_link *bl = &burst->nb_links[i];

		reapplied += nl_monitor_link(d, &bl->bl_link, bl->bl_deleted, bl->bl_down) == 1;
	}
	burst->nb_n = 0;
	return reapplied;
}

/* One notification: the hooks' (without d), or ferryd's (a link's waits for the end of the read). */
static int nl_burst_take(void *arg, const struct nlmsghdr *nlh)
{
	struct nl_burst_pass *p = arg;
	int taken;

	if (!p->bp_d)
		return nl_hook_notify(nlh);
	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return nl_monitor_handle(p->bp_d, nlh) < 0 ? -1 : 0;
	if ((taken = nl_burst_add(p->bp_burst, nlh)) == 1) {
		nl_burst_react(p->bp_d, p->bp_burst);
		taken = nl_burst_add(p->bp_burst, nlh);
	}
	return taken < 0 ? -1 : 0;
}

size_t nl_burst_read(struct ferryd *d, struct nl_burst *burst, const void *buf, size_t len)
{
	struct nl_burst_pass p = {.bp_d = d, .bp_burst = burst};

	return nl_read_each(buf, len, nl_burst_take, &p);
}
