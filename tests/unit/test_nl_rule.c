/* The l3mdev rule: the message the backend sends (hand-checked bytes), and the decoder of rule
 * dumps on it, on the kernel's own rule, on other rules and on every truncation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_rule.h"

/* RTM_NEWRULE, IPv4, FR_ACT_TO_TBL, FRA_L3MDEV 1, FRA_PRIORITY 1000, FRA_PROTOCOL 241 (hand-checked). */
static const char ours_v4[] = "\x34\x00\x00\x00\x20\x00\x00\x00"  /* length 52, RTM_NEWRULE (32), flags */
			      "\x00\x00\x00\x00\x00\x00\x00\x00"  /* sequence, port */
			      "\x02\x00\x00\x00\x00\x00\x00\x01"  /* AF_INET, lengths, tos, table, action 1 */
			      "\x00\x00\x00\x00"		  /* flags */
			      "\x05\x00\x13\x00\x01\x00\x00\x00"  /* FRA_L3MDEV (19): 1, padded */
			      "\x08\x00\x06\x00\xe8\x03\x00\x00"  /* FRA_PRIORITY (6): 1000 */
			      "\x05\x00\x15\x00\xf1\x00\x00\x00"; /* FRA_PROTOCOL (21): 241 */
#define OURS_V4_LEN (sizeof(ours_v4) - 1)

static void test_message_bytes(void **state)
{
	_Alignas(struct nlmsghdr) char buf[KN_RULE_MSG] = {0};
	const struct kn_rule_seen r = {.rs_family = AF_INET, .rs_proto = RTPROT_FERRY, .rs_pref = KN_L3MDEV_PREF};

	(void)state;
	assert_int_equal(kn_l3mdev_rule_msg(buf, RTM_NEWRULE, &r), OURS_V4_LEN);
	assert_memory_equal(buf, ours_v4, OURS_V4_LEN);
}

/* A rule as a dump shows it: the l3mdev flag (when l3mdev >= 0), preference, protocol, table. */
static struct nlmsghdr *dumped_rule(char *buf, uint8_t family, int l3mdev, uint32_t pref, uint8_t proto)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct fib_rule_hdr *frh;

	nlh->nlmsg_type = RTM_NEWRULE;
	frh = mnl_nlmsg_put_extra_header(nlh, sizeof(*frh));
	frh->family = family;
	frh->action = FR_ACT_TO_TBL;
	mnl_attr_put_u32(nlh, FRA_TABLE, l3mdev >= 0 ? 0 : RT_TABLE_MAIN);
	if (l3mdev >= 0)
		mnl_attr_put_u8(nlh, FRA_L3MDEV, (uint8_t)l3mdev);
	mnl_attr_put_u32(nlh, FRA_PRIORITY, pref);
	mnl_attr_put_u8(nlh, FRA_PROTOCOL, proto);
	return nlh;
}

static void test_parse(void **state)
{
	_Alignas(struct nlmsghdr) char buf[KN_RULE_MSG] = {0};
	struct kn_rule_seen r;

	(void)state;
	memcpy(buf, ours_v4, OURS_V4_LEN);
	assert_int_equal(kn_parse_l3mdev_rule((struct nlmsghdr *)buf, &r), 1);
	assert_int_equal(r.rs_family, AF_INET);
	assert_int_equal(r.rs_proto, RTPROT_FERRY);
	assert_int_equal(r.rs_pref, 1000);

	assert_int_equal(kn_parse_l3mdev_rule(dumped_rule(buf, AF_INET6, 1, 1000, RTPROT_KERNEL), &r), 1);
	assert_int_equal(r.rs_family, AF_INET6);
	assert_int_equal(r.rs_proto, RTPROT_KERNEL);
	assert_int_equal(r.rs_pref, 1000);

	/* "32766: from all lookup main" and an l3mdev flag of 0 are no l3mdev rules */
	assert_int_equal(kn_parse_l3mdev_rule(dumped_rule(buf, AF_INET, -1, 32766, RTPROT_KERNEL), &r), 0);
	assert_int_equal(kn_parse_l3mdev_rule(dumped_rule(buf, AF_INET, 0, 1000, RTPROT_KERNEL), &r), 0);
	((struct nlmsghdr *)buf)->nlmsg_type = RTM_NEWROUTE;
	assert_int_equal(kn_parse_l3mdev_rule((struct nlmsghdr *)buf, &r), 0);
}

/* A priority of two bytes is refused. A message cut short: refused when its length is no
 * multiple of 4 or its fixed header is cut; otherwise what is whole in it counts (the kernel
 * pads its messages, a cut attribute is not there), and nothing past it is read. */
static void test_malformed(void **state)
{
	_Alignas(struct nlmsghdr) char buf[KN_RULE_MSG] = {0};
	struct kn_rule_seen r;

	(void)state;
	memcpy(buf, ours_v4, OURS_V4_LEN);
	buf[36] = 6; /* FRA_PRIORITY's length: 2 bytes of value */
	assert_int_equal(kn_parse_l3mdev_rule((struct nlmsghdr *)buf, &r), -1);

	for (size_t len = sizeof(struct nlmsghdr); len < OURS_V4_LEN; len++) {
		struct nlmsghdr *cut = malloc(len); /* exactly len bytes: a read past them is caught */
		assert_non_null(cut);
		memcpy(cut, ours_v4, len);
		cut->nlmsg_len = (uint32_t)len;
		int want = len % 4 || len < 28 ? -1 : len >= 36 ? 1 : 0; /* FRA_L3MDEV ends at 36 */
		assert_int_equal(kn_parse_l3mdev_rule(cut, &r), want);
		if (want == 1)
			assert_int_equal(r.rs_pref, len >= 44 ? 1000 : 0); /* FRA_PRIORITY ends at 44 */
		free(cut);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_message_bytes),
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
