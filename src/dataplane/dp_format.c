/* Text form of dataplane operations: one definition for logs, debug and the record backend. */
#include <arpa/inet.h>
#include <stdio.h>

#include "dataplane/dataplane.h"
#include "dataplane/dp_sa_alg.h"

static const char *const op_names[DP_OP_COUNT] = {
    [DP_VRF_ADD] = "vrf-add",	    [DP_VRF_DEL] = "vrf-del",	  [DP_LINK_ADD] = "link-add",
    [DP_LINK_DEL] = "link-del",	    [DP_ADDR_ADD] = "addr-add",	  [DP_ADDR_DEL] = "addr-del",
    [DP_ROUTE_ADD] = "route-add",   [DP_ROUTE_DEL] = "route-del", [DP_LABEL_ADD] = "label-add",
    [DP_LABEL_DEL] = "label-del",   [DP_NEIGH_ADD] = "neigh-add", [DP_NEIGH_DEL] = "neigh-del",
    [DP_SA_ADD] = "sa-add",	    [DP_SA_DEL] = "sa-del",	  [DP_POLICY_ADD] = "policy-add",
    [DP_POLICY_DEL] = "policy-del",
};

const char *dp_op_name(enum dp_op_type type)
{
	return type < DP_OP_COUNT && op_names[type] ? op_names[type] : "unknown";
}

/* A small ring of buffers so one printf can show several addresses. */
static const char *ip(struct in_addr a)
{
	static __thread char bufs[4][INET_ADDRSTRLEN];
	static __thread unsigned next;
	char *b = bufs[next++ % 4];
	return inet_ntop(AF_INET, &a, b, INET_ADDRSTRLEN);
}

static int fmt_nexthop(const struct dp_nexthop *nh, char *buf, size_t len)
{
	int n = snprintf(buf, len, "via %s dev %s", ip(nh->dn_gw), nh->dn_dev[0] ? nh->dn_dev : "-");

	for (unsigned i = 0; i < nh->dn_nlabels && n > 0 && (size_t)n < len; i++)
		n += snprintf(buf + n, len - (size_t)n, "%s%u", i ? "/" : " labels ", nh->dn_labels[i]);
	return n;
}

static int fmt_link(const struct dp_link *l, char *buf, size_t len)
{
	static const char *const kinds[] = {"existing", "loopback", "vlan", "gre", "mgre"};

	return snprintf(
	    buf, len, "%s kind %s parent %s vlan %u local %s remote %s key %s%u ttl %u vrf %s mpls %s %s mtu %u%s",
	    l->dl_name, kinds[l->dl_kind], l->dl_parent[0] ? l->dl_parent : "-", l->dl_vlan, ip(l->dl_local),
	    ip(l->dl_remote), l->dl_has_key ? "" : "none/", l->dl_key, l->dl_ttl, l->dl_vrf[0] ? l->dl_vrf : "-",
	    l->dl_mpls ? "on" : "off", l->dl_up ? "up" : "down", l->dl_mtu, l->dl_protected ? " protected" : "");
}

static int fmt_route(const struct dp_route *r, char *buf, size_t len)
{
	int n = snprintf(buf, len, "table %u %s/%u metric %u%s", r->dr_table, ip(r->dr_dst), r->dr_plen, r->dr_metric,
			 r->dr_kind == DP_ROUTE_BLACKHOLE ? " blackhole" : "");

	for (unsigned i = 0; i < r->dr_nnh && n > 0 && (size_t)n < len; i++) {
		n += snprintf(buf + n, len - (size_t)n, " ");
		if ((size_t)n < len)
			n += fmt_nexthop(&r->dr_nh[i], buf + n, len - (size_t)n);
	}
	return n;
}

static int fmt_label(const struct dp_label *l, char *buf, size_t len)
{
	static const char *const acts[] = {"pop-lookup", "swap", "pop-forward"};
	int n = snprintf(buf, len, "%u %s", l->dlb_in, acts[l->dlb_action]);

	if (l->dlb_action == DP_LABEL_POP_LOOKUP)
		return n + snprintf(buf + n, len > (size_t)n ? len - (size_t)n : 0, " vrf %s", l->dlb_vrf);
	n += snprintf(buf + n, len > (size_t)n ? len - (size_t)n : 0, " ");
	return (size_t)n < len ? n + fmt_nexthop(&l->dlb_nh, buf + n, len - (size_t)n) : n;
}

static int fmt_sa(const struct dp_sa *s, char *buf, size_t len)
{
	const struct dp_sa_alg_info *alg = dp_sa_alg_info(s->dsa_alg);

	/* keys are never printed */
	return snprintf(buf, len, "spi 0x%08x %s -> %s %s %s encap %u/%u reqid %u window %u", s->dsa_spi,
			ip(s->dsa_src), ip(s->dsa_dst), s->dsa_mode == DP_SA_TUNNEL ? "tunnel" : "transport",
			alg ? alg->sai_name : "unknown-alg", s->dsa_encap_sport, s->dsa_encap_dport, s->dsa_reqid,
			s->dsa_replay_window);
}

static int fmt_policy(const struct dp_policy *p, char *buf, size_t len)
{
	static const char *const dirs[] = {"out", "in", "fwd"};

	return snprintf(buf, len, "%s %s -> %s proto %u %s reqid %u tunnel %s -> %s", dirs[p->dpo_dir], ip(p->dpo_src),
			ip(p->dpo_dst), p->dpo_proto, p->dpo_mode == DP_SA_TUNNEL ? "tunnel" : "transport",
			p->dpo_reqid, ip(p->dpo_tun_src), ip(p->dpo_tun_dst));
}

static int fmt_body(const struct dp_op *op, char *buf, size_t len)
{
	switch (op->op_type) {
	case DP_VRF_ADD:
	case DP_VRF_DEL:
		return snprintf(buf, len, "%s table %u", op->op_vrf.dv_name, op->op_vrf.dv_table);
	case DP_LINK_ADD:
	case DP_LINK_DEL:
		return fmt_link(&op->op_link, buf, len);
	case DP_ADDR_ADD:
	case DP_ADDR_DEL:
		return snprintf(buf, len, "%s %s/%u", op->op_addr.da_dev, ip(op->op_addr.da_addr), op->op_addr.da_plen);
	case DP_ROUTE_ADD:
	case DP_ROUTE_DEL:
		return fmt_route(&op->op_route, buf, len);
	case DP_LABEL_ADD:
	case DP_LABEL_DEL:
		return fmt_label(&op->op_label, buf, len);
	case DP_NEIGH_ADD:
	case DP_NEIGH_DEL:
		return snprintf(buf, len, "%s %s nbma %s", op->op_neigh.dnb_dev, ip(op->op_neigh.dnb_overlay),
				ip(op->op_neigh.dnb_nbma));
	case DP_SA_ADD:
	case DP_SA_DEL:
		return fmt_sa(&op->op_sa, buf, len);
	case DP_POLICY_ADD:
	case DP_POLICY_DEL:
		return fmt_policy(&op->op_policy, buf, len);
	case DP_OP_COUNT:
		break;
	}
	return snprintf(buf, len, "?");
}

int dp_op_format(const struct dp_op *op, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s ", dp_op_name(op->op_type));

	if (n < 0 || (size_t)n >= len)
		return n;
	return n + fmt_body(op, buf + n, len - (size_t)n);
}
