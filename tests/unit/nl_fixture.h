/* Shared by the kernel backend's unit tests: messages built, then read back with libmnl alone. */
#ifndef FERRY_TESTS_NL_FIXTURE_H
#define FERRY_TESTS_NL_FIXTURE_H

#include <libmnl/libmnl.h>
#include <netinet/in.h>
#include <stdint.h>

#include "dataplane/kernel/kn_msg.h"

struct in_addr a4(const char *s);

/* The test's devices: eth0 2, eth1 3, fy-v-cust1 10, fy-tu0 20; any other name is unknown (0). */
uint32_t fake_ifindex(void *ctx, const char *name);
/* Builds op, which must succeed with n messages. */
void build_ok(struct kn_msgs *m, const struct dp_op *op, unsigned n);
/* Builds op, which must fail with -err, its reason containing why. */
void build_fails(const struct dp_op *op, int err, const char *why);
/* Message i of an operation's messages. */
struct nlmsghdr *msg_at(struct kn_msgs *m, unsigned i);

/* Every attribute after the fixed header (hdrlen) in tb[0..max]; each must be well formed and
 * appear once, and the attributes must fill the message exactly. */
void attrs_of(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb, uint16_t max);
void nested_of(const struct nlattr *nest, const struct nlattr **tb, uint16_t max);
/* Asserts a has exactly len bytes equal to want. */
void assert_attr_bytes(const struct nlattr *a, const void *want, size_t len);
void assert_attr_u32(const struct nlattr *a, uint32_t want);
/* A NUL-terminated string attribute. */
void assert_attr_strz(const struct nlattr *a, const char *want);

#endif
