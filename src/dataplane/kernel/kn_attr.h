/* Bounds-checked netlink messages and attributes, for the decoders of the kernel's answers. */
#ifndef FERRY_DATAPLANE_KERNEL_KN_ATTR_H
#define FERRY_DATAPLANE_KERNEL_KN_ATTR_H

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* mnl_nlmsg_ok, but a length of 2 GiB or more is refused (libmnl compares it as a negative int). */
static inline bool kn_nlmsg_ok(const struct nlmsghdr *nlh, int left)
{
	return left >= (int)sizeof(*nlh) && nlh->nlmsg_len >= sizeof(*nlh) && nlh->nlmsg_len <= (unsigned)left;
}

/* The attributes after a message's fixed header of hdrlen bytes into tb[0..max] (types above
 * max are skipped); -1 when the message is shorter than its fixed header. */
int kn_attr_table(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb, uint16_t max);
/* The same for the attributes inside a nest. */
void kn_attr_nested(const struct nlattr *nest, const struct nlattr **tb, uint16_t max);
/* A string attribute (NUL-terminated or not) that fits out with its NUL. */
bool kn_attr_str(const struct nlattr *a, char *out, size_t len);
/* A 32-bit value (or an IPv4 address, in network order). */
bool kn_attr_u32(const struct nlattr *a, uint32_t *v);
bool kn_attr_u8(const struct nlattr *a, uint8_t *v);

#endif
