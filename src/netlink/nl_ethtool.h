/*
 * A network device's features (netdev_features_strings names: "rx-gro",
 * "rx-udp-gro-forwarding", ...) read and set through the ethtool generic
 * netlink family, with libmnl. Knows no subsystem: callers name the
 * features (at most NL_ETHTOOL_NAMES_MAX) and get a bit mask back, bit k
 * for names[k].
 */
#ifndef FERRY_NETLINK_NL_ETHTOOL_H
#define FERRY_NETLINK_NL_ETHTOOL_H

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/kernel/kn_sock.h"

#define NL_ETHTOOL_NAMES_MAX 32

struct nl_ethtool {
	struct kn_sock et_sock; /* NETLINK_GENERIC */
	uint16_t et_family;	/* the "ethtool" family's id, resolved by nl_ethtool_open */
};

/* A generic netlink socket and the ethtool family's id; 0 or -errno (-ENOENT: no ethtool netlink). */
int nl_ethtool_open(struct nl_ethtool *e);
void nl_ethtool_close(struct nl_ethtool *e);

/* Of names[0..n), the features active on dev: *active bit k for names[k]; 0 or -errno. */
int nl_ethtool_features_get(struct nl_ethtool *e, const char *dev, const char *const names[], size_t n,
			    uint32_t *active);
/* Asks for the features names[k] with bit k in mask on (on) or off on dev, the others untouched; 0 or -errno. */
int nl_ethtool_features_set(struct nl_ethtool *e, const char *dev, const char *const names[], size_t n, uint32_t mask,
			    bool on);

/* The messages (in buf, MNL_SOCKET_BUFFER_SIZE bytes), without sequence number and flags. */
struct nlmsghdr *nl_ethtool_family_msg(char *buf);
struct nlmsghdr *nl_ethtool_features_get_msg(char *buf, uint16_t family, const char *dev);
/* The set omits the kernel's reply (an acknowledgement only): the caller reads the features back. */
struct nlmsghdr *nl_ethtool_features_set_msg(char *buf, uint16_t family, const char *dev, const char *const names[],
					     size_t n, uint32_t mask, bool on);

/* The replies: a CTRL_CMD_NEWFAMILY's id; a FEATURES_GET_REPLY's active features among names. 0 or -EPROTO. */
int nl_ethtool_family_parse(const struct nlmsghdr *nlh, uint16_t *family);
int nl_ethtool_features_parse(const struct nlmsghdr *nlh, uint16_t family, const char *const names[], size_t n,
			      uint32_t *active);

#endif
