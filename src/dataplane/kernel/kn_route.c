/*
 * IPv4 routes per table as RTM_NEWROUTE / RTM_DELROUTE: unicast with one
 * next hop or several (RTA_MULTIPATH), each optionally pushing a label
 * stack (lightweight tunnel, LWTUNNEL_ENCAP_MPLS), or blackhole. Tables
 * above 255 only fit RTA_TABLE, so it is always sent. A delete names
 * table, prefix, metric and ferryd's protocol: the kernel removes only a
 * route ferryd installed. A route may name a nexthop object instead of
 * carrying its next hops (RTA_NH_ID: kn_nexthop.h says when and why).
 */
#include <errno.h>
#include <linux/lwtunnel.h>
#include <linux/mpls_iptunnel.h>
#include <linux/rtnetlink.h>

#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_msg.h"
#include "dataplane/kernel/kn_nexthop.h"

/* The label stack of one next hop, if it pushes any. */
static int put_encap(struct kn_msgs *m, struct nlmsghdr *nlh, const struct dp_nexthop *nh)
{
	struct nlattr *encap = mnl_attr_nest_start(nlh, RTA_ENCAP);
	int n = kn_put_labels(m, nlh, MPLS_IPTUNNEL_DST, nh->dn_labels, nh->dn_nlabels);

	if (n <= 0) {
		mnl_attr_nest_cancel(nlh, encap);
		return n;
	}
	mnl_attr_nest_end(nlh, encap);
	mnl_attr_put_u16(nlh, RTA_ENCAP_TYPE, LWTUNNEL_ENCAP_MPLS);
	return 0;
}

/* Gateway and labels: what a next hop carries alone or inside RTA_MULTIPATH. */
static int put_hop(struct kn_msgs *m, struct nlmsghdr *nlh, const struct dp_nexthop *nh)
{
	if (nh->dn_gw.s_addr)
		kn_put_in4(nlh, RTA_GATEWAY, nh->dn_gw);
	return put_encap(m, nlh, nh);
}

/* The next hop's device, if it names one (0: the kernel finds it from the gateway). */
static int hop_index(struct kn_msgs *m, const struct dp_nexthop *nh, uint32_t *index)
{
	*index = 0;
	if (!nh->dn_dev[0] && !nh->dn_gw.s_addr)
		return kn_fail(m, EINVAL, "a next hop needs a gateway or a device");
	return nh->dn_dev[0] ? kn_ifindex(m, nh->dn_dev, index) : 0;
}

static int put_single(struct kn_msgs *m, struct nlmsghdr *nlh, const struct dp_nexthop *nh)
{
	uint32_t index;
	int rc;

	if ((rc = hop_index(m, nh, &index)) < 0)
		return rc;
	if (index)
		mnl_attr_put_u32(nlh, RTA_OIF, index);
	return put_hop(m, nlh, nh);
}

static int put_multipath(struct kn_msgs *m, struct nlmsghdr *nlh, const struct dp_route *r)
{
	struct nlattr *mp = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
	struct rtnexthop *rtnh;
	uint32_t index;
	int rc;

	for (unsigned i = 0; i < r->dr_nnh; i++) {
		if ((rc = hop_index(m, &r->dr_nh[i], &index)) < 0)
			return rc;
		rtnh = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtnh));
		rtnh->rtnh_ifindex = (int)index;
		if ((rc = put_hop(m, nlh, &r->dr_nh[i])) < 0)
			return rc;
		rtnh->rtnh_len = (unsigned short)((char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)rtnh);
	}
	mnl_attr_nest_end(nlh, mp);
	return 0;
}

/* Link scope when every next hop is directly attached (no gateway). */
static unsigned char route_scope(const struct dp_route *r)
{
	for (unsigned i = 0; i < r->dr_nnh; i++)
		if (r->dr_nh[i].dn_gw.s_addr)
			return RT_SCOPE_UNIVERSE;
	return r->dr_kind == DP_ROUTE_BLACKHOLE ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
}

static int check_route(struct kn_msgs *m, const struct dp_route *r, bool add)
{
	if (r->dr_plen > 32)
		return kn_fail(m, EINVAL, "prefix length %u is above 32", r->dr_plen);
	if (r->dr_nnh > DP_MAX_NEXTHOPS)
		return kn_fail(m, EINVAL, "%u next hops: at most %d", r->dr_nnh, DP_MAX_NEXTHOPS);
	if (add && r->dr_kind == DP_ROUTE_UNICAST && !r->dr_nnh)
		return kn_fail(m, EINVAL, "a unicast route needs a next hop");
	return 0;
}

int kn_build_route(struct kn_msgs *m, const struct dp_route *r, bool add)
{
	return kn_build_route_via(m, r, add, 0);
}

int kn_build_route_via(struct kn_msgs *m, const struct dp_route *r, bool add, uint32_t nhid)
{
	uint32_t table = r->dr_table ? r->dr_table : RT_TABLE_MAIN;
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	if (check_route(m, r, add) < 0)
		return -EINVAL;
	if (!(nlh = kn_msg_change(m, RTM_NEWROUTE, RTM_DELROUTE, add, sizeof(*rtm))))
		return -ENOSPC;
	rtm = mnl_nlmsg_get_payload(nlh);
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = r->dr_plen;
	rtm->rtm_table = table < 256 ? (unsigned char)table : RT_TABLE_UNSPEC;
	rtm->rtm_protocol = RTPROT_FERRY;
	/* a delete matches any scope and type: table, prefix, metric and protocol pick the route */
	rtm->rtm_scope = add ? route_scope(r) : RT_SCOPE_NOWHERE;
	rtm->rtm_type = !add ? RTN_UNSPEC : r->dr_kind == DP_ROUTE_BLACKHOLE ? RTN_BLACKHOLE : RTN_UNICAST;
	mnl_attr_put_u32(nlh, RTA_TABLE, table);
	if (r->dr_plen)
		kn_put_in4(nlh, RTA_DST, r->dr_dst);
	if (r->dr_metric)
		mnl_attr_put_u32(nlh, RTA_PRIORITY, r->dr_metric);
	if (!add || r->dr_kind == DP_ROUTE_BLACKHOLE)
		return 0;
	if (nhid) {
		mnl_attr_put_u32(nlh, RTA_NH_ID, nhid);
		return 0;
	}
	return r->dr_nnh == 1 ? put_single(m, nlh, &r->dr_nh[0]) : put_multipath(m, nlh, r);
}
