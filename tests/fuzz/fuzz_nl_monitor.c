/*
 * libFuzzer harness: the input is what the rtnetlink monitor's socket reads
 * (notifications, one or more), walked as the monitor does (nl_read_each:
 * each message's length checked), each message parsed by what the monitor
 * and its hooks parse: a local route (nl_local_parse, the userspace
 * backend's hook), a link (nl_burst_add, coalesced per link as one read's
 * are), an address removed (kn_parse_ifaddr). The input fills its buffer
 * exactly, so ASan catches a read past it. A local route reported must name
 * a device and an address.
 */
#include <linux/rtnetlink.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/kernel/kn_parse.h"
#include "netlink/nl_burst.h"
#include "netlink/nl_local.h"
#include "netlink/nl_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A link notification into the burst, emptied when full (no daemon here to react). */
static void take_link(struct nl_burst *burst, const struct nlmsghdr *nlh)
{
	if (nl_burst_add(burst, nlh) == 1) {
		burst->nb_n = 0;
		if (nl_burst_add(burst, nlh) == 1)
			abort(); /* an empty burst takes any link */
	}
}

static int take(void *arg, const struct nlmsghdr *nlh)
{
	struct nl_local found;
	struct dp_addr a;

	if (nl_local_parse(nlh, &found) == 1 && (!found.lo_ifindex || !found.lo_addr.s_addr))
		abort();
	if (nlh->nlmsg_type == RTM_NEWLINK || nlh->nlmsg_type == RTM_DELLINK)
		take_link(arg, nlh);
	if (nlh->nlmsg_type == RTM_DELADDR)
		kn_parse_ifaddr(nlh, false, &a);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* exactly size bytes from malloc: aligned for the headers, ASan catching a read past the end */
	uint8_t *buf = malloc(size ? size : 1);
	struct nl_burst burst = {.nb_n = 0};

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	nl_read_each(buf, size, take, &burst);
	free(buf);
	return 0;
}
