/*
 * The notifications of one read of the monitor's socket. Link
 * notifications are coalesced per link and reacted to once the socket is
 * drained, judged by the link's current state: a quick `down; up` by
 * another agent arrives as two notifications (or the down alone, the up
 * in the next read), and reacting to each in turn took the down for the
 * link's state or, the link being up again, ignored it as old although the
 * down had taken the link's routes.
 * Only a real change counts as a down: one whose notification says
 * IFF_UP changed (ifi_change) and finds the link down. A device announces
 * itself down when it registers (ifi_change ~0u: every device ferryd
 * creates, a hub's Virtual-Access each) and the kernel's operational-state
 * notifications (ifi_change 0, carrier) change no flag it was asked to:
 * neither took the link's routes, and taking the registration for a flap
 * re-applied and synced everything once per link ferryd created, logging
 * a false down and up.
 */
#ifndef FERRY_NETLINK_NL_BURST_H
#define FERRY_NETLINK_NL_BURST_H

#include <stdbool.h>
#include <stddef.h>

#include "netlink/nl_link.h"

struct ferryd;

#define NL_BURST_LINKS 32 /* links coalesced before the burst reacts early */

struct nl_burst_link {
	struct nl_link bl_link; /* the latest notification's */
	bool bl_deleted;	/* some notification deleted it */
	bool bl_down;		/* some notification had it down */
};

struct nl_burst {
	struct nl_burst_link nb_links[NL_BURST_LINKS];
	size_t nb_n;
};

/*
 * One read's len bytes at buf: without d (the hooks' socket), each
 * notification to the registered hooks; with d (ferryd's socket), addresses
 * reacted to at once and links recorded in burst (which reacts early when
 * full). Returns the messages dropped as malformed.
 */
size_t nl_burst_read(struct ferryd *d, struct nl_burst *burst, const void *buf, size_t len);
/* Whether nlh, parsed into l, tells of link l set down (a registration or a carrier change does not). */
bool nl_burst_went_down(const struct nlmsghdr *nlh, const struct nl_link *l);
/* Records one RTM_NEWLINK or RTM_DELLINK: 0, 1 when burst is full (nothing recorded: react first), -1 if malformed. */
int nl_burst_add(struct nl_burst *burst, const struct nlmsghdr *nlh);
/* Reacts once to each link recorded and empties burst; returns the links re-applied. */
size_t nl_burst_react(struct ferryd *d, struct nl_burst *burst);

#endif
