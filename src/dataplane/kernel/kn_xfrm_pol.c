/*
 * xfrm policies as XFRM_MSG_UPDPOLICY (add or replace) / XFRM_MSG_DELPOLICY:
 * traffic of one IP protocol (GRE, 47) between two addresses, required to
 * use the ESP SA of a reqid. Transport-mode templates leave the addresses
 * to the packet; tunnel-mode ones name the tunnel's ends. The reqid
 * KN_REQID_BLOCK asks for a protected tunnel's BLOCK policy instead
 * (kn_xfrm_block.h): action block, its own mark and priority, no template.
 * A BLOCK policy's address 0.0.0.0 is any address.
 */
#include <errno.h>
#include <linux/xfrm.h>
#include <string.h>

#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_msg.h"
#include "dataplane/kernel/kn_xfrm_block.h"

static const uint8_t policy_dirs[] = {
    [DP_POLICY_OUT] = XFRM_POLICY_OUT,
    [DP_POLICY_IN] = XFRM_POLICY_IN,
    [DP_POLICY_FWD] = XFRM_POLICY_FWD,
};

static uint8_t prefixlen(const struct dp_policy *p, struct in_addr a)
{
	return kn_policy_is_block(p) && !a.s_addr ? 0 : 32;
}

static void fill_selector(struct xfrm_selector *sel, const struct dp_policy *p)
{
	sel->saddr.a4 = p->dpo_src.s_addr;
	sel->daddr.a4 = p->dpo_dst.s_addr;
	sel->prefixlen_s = prefixlen(p, p->dpo_src);
	sel->prefixlen_d = prefixlen(p, p->dpo_dst);
	sel->proto = p->dpo_proto;
	sel->family = AF_INET;
}

static void put_template(struct nlmsghdr *nlh, const struct dp_policy *p)
{
	struct xfrm_user_tmpl t = {
	    .id.proto = IPPROTO_ESP,
	    .family = AF_INET,
	    .reqid = (uint32_t)kn_reqid_mark(p->dpo_reqid),
	    .mode = p->dpo_mode == DP_SA_TUNNEL ? XFRM_MODE_TUNNEL : XFRM_MODE_TRANSPORT,
	    .aalgos = ~0u,
	    .ealgos = ~0u,
	    .calgos = ~0u,
	};

	if (p->dpo_mode == DP_SA_TUNNEL) {
		t.saddr.a4 = p->dpo_tun_src.s_addr;
		t.id.daddr.a4 = p->dpo_tun_dst.s_addr;
	}
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(t), &t);
}

static int check_policy(struct kn_msgs *m, const struct dp_policy *p)
{
	if (kn_policy_is_block(p))
		return 0;
	if (kn_reqid_mark(p->dpo_reqid) < 0)
		return kn_fail(m, EINVAL, "reqid %u is above %u", p->dpo_reqid, KN_REQID_MAX - KN_REQID_MIN);
	if (p->dpo_mode == DP_SA_TUNNEL && (!p->dpo_tun_src.s_addr || !p->dpo_tun_dst.s_addr))
		return kn_fail(m, EINVAL, "a tunnel-mode policy needs both tunnel ends");
	return 0;
}

static int policy_delete(struct kn_msgs *m, const struct dp_policy *p)
{
	struct nlmsghdr *nlh = kn_msg_new(m, XFRM_MSG_DELPOLICY, 0, KN_GONE_OK);
	struct xfrm_userpolicy_id *id;

	if (!nlh)
		return -ENOSPC;
	id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	fill_selector(&id->sel, p);
	id->dir = policy_dirs[p->dpo_dir];
	if (kn_policy_is_block(p))
		kn_put_block_mark(nlh);
	return 0;
}

int kn_build_policy(struct kn_msgs *m, const struct dp_policy *p, bool add)
{
	struct xfrm_userpolicy_info *pi;
	struct nlmsghdr *nlh;

	if ((unsigned)p->dpo_dir >= sizeof(policy_dirs))
		return kn_fail(m, EINVAL, "unknown policy direction %d", (int)p->dpo_dir);
	if (!add)
		return policy_delete(m, p);
	if (check_policy(m, p) < 0)
		return -EINVAL;
	if (!(nlh = kn_msg_new(m, XFRM_MSG_UPDPOLICY, 0, KN_STRICT)))
		return -ENOSPC;
	pi = mnl_nlmsg_put_extra_header(nlh, sizeof(*pi));
	fill_selector(&pi->sel, p);
	pi->lft.soft_byte_limit = pi->lft.hard_byte_limit = XFRM_INF;
	pi->lft.soft_packet_limit = pi->lft.hard_packet_limit = XFRM_INF;
	pi->dir = policy_dirs[p->dpo_dir];
	if (kn_policy_is_block(p)) {
		pi->action = XFRM_POLICY_BLOCK;
		pi->priority = KN_BLOCK_PRIORITY;
		kn_put_block_mark(nlh);
		return 0;
	}
	pi->action = XFRM_POLICY_ALLOW;
	put_template(nlh, p);
	return 0;
}
