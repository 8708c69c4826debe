/*
 * libFuzzer harness: the input is a buffer of answers to a nexthop object
 * dump (RTM_NEWNEXTHOP, or anything). Each message goes to the decoder that
 * picks ferryd's objects to remove (kn_parse_nexthop); one it calls ferryd's
 * must have an id. Any crash or sanitizer report is a bug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/kernel/kn_attr.h"
#include "dataplane/kernel/kn_nexthop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *copy = malloc(size ? size : 1); /* exactly the input: a read past it is caught */
	const struct nlmsghdr *nlh = copy;
	int left = size > INT32_MAX ? INT32_MAX : (int)size;
	uint32_t id;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	for (; kn_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left))
		if (kn_parse_nexthop(nlh, &id) == 1 && id == 0)
			abort();
	free(copy);
	return 0;
}
