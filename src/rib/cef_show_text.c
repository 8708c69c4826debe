/* show ip cef in IOS's layout: the short form (next hops) and detail (the path tree, output chain). */
#include <string.h>
#include <strings.h>

#include "rib/cef_show_text.h"
#include "show/render.h"

static size_t count(struct json_object *arr)
{
	return arr ? json_object_array_length(arr) : 0;
}

/* " label 19 16": a stack, or nothing. */
static void labels_text(struct cli_ctx *c, struct json_object *labels)
{
	for (size_t i = 0; i < count(labels); i++)
		cli_printf(c, " label %s", json_object_get_string(json_object_array_get_idx(labels, i)));
}

static void hop_text(struct cli_ctx *c, struct json_object *h)
{
	if (!*show_str(h, "gateway")) {
		cli_printf(c, "  attached to %s\n", show_str(h, "interface"));
		return;
	}
	cli_printf(c, "  nexthop %s %s", show_str(h, "gateway"), show_str(h, "interface"));
	labels_text(c, show_arr(h, "labels"));
	cli_printf(c, "\n");
}

void cef_text(struct cli_ctx *c, struct json_object *doc)
{
	const char *state = show_str(doc, "state");
	struct json_object *paths = show_arr(doc, "paths"), *hops = show_arr(doc, "hops");

	cli_printf(c, "%s\n", show_str(doc, "prefix"));
	if (strcmp(state, "forward") == 0) {
		for (size_t i = 0; i < count(hops); i++)
			hop_text(c, json_object_array_get_idx(hops, i));
	} else if (strcmp(state, "receive") == 0) {
		cli_printf(c, "  receive for %s\n", show_str(json_object_array_get_idx(paths, 0), "interface"));
	} else if (strcmp(state, "drop") == 0) {
		cli_printf(c, "  attached to Null0\n");
	} else {
		cli_printf(c, "  no route\n");
	}
}

static void path_text(struct cli_ctx *c, struct json_object *p, int depth);

static void path_end_text(struct cli_ctx *c, struct json_object *p, int ind, int depth)
{
	const char *type = show_str(p, "type");
	struct json_object *kids = show_arr(p, "paths");

	if (strcmp(type, "recursive") == 0) {
		cli_printf(c, "%*srecursive via %s[IPv4:%s]", ind, "", show_str(p, "via"), show_str(p, "via_table"));
		labels_text(c, show_arr(p, "labels"));
		if (*show_str(p, "via_prefix"))
			cli_printf(c, ", v4:%s:%s", show_str(p, "via_table"), show_str(p, "via_prefix"));
		cli_printf(c, "\n");
		for (size_t i = 0; i < count(kids); i++)
			path_text(c, json_object_array_get_idx(kids, i), depth + 1);
	} else if (strcmp(type, "receive") == 0) {
		cli_printf(c, "%*sreceive for %s\n", ind, "", show_str(p, "interface"));
	} else if (strcmp(type, "attached nexthop") == 0) {
		cli_printf(c, "%*snexthop %s %s\n", ind, "", show_str(p, "gateway"), show_str(p, "interface"));
	} else {
		cli_printf(c, "%*sattached to %s\n", ind, "", show_str(p, "interface"));
	}
}

/* A path at depth d: its header at 2 + 2d columns, its label one level in, then where it goes. */
static void path_text(struct cli_ctx *c, struct json_object *p, int depth)
{
	int ind = 2 + 2 * depth;
	struct json_object *labels = show_arr(p, "labels");
	bool recursive = strcmp(show_str(p, "type"), "recursive") == 0;

	cli_printf(c, "%*spath type %s, for IPv4%s\n", ind, "", show_str(p, "type"),
		   recursive && count(labels) ? ", flags must-be-labelled" : "");
	if (count(labels)) {
		cli_printf(c, "%*sMPLS short path extensions:", ind + 2, "");
		labels_text(c, labels);
		cli_printf(c, "\n");
	}
	path_end_text(c, p, ind, depth);
}

/* The labels along the first branch of the path tree, innermost (the route's own) first, as IOS lists them. */
static bool chain_labels(struct cli_ctx *c, struct json_object *paths)
{
	bool any = false;

	for (struct json_object *p; count(paths) && (p = json_object_array_get_idx(paths, 0));
	     paths = show_arr(p, "paths")) {
		any |= count(show_arr(p, "labels")) > 0;
		labels_text(c, show_arr(p, "labels"));
	}
	return any;
}

static bool is_tunnel(const char *ifname)
{
	return strncasecmp(ifname, "Tunnel", 6) == 0 || strncasecmp(ifname, "Virtual-Access", 14) == 0;
}

static void output_chain_text(struct cli_ctx *c, struct json_object *doc)
{
	struct json_object *hop = json_object_array_get_idx(show_arr(doc, "hops"), 0);
	const char *ifname = show_str(hop, "interface");
	bool labelled;

	if (strcmp(show_str(doc, "state"), "drop") == 0)
		cli_printf(c, "  output chain: drop\n");
	if (strcmp(show_str(doc, "state"), "forward") != 0)
		return;
	cli_printf(c, "  output chain:");
	labelled = chain_labels(c, show_arr(doc, "paths"));
	cli_printf(c, " %s %s out of %s", labelled ? "TAG" : "IP", is_tunnel(ifname) ? "midchain" : "adj", ifname);
	if (*show_str(hop, "gateway") && !is_tunnel(ifname))
		cli_printf(c, ", addr %s", show_str(hop, "gateway"));
	cli_printf(c, "\n");
}

static const char *flags_of(struct json_object *doc)
{
	const char *state = show_str(doc, "state");
	struct json_object *hop = json_object_array_get_idx(show_arr(doc, "hops"), 0);

	if (strcmp(state, "receive") == 0)
		return "receive";
	if (strcmp(show_str(doc, "source"), "C") == 0)
		return "attached, connected";
	if (strcmp(state, "drop") == 0)
		return "attached, drop";
	return count(show_arr(hop, "labels")) ? "rib defined all labels" : "rib only nolabel";
}

void cef_detail_text(struct cli_ctx *c, struct json_object *doc)
{
	struct json_object *paths = show_arr(doc, "paths");
	bool local = *show_str(doc, "local_label") != '\0';

	if (strcmp(show_str(doc, "state"), "no route") == 0) {
		cli_printf(c, "%s, epoch 0, flags default route handler, no route\n", show_str(doc, "prefix"));
		return;
	}
	cli_printf(c, "%s, epoch 0, flags %s, RIB[%s], per-destination sharing\n", show_str(doc, "prefix"),
		   flags_of(doc), show_str(doc, "source"));
	cli_printf(c, "  sources: RIB%s\n  feature space:\n", local ? ", LTE" : "");
	cli_printf(c, "   LFD: %s %d local label%s\n", show_str(doc, "prefix"), local, local ? "" : "s");
	if (local)
		cli_printf(c, "   local label info: other/%lld\n", show_int(doc, "local_label"));
	for (size_t i = 0; i < count(paths); i++)
		path_text(c, json_object_array_get_idx(paths, i), 0);
	output_chain_text(c, doc);
}
