/* What every builder shares: message framing, errors, device lookups, label stacks. */
#include <errno.h>
#include <linux/mpls.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dataplane/kernel/kn_msg.h"

#define LABEL_MAX 0xfffff

void kn_msgs_init(struct kn_msgs *m, kn_ifindex_fn ifindex, void *ctx)
{
	m->km_len = 0;
	m->km_count = 0;
	m->km_open = NULL;
	m->km_ifindex = ifindex;
	m->km_ctx = ctx;
	m->km_err[0] = '\0';
}

size_t kn_msgs_close(struct kn_msgs *m)
{
	if (m->km_open)
		m->km_len += MNL_ALIGN(m->km_open->nlmsg_len);
	m->km_open = NULL;
	return m->km_len;
}

struct nlmsghdr *kn_msg_new(struct kn_msgs *m, uint16_t type, uint16_t flags, enum kn_tolerate tol)
{
	struct nlmsghdr *nlh;

	kn_msgs_close(m);
	if (m->km_count == KN_OP_MSGS || m->km_len + KN_MSG_MAX > sizeof(m->km_buf)) {
		kn_fail(m, ENOSPC, "an operation takes at most %d messages", KN_OP_MSGS);
		return NULL;
	}
	memset(m->km_buf + m->km_len, 0, KN_MSG_MAX);
	nlh = mnl_nlmsg_put_header(m->km_buf + m->km_len);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	m->km_tolerate[m->km_count++] = tol;
	m->km_open = nlh;
	return nlh;
}

struct nlmsghdr *kn_msg_change(struct kn_msgs *m, uint16_t new_type, uint16_t del_type, bool add, size_t hdrlen)
{
	struct nlmsghdr *nlh = add ? kn_msg_new(m, new_type, NLM_F_CREATE | NLM_F_REPLACE, KN_STRICT)
				   : kn_msg_new(m, del_type, 0, KN_GONE_OK);

	if (nlh)
		mnl_nlmsg_put_extra_header(nlh, hdrlen);
	return nlh;
}

int kn_fail(struct kn_msgs *m, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->km_err, sizeof(m->km_err), fmt, ap);
	va_end(ap);
	return -err;
}

int kn_ifindex(struct kn_msgs *m, const char *name, uint32_t *index)
{
	*index = name[0] ? m->km_ifindex(m->km_ctx, name) : 0;
	return *index ? 0 : kn_fail(m, ENODEV, "no device \"%s\"", name);
}

void kn_put_in4(struct nlmsghdr *nlh, uint16_t type, struct in_addr a)
{
	mnl_attr_put(nlh, type, sizeof(a), &a);
}

int kn_put_labels(struct kn_msgs *m, struct nlmsghdr *nlh, uint16_t type, const uint32_t *labels, unsigned n)
{
	struct mpls_label stack[DP_MAX_LABELS];
	unsigned k = 0;

	if (n > DP_MAX_LABELS)
		return kn_fail(m, EINVAL, "%u labels: at most %d", n, DP_MAX_LABELS);
	for (unsigned i = 0; i < n; i++) {
		if (labels[i] > LABEL_MAX)
			return kn_fail(m, EINVAL, "label %u is above %u", labels[i], LABEL_MAX);
		if (labels[i] != MPLS_LABEL_IMPLNULL)
			stack[k++].entry = htonl(labels[i] << MPLS_LS_LABEL_SHIFT);
	}
	if (k) {
		stack[k - 1].entry |= htonl(1u << MPLS_LS_S_SHIFT);
		mnl_attr_put(nlh, type, k * sizeof(stack[0]), stack);
	}
	return (int)k;
}
