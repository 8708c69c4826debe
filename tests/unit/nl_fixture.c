/* Helpers of the kernel backend's unit tests (see nl_fixture.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "nl_fixture.h"

struct in_addr a4(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a;
}

uint32_t fake_ifindex(void *ctx, const char *name)
{
	static const struct {
		const char *name;
		uint32_t index;
	} devs[] = {{"eth0", 2}, {"eth1", 3}, {"fy-v-cust1", 10}, {"fy-tu0", 20}};

	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		if (strcmp(devs[i].name, name) == 0)
			return devs[i].index;
	return 0;
}

void build_ok(struct kn_msgs *m, const struct dp_op *op, unsigned n)
{
	kn_msgs_init(m, fake_ifindex, NULL);
	assert_int_equal(kn_build(m, op), 0);
	assert_string_equal(m->km_err, "");
	assert_int_equal(m->km_count, n);
	assert_true(m->km_len <= sizeof(m->km_buf));
}

void build_fails(const struct dp_op *op, int err, const char *why)
{
	struct kn_msgs m;

	kn_msgs_init(&m, fake_ifindex, NULL);
	assert_int_equal(kn_build(&m, op), -err);
	assert_non_null(strstr(m.km_err, why));
}

struct nlmsghdr *msg_at(struct kn_msgs *m, unsigned i)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->km_buf;
	int left = (int)m->km_len;

	for (unsigned k = 0; k < i; k++) {
		assert_true(mnl_nlmsg_ok(nlh, left));
		assert_true(nlh->nlmsg_len <= KN_MSG_MAX);
		nlh = mnl_nlmsg_next(nlh, &left);
	}
	assert_true(mnl_nlmsg_ok(nlh, left));
	assert_true(nlh->nlmsg_len <= KN_MSG_MAX);
	return nlh;
}

struct table {
	const struct nlattr **tb;
	uint16_t max;
};

static int take(const struct nlattr *a, void *data)
{
	struct table *t = data;
	uint16_t type = mnl_attr_get_type(a);

	assert_true(type <= t->max);
	assert_null(t->tb[type]);
	t->tb[type] = a;
	return MNL_CB_OK;
}

void attrs_of(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb, uint16_t max)
{
	struct table t = {tb, max};
	const struct nlattr *a;
	size_t seen = MNL_ALIGN(hdrlen);

	memset(tb, 0, (max + 1u) * sizeof(*tb));
	assert_true(mnl_nlmsg_get_payload_len(nlh) >= hdrlen);
	assert_int_equal(mnl_attr_parse(nlh, (unsigned)hdrlen, take, &t), MNL_CB_OK);
	mnl_attr_for_each(a, nlh, hdrlen) seen += MNL_ALIGN(a->nla_len);
	assert_int_equal(seen, mnl_nlmsg_get_payload_len(nlh));
}

void nested_of(const struct nlattr *nest, const struct nlattr **tb, uint16_t max)
{
	struct table t = {tb, max};

	assert_non_null(nest);
	memset(tb, 0, (max + 1u) * sizeof(*tb));
	assert_int_equal(mnl_attr_parse_nested(nest, take, &t), MNL_CB_OK);
}

void assert_attr_bytes(const struct nlattr *a, const void *want, size_t len)
{
	assert_non_null(a);
	assert_int_equal(mnl_attr_get_payload_len(a), len);
	assert_memory_equal(mnl_attr_get_payload(a), want, len);
}

void assert_attr_u32(const struct nlattr *a, uint32_t want)
{
	assert_non_null(a);
	assert_int_equal(mnl_attr_validate(a, MNL_TYPE_U32), 0);
	assert_int_equal(mnl_attr_get_u32(a), want);
}

void assert_attr_strz(const struct nlattr *a, const char *want)
{
	assert_attr_bytes(a, want, strlen(want) + 1);
}
