/*
 * Counters for show commands: a link's (its statistics), a link's MPLS
 * counters (RTM_GETSTATS, AF_MPLS), an SA's (xfrm lifetime and statistics).
 * Linux keeps no counters per label route: those read as zeros.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/xfrm.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/kernel/kn_dp.h"
#include "dataplane/kernel/kn_parse.h"
#include "netlink/nl_link.h"

static int link_counters(const char *dev, struct dp_counters *out)
{
	struct nl_link l;

	if (nl_link_get(dev, &l) < 0)
		return -1;
	out->dc_packets_in = l.nl_rx_packets;
	out->dc_bytes_in = l.nl_rx_bytes;
	out->dc_packets_out = l.nl_tx_packets;
	out->dc_bytes_out = l.nl_tx_bytes;
	out->dc_drops = l.nl_rx_dropped + l.nl_tx_dropped + l.nl_rx_errors + l.nl_tx_errors;
	return 0;
}

struct mpls_answer {
	struct dp_counters *ma_out;
	bool ma_found;
};

static int take_mpls(const struct nlmsghdr *nlh, void *arg)
{
	struct mpls_answer *a = arg;

	if (kn_parse_mpls_stats(nlh, a->ma_out) == 1)
		a->ma_found = true;
	return MNL_CB_OK;
}

static int mpls_link_counters(struct dp *dp, const char *dev, struct dp_counters *out)
{
	_Alignas(struct nlmsghdr) char buf[MNL_NLMSG_HDRLEN + sizeof(struct if_stats_msg)] = {0};
	struct nlmsghdr *req = mnl_nlmsg_put_header(buf);
	struct if_stats_msg *ifsm;
	struct mpls_answer a = {out, false};

	req->nlmsg_type = RTM_GETSTATS;
	ifsm = mnl_nlmsg_put_extra_header(req, sizeof(*ifsm));
	ifsm->family = AF_UNSPEC;
	ifsm->ifindex = if_nametoindex(dev);
	ifsm->filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_AF_SPEC);
	if (!ifsm->ifindex || kn_sock_ask(&dp->kd_sock[KN_BUS_ROUTE], req, NLM_F_ACK, take_mpls, &a) < 0)
		return -1;
	return a.ma_found ? 0 : -1;
}

struct sa_query {
	uint32_t sq_spi;
	struct in_addr sq_dst; /* 0.0.0.0: any */
	struct kn_sa_seen sq_found;
	bool sq_hit;
};

static int take_sa(const struct nlmsghdr *nlh, void *arg)
{
	struct sa_query *q = arg;
	struct kn_sa_seen sa;

	if (!q->sq_hit && kn_parse_sa(nlh, &sa) == 1 && sa.ss_spi == q->sq_spi &&
	    (!q->sq_dst.s_addr || q->sq_dst.s_addr == sa.ss_dst.s_addr)) {
		q->sq_found = sa;
		q->sq_hit = true;
	}
	return MNL_CB_OK;
}

/* "SPI" or "SPI@DST", the SPI in hex (0x optional). */
static int parse_sa_key(const char *key, struct sa_query *q)
{
	char *end;
	unsigned long spi;

	errno = 0;
	spi = strtoul(key, &end, 16);
	if (errno || end == key || spi > UINT32_MAX ||
	    (*end && (*end != '@' || inet_pton(AF_INET, end + 1, &q->sq_dst) != 1)))
		return -1;
	q->sq_spi = (uint32_t)spi;
	return 0;
}

static bool local_address(struct in_addr a)
{
	struct ifaddrs *all, *i;
	bool local = false;

	if (getifaddrs(&all) < 0)
		return false;
	for (i = all; i && !local; i = i->ifa_next)
		local = i->ifa_addr && i->ifa_addr->sa_family == AF_INET &&
			((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr == a.s_addr;
	freeifaddrs(all);
	return local;
}

/* The SA of q: with a destination, the kernel's one (SPI, destination, ESP), else found in a dump of all. */
static int sa_ask(struct dp *dp, struct sa_query *q)
{
	_Alignas(struct nlmsghdr) char buf[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct xfrm_usersa_id))] = {0};
	struct nlmsghdr *req = mnl_nlmsg_put_header(buf);
	struct xfrm_usersa_id *id;

	req->nlmsg_type = XFRM_MSG_GETSA;
	if (!q->sq_dst.s_addr)
		return kn_sock_ask(&dp->kd_sock[KN_BUS_XFRM], req, NLM_F_DUMP, take_sa, q);
	/* one SA, not a dump: on-demand DPD reads a hub's SAs one by one (ikev2_dpd.c) */
	id = mnl_nlmsg_put_extra_header(req, sizeof(*id));
	id->daddr.a4 = q->sq_dst.s_addr;
	id->spi = htonl(q->sq_spi);
	id->family = AF_INET;
	id->proto = IPPROTO_ESP;
	return kn_sock_ask(&dp->kd_sock[KN_BUS_XFRM], req, NLM_F_ACK, take_sa, q);
}

static int sa_counters(struct dp *dp, const char *key, struct dp_counters *out)
{
	struct sa_query q = {0};

	if (parse_sa_key(key, &q) < 0 || sa_ask(dp, &q) < 0 || !q.sq_hit)
		return -1;
	/* an SA carries one direction: inbound when its destination is this host */
	if (local_address(q.sq_found.ss_dst)) {
		out->dc_packets_in = q.sq_found.ss_packets;
		out->dc_bytes_in = q.sq_found.ss_bytes;
	} else {
		out->dc_packets_out = q.sq_found.ss_packets;
		out->dc_bytes_out = q.sq_found.ss_bytes;
	}
	out->dc_drops = (uint64_t)q.sq_found.ss_replay_fail + q.sq_found.ss_integrity_fail;
	return 0;
}

int kn_counters(struct dp *dp, enum dp_counter_kind kind, const char *key, struct dp_counters *out)
{
	memset(out, 0, sizeof(*out));
	switch (kind) {
	case DP_CNT_LINK:
		return link_counters(key, out);
	case DP_CNT_MPLS_LINK:
		return mpls_link_counters(dp, key, out);
	case DP_CNT_SA:
		return sa_counters(dp, key, out);
	case DP_CNT_LABEL:
		return 0; /* Linux counts labeled packets per device (DP_CNT_MPLS_LINK), not per label */
	}
	return -1;
}
