/*
 * Attachment: splitting each operation between the kernel and userspace.
 * The builder takes every operation (it needs the links and addresses too);
 * the kernel backend gets links, addresses and global routes on kernel
 * devices, with VRF membership replaced by rules (VRFs are TUNs here), and
 * the addresses of global loopbacks on lo; GRE and multipoint GRE links,
 * loopbacks, labels, neighbours, SAs and policies stay in userspace, but a
 * global tunnel's TUN (us_attach_tunnel.c) holds its addresses and routes. An address in a VRF: its table gets the
 * subnet through the link and the address itself into the TUN, where the workers answer pings (the LAN's IPv4 reaches
 * the TUN by a tc redirect, us_attach_lan.c, never the kernel's stack: two VRFs may hold the same address); the kernel
 * gets it as a /32 on the link (its local route deleted, us_attach_lan.c) only to ask ARP from it, and on the VRF's
 * TUN (local route deleted too) only as the source of the kernel's ICMP errors for the VRF.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
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
	const struct dp_link *prev = us_attach_link(dp, l->dl_name);
	uint32_t old = us_link_table(dp, prev), table = us_link_table(dp, l);
	struct dp_link *kl;

	if (us_link_in_userspace(l)) {
		us_attach_tunnel_link(dp, l, k, i);
		return 0;
	}
	if (old && old != table && us_attach_rule(dp, false, l->dl_name, old, err, errlen) < 0)
		return -1;
	if (prev && prev->dl_vrf[0] && strcmp(prev->dl_vrf, l->dl_vrf) != 0) /* its VRF may be gone already */
		us_attach_lan_release(dp, prev, k, i);
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
		us_attach_tunnel_del(dp, l->dl_name, k, i);
		return 0;
	}
	if (table && us_attach_rule(dp, false, op->op_link.dl_name, table, err, errlen) < 0)
		return -1;
	if (l && l->dl_vrf[0])
		us_attach_lan_release(dp, l, k, i);
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

/* The address of op for the kernel as a /32 on dev. */
static void us_attach_host_addr(struct us_kops *k, size_t i, const struct dp_op *op, const char *dev)
{
	struct dp_addr *ka = &us_kops_add(k, op->op_type, i)->op_addr;

	*ka = op->op_addr;
	snprintf(ka->da_dev, sizeof(ka->da_dev), "%s", dev);
	ka->da_plen = 32;
}

static void us_attach_addr(struct dp *dp, const struct dp_op *op, struct us_kops *k, size_t i)
{
	const struct dp_addr *a = &op->op_addr;
	const struct dp_link *l = us_attach_link(dp, a->da_dev);
	uint32_t table = us_link_table(dp, l);
	enum dp_op_type type = op->op_type == DP_ADDR_ADD ? DP_ROUTE_ADD : DP_ROUTE_DEL;

	if (l && l->dl_kind == DP_LINK_LOOPBACK && !l->dl_vrf[0]) {
		/* A prefix on lo would make the whole subnet local. */
		us_attach_host_addr(k, i, op, US_KERNEL_LOOPBACK);
		return;
	}
	if (us_link_in_userspace(l)) {
		us_attach_tunnel_addr(dp, l, op, k, i);
		return;
	}
	if (!table) { /* a kernel link's */
		*us_kops_add(k, op->op_type, i) = *op;
		return;
	}
	if (a->da_plen < 32)
		us_attach_table_route(k, i, type, table, a->da_addr, a->da_plen, a->da_dev);
	us_attach_table_route(k, i, type, table, a->da_addr, 32, l->dl_vrf);
	/* Its subnet stays out of the global table: only for ARP to ask from it. */
	us_attach_host_addr(k, i, op, a->da_dev);
	/* On the TUN, the source of the kernel's ICMP errors for the VRF (else the underlay's address). */
	us_attach_host_addr(k, i, op, l->dl_vrf);
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
		us_attach_tunnel_route_gone(dp, op, k, i);
		return 0;
	default: /* labels, neighbours, SAs and policies: userspace only */
		return 0;
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
	if (us_attach_lan_setup(dp, ops, rc == 0 ? n : *failed, failed, err, errlen) < 0)
		rc = -1;
	if (us_build_publish(&dp->up_build, &dp->up_rcu, perr, sizeof(perr)) < 0 && rc == 0) {
		snprintf(err, errlen, "%s", perr);
		*failed = n ? n - 1 : 0;
		rc = -1;
	}
	free(k.ko_ops);
	free(k.ko_from);
	return rc;
}
