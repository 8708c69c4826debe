/* route-map and its match, set and description commands. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/modes.h"
#include "config/order.h"
#include "routemap/routemap_int.h"

#define RM_NUM	       "<0-4294967295>"
#define RM_DEFAULT_SEQ 10

static int routemap_remove(struct cli_ctx *c, struct routemap *rm, long long seq)
{
	struct rmap_entry *re;

	if (!rm)
		return 0; /* IOS is silent about a map that is not there */
	if (seq < 0) {
		routemap_delete(cfg_of(c), rm);
		return 0;
	}
	if ((re = rmap_entry_find(rm, (uint16_t)seq)))
		rmap_entry_delete(rm, re);
	if (!rm->rm_entries)
		routemap_delete(cfg_of(c), rm);
	return 0;
}

/* Without a sequence IOS edits the map's only entry, or creates entry 10. */
static int routemap_enter(struct cli_ctx *c, const struct cli_args *a, struct routemap *rm, long long seq)
{
	struct rmap_entry *re = NULL;

	if (seq < 0 && rm && rm->rm_entries && rm->rm_entries->re_next)
		return cli_fail(c, "Please specify the entry by its sequence");
	if (seq < 0 && rm)
		re = rm->rm_entries;
	else if (rm)
		re = rmap_entry_find(rm, (uint16_t)seq);
	if (!re) {
		rm = routemap_get(cfg_of(c), cli_arg(a, "WORD"));
		re = rm ? rmap_entry_new(rm, (uint16_t)(seq < 0 ? RM_DEFAULT_SEQ : seq), true) : NULL;
		if (!re)
			return cli_fail(c, "Out of memory");
	}
	if (cli_has(a, "permit") || cli_has(a, "deny"))
		re->re_permit = cli_has(a, "permit");
	cli_enter(c, MODE_ROUTE_MAP, re);
	return 0;
}

static int run_route_map(struct cli_ctx *c, const struct cli_args *a)
{
	struct routemap *rm = routemap_find(cfg_of(c), cli_arg(a, "WORD"));
	long long seq = cli_arg_num(a, "<0-65535>", -1);

	return a->a_negate ? routemap_remove(c, rm, seq) : routemap_enter(c, a, rm, seq);
}

static void print_routemaps(struct cli_writer *w, const void *obj)
{
	for (struct omap_iter it = omap_begin(routemap_all(obj)); omap_next(&it);) {
		const struct routemap *rm = it.oi_val;
		for (const struct rmap_entry *re = rm->rm_entries; re; re = re->re_next) {
			cli_line(w, "route-map %s %s %u", rm->rm_name, re->re_permit ? "permit" : "deny", re->re_seq);
			cli_block(w, MODE_ROUTE_MAP, re);
			cli_sep(w);
		}
	}
}

static int run_description(struct cli_ctx *c, const struct cli_args *a)
{
	struct rmap_entry *re = cli_obj(c);
	char *d = a->a_negate ? NULL : strdup(cli_arg(a, "LINE"));

	if (!a->a_negate && !d)
		return cli_fail(c, "Out of memory");
	free(re->re_description);
	re->re_description = d;
	return 0;
}

static void print_description(struct cli_writer *w, const void *obj)
{
	const struct rmap_entry *re = obj;
	if (re->re_description)
		cli_line(w, "description %s", re->re_description);
}

/* "match tag" adds to the entry's tags; "no match tag" removes the ones given, or all. */
static int run_match_tag(struct cli_ctx *c, const struct cli_args *a)
{
	struct rmap_entry *re = cli_obj(c);
	const char *v;

	if (a->a_negate && !cli_has(a, RM_NUM))
		rmap_tags_clear(re);
	for (unsigned i = 0; (v = cli_arg_nth(a, RM_NUM, i)); i++) {
		uint32_t tag = (uint32_t)strtoul(v, NULL, 10);
		if (a->a_negate)
			rmap_tag_del(re, tag);
		else if (rmap_tag_add(re, tag) < 0)
			return cli_fail(c, "Out of memory");
	}
	return 0;
}

/* Same for the lists of "match ip address [prefix-list]": "no" without names drops them all. */
static int run_match_ip_address(struct cli_ctx *c, const struct cli_args *a)
{
	struct rmap_entry *re = cli_obj(c);
	struct rmap_names *rn = cli_has(a, "prefix-list") ? &re->re_plists : &re->re_acls;
	const char *v;

	if (a->a_negate && !cli_has(a, "WORD"))
		rmap_names_clear(rn);
	for (unsigned i = 0; (v = cli_arg_nth(a, "WORD", i)); i++) {
		if (a->a_negate)
			rmap_names_del(rn, v);
		else if (rmap_names_add(rn, v) < 0)
			return cli_fail(c, "Out of memory");
	}
	return 0;
}

__attribute__((format(printf, 4, 5))) static void append(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*used >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *used, len - *used, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used += (size_t)n;
}

#define RM_NAMES_PER_LINE 4 /* "match ip address WORD [WORD [WORD [WORD]]]" */
#define RM_TAGS_PER_LINE  8 /* "match tag" RM_NUM RM_MORE_NUMS */

/* The names in lines of at most RM_NAMES_PER_LINE, so that each line reads back (they add up). */
static void print_names(struct cli_writer *w, const char *clause, const struct rmap_names *rn)
{
	for (size_t at = 0; at < rn->rn_n; at += RM_NAMES_PER_LINE) {
		char line[CLI_MAX_LINE];
		size_t n = 0;

		append(line, sizeof(line), &n, "%s", clause);
		for (size_t i = at; i < rn->rn_n && i < at + RM_NAMES_PER_LINE; i++)
			append(line, sizeof(line), &n, " %s", rn->rn_v[i]);
		cli_line(w, "%s", line);
	}
}

static void print_match_ip_address(struct cli_writer *w, const void *obj)
{
	const struct rmap_entry *re = obj;

	print_names(w, "match ip address", &re->re_acls);
	print_names(w, "match ip address prefix-list", &re->re_plists);
}

static void print_match_tag(struct cli_writer *w, const void *obj)
{
	const struct rmap_entry *re = obj;
	char line[CLI_MAX_LINE];
	size_t n = 0;

	for (size_t at = 0; at < re->re_ntags; at += RM_TAGS_PER_LINE, n = 0) {
		append(line, sizeof(line), &n, "match tag");
		for (size_t i = at; i < re->re_ntags && i < at + RM_TAGS_PER_LINE; i++)
			append(line, sizeof(line), &n, " %u", re->re_tags[i]);
		cli_line(w, "%s", line);
	}
}

static int run_set_number(struct cli_ctx *c, const struct cli_args *a)
{
	struct rmap_entry *re = cli_obj(c);
	struct rmap_set *rs = cli_has(a, "metric")	       ? &re->re_set_metric
			      : cli_has(a, "local-preference") ? &re->re_set_locpref
							       : &re->re_set_tag;

	rs->rs_on = !a->a_negate;
	rs->rs_value = (uint32_t)cli_arg_num(a, RM_NUM, 0);
	return 0;
}

/* "set extcommunity rt" replaces the entry's list of route targets. */
static int run_set_extcommunity(struct cli_ctx *c, const struct cli_args *a)
{
	struct rmap_entry *re = cli_obj(c);
	struct vrf_rts rts = {0};
	struct vrf_asnn rt;
	const char *v;

	for (unsigned i = 0; !a->a_negate && (v = cli_arg_nth(a, "ASN:NN", i)); i++) {
		if (vrf_asnn_parse(v, &rt) < 0 || vrf_rts_add(&rts, &rt) < 0) {
			free(rts.rt_v);
			return cli_fail(c, "Invalid route target %s", v);
		}
	}
	free(re->re_set_rt.rt_v);
	re->re_set_rt = rts;
	re->re_rt_additive = !a->a_negate && cli_has(a, "additive");
	return 0;
}

static void print_set_extcommunity(struct cli_writer *w, const struct rmap_entry *re)
{
	char line[CLI_MAX_LINE], buf[32];
	size_t n = 0;

	if (!re->re_set_rt.rt_n)
		return;
	append(line, sizeof(line), &n, "set extcommunity rt");
	for (size_t i = 0; i < re->re_set_rt.rt_n; i++) {
		vrf_asnn_format(&re->re_set_rt.rt_v[i], buf, sizeof(buf));
		append(line, sizeof(line), &n, " %s", buf);
	}
	append(line, sizeof(line), &n, "%s", re->re_rt_additive ? " additive" : "");
	cli_line(w, "%s", line);
}

/* Every set clause, in IOS's order. */
static void print_sets(struct cli_writer *w, const void *obj)
{
	const struct rmap_entry *re = obj;

	if (re->re_set_metric.rs_on)
		cli_line(w, "set metric %u", re->re_set_metric.rs_value);
	if (re->re_set_locpref.rs_on)
		cli_line(w, "set local-preference %u", re->re_set_locpref.rs_value);
	if (re->re_set_tag.rs_on)
		cli_line(w, "set tag %u", re->re_set_tag.rs_value);
	print_set_extcommunity(w, re);
}

#define RM_MORE_NUMS "[" RM_NUM " [" RM_NUM " [" RM_NUM " [" RM_NUM " [" RM_NUM " [" RM_NUM " [" RM_NUM "]]]]]]]"
#define RM_MORE_RTS  "[ASN:NN [ASN:NN [ASN:NN]]] [additive]"

static struct cli_cmd routemap_cmds[] = {
    {.cc_syntax = "route-map WORD [(permit|deny)] [<0-65535>]",
     .cc_help = "Create route-map or enter route-map command mode\nRoute map tag\nRoute map permits set "
		"operations\nRoute map denies set operations\nSequence to insert to/delete from existing route-map "
		"entry",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_route_map,
     .cc_print = print_routemaps,
     .cc_order = ORD_ROUTE_MAP},
    {.cc_syntax = "description LINE",
     .cc_help = "Route-map comment\nComment up to 100 characters",
     .cc_no_syntax = "description",
     .cc_modes = CLI_MODE(MODE_ROUTE_MAP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_description,
     .cc_print = print_description,
     .cc_order = 1},
    {.cc_syntax = "match ip address WORD [WORD [WORD [WORD]]]",
     .cc_help = "Match values from routing table\nIP specific information\nMatch address of route or match "
		"packet\nIP access-list number or name\nIP access-list number or name\nIP access-list number or "
		"name\nIP access-list number or name",
     .cc_no_syntax = "match ip address [WORD [WORD [WORD [WORD]]]]",
     .cc_modes = CLI_MODE(MODE_ROUTE_MAP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_match_ip_address,
     .cc_print = print_match_ip_address,
     .cc_order = 2},
    {.cc_syntax = "match ip address prefix-list WORD [WORD [WORD [WORD]]]",
     .cc_help = "Match values from routing table\nIP specific information\nMatch address of route or match "
		"packet\nMatch entries of prefix-lists\nIP prefix-list name\nIP prefix-list name\nIP prefix-list "
		"name\nIP prefix-list name",
     .cc_no_syntax = "match ip address prefix-list [WORD [WORD [WORD [WORD]]]]",
     .cc_modes = CLI_MODE(MODE_ROUTE_MAP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_match_ip_address},
    {.cc_syntax = "match tag " RM_NUM " " RM_MORE_NUMS,
     .cc_help = "Match values from routing table\nMatch tag of route\nTag value\nTag value\nTag value\nTag "
		"value\nTag value\nTag value\nTag value\nTag value",
     .cc_no_syntax = "match tag [" RM_NUM " " RM_MORE_NUMS "]",
     .cc_modes = CLI_MODE(MODE_ROUTE_MAP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_match_tag,
     .cc_print = print_match_tag,
     .cc_order = 3},
    {.cc_syntax = "set metric " RM_NUM,
     .cc_help = "Set values in destination routing protocol\nMetric value for destination routing "
		"protocol\nMetric value",
     .cc_no_syntax = "set metric [" RM_NUM "]",
     .cc_modes = CLI_MODE(MODE_ROUTE_MAP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_set_number,
     .cc_print = print_sets,
     .cc_order = 4},
    {.cc_syntax = "set local-preference " RM_NUM,
     .cc_help = "Set values in destination routing protocol\nBGP local preference path attribute\nPreference value",
     .cc_no_syntax = "set local-preference [" RM_NUM "]",
     .cc_modes = CLI_MODE(MODE_ROUTE_MAP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_set_number},
    {.cc_syntax = "set tag " RM_NUM,
     .cc_help = "Set values in destination routing protocol\nTag value for destination routing protocol\nTag value",
     .cc_no_syntax = "set tag [" RM_NUM "]",
     .cc_modes = CLI_MODE(MODE_ROUTE_MAP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_set_number},
    {.cc_syntax = "set extcommunity rt ASN:NN " RM_MORE_RTS,
     .cc_help = "Set values in destination routing protocol\nBGP extended community attribute\nRoute Target "
		"extended community\nVPN extended community\nVPN extended community\nVPN extended "
		"community\nVPN extended community\nAdd to the existing extcommunity",
     .cc_no_syntax = "set extcommunity rt [ASN:NN " RM_MORE_RTS "]",
     .cc_modes = CLI_MODE(MODE_ROUTE_MAP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_set_extcommunity},
};

void routemap_cli_init(struct cli_tree *t)
{
	cfg_module_register(&routemap_module);
	cli_cmds_add(t, routemap_cmds, sizeof(routemap_cmds) / sizeof(routemap_cmds[0]));
}
