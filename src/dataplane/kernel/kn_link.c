/*
 * VRF devices and links as RTM_NEWLINK / RTM_DELLINK. A device ferryd
 * creates takes two messages: the create (kind and its data), then a
 * settle by name (ifalias mark, VRF master, MTU, up/down), because the
 * kernel applies an ifalias only to a device that exists. Both travel in
 * one sendmsg, which the kernel processes whole: no crash leaves a device
 * without its mark. The kernel applies the settle even when it refuses the
 * create: kn_claim.c first makes sure the name is no other program's.
 */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>

#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_msg.h"

static const char *const kind_names[] = {
    [DP_LINK_LOOPBACK] = "dummy",
    [DP_LINK_VLAN] = "vlan",
    [DP_LINK_GRE] = "gre",
    [DP_LINK_MGRE] = "gre",
};

/* An RTM_*LINK message for device NAME (by name: it may not have an ifindex yet). */
static struct nlmsghdr *link_msg(struct kn_msgs *m, uint16_t type, uint16_t flags, enum kn_tolerate tol,
				 const char *name)
{
	struct nlmsghdr *nlh = kn_msg_new(m, type, flags, tol);
	struct ifinfomsg *ifi;

	if (!nlh)
		return NULL;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nlh;
}

static int check_name(struct kn_msgs *m, const char *name)
{
	size_t n = strnlen(name, DP_DEVLEN);

	return n > 0 && n < DP_DEVLEN ? 0 : kn_fail(m, EINVAL, "a device name of 1 to %d characters", DP_DEVLEN - 1);
}

struct settle {
	const char *st_name;
	const char *st_mark; /* ifalias after "ferry:"; NULL: not ferryd's device, no mark */
	const char *st_vrf;  /* master; "" = none; NULL: leave as it is */
	bool st_up;
	uint32_t st_mtu; /* 0 = leave */
};

static int link_settle(struct kn_msgs *m, const struct settle *s)
{
	uint32_t master = 0;
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	char alias[sizeof(KN_ALIAS_PREFIX) + DP_DESCRLEN];

	if (s->st_vrf && s->st_vrf[0] && kn_ifindex(m, s->st_vrf, &master) < 0)
		return -ENODEV;
	if (!(nlh = link_msg(m, RTM_NEWLINK, 0, KN_STRICT, s->st_name)))
		return -ENOSPC;
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = s->st_up ? IFF_UP : 0;
	if (s->st_mark) {
		snprintf(alias, sizeof(alias), "%s%s", KN_ALIAS_PREFIX, s->st_mark);
		mnl_attr_put_str(nlh, IFLA_IFALIAS, alias);
	}
	if (s->st_vrf)
		mnl_attr_put_u32(nlh, IFLA_MASTER, master);
	if (s->st_mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, s->st_mtu);
	return 0;
}

static const char *mark_of(const char *descr, const char *name)
{
	return descr[0] ? descr : name;
}

static int link_delete(struct kn_msgs *m, const char *name)
{
	return link_msg(m, RTM_DELLINK, 0, KN_GONE_OK, name) ? 0 : -ENOSPC;
}

/* A device ferryd did not create is never deleted: it only leaves its VRF. */
static int link_release(struct kn_msgs *m, const char *name)
{
	struct nlmsghdr *nlh = link_msg(m, RTM_NEWLINK, 0, KN_GONE_OK, name);

	if (!nlh)
		return -ENOSPC;
	mnl_attr_put_u32(nlh, IFLA_MASTER, 0);
	return 0;
}

int kn_build_vrf(struct kn_msgs *m, const struct dp_vrf *v, bool add)
{
	struct nlmsghdr *nlh;
	struct nlattr *info, *data;
	struct settle s = {.st_name = v->dv_name, .st_mark = mark_of(v->dv_descr, v->dv_name), .st_up = true};

	if (check_name(m, v->dv_name) < 0)
		return -EINVAL;
	if (!add)
		return link_delete(m, v->dv_name);
	if (!v->dv_table)
		return kn_fail(m, EINVAL, "a VRF needs a table other than 0");
	if (!(nlh = link_msg(m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, KN_EXISTS_OK, v->dv_name)))
		return -ENOSPC;
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "vrf");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	mnl_attr_put_u32(nlh, IFLA_VRF_TABLE, v->dv_table);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return link_settle(m, &s);
}

static int gre_data(struct kn_msgs *m, struct nlmsghdr *nlh, const struct dp_link *l)
{
	uint32_t underlay;

	if (l->dl_kind == DP_LINK_GRE && !l->dl_remote.s_addr)
		return kn_fail(m, EINVAL, "a point-to-point GRE tunnel needs a destination");
	kn_put_in4(nlh, IFLA_GRE_LOCAL, l->dl_local);
	if (l->dl_kind == DP_LINK_GRE)
		kn_put_in4(nlh, IFLA_GRE_REMOTE, l->dl_remote);
	mnl_attr_put_u8(nlh, IFLA_GRE_TTL, l->dl_ttl);
	if (l->dl_has_key) {
		mnl_attr_put_u16(nlh, IFLA_GRE_IFLAGS, GRE_KEY);
		mnl_attr_put_u16(nlh, IFLA_GRE_OFLAGS, GRE_KEY);
		mnl_attr_put_u32(nlh, IFLA_GRE_IKEY, htonl(l->dl_key));
		mnl_attr_put_u32(nlh, IFLA_GRE_OKEY, htonl(l->dl_key));
	}
	if (!l->dl_parent[0])
		return 0;
	if (kn_ifindex(m, l->dl_parent, &underlay) < 0)
		return -ENODEV;
	mnl_attr_put_u32(nlh, IFLA_GRE_LINK, underlay);
	return 0;
}

static int vlan_data(struct kn_msgs *m, struct nlmsghdr *nlh, const struct dp_link *l)
{
	if (l->dl_vlan < 1 || l->dl_vlan > 4094)
		return kn_fail(m, EINVAL, "VLAN %u is not in 1-4094", l->dl_vlan);
	mnl_attr_put_u16(nlh, IFLA_VLAN_ID, l->dl_vlan);
	return 0;
}

/* The create message: the trunk of a VLAN, then kind and kind data (a dummy has none). */
static int link_create(struct kn_msgs *m, const struct dp_link *l)
{
	/* GRE parameters change in place (changelink); the other kinds have nothing to change */
	bool gre = l->dl_kind == DP_LINK_GRE || l->dl_kind == DP_LINK_MGRE;
	struct nlmsghdr *nlh =
	    link_msg(m, RTM_NEWLINK, NLM_F_CREATE | (gre ? 0 : NLM_F_EXCL), gre ? KN_STRICT : KN_EXISTS_OK, l->dl_name);
	struct nlattr *info, *data;
	uint32_t trunk;
	int rc = 0;

	if (!nlh)
		return -ENOSPC;
	if (l->dl_kind == DP_LINK_VLAN) {
		if ((rc = kn_ifindex(m, l->dl_parent, &trunk)) < 0)
			return rc;
		mnl_attr_put_u32(nlh, IFLA_LINK, trunk);
	}
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind_names[l->dl_kind]);
	if (l->dl_kind != DP_LINK_LOOPBACK) {
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		rc = gre ? gre_data(m, nlh, l) : vlan_data(m, nlh, l);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, info);
	return rc;
}

int kn_build_link(struct kn_msgs *m, const struct dp_link *l, bool add)
{
	bool ours = l->dl_kind != DP_LINK_EXISTING;
	struct settle s = {.st_name = l->dl_name,
			   .st_mark = ours ? mark_of(l->dl_descr, l->dl_name) : NULL,
			   .st_vrf = l->dl_vrf,
			   .st_up = l->dl_up,
			   .st_mtu = l->dl_mtu};
	int rc;

	if (check_name(m, l->dl_name) < 0)
		return -EINVAL;
	if ((unsigned)l->dl_kind > DP_LINK_MGRE)
		return kn_fail(m, EINVAL, "unknown link kind %d", (int)l->dl_kind);
	if (!add)
		return ours ? link_delete(m, l->dl_name) : link_release(m, l->dl_name);
	if (ours && (rc = link_create(m, l)) < 0)
		return rc;
	return link_settle(m, &s);
}
