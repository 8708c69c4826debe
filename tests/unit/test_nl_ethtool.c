/* The ethtool generic netlink messages (hand-checked bytes) and the reading of the kernel's replies. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>

#include "netlink/nl_ethtool.h"

#define FAMILY 21

static const char *const gro[] = {"rx-gro", "rx-udp-gro-forwarding"};

static void assert_msg_bytes(const struct nlmsghdr *nlh, const uint8_t *want, size_t len)
{
	assert_int_equal(nlh->nlmsg_len, len);
	assert_memory_equal(nlh, want, len);
}

// clang-format off
/* The bytes stay in rows, a header or an attribute each. */
static void test_family_msg(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	static const uint8_t want[] = {
	    32, 0, 0, 0, GENL_ID_CTRL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* nlmsghdr: flags and seq are the sender's */
	    CTRL_CMD_GETFAMILY, 1, 0, 0,                                 /* genlmsghdr */
	    12, 0, CTRL_ATTR_FAMILY_NAME, 0, 'e', 't', 'h', 't', 'o', 'o', 'l', 0};

	(void)state;
	assert_msg_bytes(nl_ethtool_family_msg(buf), want, sizeof(want));
}

static void test_features_get_msg(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	static const uint8_t want[] = {
	    32, 0, 0, 0, FAMILY, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    ETHTOOL_MSG_FEATURES_GET, ETHTOOL_GENL_VERSION, 0, 0,
	    12, 0, ETHTOOL_A_FEATURES_HEADER, 0x80, /* nested */
	    7, 0, ETHTOOL_A_HEADER_DEV_NAME, 0, 'v', 'a', 0, 0};

	(void)state;
	assert_msg_bytes(nl_ethtool_features_get_msg(buf, FAMILY, "va"), want, sizeof(want));
}

/* Only the masked bits are listed; off: no value flag; the kernel's reply omitted. */
static void test_features_set_off_msg(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	static const uint8_t want[] = {
	    64, 0, 0, 0, FAMILY, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    ETHTOOL_MSG_FEATURES_SET, ETHTOOL_GENL_VERSION, 0, 0,
	    20, 0, ETHTOOL_A_FEATURES_HEADER, 0x80,
	    7, 0, ETHTOOL_A_HEADER_DEV_NAME, 0, 'v', 'a', 0, 0,
	    8, 0, ETHTOOL_A_HEADER_FLAGS, 0, ETHTOOL_FLAG_OMIT_REPLY, 0, 0, 0,
	    24, 0, ETHTOOL_A_FEATURES_WANTED, 0x80,
	    20, 0, ETHTOOL_A_BITSET_BITS, 0x80,
	    16, 0, ETHTOOL_A_BITSET_BITS_BIT, 0x80,
	    11, 0, ETHTOOL_A_BITSET_BIT_NAME, 0, 'r', 'x', '-', 'g', 'r', 'o', 0, 0};

	(void)state;
	assert_msg_bytes(nl_ethtool_features_set_msg(buf, FAMILY, "va", gro, 2, 1, false), want, sizeof(want));
}

/* On: each bit carries the (empty) value flag. */
static void test_features_set_on_msg(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	static const uint8_t bit1[] = {
	    36, 0, ETHTOOL_A_BITSET_BITS_BIT, 0x80,
	    26, 0, ETHTOOL_A_BITSET_BIT_NAME, 0, 'r', 'x', '-', 'u', 'd', 'p', '-', 'g', 'r', 'o', '-',
	    'f', 'o', 'r', 'w', 'a', 'r', 'd', 'i', 'n', 'g', 0, 0, 0,
	    4, 0, ETHTOOL_A_BITSET_BIT_VALUE, 0};
	struct nlmsghdr *nlh = nl_ethtool_features_set_msg(buf, FAMILY, "va", gro, 2, 2, true);

	(void)state;
	assert_int_equal(nlh->nlmsg_len, 48 + sizeof(bit1)); /* the set-off message's first 48 bytes, then the bit */
	assert_memory_equal((char *)nlh + 48, bit1, sizeof(bit1));
}
// clang-format on

/* A reply of cmd with an ACTIVE bitset listing names (with the value flag when value), NOMASK when nomask. */
static struct nlmsghdr *reply(char *buf, uint8_t cmd, const char *const names[], size_t n, bool nomask, bool value)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	struct nlattr *set, *bits, *bit;

	nlh->nlmsg_type = FAMILY;
	genl->cmd = cmd;
	set = mnl_attr_nest_start(nlh, ETHTOOL_A_FEATURES_ACTIVE);
	if (nomask)
		mnl_attr_put(nlh, ETHTOOL_A_BITSET_NOMASK, 0, NULL);
	bits = mnl_attr_nest_start(nlh, ETHTOOL_A_BITSET_BITS);
	for (size_t k = 0; k < n; k++) {
		bit = mnl_attr_nest_start(nlh, ETHTOOL_A_BITSET_BITS_BIT);
		mnl_attr_put_u32(nlh, ETHTOOL_A_BITSET_BIT_INDEX, (uint32_t)k);
		mnl_attr_put_strz(nlh, ETHTOOL_A_BITSET_BIT_NAME, names[k]);
		if (value)
			mnl_attr_put(nlh, ETHTOOL_A_BITSET_BIT_VALUE, 0, NULL);
		mnl_attr_nest_end(nlh, bit);
	}
	mnl_attr_nest_end(nlh, bits);
	mnl_attr_nest_end(nlh, set);
	return nlh;
}

static void test_features_parse(void **state)
{
	static const char *const listed[] = {"tx-checksum-ipv4", "rx-udp-gro-forwarding", "rx-gro-list"};
	char buf[MNL_SOCKET_BUFFER_SIZE];
	uint32_t active = 0xff;

	(void)state;
	assert_int_equal(nl_ethtool_features_parse(reply(buf, ETHTOOL_MSG_FEATURES_GET_REPLY, listed, 3, true, false),
						   FAMILY, gro, 2, &active),
			 0);
	assert_int_equal(active, 2);
	/* with a mask, listed bits without the value flag are off */
	assert_int_equal(nl_ethtool_features_parse(reply(buf, ETHTOOL_MSG_FEATURES_GET_REPLY, listed, 3, false, false),
						   FAMILY, gro, 2, &active),
			 0);
	assert_int_equal(active, 0);
	assert_int_equal(nl_ethtool_features_parse(reply(buf, ETHTOOL_MSG_FEATURES_GET_REPLY, gro, 2, false, true),
						   FAMILY, gro, 2, &active),
			 0);
	assert_int_equal(active, 3);
}

static void test_features_parse_refuses(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	uint32_t active = 0;
	struct nlmsghdr *nlh = reply(buf, ETHTOOL_MSG_FEATURES_GET_REPLY, gro, 2, true, false);

	(void)state;
	assert_int_equal(nl_ethtool_features_parse(nlh, FAMILY + 1, gro, 2, &active), -EPROTO); /* another family */
	nlh = reply(buf, ETHTOOL_MSG_FEATURES_SET_REPLY, gro, 2, true, false);
	assert_int_equal(nl_ethtool_features_parse(nlh, FAMILY, gro, 2, &active), -EPROTO); /* another command */
	nlh->nlmsg_len = 18; /* shorter than its generic netlink header */
	assert_int_equal(nl_ethtool_features_parse(nlh, FAMILY, gro, 2, &active), -EPROTO);
}

/* A name without its NUL names nothing: it is skipped, the bits after it still read. */
static void test_features_parse_unterminated(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	uint32_t active = 0;
	struct nlmsghdr *nlh = reply(buf, ETHTOOL_MSG_FEATURES_GET_REPLY, gro, 2, true, false);
	char *first = memmem(buf, nlh->nlmsg_len, "rx-gro", 7);

	(void)state;
	assert_non_null(first);
	first[6] = 'x'; /* "rx-grox" without a NUL in its 7 bytes */
	assert_int_equal(nl_ethtool_features_parse(nlh, FAMILY, gro, 2, &active), 0);
	assert_int_equal(active, 2);
}

/* A CTRL_CMD_NEWFAMILY answer naming ethtool. */
static struct nlmsghdr *family_reply(char *buf)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));

	nlh->nlmsg_type = GENL_ID_CTRL;
	genl->cmd = CTRL_CMD_NEWFAMILY;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "ethtool");
	return nlh;
}

static void test_family_parse(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = family_reply(buf);
	uint16_t family = 0;

	(void)state;
	assert_int_equal(nl_ethtool_family_parse(nlh, &family), -EPROTO); /* no id */
	mnl_attr_put_u32(nlh, CTRL_ATTR_FAMILY_ID, FAMILY);
	assert_int_equal(nl_ethtool_family_parse(nlh, &family), -EPROTO); /* an id of the wrong size */
	nlh = family_reply(buf);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, FAMILY);
	assert_int_equal(nl_ethtool_family_parse(nlh, &family), 0);
	assert_int_equal(family, FAMILY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_family_msg),
	    cmocka_unit_test(test_features_get_msg),
	    cmocka_unit_test(test_features_set_off_msg),
	    cmocka_unit_test(test_features_set_on_msg),
	    cmocka_unit_test(test_features_parse),
	    cmocka_unit_test(test_features_parse_refuses),
	    cmocka_unit_test(test_features_parse_unterminated),
	    cmocka_unit_test(test_family_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
