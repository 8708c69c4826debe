/* show ip access-lists and show ip prefix-list: the lists with their per-entry counters, text or JSON; clearing
 * the counters. */
#include <string.h>

#include "acl/acl.h"
#include "config/modes.h"
#include "show/render.h"

typedef void entry_spec_fn(const struct seq_node *sn, char *buf, size_t len);

static void acl_show_spec(const struct seq_node *sn, char *buf, size_t len)
{
	acl_entry_spec((const struct acl_entry *)sn, true, buf, len);
}

static void pfx_show_spec(const struct seq_node *sn, char *buf, size_t len)
{
	pfx_entry_spec((const struct pfx_entry *)sn, buf, len);
}

static struct json_object *list_json(const struct seq_list *sl, entry_spec_fn *spec)
{
	struct json_object *o = json_object_new_object(), *entries = json_object_new_array();
	char buf[64];

	json_object_object_add(o, "name", json_object_new_string(sl->sl_name));
	if (sl->sl_description)
		json_object_object_add(o, "description", json_object_new_string(sl->sl_description));
	for (const struct seq_node *sn = sl->sl_head; sn; sn = sn->sn_next) {
		struct json_object *e = json_object_new_object();
		spec(sn, buf, sizeof(buf));
		json_object_object_add(e, "seq", json_object_new_int64(sn->sn_seq));
		json_object_object_add(e, "action", json_object_new_string(sn->sn_permit ? "permit" : "deny"));
		json_object_object_add(e, "match", json_object_new_string(buf));
		json_object_object_add(e, "hits", json_object_new_int64((int64_t)sn->sn_hits));
		json_object_array_add(entries, e);
	}
	json_object_object_add(o, "entries", entries);
	return o;
}

/* The lists of a module (or the one named) under key, as the document to render. */
static struct json_object *lists_doc(const struct omap *lists, const char *name, entry_spec_fn *spec, const char *key)
{
	struct json_object *doc = json_object_new_object(), *arr = json_object_new_array();

	for (struct omap_iter it = omap_begin(lists); omap_next(&it);) {
		const struct seq_list *sl = it.oi_val;
		if (!name || strcmp(name, sl->sl_name) == 0)
			json_object_array_add(arr, list_json(sl, spec));
	}
	json_object_object_add(doc, key, arr);
	return doc;
}

static void acls_text(struct cli_ctx *c, struct json_object *doc)
{
	struct json_object *lists = show_arr(doc, "access_lists");

	for (size_t i = 0; lists && i < json_object_array_length(lists); i++) {
		struct json_object *l = json_object_array_get_idx(lists, i), *entries = show_arr(l, "entries");
		cli_printf(c, "Standard IP access list %s\n", show_str(l, "name"));
		for (size_t j = 0; entries && j < json_object_array_length(entries); j++) {
			struct json_object *e = json_object_array_get_idx(entries, j);
			long long hits = show_int(e, "hits");
			cli_printf(c, "    %lld %-6s %s", show_int(e, "seq"), show_str(e, "action"),
				   show_str(e, "match"));
			if (hits)
				cli_printf(c, " (%lld match%s)", hits, hits == 1 ? "" : "es");
			cli_printf(c, "\n");
		}
	}
}

static void prefix_lists_text(struct cli_ctx *c, struct json_object *doc)
{
	struct json_object *lists = show_arr(doc, "prefix_lists");
	bool detail = json_object_get_boolean(json_object_object_get(doc, "detail"));

	for (size_t i = 0; lists && i < json_object_array_length(lists); i++) {
		struct json_object *l = json_object_array_get_idx(lists, i), *entries = show_arr(l, "entries");
		size_t n = entries ? json_object_array_length(entries) : 0;
		cli_printf(c, "ip prefix-list %s: %zu entr%s\n", show_str(l, "name"), n, n == 1 ? "y" : "ies");
		if (*show_str(l, "description"))
			cli_printf(c, "   Description: %s\n", show_str(l, "description"));
		for (size_t j = 0; j < n; j++) {
			struct json_object *e = json_object_array_get_idx(entries, j);
			cli_printf(c, "   seq %lld %s %s", show_int(e, "seq"), show_str(e, "action"),
				   show_str(e, "match"));
			if (detail)
				cli_printf(c, " (hit count: %lld)", show_int(e, "hits"));
			cli_printf(c, "\n");
		}
	}
}

static int run_show_acls(struct cli_ctx *c, const struct cli_args *a)
{
	struct json_object *doc = lists_doc(acl_all(cfg_of(c)), cli_arg(a, "WORD"), acl_show_spec, "access_lists");

	show_render(c, "access-lists", doc, acls_text);
	return 0;
}

static int run_show_prefix_lists(struct cli_ctx *c, const struct cli_args *a)
{
	struct json_object *doc =
	    lists_doc(prefix_list_all(cfg_of(c)), cli_arg(a, "WORD"), pfx_show_spec, "prefix_lists");

	json_object_object_add(doc, "detail", json_object_new_boolean(cli_has(a, "detail")));
	show_render(c, "prefix-lists", doc, prefix_lists_text);
	return 0;
}

static int run_clear_acl_counters(struct cli_ctx *c, const struct cli_args *a)
{
	seq_lists_clear_hits(cfg_of(c), &acl_module, cli_arg(a, "WORD"));
	return 0;
}

static int run_clear_prefix_list(struct cli_ctx *c, const struct cli_args *a)
{
	seq_lists_clear_hits(cfg_of(c), &prefix_list_module, cli_arg(a, "WORD"));
	return 0;
}

static struct cli_cmd acl_show_cmds[] = {
    {.cc_syntax = "show ip access-lists [WORD]",
     .cc_help = "Show running system information\nIP information\nList IP access lists\nAccess list name or number",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_acls},
    {.cc_syntax = "show ip prefix-list [detail] [WORD]",
     .cc_help = "Show running system information\nIP information\nList IP prefix lists\nDetail of prefix "
		"lists\nName of a prefix list",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_prefix_lists},
    {.cc_syntax = "clear ip access-list counters [WORD]",
     .cc_help = "Reset functions\nIP\nClear access list statistical information\nClear access list "
		"counters\nAccess list name or number",
     .cc_modes = CLI_MODE(MODE_ENABLE),
     .cc_run = run_clear_acl_counters},
    {.cc_syntax = "clear ip prefix-list [WORD]",
     .cc_help = "Reset functions\nIP\nClear IP prefix-list hit counters\nName of a prefix list",
     .cc_modes = CLI_MODE(MODE_ENABLE),
     .cc_run = run_clear_prefix_list},
};

void acl_show_init(struct cli_tree *t)
{
	cli_cmds_add(t, acl_show_cmds, sizeof(acl_show_cmds) / sizeof(acl_show_cmds[0]));
}
