/* IPv4 policy rules by input interface, through rtnetlink. */
#include "dataplane/userspace/us_rule.h"

#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "dataplane/dataplane.h"
#include "dataplane/kernel/kn_mark.h"

#define US_RULE_SWEEP_MAX 256 /* rules removed per dump; the sweep dumps again until none is left */

struct us_rule {
	char ru_iif[DP_DEVLEN];
	uint32_t ru_mark; /* 0: any */
	uint32_t ru_table, ru_pref;
	bool ru_ours; /* protocol RTPROT_FERRY */
};

static struct nlmsghdr *us_rule_msg(char *buf, uint16_t type, const struct us_rule *r)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct fib_rule_hdr *frh = mnl_nlmsg_put_extra_header(nlh, sizeof(*frh));

	nlh->nlmsg_type = type;
	frh->family = AF_INET;
	frh->action = FR_ACT_TO_TBL;
	mnl_attr_put_u32(nlh, FRA_PRIORITY, r->ru_pref);
	mnl_attr_put_u32(nlh, FRA_TABLE, r->ru_table);
	mnl_attr_put_u8(nlh, FRA_PROTOCOL, RTPROT_FERRY);
	if (r->ru_iif[0])
		mnl_attr_put_strz(nlh, FRA_IIFNAME, r->ru_iif);
	if (r->ru_mark)
		mnl_attr_put_u32(nlh, FRA_FWMARK, r->ru_mark);
	return nlh;
}

/* Without EXCL the kernel adds a rule twice: an existing one is what was asked for. */
static int us_rule_change(struct kn_sock *s, bool add, const struct us_rule *r)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int rc = kn_sock_ask(s, us_rule_msg(buf, add ? RTM_NEWRULE : RTM_DELRULE, r),
			     add ? NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL : NLM_F_ACK, NULL, NULL);

	return rc == (add ? -EEXIST : -ENOENT) ? 0 : rc;
}

int us_rule_iif(struct kn_sock *s, bool add, const char *iif, uint32_t table)
{
	struct us_rule r = {.ru_table = table, .ru_pref = US_RULE_PREF};

	snprintf(r.ru_iif, sizeof(r.ru_iif), "%s", iif);
	return us_rule_change(s, add, &r);
}

int us_rule_mark(struct kn_sock *s, bool add, uint32_t mark, uint32_t table)
{
	struct us_rule r = {.ru_mark = mark, .ru_table = table, .ru_pref = US_RULE_PREF};

	return us_rule_change(s, add, &r);
}

struct us_rule_dump {
	struct us_rule rd_found[US_RULE_SWEEP_MAX];
	size_t rd_n;
};

/* One attribute of a dumped rule into the rule; a protocol other than ferryd's ends the parse. */
static int us_rule_attr(const struct nlattr *a, void *data)
{
	struct us_rule *r = data;

	switch (mnl_attr_get_type(a)) {
	case FRA_PRIORITY:
		if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			r->ru_pref = mnl_attr_get_u32(a);
		break;
	case FRA_TABLE:
		if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			r->ru_table = mnl_attr_get_u32(a);
		break;
	case FRA_PROTOCOL:
		r->ru_ours = mnl_attr_validate(a, MNL_TYPE_U8) == 0 && mnl_attr_get_u8(a) == RTPROT_FERRY;
		break;
	case FRA_FWMARK:
		if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			r->ru_mark = mnl_attr_get_u32(a);
		break;
	case FRA_IIFNAME:
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			snprintf(r->ru_iif, sizeof(r->ru_iif), "%s", mnl_attr_get_str(a));
		break;
	}
	return MNL_CB_OK;
}

static int us_rule_found(const struct nlmsghdr *nlh, void *data)
{
	struct us_rule_dump *d = data;
	const struct fib_rule_hdr *frh = mnl_nlmsg_get_payload(nlh);
	struct us_rule r = {.ru_ours = false};

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*frh)) || frh->family != AF_INET)
		return MNL_CB_OK;
	r.ru_table = frh->table;
	/* Only rules by input interface or mark: the kernel backend's l3mdev rule (also protocol 241) has neither. */
	if (mnl_attr_parse(nlh, sizeof(*frh), us_rule_attr, &r) < 0 || !r.ru_ours || (!r.ru_iif[0] && !r.ru_mark))
		return MNL_CB_OK;
	if (d->rd_n < US_RULE_SWEEP_MAX)
		d->rd_found[d->rd_n++] = r;
	return MNL_CB_OK;
}

int us_rule_sweep(struct kn_sock *s)
{
	static struct us_rule_dump d; /* control thread only */
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int rc;

	do {
		struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
		struct fib_rule_hdr *frh = mnl_nlmsg_put_extra_header(nlh, sizeof(*frh));

		nlh->nlmsg_type = RTM_GETRULE;
		frh->family = AF_INET;
		d.rd_n = 0;
		if ((rc = kn_sock_ask(s, nlh, NLM_F_DUMP, us_rule_found, &d)) < 0)
			return rc;
		for (size_t i = 0; i < d.rd_n; i++)
			if ((rc = kn_sock_ask(s, us_rule_msg(buf, RTM_DELRULE, &d.rd_found[i]), NLM_F_ACK, NULL,
					      NULL)) < 0)
				return rc;
	} while (d.rd_n == US_RULE_SWEEP_MAX);
	return 0;
}
