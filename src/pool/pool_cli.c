/* ip local pool and show ip local pool. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "config/modes.h"
#include "config/order.h"
#include "pool/pool_alloc.h"
#include "pool/pool_int.h"
#include "show/render.h"

static uint32_t addr_arg(const struct cli_args *a, unsigned nth, uint32_t def)
{
	const char *s = cli_arg_nth(a, "A.B.C.D", nth);
	struct in_addr in;

	return s && inet_pton(AF_INET, s, &in) == 1 ? ntohl(in.s_addr) : def;
}

static const char *addr_str(uint32_t addr, char *buf)
{
	struct in_addr in = {.s_addr = htonl(addr)};
	return inet_ntop(AF_INET, &in, buf, INET_ADDRSTRLEN);
}

/* An address belongs to one pool only: the first range, in any pool, that overlaps [start, end]. */
static const struct pool_range *overlap(const struct config *cfg, uint32_t start, uint32_t end,
					const struct pool **owner)
{
	for (struct omap_iter it = omap_begin(pool_all(cfg)); omap_next(&it);) {
		const struct pool *pl = it.oi_val;
		for (const struct pool_range *pr = pl->pl_ranges; pr; pr = pr->pr_next)
			if (start <= pr->pr_end && pr->pr_start <= end) {
				*owner = pl;
				return pr;
			}
	}
	return NULL;
}

static int pool_add(struct cli_ctx *c, const char *name, uint32_t start, uint32_t end)
{
	const struct pool *owner;
	const struct pool_range *pr = overlap(cfg_of(c), start, end, &owner);
	char s[INET_ADDRSTRLEN], e[INET_ADDRSTRLEN], os[INET_ADDRSTRLEN], oe[INET_ADDRSTRLEN];
	struct pool *pl;

	if (start > end)
		return cli_fail(c, "Bad IP range, %s-%s", addr_str(start, s), addr_str(end, e));
	if (pr && pr->pr_start == start && pr->pr_end == end && strcmp(owner->pl_name, name) == 0)
		return 0; /* the same line again */
	if (pr)
		return cli_fail(c, "Range %s-%s overlaps range %s-%s of pool %s", addr_str(start, s), addr_str(end, e),
				addr_str(pr->pr_start, os), addr_str(pr->pr_end, oe), owner->pl_name);
	if (!(pl = pool_get(cfg_of(c), name)) || pool_range_add(pl, start, end) < 0)
		return cli_fail(c, "Out of memory");
	return 0;
}

/* With a range, "no ip local pool" removes that range; without, the whole pool. */
static int pool_remove(struct cli_ctx *c, const struct cli_args *a, const char *name)
{
	struct pool *pl = pool_find(cfg_of(c), name);
	uint32_t start = addr_arg(a, 0, 0);

	if (!pl)
		return cli_fail(c, "Pool %s not found", name);
	if (cli_has(a, "A.B.C.D") && !pool_range_del(pl, start, addr_arg(a, 1, start)))
		return cli_fail(c, "Pool %s has no such range", name);
	if (!cli_has(a, "A.B.C.D") || !pl->pl_ranges)
		pool_delete(cfg_of(c), pl);
	return 0;
}

static int run_ip_local_pool(struct cli_ctx *c, const struct cli_args *a)
{
	uint32_t start = addr_arg(a, 0, 0);

	if (a->a_negate)
		return pool_remove(c, a, cli_arg(a, "WORD"));
	return pool_add(c, cli_arg(a, "WORD"), start, addr_arg(a, 1, start));
}

static void print_pools(struct cli_writer *w, const void *obj)
{
	char s[INET_ADDRSTRLEN], e[INET_ADDRSTRLEN];

	for (struct omap_iter it = omap_begin(pool_all(obj)); omap_next(&it);) {
		const struct pool *pl = it.oi_val;
		for (const struct pool_range *pr = pl->pl_ranges; pr; pr = pr->pr_next)
			if (pr->pr_start == pr->pr_end)
				cli_line(w, "ip local pool %s %s", pl->pl_name, addr_str(pr->pr_start, s));
			else
				cli_line(w, "ip local pool %s %s %s", pl->pl_name, addr_str(pr->pr_start, s),
					 addr_str(pr->pr_end, e));
	}
}

static struct json_object *pool_json(const struct pool *pl)
{
	struct json_object *o = json_object_new_object(), *ranges = json_object_new_array();
	char buf[INET_ADDRSTRLEN];

	json_object_object_add(o, "name", json_object_new_string(pl->pl_name));
	for (const struct pool_range *pr = pl->pl_ranges; pr; pr = pr->pr_next) {
		struct json_object *r = json_object_new_object();
		json_object_object_add(r, "begin", json_object_new_string(addr_str(pr->pr_start, buf)));
		json_object_object_add(r, "end", json_object_new_string(addr_str(pr->pr_end, buf)));
		uint64_t used = pool_in_use(pl->pl_name, pr);
		json_object_object_add(r, "free", json_object_new_int64((int64_t)(pool_range_size(pr) - used)));
		json_object_object_add(r, "in_use", json_object_new_int64((int64_t)used));
		json_object_array_add(ranges, r);
	}
	json_object_object_add(o, "ranges", ranges);
	return o;
}

static void pools_text(struct cli_ctx *c, struct json_object *doc)
{
	struct json_object *pools = show_arr(doc, "pools");

	cli_printf(c, " %-24s %-15s %-15s%5s%8s\n", "Pool", "Begin", "End", "Free", "In use");
	for (size_t i = 0; pools && i < json_object_array_length(pools); i++) {
		struct json_object *pl = json_object_array_get_idx(pools, i), *ranges = show_arr(pl, "ranges");
		for (size_t j = 0; ranges && j < json_object_array_length(ranges); j++) {
			struct json_object *r = json_object_array_get_idx(ranges, j);
			cli_printf(c, " %-24s %-15s %-15s%5lld%8lld\n", j ? "" : show_str(pl, "name"),
				   show_str(r, "begin"), show_str(r, "end"), show_int(r, "free"),
				   show_int(r, "in_use"));
		}
	}
}

static int run_show_pool(struct cli_ctx *c, const struct cli_args *a)
{
	const char *name = cli_arg(a, "WORD");
	struct json_object *doc, *arr;

	if (name && !pool_lookup(cfg_of(c), name))
		return cli_fail(c, "Pool %s not found", name);
	doc = json_object_new_object();
	arr = json_object_new_array();
	for (struct omap_iter it = omap_begin(pool_all(cfg_of(c))); omap_next(&it);) {
		const struct pool *pl = it.oi_val;
		if (!name || strcmp(name, pl->pl_name) == 0)
			json_object_array_add(arr, pool_json(pl));
	}
	json_object_object_add(doc, "pools", arr);
	show_render(c, "ip-local-pool", doc, pools_text);
	return 0;
}

static struct cli_cmd pool_cmds[] = {
    {.cc_syntax = "ip local pool WORD A.B.C.D [A.B.C.D]",
     .cc_help = "Global IP configuration subcommands\nSpecify local options\nIP Local address pool lists\nPool "
		"name\nFirst IP address of range\nLast IP address of range",
     .cc_no_syntax = "ip local pool WORD [A.B.C.D [A.B.C.D]]",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_ip_local_pool,
     .cc_print = print_pools,
     .cc_order = ORD_IP_LOCAL_POOL},
    {.cc_syntax = "show ip local pool [WORD]",
     .cc_help = "Show running system information\nIP information\nIP local options\nIP Local address pool "
		"statistics\nPool name",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_pool},
};

void pool_cli_init(struct cli_tree *t)
{
	cfg_module_register(&pool_module);
	cli_cmds_add(t, pool_cmds, sizeof(pool_cmds) / sizeof(pool_cmds[0]));
}
