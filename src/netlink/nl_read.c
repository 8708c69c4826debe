/* The bounds-checked walk over the messages of one read (nl_read.h). */
#include "netlink/nl_read.h"

#include <libmnl/libmnl.h>
#include <stdint.h>

size_t nl_read_each(const void *buf, size_t len, nl_read_fn *fn, void *arg)
{
	const uint8_t *at = buf, *end = at + len;
	size_t malformed = 0;

	while ((size_t)(end - at) >= sizeof(struct nlmsghdr)) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)at;

		/* libmnl reads attributes up to the aligned end: the kernel pads each message so */
		if (nlh->nlmsg_len < sizeof(*nlh) || MNL_ALIGN((size_t)nlh->nlmsg_len) > (size_t)(end - at))
			return malformed + 1;
		if (fn(arg, nlh) < 0)
			malformed++;
		at += MNL_ALIGN((size_t)nlh->nlmsg_len);
	}
	return malformed;
}
