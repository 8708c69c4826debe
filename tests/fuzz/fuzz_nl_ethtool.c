/*
 * libFuzzer harness: the input is a buffer of netlink messages, answers to
 * the ethtool requests (CTRL_CMD_NEWFAMILY, FEATURES_GET_REPLY, or
 * anything). Each goes to both reply readers of nl_ethtool, as its own
 * type's family; a feature read active must be one asked for. Any crash or
 * sanitizer report is a bug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/kernel/kn_attr.h"
#include "netlink/nl_ethtool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {"rx-gro", "rx-udp-gro-forwarding", "tx-udp-segmentation"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *copy = malloc(size ? size : 1); /* exactly the input: a read past it is caught */
	const struct nlmsghdr *nlh = copy;
	int left = size > INT32_MAX ? INT32_MAX : (int)size;
	uint32_t active = 0;
	uint16_t family;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	for (; kn_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		nl_ethtool_family_parse(nlh, &family);
		if (nl_ethtool_features_parse(nlh, nlh->nlmsg_type, names, 3, &active) == 0 && (active & ~7u))
			abort();
	}
	free(copy);
	return 0;
}
