/*
 * Attachment: splitting each operation between the kernel and userspace.
 * The builder takes every operation (it needs the links and addresses too);
 * the kernel backend gets links, addresses and global routes on kernel
 * devices, with VRF membership replaced by rules (VRFs are TUNs here), and
 * the addresses of global loopbacks on lo; GRE and multipoint GRE links,
 * loopbacks, labels, neighbours, SAs and policies stay in userspace, but a
 * global tunnel's TUN (us_attach_tunnel.c) holds its addresses and routes. An address in a VRF is not given to the
 * kernel (two VRFs may hold the same one, and the kernel could not tell their replies apart): its table gets the subnet
 * through the link and the address itself into the TUN, where the workers answer pings, and the link answers ARP for it
 * by proxy.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "dataplane/kernel/kn_sysctl.h"
#include "dataplane/userspace/us_attach_int.h"
#include "dataplane/userspace/us_rule.h"

#define US_TABLE_MAIN	   254
#define US_KERNEL_LOOPBACK "lo"

static bool us_same_name(const void *a, const void *b)
{
	return strcmp(a, b) == 0; /* dv_name and dl_name start their records */
}

const struct dp_vrf *us_attach_vrf(struct dp *dp, const char *name)
{
	char key[sizeof(struct dp_vrf)] = {0};

	snprintf(key, DP_DEVLEN, "%s", name);
	return us_vec_find(&dp->up_build.b_vrfs, key, us_same_name);
}

const struct dp_link *us_attach_link(struct dp *dp, const char *name)
{
	char key[sizeof(struct dp_link)] = {0};

	snprintf(key, DP_DEVLEN, "%s", name);
	return us_vec_find(&dp->up_build.b_links, key, us_same_name);
}

struct dp_op *us_kops_add(struct us_kops *k, enum dp_op_type type, size_t i)
{
	struct dp_op *op = &k->ko_ops[k->ko_n];

	memset(op, 0, sizeof(*op));
	op->op_type = type;
	k->ko_from[k->ko_n++] = i;
	return op;
}

/*
 * Tunnels and loopbacks. A loopback is nothing but its addresses: in a VRF
 * the workers answer for them; in the global table they go on the kernel's
 * lo (kernels without the dummy driver are why this backend runs).
 */
static bool us_link_in_userspace(const struct dp_link *l)
{
	return l && (l->dl_kind == DP_LINK_GRE || l->dl_kind == DP_LINK_MGRE || l->dl_kind == DP_LINK_LOOPBACK);
}

bool us_attach_in_userspace(struct dp *dp, const char *name)
{
	return us_link_in_userspace(us_attach_link(dp, name));
}

bool us_attach_table_global(uint32_t table)
{
	return table == 0 || table == US_TABLE_MAIN;
}

/* The table of the VRF a kernel link is in; 0 when global, unknown or not a kernel link. */
static uint32_t us_link_table(struct dp *dp, const struct dp_link *l)
{
	const struct dp_vrf *v;

	if (!l || us_link_in_userspace(l) || !l->dl_vrf[0] || !(v = us_attach_vrf(dp, l->dl_vrf)))
		return 0;
	return v->dv_table;
}

static int us_attach_rule(struct dp *dp, bool add, const char *dev, uint32_t table, char *err, size_t errlen)
{
	int rc = us_rule_iif(&dp->up_nl, add, dev, table);

	if (rc < 0)
		snprintf(err, errlen, "rule iif %s lookup %u: %s", dev, table, strerror(-rc));
	return rc < 0 ? -1 : 0;
}

/* A kernel link: to the kernel without its VRF, which becomes a rule from the link to the VRF's table. */
static int us_attach_link_add(struct dp *dp, const struct dp_link *l, struct us_kops *k, size_t i, char *err,
			      size_t errlen)
{
	uint32_t old = us_link_table(dp, us_attach_link(dp, l->dl_name)), table = us_link_table(dp, l);
	struct dp_link *kl;

	if (us_link_in_userspace(l)) {
		us_attach_tunnel_link(dp, l, k, i);
		return 0;
	}
	if (old && old != table && us_attach_rule(dp, false, l->dl_name, old, err, errlen) < 0)
		return -1;
	if (table && us_attach_rule(dp, true, l->dl_name, table, err, errlen) < 0)
		return -1;
	kl = &us_kops_add(k, DP_LINK_ADD, i)->op_link;
	*kl = *l;
	kl->dl_vrf[0] = '\0';
	return 0;
}

static int us_attach_link_del(struct dp *dp, const struct dp_op *op, struct us_kops *k, size_t i, char *err,
			      size_t errlen)
{
	const struct dp_link *l = us_attach_link(dp, op->op_link.dl_name);
	uint32_t table = us_link_table(dp, l);

	if (us_link_in_userspace(l)) {
		us_attach_tunnel_del(dp, l->dl_name);
		return 0;
	}
	if (table && us_attach_rule(dp, false, op->op_link.dl_name, table, err, errlen) < 0)
		return -1;
	*us_kops_add(k, DP_LINK_DEL, i) = *op;
	return 0;
}

static void us_attach_table_route(struct us_kops *k, size_t i, enum dp_op_type type, uint32_t table, struct in_addr dst,
				  uint8_t plen, const char *dev)
{
	struct dp_route *r = &us_kops_add(k, type, i)->op_route;

	r->dr_table = table;
	r->dr_dst.s_addr = dst.s_addr & (plen ? htonl(~0u << (32 - plen)) : 0);
	r->dr_plen = plen;
	r->dr_nnh = 1;
	snprintf(r->dr_nh[0].dn_dev, sizeof(r->dr_nh[0].dn_dev), "%s", dev);
}

static void us_attach_addr(struct dp *dp, const struct dp_op *op, struct us_kops *k, size_t i)
{
	const struct dp_addr *a = &op->op_addr;
	const struct dp_link *l = us_attach_link(dp, a->da_dev);
	uint32_t table = us_link_table(dp, l);
	enum dp_op_type type = op->op_type == DP_ADDR_ADD ? DP_ROUTE_ADD : DP_ROUTE_DEL;

	if (l && l->dl_kind == DP_LINK_LOOPBACK && !l->dl_vrf[0]) {
		struct dp_addr *ka = &us_kops_add(k, op->op_type, i)->op_addr;

		*ka = *a;
		snprintf(ka->da_dev, sizeof(ka->da_dev), "%s", US_KERNEL_LOOPBACK);
		ka->da_plen = 32; /* a prefix on lo would make the whole subnet local */
		return;
	}
	if (us_link_in_userspace(l) && !us_attach_is_host_tunnel(dp, l))
		return;
	if (!table) { /* a kernel link's, or a global tunnel's on its TUN */
		*us_kops_add(k, op->op_type, i) = *op;
		return;
	}
	if (a->da_plen < 32)
		us_attach_table_route(k, i, type, table, a->da_addr, a->da_plen, a->da_dev);
	us_attach_table_route(k, i, type, table, a->da_addr, 32, l->dl_vrf);
}

/* A route of the global table through kernel devices only, without labels: the kernel's. */
static bool us_route_in_kernel(struct dp *dp, const struct dp_route *r)
{
	if (!us_attach_table_global(r->dr_table))
		return false;
	for (uint8_t n = 0; n < r->dr_nnh && n < DP_MAX_NEXTHOPS; n++)
		if (r->dr_nh[n].dn_nlabels || us_link_in_userspace(us_attach_link(dp, r->dr_nh[n].dn_dev)))
			return false;
	return true;
}

static int us_attach_one(struct dp *dp, const struct dp_op *op, struct us_kops *k, size_t i, char *err, size_t errlen)
{
	const struct dp_vrf *v;

	switch (op->op_type) {
	case DP_VRF_ADD:
		return us_attach_vrf_add(dp, &op->op_vrf, k, i, err, errlen);
	case DP_VRF_DEL:
		v = us_attach_vrf(dp, op->op_vrf.dv_name);
		return us_attach_vrf_del(dp, v ? v : &op->op_vrf, err, errlen);
	case DP_LINK_ADD:
		return us_attach_link_add(dp, &op->op_link, k, i, err, errlen);
	case DP_LINK_DEL:
		return us_attach_link_del(dp, op, k, i, err, errlen);
	case DP_ADDR_ADD:
	case DP_ADDR_DEL:
		us_attach_addr(dp, op, k, i);
		return 0;
	case DP_ROUTE_ADD:
	case DP_ROUTE_DEL:
		if (us_route_in_kernel(dp, &op->op_route))
			*us_kops_add(k, op->op_type, i) = *op;
		else
			us_attach_tunnel_route(dp, op, k, i);
		return 0;
	default: /* labels, neighbours, SAs and policies: userspace only */
		return 0;
	}
}

/*
 * A VRF's link answers ARP for the VRF's addresses, which the kernel does
 * not hold, at once (proxy answers wait up to proxy_delay otherwise); set
 * once the link exists.
 */
static void us_attach_proxy_arp(const struct dp_op *ops, size_t n)
{
	static const struct {
		const char *ps_fmt;
		unsigned ps_value;
	} settings[] = {{"net/ipv4/conf/%s/proxy_arp", 1}, {"net/ipv4/neigh/%s/proxy_delay", 0}};
	char path[96];
	int rc;

	for (size_t i = 0; i < n; i++) {
		const struct dp_link *l = &ops[i].op_link;

		if (ops[i].op_type != DP_LINK_ADD || !l->dl_vrf[0] || us_link_in_userspace(l))
			continue;
		for (size_t k = 0; k < sizeof(settings) / sizeof(settings[0]); k++) {
			snprintf(path, sizeof(path), settings[k].ps_fmt, l->dl_name);
			if ((rc = kn_sysctl_set(path, settings[k].ps_value)) < 0)
				log_msg(SEV_WARN, "DATAPLANE", "USERSPACE",
					"%s: %s: its VRF addresses answer ARP late or not", path, strerror(-rc));
		}
	}
}

/* The kernel's share of the operations before *failed (all when ok); a kernel failure comes first. */
static int us_attach_kernel(struct dp *dp, struct us_kops *k, size_t *failed, char *err, size_t errlen)
{
	size_t kf = 0;

	if (k->ko_n == 0 ||
	    dp->up_kernel.dpl_backend->db_apply(dp->up_kernel.dpl_state, k->ko_ops, k->ko_n, &kf, err, errlen) == 0)
		return 0;
	*failed = k->ko_from[kf < k->ko_n ? kf : 0];
	return -1;
}

int us_attach_apply(struct dp *dp, const struct dp_op *ops, size_t n, size_t *failed, char *err, size_t errlen)
{
	struct us_kops k = {.ko_ops = calloc(n * US_KOPS_PER_OP + 1, sizeof(*k.ko_ops)),
			    .ko_from = calloc(n * US_KOPS_PER_OP + 1, sizeof(*k.ko_from))};
	size_t done = 0, bf;
	char perr[256];
	int rc = 0;

	if (!k.ko_ops || !k.ko_from) {
		snprintf(err, errlen, "out of memory");
		*failed = 0;
		rc = -1;
	}
	for (; rc == 0 && done < n; done++) {
		size_t mark = k.ko_n;

		if (us_attach_one(dp, &ops[done], &k, done, err, errlen) < 0 ||
		    us_build_apply(&dp->up_build, &ops[done], 1, &bf, err, errlen) < 0) {
			k.ko_n = mark; /* the kernel gets nothing of a refused operation */
			*failed = done;
			rc = -1;
		}
	}
	/* What was accepted goes out even after a failure: the kernel and the workers follow the builder. */
	if (us_attach_kernel(dp, &k, failed, err, errlen) < 0)
		rc = -1;
	us_attach_proxy_arp(ops, rc == 0 ? n : *failed);
	if (us_build_publish(&dp->up_build, &dp->up_rcu, perr, sizeof(perr)) < 0 && rc == 0) {
		snprintf(err, errlen, "%s", perr);
		*failed = n ? n - 1 : 0;
		rc = -1;
	}
	free(k.ko_ops);
	free(k.ko_from);
	return rc;
}
