/*
 * The configuration's routes: connected and local routes from interface
 * addresses, static routes from ip route. Rebuilt at every sync and
 * compared with what was derived last time, so that only differences
 * touch the RIB.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "interface/iface.h"
#include "rib/rib_int.h"
#include "rib/rib_table.h"
#include "vrf/vrf.h"

/* One next hop of one configured route; paths group those with the same prefix, source and distance. */
struct rib_derived {
	const char *rd_vrf; /* interned; NULL: global */
	uint32_t rd_addr;
	uint8_t rd_plen, rd_source, rd_distance;
	uint32_t rd_tag;
	size_t rd_seq; /* configuration order, kept within a path */
	struct rib_nexthop rd_nh;
};

struct derive_set {
	struct rib *ds_rib;
	struct rib_derived *ds_v;
	size_t ds_n, ds_cap;
	bool ds_oom;
};

static void set_add(struct derive_set *s, const struct rib_derived *d)
{
	if (s->ds_n == s->ds_cap) {
		size_t cap = s->ds_cap ? s->ds_cap * 2 : 64;
		struct rib_derived *v = realloc(s->ds_v, cap * sizeof(*v));
		if (!v) {
			s->ds_oom = true;
			return;
		}
		s->ds_v = v;
		s->ds_cap = cap;
	}
	s->ds_v[s->ds_n] = *d;
	s->ds_v[s->ds_n].rd_seq = s->ds_n;
	s->ds_n++;
}

/* An interned name; NULL stays NULL, a failure marks the set. */
static const char *intern(struct derive_set *s, const char *name)
{
	const char *p = name ? rib_intern(s->ds_rib, name) : NULL;

	if (name && !p)
		s->ds_oom = true;
	return p;
}

static void add_interface(struct derive_set *s, const struct iface *ifp)
{
	uint32_t addr = ntohl(ifp->if_addr.s_addr);
	struct rib_derived d = {.rd_vrf = intern(s, vrf_of_iface(ifp)),
				.rd_addr = addr & lpm_mask(ifp->if_plen),
				.rd_plen = ifp->if_plen,
				.rd_source = RIB_SRC_CONNECTED,
				.rd_nh.rn_ifname = intern(s, ifp->if_name)};

	set_add(s, &d);
	if (ifp->if_plen == 32)
		return; /* a host address is its own connected route; IOS adds no local one */
	d.rd_addr = addr;
	d.rd_plen = 32;
	d.rd_source = RIB_SRC_LOCAL;
	set_add(s, &d);
}

static void add_interfaces(struct derive_set *s, const struct config *cfg)
{
	for (struct omap_iter it = omap_begin(if_all(cfg)); omap_next(&it);) {
		const struct iface *ifp = it.oi_val;
		if (!ifp->if_shutdown && if_has_own_address(ifp))
			add_interface(s, ifp);
	}
}

/* A route out of an interface counts while the interface is up (or the route is permanent). */
static bool static_usable(const struct config *cfg, const struct rib_route *rt)
{
	const struct iface *ifp;

	if (!rt->rt_ifname || rt->rt_permanent || strcasecmp(rt->rt_ifname, "Null0") == 0)
		return true;
	ifp = if_lookup(cfg, rt->rt_ifname);
	return ifp && !ifp->if_shutdown;
}

static void add_statics(struct derive_set *s, const struct config *cfg, const struct static_table *tb)
{
	for (struct omap_iter it = omap_begin(tb->tb_routes); omap_next(&it);) {
		const struct rib_route *rt = it.oi_val;
		struct rib_derived d = {.rd_vrf = intern(s, tb->tb_vrf),
					.rd_addr = ntohl(rt->rt_prefix.s_addr),
					.rd_plen = rt->rt_plen,
					.rd_source = RIB_SRC_STATIC,
					.rd_distance = rt->rt_distance,
					.rd_tag = rt->rt_tag,
					.rd_nh = {.rn_gw = rt->rt_gw, .rn_ifname = intern(s, rt->rt_ifname)}};
		if (!rt->rt_has_gw)
			d.rd_nh.rn_gw.s_addr = 0;
		if (static_usable(cfg, rt))
			set_add(s, &d);
	}
}

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b))

/* Orders by path identity: table, prefix, source, distance. */
static int key_cmp(const struct rib_derived *a, const struct rib_derived *b)
{
	int c = CMP((uintptr_t)a->rd_vrf, (uintptr_t)b->rd_vrf);

	if (!c)
		c = CMP(a->rd_addr, b->rd_addr);
	if (!c)
		c = CMP(a->rd_plen, b->rd_plen);
	if (!c)
		c = CMP(a->rd_source, b->rd_source);
	return c ? c : CMP(a->rd_distance, b->rd_distance);
}

static int derived_cmp(const void *a, const void *b)
{
	int c = key_cmp(a, b);
	return c ? c : CMP(((const struct rib_derived *)a)->rd_seq, ((const struct rib_derived *)b)->rd_seq);
}

/* The number of records from v[0] on that belong to v[0]'s path. */
static size_t group_len(const struct rib_derived *v, size_t n)
{
	size_t len = 1;

	while (len < n && key_cmp(&v[0], &v[len]) == 0)
		len++;
	return len;
}

/* One path per group; next hops beyond what the dataplane takes are left out. */
static int apply_group(struct rib *rib, const struct rib_derived *g, size_t n)
{
	struct rib_nexthop nh[RIB_MAX_NEXTHOPS];
	struct rib_attrs ra = {
	    .ra_source = g->rd_source, .ra_distance = g->rd_distance, .ra_tag = g->rd_tag, .ra_nh = nh};

	for (size_t i = 0; i < n && i < RIB_MAX_NEXTHOPS; i++)
		nh[ra.ra_nnh++] = g[i].rd_nh;
	return rib_path_set(rib, g->rd_vrf, g->rd_addr, g->rd_plen, &ra, true);
}

static bool set_has(const struct derive_set *s, const struct rib_derived *key)
{
	size_t lo = 0, hi = s->ds_n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = key_cmp(&s->ds_v[mid], key);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static int apply_set(struct rib *rib, const struct derive_set *neu)
{
	const struct rib_derived *old = rib->rib_derived;
	int rc = 0;

	for (size_t i = 0, len; i < neu->ds_n; i += len) {
		len = group_len(&neu->ds_v[i], neu->ds_n - i);
		if (apply_group(rib, &neu->ds_v[i], len) < 0)
			rc = -1;
	}
	for (size_t i = 0, len; i < rib->rib_nderived; i += len) {
		len = group_len(&old[i], rib->rib_nderived - i);
		if (!set_has(neu, &old[i]))
			rib_path_del(rib, old[i].rd_vrf, old[i].rd_addr, old[i].rd_plen, old[i].rd_source,
				     old[i].rd_distance, true);
	}
	return rc;
}

int rib_derive(struct rib *rib, const struct config *cfg)
{
	struct derive_set s = {.ds_rib = rib};
	int rc;

	add_interfaces(&s, cfg);
	add_statics(&s, cfg, static_table_find(cfg, NULL));
	for (struct omap_iter it = omap_begin(static_vrf_tables(cfg)); omap_next(&it);)
		add_statics(&s, cfg, it.oi_val);
	if (s.ds_oom) {
		free(s.ds_v);
		return -1;
	}
	if (s.ds_n)
		qsort(s.ds_v, s.ds_n, sizeof(s.ds_v[0]), derived_cmp);
	rc = apply_set(rib, &s);
	free(rib->rib_derived);
	rib->rib_derived = s.ds_v;
	rib->rib_nderived = s.ds_n;
	return rc;
}
