/* The ethtool generic netlink messages nl_ethtool.c sends, and the parts of the replies it reads. */
#include <errno.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <string.h>

#include "netlink/nl_ethtool.h"

/* A generic netlink message of family and cmd at version in buf. */
static struct nlmsghdr *nl_ethtool_genl(char *buf, uint16_t family, uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));

	nlh->nlmsg_type = family;
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

struct nlmsghdr *nl_ethtool_family_msg(char *buf)
{
	struct nlmsghdr *nlh = nl_ethtool_genl(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, ETHTOOL_GENL_NAME);
	return nlh;
}

/* The request header nest naming dev, with ETHTOOL_FLAG_* flags (none: no attribute). */
static void nl_ethtool_header(struct nlmsghdr *nlh, uint16_t type, const char *dev, uint32_t flags)
{
	struct nlattr *hdr = mnl_attr_nest_start(nlh, type);

	mnl_attr_put_strz(nlh, ETHTOOL_A_HEADER_DEV_NAME, dev);
	if (flags)
		mnl_attr_put_u32(nlh, ETHTOOL_A_HEADER_FLAGS, flags);
	mnl_attr_nest_end(nlh, hdr);
}

struct nlmsghdr *nl_ethtool_features_get_msg(char *buf, uint16_t family, const char *dev)
{
	struct nlmsghdr *nlh = nl_ethtool_genl(buf, family, ETHTOOL_MSG_FEATURES_GET, ETHTOOL_GENL_VERSION);

	nl_ethtool_header(nlh, ETHTOOL_A_FEATURES_HEADER, dev, 0);
	return nlh;
}

/* A verbose bitset with a mask: only the bits listed change, each to on when it carries the value flag. */
struct nlmsghdr *nl_ethtool_features_set_msg(char *buf, uint16_t family, const char *dev, const char *const names[],
					     size_t n, uint32_t mask, bool on)
{
	struct nlmsghdr *nlh = nl_ethtool_genl(buf, family, ETHTOOL_MSG_FEATURES_SET, ETHTOOL_GENL_VERSION);
	struct nlattr *wanted, *bits, *bit;

	nl_ethtool_header(nlh, ETHTOOL_A_FEATURES_HEADER, dev, ETHTOOL_FLAG_OMIT_REPLY);
	wanted = mnl_attr_nest_start(nlh, ETHTOOL_A_FEATURES_WANTED);
	bits = mnl_attr_nest_start(nlh, ETHTOOL_A_BITSET_BITS);
	for (size_t k = 0; k < n && k < NL_ETHTOOL_NAMES_MAX; k++) {
		if (!(mask & (1u << k)))
			continue;
		bit = mnl_attr_nest_start(nlh, ETHTOOL_A_BITSET_BITS_BIT);
		mnl_attr_put_strz(nlh, ETHTOOL_A_BITSET_BIT_NAME, names[k]);
		if (on)
			mnl_attr_put(nlh, ETHTOOL_A_BITSET_BIT_VALUE, 0, NULL);
		mnl_attr_nest_end(nlh, bit);
	}
	mnl_attr_nest_end(nlh, bits);
	mnl_attr_nest_end(nlh, wanted);
	return nlh;
}

/* The attributes after the generic netlink header of a message of type and cmd; NULL if it is not one. */
static const struct genlmsghdr *nl_ethtool_genl_of(const struct nlmsghdr *nlh, uint16_t type, uint8_t cmd)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*genl)) || nlh->nlmsg_type != type || genl->cmd != cmd)
		return NULL;
	return genl;
}

/* An attribute table: each attribute of a type up to ta_max in ta_tb (the last one of a type wins). */
struct nl_ethtool_table {
	const struct nlattr **ta_tb;
	uint16_t ta_max;
};

static int nl_ethtool_table_cb(const struct nlattr *a, void *data)
{
	const struct nl_ethtool_table *t = data;
	uint16_t type = mnl_attr_get_type(a);

	if (type <= t->ta_max)
		t->ta_tb[type] = a;
	return MNL_CB_OK;
}

/* The attributes of a message after its generic netlink header in tb[0..max]; -EPROTO if nlh is no (type, cmd). */
static int nl_ethtool_attrs(const struct nlmsghdr *nlh, uint16_t type, uint8_t cmd, const struct nlattr **tb,
			    uint16_t max)
{
	struct nl_ethtool_table t = {.ta_tb = tb, .ta_max = max};

	if (!nl_ethtool_genl_of(nlh, type, cmd) ||
	    mnl_attr_parse(nlh, sizeof(struct genlmsghdr), nl_ethtool_table_cb, &t) < 0)
		return -EPROTO;
	return 0;
}

int nl_ethtool_family_parse(const struct nlmsghdr *nlh, uint16_t *family)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = {NULL};

	if (nl_ethtool_attrs(nlh, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, tb, CTRL_ATTR_MAX) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_ID] || mnl_attr_validate(tb[CTRL_ATTR_FAMILY_ID], MNL_TYPE_U16) < 0)
		return -EPROTO;
	*family = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	return 0;
}

/* Bit k for the name of a bitset bit that is names[k]; 0 for another, or for a bit the set has off. */
static uint32_t nl_ethtool_bit(const struct nlattr *bit, bool nomask, const char *const names[], size_t n)
{
	const struct nlattr *tb[ETHTOOL_A_BITSET_BIT_MAX + 1] = {NULL};
	struct nl_ethtool_table t = {.ta_tb = tb, .ta_max = ETHTOOL_A_BITSET_BIT_MAX};
	const char *name;

	if (mnl_attr_get_type(bit) != ETHTOOL_A_BITSET_BITS_BIT ||
	    mnl_attr_parse_nested(bit, nl_ethtool_table_cb, &t) < 0 || !tb[ETHTOOL_A_BITSET_BIT_NAME] ||
	    mnl_attr_validate(tb[ETHTOOL_A_BITSET_BIT_NAME], MNL_TYPE_NUL_STRING) < 0)
		return 0;
	if (!nomask && !tb[ETHTOOL_A_BITSET_BIT_VALUE])
		return 0; /* with a mask, a listed bit without the value flag is off */
	name = mnl_attr_get_str(tb[ETHTOOL_A_BITSET_BIT_NAME]);
	for (size_t k = 0; k < n && k < NL_ETHTOOL_NAMES_MAX; k++)
		if (strcmp(name, names[k]) == 0)
			return 1u << k;
	return 0;
}

/* The names on in a verbose bitset (the kernel answers verbose unless asked for compact bitsets). */
static int nl_ethtool_bitset(const struct nlattr *set, const char *const names[], size_t n, uint32_t *on)
{
	const struct nlattr *tb[ETHTOOL_A_BITSET_MAX + 1] = {NULL};
	struct nl_ethtool_table t = {.ta_tb = tb, .ta_max = ETHTOOL_A_BITSET_MAX};
	const struct nlattr *bit;

	if (mnl_attr_validate(set, MNL_TYPE_NESTED) < 0 || mnl_attr_parse_nested(set, nl_ethtool_table_cb, &t) < 0 ||
	    !tb[ETHTOOL_A_BITSET_BITS] || mnl_attr_validate(tb[ETHTOOL_A_BITSET_BITS], MNL_TYPE_NESTED) < 0)
		return -EPROTO;
	*on = 0;
	mnl_attr_for_each_nested(bit, tb[ETHTOOL_A_BITSET_BITS]) *on |=
	    nl_ethtool_bit(bit, tb[ETHTOOL_A_BITSET_NOMASK] != NULL, names, n);
	return 0;
}

int nl_ethtool_features_parse(const struct nlmsghdr *nlh, uint16_t family, const char *const names[], size_t n,
			      uint32_t *active)
{
	const struct nlattr *tb[ETHTOOL_A_FEATURES_MAX + 1] = {NULL};

	if (nl_ethtool_attrs(nlh, family, ETHTOOL_MSG_FEATURES_GET_REPLY, tb, ETHTOOL_A_FEATURES_MAX) < 0 ||
	    !tb[ETHTOOL_A_FEATURES_ACTIVE])
		return -EPROTO;
	return nl_ethtool_bitset(tb[ETHTOOL_A_FEATURES_ACTIVE], names, n, active);
}
