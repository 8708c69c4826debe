/* Decoders of xfrm dump answers: SAs with their counters, and ferryd's policies (IKE's and BLOCK ones). */
#include <linux/xfrm.h>
#include <string.h>

#include "dataplane/kernel/kn_attr.h"
#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_parse.h"

int kn_parse_sa(const struct nlmsghdr *nlh, struct kn_sa_seen *out)
{
	struct xfrm_usersa_info xs;

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA)
		return 0;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(xs))
		return -1;
	/* the 64-bit lifetime counters may sit on a 4-byte boundary: copy first */
	memcpy(&xs, mnl_nlmsg_get_payload(nlh), sizeof(xs));
	if (xs.family != AF_INET || xs.id.proto != IPPROTO_ESP)
		return 0;
	memset(out, 0, sizeof(*out));
	out->ss_spi = ntohl(xs.id.spi);
	out->ss_reqid = xs.reqid;
	out->ss_src.s_addr = xs.saddr.a4;
	out->ss_dst.s_addr = xs.id.daddr.a4;
	out->ss_packets = xs.curlft.packets;
	out->ss_bytes = xs.curlft.bytes;
	out->ss_replay_fail = xs.stats.replay;
	out->ss_integrity_fail = xs.stats.integrity_failed;
	return 1;
}

/* The first template's reqid when it is ferryd's, and its mode. */
static bool our_template(const struct nlattr *tmpl, uint32_t *reqid, enum dp_sa_mode *mode)
{
	size_t len = tmpl ? mnl_attr_get_payload_len(tmpl) : 0;
	struct xfrm_user_tmpl t;

	for (size_t off = 0; off + sizeof(t) <= len; off += sizeof(t)) {
		memcpy(&t, (const char *)mnl_attr_get_payload(tmpl) + off, sizeof(t));
		if (kn_reqid_ours(t.reqid)) {
			*reqid = t.reqid;
			*mode = t.mode == XFRM_MODE_TUNNEL ? DP_SA_TUNNEL : DP_SA_TRANSPORT;
			return true;
		}
	}
	return false;
}

static bool policy_dir(uint8_t dir, enum dp_policy_dir *out)
{
	switch (dir) {
	case XFRM_POLICY_OUT:
		*out = DP_POLICY_OUT;
		return true;
	case XFRM_POLICY_IN:
		*out = DP_POLICY_IN;
		return true;
	case XFRM_POLICY_FWD:
		*out = DP_POLICY_FWD;
		return true;
	}
	return false; /* socket policies */
}

/* A protected tunnel's BLOCK policy: ferryd's by action, priority and mark together. */
static bool our_block(const struct xfrm_userpolicy_info *pi, const struct nlattr *mark)
{
	struct xfrm_mark mk;

	if (pi->action != XFRM_POLICY_BLOCK || pi->priority != KN_BLOCK_PRIORITY || !mark ||
	    mnl_attr_get_payload_len(mark) != sizeof(mk))
		return false;
	memcpy(&mk, mnl_attr_get_payload(mark), sizeof(mk));
	return mk.v == KN_BLOCK_MARK && mk.m == KN_BLOCK_MASK;
}

/* A host, or for a BLOCK policy also any address (0.0.0.0/0). */
static bool our_end(uint8_t plen, uint32_t addr, bool block)
{
	return plen == 32 || (block && plen == 0 && addr == 0);
}

/* ferryd writes host-to-host IPv4 selectors; a BLOCK policy's end may be any: the source of a
 * Virtual-Access's out policy and the destination of its in one, the far end of an mGRE's. */
static bool our_selector(const struct xfrm_selector *sel, bool block)
{
	return sel->family == AF_INET && our_end(sel->prefixlen_s, sel->saddr.a4, block) &&
	       our_end(sel->prefixlen_d, sel->daddr.a4, block);
}

/* The reqid and mode of a policy ferryd installed: its template's, or KN_REQID_BLOCK. */
static bool our_policy(const struct xfrm_userpolicy_info *pi, const struct nlattr **tb, uint32_t *reqid,
		       enum dp_sa_mode *mode)
{
	bool block = our_block(pi, tb[XFRMA_MARK]);

	*reqid = KN_REQID_BLOCK;
	*mode = DP_SA_TRANSPORT;
	return (block || our_template(tb[XFRMA_TMPL], reqid, mode)) && our_selector(&pi->sel, block);
}

int kn_parse_policy(const struct nlmsghdr *nlh, struct dp_op *del)
{
	const struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_userpolicy_info pi;
	struct dp_policy *p = &del->op_policy;
	enum dp_policy_dir dir;
	enum dp_sa_mode mode;
	uint32_t reqid;

	if (nlh->nlmsg_type != XFRM_MSG_NEWPOLICY)
		return 0;
	if (kn_attr_table(nlh, sizeof(pi), tb, XFRMA_MAX) < 0)
		return -1;
	memcpy(&pi, mnl_nlmsg_get_payload(nlh), sizeof(pi));
	if (!our_policy(&pi, tb, &reqid, &mode) || !policy_dir(pi.dir, &dir))
		return 0;
	memset(del, 0, sizeof(*del));
	del->op_type = DP_POLICY_DEL;
	p->dpo_src.s_addr = pi.sel.saddr.a4;
	p->dpo_dst.s_addr = pi.sel.daddr.a4;
	p->dpo_proto = pi.sel.proto;
	p->dpo_dir = dir;
	p->dpo_mode = mode;
	p->dpo_reqid = reqid;
	return 1;
}
