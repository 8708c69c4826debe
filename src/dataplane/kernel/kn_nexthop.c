/* Nexthop objects for the routes that push labels (see kn_nexthop.h for why). */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/lwtunnel.h>
#include <linux/mpls.h>
#include <linux/mpls_iptunnel.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>

#include "dataplane/kernel/kn_attr.h"
#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_nexthop.h"

/* Routes are told apart by table, metric and prefix; a table of 0 is the main one (kn_route.c). */
static uint64_t table_key(const struct dp_route *r)
{
	return (uint64_t)(r->dr_table ? r->dr_table : RT_TABLE_MAIN) << 32 | r->dr_metric;
}

static uint64_t prefix_key(const struct dp_route *r)
{
	return (uint64_t)ntohl(r->dr_dst.s_addr) << 6 | (r->dr_plen & 63);
}

static struct keymap *routes_of(struct kn_nexthops *nx, const struct dp_route *r, bool create)
{
	struct keymap *routes = keymap_get(&nx->nx_tables, table_key(r));

	if (routes || !create)
		return routes;
	if (!(routes = calloc(1, sizeof(*routes))))
		return NULL;
	if (keymap_put(&nx->nx_tables, table_key(r), routes) < 0) {
		free(routes);
		return NULL;
	}
	return routes;
}

uint32_t kn_nexthop_of(const struct kn_nexthops *nx, const struct dp_route *r)
{
	const struct keymap *routes = keymap_get(&nx->nx_tables, table_key(r));

	return routes ? (uint32_t)(uintptr_t)keymap_get(routes, prefix_key(r)) : 0;
}

static bool pushes_labels(const struct dp_nexthop *nh)
{
	for (unsigned i = 0; i < nh->dn_nlabels && i < DP_MAX_LABELS; i++)
		if (nh->dn_labels[i] != MPLS_LABEL_IMPLNULL)
			return true;
	return false;
}

static bool wants_object(const struct kn_nexthops *nx, const struct dp_route *r, bool add)
{
	return add && !nx->nx_off && r->dr_kind == DP_ROUTE_UNICAST && r->dr_nnh == 1 && r->dr_nh[0].dn_dev[0] &&
	       pushes_labels(&r->dr_nh[0]);
}

static uint32_t next_id(struct kn_nexthops *nx)
{
	if (nx->nx_next < KN_NHID_MIN)
		nx->nx_next = KN_NHID_MIN;
	return nx->nx_next++;
}

/* A new object must not take another program's id (NLM_F_EXCL); ferryd's own is replaced in place. */
static int build_nexthop(struct kn_msgs *m, uint32_t id, const struct dp_nexthop *nh, bool replace)
{
	struct nlmsghdr *nlh =
	    kn_msg_new(m, RTM_NEWNEXTHOP, NLM_F_CREATE | (replace ? NLM_F_REPLACE : NLM_F_EXCL), KN_STRICT);
	struct nhmsg *nhm;
	struct nlattr *encap;
	uint32_t index;
	int rc;

	if (!nlh)
		return -ENOSPC;
	if ((rc = kn_ifindex(m, nh->dn_dev, &index)) < 0)
		return rc;
	nhm = mnl_nlmsg_put_extra_header(nlh, sizeof(*nhm));
	nhm->nh_family = AF_INET;
	nhm->nh_protocol = RTPROT_FERRY;
	mnl_attr_put_u32(nlh, NHA_ID, id);
	mnl_attr_put_u32(nlh, NHA_OIF, index);
	if (nh->dn_gw.s_addr)
		kn_put_in4(nlh, NHA_GATEWAY, nh->dn_gw);
	encap = mnl_attr_nest_start(nlh, NHA_ENCAP);
	if ((rc = kn_put_labels(m, nlh, MPLS_IPTUNNEL_DST, nh->dn_labels, nh->dn_nlabels)) < 0)
		return rc;
	mnl_attr_nest_end(nlh, encap);
	mnl_attr_put_u16(nlh, NHA_ENCAP_TYPE, LWTUNNEL_ENCAP_MPLS);
	return 0;
}

int kn_build_nexthop_del(struct kn_msgs *m, uint32_t id)
{
	struct nlmsghdr *nlh = kn_msg_new(m, RTM_DELNEXTHOP, 0, KN_GONE_OK);

	if (!nlh)
		return -ENOSPC;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct nhmsg));
	mnl_attr_put_u32(nlh, NHA_ID, id);
	return 0;
}

/* The object first (the route names it), remembered once both messages are built. */
static int add_through_object(struct kn_msgs *m, struct kn_nexthops *nx, const struct dp_route *r, uint32_t had)
{
	struct keymap *routes = routes_of(nx, r, true);
	uint32_t id = had ? had : next_id(nx);
	int rc;

	if (!routes)
		return kn_fail(m, ENOMEM, "no memory for the route's nexthop object");
	if ((rc = build_nexthop(m, id, &r->dr_nh[0], had != 0)) < 0 || (rc = kn_build_route_via(m, r, true, id)) < 0)
		return rc;
	if (!had && keymap_put(routes, prefix_key(r), (void *)(uintptr_t)id) < 0)
		return kn_fail(m, ENOMEM, "no memory for the route's nexthop object");
	return 0;
}

int kn_nexthop_route(struct kn_msgs *m, struct kn_nexthops *nx, const struct dp_route *r, bool add)
{
	uint32_t had = kn_nexthop_of(nx, r);
	int rc;

	if (wants_object(nx, r, add))
		return add_through_object(m, nx, r, had);
	if ((rc = kn_build_route_via(m, r, add, 0)) < 0 || !had)
		return rc;
	if ((rc = kn_build_nexthop_del(m, had)) < 0) /* after the route: nothing names it any more */
		return rc;
	keymap_del(routes_of(nx, r, false), prefix_key(r));
	return 0;
}

void kn_nexthop_forget(struct kn_nexthops *nx, const struct dp_route *r)
{
	struct keymap *routes = routes_of(nx, r, false);

	if (routes)
		keymap_del(routes, prefix_key(r));
}

void kn_nexthops_free(struct kn_nexthops *nx)
{
	const struct keymap_slot *s;

	for (size_t i = 0; (s = keymap_next(&nx->nx_tables, &i));) {
		keymap_clear(s->ks_val);
		free(s->ks_val);
	}
	keymap_clear(&nx->nx_tables);
}

int kn_parse_nexthop(const struct nlmsghdr *nlh, uint32_t *id)
{
	const struct nlattr *tb[NHA_MAX + 1];
	const struct nhmsg *nhm = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type != RTM_NEWNEXTHOP)
		return 0;
	if (kn_attr_table(nlh, sizeof(*nhm), tb, NHA_MAX) < 0)
		return -1;
	if (nhm->nh_protocol != RTPROT_FERRY)
		return 0;
	return kn_attr_u32(tb[NHA_ID], id) && *id ? 1 : -1;
}
