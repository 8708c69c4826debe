/* Splitting what one read from a notification socket holds into its messages, bounds-checked. */
#ifndef FERRY_NETLINK_NL_READ_H
#define FERRY_NETLINK_NL_READ_H

#include <linux/netlink.h>
#include <stddef.h>

/* One message whose length, padded, fits in what was read; returns -1 when it is malformed. */
typedef int nl_read_fn(void *arg, const struct nlmsghdr *nlh);

/*
 * Each message of the len bytes at buf, to fn; each message's length,
 * padded, checked against what is left (libmnl's check takes a length of
 * 2^31 or more as negative, and its attribute walk reads up to the padded
 * end). Returns the messages dropped as malformed: fn's refusals, plus one
 * for a bad length, which ends the read.
 */
size_t nl_read_each(const void *buf, size_t len, nl_read_fn *fn, void *arg);

#endif
