/* Reading Linux link state over rtnetlink (libmnl), for show commands. */
#ifndef FERRY_NETLINK_NL_LINK_H
#define FERRY_NETLINK_NL_LINK_H

#include <linux/netlink.h>
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nl_link {
	char nl_name[IFNAMSIZ];
	int nl_index;
	unsigned nl_flags; /* IFF_* */
	uint8_t nl_operstate;
	uint32_t nl_mtu;
	uint8_t nl_mac[6];
	bool nl_has_mac;
	uint64_t nl_rx_packets, nl_tx_packets, nl_rx_bytes, nl_tx_bytes;
	uint64_t nl_rx_errors, nl_tx_errors, nl_rx_dropped, nl_tx_dropped;
};

/* Decodes one RTM_NEWLINK or RTM_DELLINK message; -1 if it is not one or is malformed. */
int nl_link_parse(const struct nlmsghdr *nlh, size_t len, struct nl_link *out);
/* Asks the kernel for one device by name; -1 (errno) if absent or unreachable. */
int nl_link_get(const char *name, struct nl_link *out);
bool nl_link_up(const struct nl_link *l);      /* administratively up */
bool nl_link_running(const struct nl_link *l); /* carrier / operstate up */

#endif
