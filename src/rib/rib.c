/* The static route module of the configuration model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rib/rib_int.h"

struct rib_cfg {
	struct static_table rc_global;
	struct omap *rc_vrfs; /* vrf name -> struct static_table, creation order */
};

/* Eight hex digits of v, as "%08x" writes them. */
static char *put_hex32(char *p, uint32_t v)
{
	for (int shift = 28; shift >= 0; shift -= 4)
		*p++ = "0123456789abcdef"[(v >> shift) & 0xf];
	return p;
}

/* The identity of a route as a hash key: "prefix/len gateway interface", as
 * "%08x/%u %08x%s %s" writes it, without printf: a load builds two per route. */
static void route_key(const struct rib_route *rt, char *buf, size_t len)
{
	const char *ifname = rt->rt_ifname ? rt->rt_ifname : "-";
	char head[32], *p = put_hex32(head, rt->rt_prefix.s_addr);
	size_t n, k;

	*p++ = '/';
	if (rt->rt_plen >= 100)
		*p++ = (char)('0' + rt->rt_plen / 100);
	if (rt->rt_plen >= 10)
		*p++ = (char)('0' + rt->rt_plen / 10 % 10);
	*p++ = (char)('0' + rt->rt_plen % 10);
	*p++ = ' ';
	p = put_hex32(p, rt->rt_gw.s_addr);
	if (!rt->rt_has_gw)
		*p++ = '-';
	*p++ = ' ';
	n = (size_t)(p - head) < len ? (size_t)(p - head) : len - 1;
	memcpy(buf, head, n);
	k = strnlen(ifname, len - 1 - n);
	memcpy(buf + n, ifname, k);
	buf[n + k] = '\0';
}

void rib_route_free(struct rib_route *rt)
{
	free(rt->rt_ifname);
	free(rt->rt_name);
	free(rt);
}

static int table_init(struct static_table *tb, const char *vrf)
{
	if (vrf && !(tb->tb_vrf = strdup(vrf)))
		return -1;
	if (!(tb->tb_routes = omap_new(false))) {
		free(tb->tb_vrf);
		return -1;
	}
	return 0;
}

static void table_clear(struct static_table *tb)
{
	for (struct omap_iter it = omap_begin(tb->tb_routes); omap_next(&it);)
		rib_route_free(it.oi_val);
	omap_free(tb->tb_routes, NULL);
	free(tb->tb_vrf);
}

static void table_free(void *data)
{
	table_clear(data);
	free(data);
}

static void *rib_cfg_new(struct config *cfg)
{
	struct rib_cfg *rc = calloc(1, sizeof(*rc));

	if (!rc)
		return NULL;
	if (table_init(&rc->rc_global, NULL) < 0 || !(rc->rc_vrfs = omap_new(false))) {
		omap_free(rc->rc_global.tb_routes, NULL);
		free(rc);
		return NULL;
	}
	return rc;
}

static void rib_cfg_free(void *data)
{
	struct rib_cfg *rc = data;

	omap_free(rc->rc_vrfs, table_free);
	table_clear(&rc->rc_global);
	free(rc);
}

struct cfg_module rib_module = {.cm_name = "static routes", .cm_new = rib_cfg_new, .cm_free = rib_cfg_free};

static struct rib_cfg *rib_cfg(const struct config *cfg)
{
	return cfg_mod(cfg, &rib_module);
}

const struct omap *static_vrf_tables(const struct config *cfg)
{
	return rib_cfg(cfg)->rc_vrfs;
}

struct static_table *static_table_find(const struct config *cfg, const char *vrf)
{
	return vrf ? omap_get(rib_cfg(cfg)->rc_vrfs, vrf) : &rib_cfg(cfg)->rc_global;
}

struct static_table *static_table_get(struct config *cfg, const char *vrf)
{
	struct static_table *tb = static_table_find(cfg, vrf);

	if (tb)
		return tb;
	if (!(tb = calloc(1, sizeof(*tb))) || table_init(tb, vrf) < 0) {
		free(tb);
		return NULL;
	}
	if (omap_put(rib_cfg(cfg)->rc_vrfs, vrf, tb) < 0) {
		table_free(tb);
		return NULL;
	}
	return tb;
}

void rib_vrf_deleted(struct config *cfg, const char *vrf)
{
	struct static_table *tb = omap_del(rib_cfg(cfg)->rc_vrfs, vrf);

	if (tb)
		table_free(tb);
}

struct rib_route *rib_route_find(const struct static_table *tb, const struct rib_route *rt)
{
	char key[128];

	route_key(rt, key, sizeof(key));
	return omap_get(tb->tb_routes, key);
}

int rib_route_add(struct static_table *tb, struct rib_route *rt)
{
	char key[128];

	route_key(rt, key, sizeof(key));
	return omap_put(tb->tb_routes, key, rt);
}

void rib_route_del(struct static_table *tb, struct rib_route *rt)
{
	char key[128];

	route_key(rt, key, sizeof(key));
	omap_del(tb->tb_routes, key);
	rib_route_free(rt);
}

const struct omap *rib_static_routes(const struct config *cfg, const char *vrf)
{
	const struct static_table *tb = static_table_find(cfg, vrf);
	return tb ? tb->tb_routes : NULL;
}
