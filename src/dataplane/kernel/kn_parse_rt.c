/* Decoders of rtnetlink answers: ferryd's devices, routes, label routes and addresses; MPLS counters. */
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/mpls.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "dataplane/kernel/kn_attr.h"
#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_parse.h"

static bool marked(const struct nlattr *alias)
{
	size_t n = strlen(KN_ALIAS_PREFIX);

	return alias && mnl_attr_get_payload_len(alias) >= n &&
	       memcmp(mnl_attr_get_payload(alias), KN_ALIAS_PREFIX, n) == 0;
}

/* The delete of a device of this kind: every kind ferryd creates goes the same way. */
static void link_delete_op(const char *kind, const char *name, struct dp_op *del)
{
	memset(del, 0, sizeof(*del));
	if (strcmp(kind, "vrf") == 0) {
		del->op_type = DP_VRF_DEL;
		snprintf(del->op_vrf.dv_name, sizeof(del->op_vrf.dv_name), "%s", name);
		return;
	}
	del->op_type = DP_LINK_DEL;
	del->op_link.dl_kind = DP_LINK_LOOPBACK;
	snprintf(del->op_link.dl_name, sizeof(del->op_link.dl_name), "%s", name);
}

int kn_parse_link(const struct nlmsghdr *nlh, struct dp_op *del)
{
	const struct nlattr *tb[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1];
	char name[DP_DEVLEN], kind[16] = "";

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	if (kn_attr_table(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX) < 0 ||
	    !kn_attr_str(tb[IFLA_IFNAME], name, sizeof(name)) || !name[0])
		return -1;
	if (!marked(tb[IFLA_IFALIAS]))
		return 0;
	if (tb[IFLA_LINKINFO]) {
		kn_attr_nested(tb[IFLA_LINKINFO], info, IFLA_INFO_MAX);
		kn_attr_str(info[IFLA_INFO_KIND], kind, sizeof(kind));
	}
	link_delete_op(kind, name, del);
	return 1;
}

/* An RTM_NEWROUTE of FAMILY and ferryd's protocol: 1, with its attributes in tb. */
static int our_route(const struct nlmsghdr *nlh, unsigned char family, const struct nlattr **tb)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return 0;
	if (kn_attr_table(nlh, sizeof(*rtm), tb, RTA_MAX) < 0)
		return -1;
	return rtm->rtm_family == family && rtm->rtm_protocol == RTPROT_FERRY;
}

int kn_parse_route(const struct nlmsghdr *nlh, struct dp_op *del)
{
	const struct nlattr *tb[RTA_MAX + 1];
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct dp_route *r = &del->op_route;
	int rc = our_route(nlh, AF_INET, tb);

	if (rc <= 0)
		return rc;
	memset(del, 0, sizeof(*del));
	del->op_type = DP_ROUTE_DEL;
	if (!kn_attr_u32(tb[RTA_TABLE], &r->dr_table))
		r->dr_table = rtm->rtm_table;
	r->dr_plen = rtm->rtm_dst_len;
	if (r->dr_plen > 32 || (r->dr_plen && !kn_attr_u32(tb[RTA_DST], &r->dr_dst.s_addr)))
		return -1;
	kn_attr_u32(tb[RTA_PRIORITY], &r->dr_metric);
	r->dr_kind = rtm->rtm_type == RTN_BLACKHOLE ? DP_ROUTE_BLACKHOLE : DP_ROUTE_UNICAST;
	return 1;
}

int kn_parse_label(const struct nlmsghdr *nlh, struct dp_op *del)
{
	const struct nlattr *tb[RTA_MAX + 1];
	uint32_t entry;
	int rc = our_route(nlh, AF_MPLS, tb);

	if (rc <= 0)
		return rc;
	if (!kn_attr_u32(tb[RTA_DST], &entry))
		return -1;
	memset(del, 0, sizeof(*del));
	del->op_type = DP_LABEL_DEL;
	del->op_label.dlb_in = (ntohl(entry) & MPLS_LS_LABEL_MASK) >> MPLS_LS_LABEL_SHIFT;
	return 1;
}

int kn_parse_ifaddr(const struct nlmsghdr *nlh, bool ours_only, struct dp_addr *out)
{
	const struct nlattr *tb[IFA_MAX + 1];
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	uint8_t proto;

	/* a dump answers RTM_NEWADDR; the monitor also hears RTM_DELADDR, which carries the same */
	if (nlh->nlmsg_type != RTM_NEWADDR && nlh->nlmsg_type != RTM_DELADDR)
		return 0;
	if (kn_attr_table(nlh, sizeof(*ifa), tb, IFA_MAX) < 0)
		return -1;
	if (ifa->ifa_family != AF_INET || (ours_only && (!kn_attr_u8(tb[IFA_PROTO], &proto) || proto != RTPROT_FERRY)))
		return 0;
	memset(out, 0, sizeof(*out));
	out->da_plen = ifa->ifa_prefixlen;
	/* the label is the device's name: ferryd never sets another */
	if (ifa->ifa_prefixlen > 32 || !kn_attr_str(tb[IFA_LABEL], out->da_dev, sizeof(out->da_dev)) ||
	    !kn_attr_u32(tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS], &out->da_addr.s_addr))
		return -1;
	return 1;
}

int kn_parse_addr(const struct nlmsghdr *nlh, struct dp_op *del)
{
	struct dp_addr a;
	int rc = kn_parse_ifaddr(nlh, true, &a);

	if (rc <= 0)
		return rc;
	memset(del, 0, sizeof(*del));
	del->op_type = DP_ADDR_DEL;
	del->op_addr = a;
	return 1;
}

static void take_mpls_stats(const struct mpls_link_stats *s, struct dp_counters *out)
{
	memset(out, 0, sizeof(*out));
	out->dc_packets_in = s->rx_packets;
	out->dc_bytes_in = s->rx_bytes;
	out->dc_packets_out = s->tx_packets;
	out->dc_bytes_out = s->tx_bytes;
	out->dc_drops = s->rx_errors + s->tx_errors + s->rx_dropped + s->tx_dropped + s->rx_noroute;
}

int kn_parse_mpls_stats(const struct nlmsghdr *nlh, struct dp_counters *out)
{
	const struct nlattr *tb[IFLA_STATS_MAX + 1], *fam[AF_MPLS + 1], *mpls[MPLS_STATS_MAX + 1];
	struct mpls_link_stats s;

	if (nlh->nlmsg_type != RTM_NEWSTATS)
		return 0;
	if (kn_attr_table(nlh, sizeof(struct if_stats_msg), tb, IFLA_STATS_MAX) < 0)
		return -1;
	if (!tb[IFLA_STATS_AF_SPEC])
		return 0;
	kn_attr_nested(tb[IFLA_STATS_AF_SPEC], fam, AF_MPLS);
	if (!fam[AF_MPLS])
		return 0;
	kn_attr_nested(fam[AF_MPLS], mpls, MPLS_STATS_MAX);
	if (!mpls[MPLS_STATS_LINK] || mnl_attr_get_payload_len(mpls[MPLS_STATS_LINK]) < sizeof(s))
		return -1;
	/* attributes are 4-byte aligned only: copy before reading 64-bit counters */
	memcpy(&s, mnl_attr_get_payload(mpls[MPLS_STATS_LINK]), sizeof(s));
	take_mpls_stats(&s, out);
	return 1;
}
