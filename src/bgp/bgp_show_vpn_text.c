/* IOS's layouts of the VPNv4 table (bgp_show_vpn.h): the table, the labels, the detailed entries. */
#include <stdio.h>
#include <string.h>

#include "bgp/bgp_show_vpn.h"
#include "show/render.h"

typedef void route_fn(struct cli_ctx *c, struct json_object *route);

static bool js_is(struct json_object *o, const char *key)
{
	return json_object_get_boolean(json_object_object_get(o, key));
}

static bool js_has(struct json_object *o, const char *key)
{
	return json_object_object_get(o, key) != NULL;
}

/* Calls fn on each route, after its RD's header line (its VRF in the format given, "%s" or none). */
static void each_route(struct cli_ctx *c, struct json_object *doc, const char *vrf_fmt, route_fn *fn)
{
	struct json_object *rds = show_arr(doc, "route_distinguishers");

	for (size_t i = 0; rds && i < json_object_array_length(rds); i++) {
		struct json_object *g = json_object_array_get_idx(rds, i), *routes = show_arr(g, "routes");
		if (vrf_fmt) {
			cli_printf(c, "Route Distinguisher: %s", show_str(g, "rd"));
			if (js_has(g, "vrf"))
				cli_printf(c, vrf_fmt, show_str(g, "vrf"));
			cli_printf(c, "\n");
		}
		for (size_t j = 0; routes && j < json_object_array_length(routes); j++)
			fn(c, json_object_array_get_idx(routes, j));
	}
}

static void table_row(struct cli_ctx *c, struct json_object *route)
{
	struct json_object *paths = show_arr(route, "paths");

	for (size_t i = 0; paths && i < json_object_array_length(paths); i++) {
		struct json_object *p = json_object_array_get_idx(paths, i);
		char status[8], metric[16] = "", locprf[16] = "";
		const char *path = show_str(p, "as_path");
		snprintf(status, sizeof(status), " %c%c%c ", js_is(p, "valid") ? '*' : ' ',
			 js_is(p, "best") ? '>' : ' ', js_is(p, "internal") ? 'i' : ' ');
		if (js_has(p, "metric"))
			snprintf(metric, sizeof(metric), "%lld", show_int(p, "metric"));
		if (js_has(p, "local_pref"))
			snprintf(locprf, sizeof(locprf), "%lld", show_int(p, "local_pref"));
		cli_printf(c, "%s%-17s%-20s%6s %6s %6lld %s%s%s\n", status, i ? "" : show_str(route, "network"),
			   show_str(p, "next_hop"), metric, locprf, show_int(p, "weight"), path, *path ? " " : "",
			   show_str(p, "origin"));
	}
}

void bgp_show_vpn_table_text(struct cli_ctx *c, struct json_object *doc)
{
	cli_printf(c, "BGP table version is %lld, local router ID is %s\n", show_int(doc, "table_version"),
		   show_str(doc, "router_id"));
	cli_printf(c,
		   "Status codes: s suppressed, d damped, h history, * valid, > best, i - internal,\n"
		   "              r RIB-failure, S Stale, m multipath, b backup-path, x best-external, f RT-Filter,\n"
		   "              a additional-path\n"
		   "Origin codes: i - IGP, e - EGP, ? - incomplete\n\n");
	cli_printf(c, "     Network          Next Hop            Metric LocPrf Weight Path\n");
	each_route(c, doc, " (default for vrf %s)", table_row);
	if (js_has(doc, "total_prefixes")) /* a neighbor's routes */
		cli_printf(c, "\nTotal number of prefixes %lld \n", show_int(doc, "total_prefixes"));
}

/* The out label: a local route's is its VRF's ("nolabel(cust1)" in the table, "aggregate(cust1)" in detail). */
static void label_out(struct json_object *p, const char *local_fmt, char *buf, size_t len)
{
	if (js_has(p, "local_vrf"))
		snprintf(buf, len, local_fmt, show_str(p, "local_vrf"));
	else
		snprintf(buf, len, "%s", show_str(p, "label_out"));
}

static struct json_object *best_path(struct json_object *route)
{
	struct json_object *paths = show_arr(route, "paths");
	long long best = show_int(route, "best_index");

	return paths && best ? json_object_array_get_idx(paths, (size_t)best - 1) : NULL;
}

static void labels_row(struct cli_ctx *c, struct json_object *route)
{
	struct json_object *p = best_path(route);
	char out[80];

	if (!p)
		return;
	label_out(p, "nolabel(%s)", out, sizeof(out));
	cli_printf(c, "   %-17s%-16s%s/%s\n", show_str(route, "network"), show_str(p, "next_hop"),
		   show_str(p, "label_in"), out);
}

void bgp_show_vpn_labels_text(struct cli_ctx *c, struct json_object *doc)
{
	cli_printf(c, "   Network          Next Hop      In label/Out label\n");
	each_route(c, doc, " (%s)", labels_row);
}

/* "Origin incomplete, metric 0, localpref 100, weight 32768, valid, sourced, best" */
static void detail_flags(struct cli_ctx *c, struct json_object *p)
{
	cli_printf(c, "      Origin %s", show_str(p, "origin_name"));
	if (js_has(p, "metric"))
		cli_printf(c, ", metric %lld", show_int(p, "metric"));
	cli_printf(c, ", localpref %lld", show_int(p, "detail_local_pref"));
	if (show_int(p, "weight"))
		cli_printf(c, ", weight %lld", show_int(p, "weight"));
	cli_printf(c, ", valid, %s%s\n",
		   js_is(p, "sourced")	  ? "sourced"
		   : js_is(p, "internal") ? "internal"
					  : "external",
		   js_is(p, "best") ? ", best" : "");
}

static void detail_path(struct cli_ctx *c, struct json_object *p)
{
	struct json_object *ext = show_arr(p, "extended_communities");
	bool local = js_is(p, "sourced");
	char out[80];

	cli_printf(c, "  Refresh Epoch 1\n  %s\n", local ? "Local" : show_str(p, "as_path"));
	cli_printf(c, "    %s from %s%s (%s)\n", show_str(p, "next_hop"), js_is(p, "from_dynamic") ? "*" : "",
		   show_str(p, "from"), show_str(p, "router_id"));
	detail_flags(c, p);
	if (ext && json_object_array_length(ext)) {
		cli_printf(c, "      Extended Community:");
		for (size_t i = 0; i < json_object_array_length(ext); i++)
			cli_printf(c, " %s", json_object_get_string(json_object_array_get_idx(ext, i)));
		cli_printf(c, "\n");
	}
	label_out(p, "aggregate(%s)", out, sizeof(out));
	cli_printf(c, "      mpls labels in/out %s/%s\n", show_str(p, "label_in"), out);
}

static void detail_route(struct cli_ctx *c, struct json_object *route)
{
	struct json_object *paths = show_arr(route, "paths");
	size_t n = paths ? json_object_array_length(paths) : 0;
	char best[32] = "no best path", table[80] = "";

	if (show_int(route, "best_index"))
		snprintf(best, sizeof(best), "best #%lld", show_int(route, "best_index"));
	if (js_has(route, "table"))
		snprintf(table, sizeof(table), ", table %s", show_str(route, "table"));
	cli_printf(c, "BGP routing table entry for %s:%s, version %lld\n", show_str(route, "rd"),
		   show_str(route, "prefix"), show_int(route, "version"));
	cli_printf(c, "Paths: (%zu available, %s%s)\n", n, best, table);
	for (size_t i = 0; i < n; i++)
		detail_path(c, json_object_array_get_idx(paths, i));
}

void bgp_show_vpn_detail_text(struct cli_ctx *c, struct json_object *doc)
{
	struct json_object *rds = show_arr(doc, "route_distinguishers");

	if (!rds || !json_object_array_length(rds)) {
		cli_printf(c, "%% Network not in table\n");
		return;
	}
	each_route(c, doc, NULL, detail_route);
}
