/* Batching operations' messages and mapping acknowledgements back to operations. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/kernel/kn_attr.h"
#include "dataplane/kernel/kn_batch.h"

/* The kernel's errno values stay below 4096 (MAX_ERRNO). */
#define ERRNO_MAX 4095

void kn_result_fail(struct kn_result *r, size_t op, int err, const char *fmt, ...)
{
	va_list ap;

	if (r->kr_failed && r->kr_op <= op)
		return;
	r->kr_failed = true;
	r->kr_op = op;
	r->kr_errno = err;
	va_start(ap, fmt);
	vsnprintf(r->kr_msg, sizeof(r->kr_msg), fmt, ap);
	va_end(ap);
}

int kn_batch_init(struct kn_batch *b)
{
	/* room past the limit for the operation being appended */
	b->kb_buf = malloc(KN_BATCH_BYTES + KN_OP_MSGS * KN_MSG_MAX);
	b->kb_mnl = b->kb_buf ? mnl_nlmsg_batch_start(b->kb_buf, KN_BATCH_BYTES) : NULL;
	if (!b->kb_mnl) {
		free(b->kb_buf);
		b->kb_buf = NULL;
		return -ENOMEM;
	}
	kn_batch_reset(b);
	return 0;
}

void kn_batch_free(struct kn_batch *b)
{
	if (b->kb_mnl)
		mnl_nlmsg_batch_stop(b->kb_mnl);
	free(b->kb_buf);
	b->kb_mnl = NULL;
	b->kb_buf = NULL;
}

void kn_batch_reset(struct kn_batch *b)
{
	mnl_nlmsg_batch_reset(b->kb_mnl);
	b->kb_count = b->kb_acked = 0;
}

bool kn_batch_empty(const struct kn_batch *b)
{
	return b->kb_count == 0;
}

bool kn_batch_room(const struct kn_batch *b, const struct kn_msgs *m)
{
	return b->kb_count + m->km_count <= KN_BATCH_MSGS &&
	       mnl_nlmsg_batch_size(b->kb_mnl) + m->km_len <= KN_BATCH_BYTES;
}

void kn_batch_add(struct kn_batch *b, const struct kn_msgs *m, size_t op)
{
	const struct nlmsghdr *src = (const struct nlmsghdr *)m->km_buf;
	int left = (int)m->km_len;

	for (unsigned i = 0; i < m->km_count && kn_nlmsg_ok(src, left); i++) {
		struct nlmsghdr *dst = mnl_nlmsg_batch_current(b->kb_mnl);
		memcpy(dst, src, src->nlmsg_len);
		b->kb_sent[b->kb_count++] = (struct kn_sent){.ks_op = op, .ks_tolerate = m->km_tolerate[i]};
		mnl_nlmsg_batch_next(b->kb_mnl);
		src = mnl_nlmsg_next(src, &left);
	}
}

void kn_batch_number(struct kn_batch *b, uint32_t seq0)
{
	struct nlmsghdr *nlh = mnl_nlmsg_batch_head(b->kb_mnl);
	int left = (int)mnl_nlmsg_batch_size(b->kb_mnl);

	b->kb_seq0 = seq0;
	for (uint32_t i = 0; kn_nlmsg_ok(nlh, left); i++, nlh = mnl_nlmsg_next(nlh, &left))
		nlh->nlmsg_seq = seq0 + i;
}

const void *kn_batch_head(const struct kn_batch *b)
{
	return mnl_nlmsg_batch_head(b->kb_mnl);
}

size_t kn_batch_size(const struct kn_batch *b)
{
	return mnl_nlmsg_batch_size(b->kb_mnl);
}

bool kn_batch_done(const struct kn_batch *b)
{
	return b->kb_acked == b->kb_count;
}

static bool tolerated(enum kn_tolerate tol, int err)
{
	switch (tol) {
	case KN_GONE_OK:
		return err == ENOENT || err == ESRCH || err == ENODEV || err == EADDRNOTAVAIL;
	case KN_EXISTS_OK:
		return err == EEXIST;
	case KN_STRICT:
		break;
	}
	return false;
}

/* The extended acknowledgement's message (NETLINK_EXT_ACK) into text, if the kernel sent one. */
static bool ext_ack_msg(const struct nlmsghdr *nlh, const struct nlmsgerr *e, char *text, size_t len)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return false;
	/* without NLM_F_CAPPED the whole request is echoed before the attributes */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len < sizeof(e->msg) ? 0 : e->msg.nlmsg_len - sizeof(e->msg);
	return kn_attr_table(nlh, off, tb, NLMSGERR_ATTR_MAX) == 0 && kn_attr_str(tb[NLMSGERR_ATTR_MSG], text, len) &&
	       text[0];
}

static void take_ack(struct kn_batch *b, const struct nlmsghdr *nlh, struct kn_result *res)
{
	uint32_t i = nlh->nlmsg_seq - b->kb_seq0;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	char msg[200];
	int err;

	if (nlh->nlmsg_type != NLMSG_ERROR || i >= b->kb_count || b->kb_sent[i].ks_acked)
		return; /* not an acknowledgement of this batch: a late one of a lost batch */
	b->kb_sent[i].ks_acked = true;
	b->kb_acked++;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e) || e->error > 0 || e->error < -ERRNO_MAX) {
		kn_result_fail(res, b->kb_sent[i].ks_op, EPROTO, "malformed acknowledgement from the kernel");
		return;
	}
	err = -e->error;
	if (err == 0 || tolerated(b->kb_sent[i].ks_tolerate, err))
		return;
	if (ext_ack_msg(nlh, e, msg, sizeof(msg)))
		kn_result_fail(res, b->kb_sent[i].ks_op, err, "%s: %s", strerror(err), msg);
	else
		kn_result_fail(res, b->kb_sent[i].ks_op, err, "%s", strerror(err));
}

void kn_batch_acks(struct kn_batch *b, const void *buf, size_t len, struct kn_result *res)
{
	const struct nlmsghdr *nlh = buf;
	int left = len > (size_t)INT32_MAX ? INT32_MAX : (int)len;

	for (; kn_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left))
		take_ack(b, nlh, res);
}

void kn_batch_lost(struct kn_batch *b, int err, struct kn_result *res)
{
	for (size_t i = 0; i < b->kb_count; i++)
		if (!b->kb_sent[i].ks_acked) {
			kn_result_fail(res, b->kb_sent[i].ks_op, err, "no acknowledgement from the kernel (%s)",
				       strerror(err));
			return;
		}
}
