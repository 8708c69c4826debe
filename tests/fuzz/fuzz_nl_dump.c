/*
 * libFuzzer harness: the input is a buffer of kernel dump answers (link,
 * route, label route, address, xfrm SA and policy, MPLS statistics, rule
 * messages, or anything). Each message goes to every decoder of the kernel
 * backend; any crash or sanitizer report is a bug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/kernel/kn_attr.h"
#include "dataplane/kernel/kn_parse.h"
#include "dataplane/kernel/kn_rule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void decode(const struct nlmsghdr *nlh)
{
	struct dp_op del;
	struct kn_sa_seen sa;
	struct dp_counters c;
	struct dp_addr addr;
	struct kn_rule_seen rule;

	kn_parse_link(nlh, &del);
	kn_parse_route(nlh, &del);
	kn_parse_label(nlh, &del);
	kn_parse_addr(nlh, &del);
	kn_parse_ifaddr(nlh, false, &addr); /* any address, as the rtnetlink monitor reads them */
	kn_parse_policy(nlh, &del);
	kn_parse_sa(nlh, &sa);
	kn_parse_mpls_stats(nlh, &c);
	kn_parse_l3mdev_rule(nlh, &rule);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *copy = malloc(size ? size : 1); /* exactly the input: a read past it is caught */
	const struct nlmsghdr *nlh = copy;
	int left = size > INT32_MAX ? INT32_MAX : (int)size;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	for (; kn_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left))
		decode(nlh);
	free(copy);
	return 0;
}
