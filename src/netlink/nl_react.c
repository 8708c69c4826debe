/*
 * What the rtnetlink monitor does with a notification: compares it with
 * what the configuration sync applied (dp_config) and, when the kernel no
 * longer has it, logs the change as IOS does and re-applies. A notification
 * of a change ferryd made itself finds the kernel as ferryd wants it (the
 * sync's record is already the new one, or the kernel already shows the
 * device back), so it is ignored: nothing loops. A link that went down is
 * re-applied even when it is up again (another agent's quick `down; up`):
 * the down took the routes through it, which the re-apply puts back; the
 * re-apply sets nothing down, so its own notifications are ignored.
 */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/rtnetlink.h>
#include <stdbool.h>
#include <string.h>

#include "core/clock.h"
#include "core/daemon.h"
#include "core/log.h"
#include "core/sync.h"
#include "dataplane/dp_config.h"
#include "dataplane/kernel/kn_parse.h"
#include "interface/iface.h"
#include "netlink/nl_burst.h"
#include "netlink/nl_link.h"
#include "netlink/nl_monitor.h"
#include "rib/fib.h"

/* The kernel shows DEV present and, when it is wanted up, up. */
static bool kernel_agrees(const char *dev, bool want_up)
{
	struct nl_link now;

	return nl_link_get(dev, &now) == 0 && (!want_up || nl_link_up(&now));
}

static unsigned prefix_len(struct in_addr mask)
{
	return (unsigned)__builtin_popcount(mask.s_addr);
}

/* The kernel has address A on its device now. */
static bool address_present(const struct dp_addr *a)
{
	struct ifaddrs *all, *ifa;
	bool found = false;

	if (getifaddrs(&all) < 0)
		return false; /* re-adding is harmless: the add replaces */
	for (ifa = all; ifa && !found; ifa = ifa->ifa_next)
		found = ifa->ifa_addr && ifa->ifa_addr->sa_family == AF_INET && ifa->ifa_netmask &&
			strcmp(ifa->ifa_name, a->da_dev) == 0 &&
			((struct sockaddr_in *)ifa->ifa_addr)->sin_addr.s_addr == a->da_addr.s_addr &&
			prefix_len(((struct sockaddr_in *)ifa->ifa_netmask)->sin_addr) == a->da_plen;
	freeifaddrs(all);
	return found;
}

/* %LINK-3-UPDOWN and %LINEPROTO-5-UPDOWN for an interface, a plain line for a VRF's device. */
static void report(const struct dp_config_dev *want, const char *dev, const char *state)
{
	if (want->dcd_vrf) {
		log_msg(SEV_WARN, "DATAPLANE", "VRFDEV", "VRF %s device %s changed state to %s", want->dcd_ios, dev,
			state);
		return;
	}
	log_msg(SEV_ERR, "LINK", "UPDOWN", "Interface %s, changed state to %s", want->dcd_ios, state);
	log_msg(SEV_NOTICE, "LINEPROTO", "UPDOWN", "Line protocol on Interface %s, changed state to %s", want->dcd_ios,
		state);
}

/* Forgets what was applied on DEV, and the routes the kernel dropped with it, and syncs again. */
static void reapply(struct ferryd *d, const char *dev)
{
	dp_config_invalidate(d, dev);
	fib_forget_device(d, dev);
	sync_run(d);
}

/* A device mapped with -m is back after it was deleted: the sync forgot it then, so
 * nothing is applied on it; a configured interface takes it again. */
static int mapped_returned(struct ferryd *d, const char *dev)
{
	const char *ios = if_map_ios(dev);
	struct dp_config_dev want;

	if (!ios || !if_lookup(d->fd_running, ios))
		return 0;
	reapply(d, dev);
	if (dp_config_device(d, dev, &want) < 0)
		return 0; /* the sync could not take it (logged): the next notification tries again */
	report(&want, dev, "up");
	return 1;
}

/*
 * The device of l's name now is another than l: ferryd made it again since
 * (on the down read before the delete), maybe not yet up (a new dummy's
 * carrier comes a moment after).
 */
static bool remade(const struct nl_link *l)
{
	struct nl_link now;

	return nl_link_get(l->nl_name, &now) == 0 && now.nl_index != l->nl_index;
}

/*
 * Whether a down and up of a link is the kernel's answer to ferryd making it
 * again after an outside delete: a device taken into a VRF once up is cycled
 * (down, up) by the VRF driver, which reads as another agent's quick flap.
 */
#define RECREATE_CYCLE_MS 2000
static bool own_cycle(const struct dp_config_dev *want)
{
	return want->dcd_recreated_ms && clock_ms() - want->dcd_recreated_ms < RECREATE_CYCLE_MS;
}

int nl_monitor_link(struct ferryd *d, const struct nl_link *l, bool deleted, bool went_down)
{
	struct dp_config_dev want;

	if (dp_config_device(d, l->nl_name, &want) < 0)
		return deleted ? 0 : mapped_returned(d, l->nl_name);
	if (!deleted && (!want.dcd_up || !went_down || own_cycle(&want)))
		return 0;
	/* deleted and there again: ferryd re-created it. Down and up again: the down took its routes */
	if (deleted && (kernel_agrees(l->nl_name, want.dcd_up) || remade(l)))
		return 0;
	report(&want, l->nl_name, "down");
	reapply(d, l->nl_name);
	if (deleted || remade(l)) /* the device went (its down may come before its delete): made again */
		dp_config_recreated(d, l->nl_name);
	if (kernel_agrees(l->nl_name, want.dcd_up))
		report(&want, l->nl_name, "up");
	return 1;
}

static int link_changed(struct ferryd *d, const struct nlmsghdr *nlh)
{
	struct nl_link l;

	if (nl_link_parse(nlh, nlh->nlmsg_len, &l) < 0)
		return -1;
	return nl_monitor_link(d, &l, nlh->nlmsg_type == RTM_DELLINK, nl_burst_went_down(nlh, &l));
}

int nl_monitor_addr(struct ferryd *d, const struct dp_addr *a)
{
	struct dp_config_dev want;
	char text[INET_ADDRSTRLEN];

	/* with its device gone the address went too: the device's own notification puts both back;
	 * the address present again is an old notification (of a device since re-created) */
	if (!dp_config_has_addr(d, a) || dp_config_device(d, a->da_dev, &want) < 0 ||
	    !kernel_agrees(a->da_dev, false) || address_present(a))
		return 0;
	inet_ntop(AF_INET, &a->da_addr, text, sizeof(text));
	log_msg(SEV_WARN, "DATAPLANE", "ADDRESS", "address %s/%u removed from %s (%s) outside ferryd, restoring", text,
		a->da_plen, want.dcd_ios, a->da_dev);
	reapply(d, a->da_dev);
	return 1;
}

static int addr_removed(struct ferryd *d, const struct nlmsghdr *nlh)
{
	struct dp_addr a;
	/* any address: kernels before 6.3 do not say which are ferryd's; dp_config knows */
	int rc = kn_parse_ifaddr(nlh, false, &a);

	return rc <= 0 ? rc : nl_monitor_addr(d, &a);
}

int nl_monitor_handle(struct ferryd *d, const struct nlmsghdr *nlh)
{
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		return link_changed(d, nlh);
	case RTM_DELADDR:
		return addr_removed(d, nlh);
	default:
		return 0;
	}
}
