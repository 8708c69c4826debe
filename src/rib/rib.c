/* The static route module of the configuration model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hmap.h"
#include "rib/rib_int.h"

struct rib_cfg {
	struct rib_table rc_global;
	struct hmap *rc_byvrf;
	struct rib_table *rc_last; /* the end of the tb_next chain */
};

/* The identity of a route as a hash key: "prefix/len gateway interface". */
static void route_key(const struct rib_route *rt, char *buf, size_t len)
{
	snprintf(buf, len, "%08x/%u %08x%s %s", rt->rt_prefix.s_addr, rt->rt_plen, rt->rt_gw.s_addr,
		 rt->rt_has_gw ? "" : "-", rt->rt_ifname ? rt->rt_ifname : "-");
}

void rib_route_free(struct rib_route *rt)
{
	free(rt->rt_ifname);
	free(rt->rt_name);
	free(rt);
}

static int table_init(struct rib_table *tb, const char *vrf)
{
	if (vrf && !(tb->tb_vrf = strdup(vrf)))
		return -1;
	if (!(tb->tb_byid = hmap_new(false))) {
		free(tb->tb_vrf);
		return -1;
	}
	return 0;
}

static void table_clear(struct rib_table *tb)
{
	for (struct rib_route *rt = tb->tb_head, *n; rt; rt = n) {
		n = rt->rt_next;
		rib_route_free(rt);
	}
	hmap_free(tb->tb_byid);
	free(tb->tb_vrf);
}

static void *rib_cfg_new(struct config *cfg)
{
	struct rib_cfg *rc = calloc(1, sizeof(*rc));

	if (!rc)
		return NULL;
	if (table_init(&rc->rc_global, NULL) < 0 || !(rc->rc_byvrf = hmap_new(false))) {
		hmap_free(rc->rc_global.tb_byid);
		free(rc);
		return NULL;
	}
	rc->rc_last = &rc->rc_global;
	return rc;
}

static void rib_cfg_free(void *data)
{
	struct rib_cfg *rc = data;

	for (struct rib_table *tb = rc->rc_global.tb_next, *n; tb; tb = n) {
		n = tb->tb_next;
		table_clear(tb);
		free(tb);
	}
	table_clear(&rc->rc_global);
	hmap_free(rc->rc_byvrf);
	free(rc);
}

struct cfg_module rib_module = {.cm_name = "static routes", .cm_new = rib_cfg_new, .cm_free = rib_cfg_free};

static struct rib_cfg *rib_cfg(const struct config *cfg)
{
	return cfg_mod(cfg, &rib_module);
}

struct rib_table *rib_tables(const struct config *cfg)
{
	return &rib_cfg(cfg)->rc_global;
}

struct rib_table *rib_table_find(const struct config *cfg, const char *vrf)
{
	return vrf ? hmap_get(rib_cfg(cfg)->rc_byvrf, vrf) : rib_tables(cfg);
}

struct rib_table *rib_table_get(struct config *cfg, const char *vrf)
{
	struct rib_cfg *rc = rib_cfg(cfg);
	struct rib_table *tb = rib_table_find(cfg, vrf);

	if (tb)
		return tb;
	if (!(tb = calloc(1, sizeof(*tb))) || table_init(tb, vrf) < 0) {
		free(tb);
		return NULL;
	}
	if (hmap_put(rc->rc_byvrf, vrf, tb) < 0) {
		table_clear(tb);
		free(tb);
		return NULL;
	}
	rc->rc_last->tb_next = tb;
	rc->rc_last = tb;
	return tb;
}

void rib_vrf_deleted(struct config *cfg, const char *vrf)
{
	struct rib_cfg *rc = rib_cfg(cfg);
	struct rib_table *tb = hmap_del(rc->rc_byvrf, vrf), *prev = &rc->rc_global;

	if (!tb)
		return;
	while (prev->tb_next != tb)
		prev = prev->tb_next;
	prev->tb_next = tb->tb_next;
	if (rc->rc_last == tb)
		rc->rc_last = prev;
	table_clear(tb);
	free(tb);
}

struct rib_route *rib_route_find(const struct rib_table *tb, const struct rib_route *rt)
{
	char key[128];

	route_key(rt, key, sizeof(key));
	return hmap_get(tb->tb_byid, key);
}

int rib_route_add(struct rib_table *tb, struct rib_route *rt)
{
	char key[128];

	route_key(rt, key, sizeof(key));
	if (hmap_put(tb->tb_byid, key, rt) < 0)
		return -1;
	rt->rt_next = NULL;
	rt->rt_prev = tb->tb_tail;
	if (tb->tb_tail)
		tb->tb_tail->rt_next = rt;
	else
		tb->tb_head = rt;
	tb->tb_tail = rt;
	return 0;
}

void rib_route_del(struct rib_table *tb, struct rib_route *rt)
{
	char key[128];

	route_key(rt, key, sizeof(key));
	hmap_del(tb->tb_byid, key);
	if (rt->rt_prev)
		rt->rt_prev->rt_next = rt->rt_next;
	else
		tb->tb_head = rt->rt_next;
	if (rt->rt_next)
		rt->rt_next->rt_prev = rt->rt_prev;
	else
		tb->tb_tail = rt->rt_prev;
	rib_route_free(rt);
}

const struct rib_route *rib_static_first(const struct config *cfg, const char *vrf)
{
	const struct rib_table *tb = rib_table_find(cfg, vrf);
	return tb ? tb->tb_head : NULL;
}
