/* Bounds-checked access to netlink attributes. */
#include <string.h>

#include "dataplane/kernel/kn_attr.h"

struct table {
	const struct nlattr **t_tb;
	uint16_t t_max;
	const char *t_end; /* where the message or nest really ends */
};

static int take(const struct nlattr *a, void *data)
{
	struct table *t = data;
	uint16_t type = mnl_attr_get_type(a);

	/* libmnl lets a message's attributes run to its length rounded up to 4: not past its end */
	if ((const char *)a + sizeof(*a) > t->t_end || (const char *)a + a->nla_len > t->t_end)
		return MNL_CB_STOP;
	if (type <= t->t_max)
		t->t_tb[type] = a;
	return MNL_CB_OK;
}

int kn_attr_table(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb, uint16_t max)
{
	struct table t = {tb, max, (const char *)nlh + nlh->nlmsg_len};

	memset(tb, 0, (max + 1u) * sizeof(*tb));
	/* the kernel pads every message to 4 bytes; libmnl reads up to that padding before asking us */
	if (mnl_nlmsg_get_payload_len(nlh) < hdrlen || nlh->nlmsg_len % MNL_ALIGNTO)
		return -1;
	mnl_attr_parse(nlh, (unsigned)hdrlen, take, &t);
	return 0;
}

void kn_attr_nested(const struct nlattr *nest, const struct nlattr **tb, uint16_t max)
{
	struct table t = {tb, max, (const char *)nest + nest->nla_len};

	memset(tb, 0, (max + 1u) * sizeof(*tb));
	mnl_attr_parse_nested(nest, take, &t);
}

bool kn_attr_str(const struct nlattr *a, char *out, size_t len)
{
	size_t n;

	if (!a)
		return false;
	n = strnlen(mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));
	if (n >= len)
		return false;
	memcpy(out, mnl_attr_get_payload(a), n);
	out[n] = '\0';
	return true;
}

bool kn_attr_u32(const struct nlattr *a, uint32_t *v)
{
	if (!a || mnl_attr_get_payload_len(a) < sizeof(*v))
		return false;
	memcpy(v, mnl_attr_get_payload(a), sizeof(*v));
	return true;
}

bool kn_attr_u8(const struct nlattr *a, uint8_t *v)
{
	if (!a || mnl_attr_get_payload_len(a) < sizeof(*v))
		return false;
	*v = *(const uint8_t *)mnl_attr_get_payload(a);
	return true;
}
