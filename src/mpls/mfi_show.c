/* show mpls forwarding-table [detail], show mpls label range. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/modes.h"
#include "core/daemon.h"
#include "rib/fib.h"
#include "rib/lfib.h"
#include "rib/rib_show.h"
#include "show/render.h"
#include "vrf/vrf.h"

static const char *outgoing_label(const struct lfib_entry *le, char *buf, size_t len)
{
	if (le->le_action == DP_LABEL_POP_LOOKUP)
		return le->le_label->ml_kind == MFI_PER_VRF ? "Pop Label" : "Aggregate";
	if (le->le_out == MFI_LABEL_IMPLICIT_NULL)
		return "Pop Label";
	if (le->le_out == MFI_LABEL_NONE)
		return "No Label";
	if (le->le_out == MFI_LABEL_EXPLICIT_NULL)
		return "explicit-n";
	snprintf(buf, len, "%u", le->le_out);
	return buf;
}

static bool point_to_point(const char *ifname)
{
	return strncasecmp(ifname, "Tunnel", 6) == 0 || strncasecmp(ifname, "Virtual-Access", 14) == 0;
}

/* Outgoing interface and next hop columns. */
static void out_json(struct json_object *o, const struct lfib_entry *le)
{
	const struct mfi_label *l = le->le_label;
	char buf[80];

	if (le->le_action == DP_LABEL_POP_LOOKUP) {
		snprintf(buf, sizeof(buf), "aggregate/%s", l->ml_vrf ? l->ml_vrf : "default");
		js_str(o, "interface", buf);
		return;
	}
	vrf_ifname_short(le->le_hop.rh_ifname, buf, sizeof(buf));
	js_str(o, "interface", buf);
	if (point_to_point(le->le_hop.rh_ifname) || !le->le_hop.rh_gw.s_addr)
		js_str(o, "next_hop", "point2point");
	else
		js_ip(o, "next_hop", le->le_hop.rh_gw);
}

static uint64_t label_bytes(struct dataplane *dpl, uint32_t label)
{
	struct dp_counters cnt;
	char key[16];

	snprintf(key, sizeof(key), "%u", label);
	if (!dpl->dpl_backend || dpl->dpl_backend->db_counters(dpl->dpl_state, DP_CNT_LABEL, key, &cnt) < 0)
		return 0;
	return cnt.dc_bytes_in;
}

static struct json_object *entry_json(struct dataplane *dpl, const struct lfib_entry *le)
{
	const struct mfi_label *l = le->le_label;
	struct json_object *o = json_object_new_object();
	char buf[24];

	js_int(o, "local_label", l->ml_label);
	js_str(o, "outgoing_label", outgoing_label(le, buf, sizeof(buf)));
	if (l->ml_kind == MFI_PER_VRF)
		snprintf(buf, sizeof(buf), "IPv4 VRF");
	else
		show_prefix(ntohl(l->ml_prefix.s_addr), l->ml_plen, buf, sizeof(buf));
	js_str(o, "prefix", buf);
	if (l->ml_vrf)
		js_str(o, "vrf", l->ml_vrf);
	js_int(o, "bytes_switched", (int64_t)label_bytes(dpl, l->ml_label));
	out_json(o, le);
	json_object_object_add(o, "label_stack", show_labels(le->le_hop.rh_labels, le->le_hop.rh_nlabels));
	return o;
}

static int label_cmp(const void *a, const void *b)
{
	uint32_t x = (*(const struct mfi_label *const *)a)->ml_label,
		 y = (*(const struct mfi_label *const *)b)->ml_label;
	return x < y ? -1 : x > y;
}

/* The bound labels by number; NULL if out of memory. */
static const struct mfi_label **sorted_labels(const struct mfi *m, size_t *n)
{
	const struct mfi_label **v = malloc((m->mf_labels.km_count + 1) * sizeof(*v));
	const struct mfi_label *l;

	*n = 0;
	if (!v)
		return NULL;
	for (size_t i = 0; (l = mfi_next(m, &i));)
		v[(*n)++] = l;
	qsort(v, *n, sizeof(*v), label_cmp);
	return v;
}

/* The LFIB: every bound label that forwards, with what it does. */
static struct json_object *lfib_json(struct ferryd *d)
{
	struct json_object *doc = json_object_new_object(), *arr = json_object_new_array();
	struct rib_resolver rv;
	struct lfib_entry le;
	size_t n = 0;
	const struct mfi_label **v = mfi_of(d) && rib_of(d) ? sorted_labels(mfi_of(d), &n) : NULL;

	rib_resolver_init(&rv, rib_of(d));
	for (size_t i = 0; v && i < n; i++)
		if (lfib_entry(&rv, v[i], &le))
			json_object_array_add(arr, entry_json(&d->fd_dp, &le));
	rib_resolver_fini(&rv);
	free(v);
	json_object_object_add(doc, "entries", arr);
	return doc;
}

static void row_text(struct cli_ctx *c, struct json_object *o)
{
	char prefix[40], row[160];
	int n;

	snprintf(prefix, sizeof(prefix), "%s%s", show_str(o, "prefix"), *show_str(o, "vrf") ? "[V]" : "");
	n = snprintf(row, sizeof(row), "%-10s %-10s ", show_str(o, "local_label"), show_str(o, "outgoing_label"));
	if (strlen(prefix) > 16) /* IOS continues a long prefix's row on the next line */
		n += snprintf(row + n, sizeof(row) - (size_t)n, "%s   \\\n%39s", prefix, "");
	else
		n += snprintf(row + n, sizeof(row) - (size_t)n, "%-16s ", prefix);
	snprintf(row + n, sizeof(row) - (size_t)n, "%-13s %-10s %s", show_str(o, "bytes_switched"),
		 show_str(o, "interface"), show_str(o, "next_hop"));
	for (n = (int)strlen(row); n > 0 && row[n - 1] == ' ';)
		row[--n] = '\0';
	cli_printf(c, "%s\n", row);
}

static void detail_text(struct cli_ctx *c, struct json_object *o)
{
	struct json_object *stack = show_arr(o, "label_stack");

	cli_printf(c, "\tLabel Stack{");
	for (size_t i = 0; stack && i < json_object_array_length(stack); i++)
		cli_printf(c, "%s%s", i ? " " : "", json_object_get_string(json_object_array_get_idx(stack, i)));
	cli_printf(c, "}\n");
	if (*show_str(o, "vrf"))
		cli_printf(c, "\tVPN route: %s\n", show_str(o, "vrf"));
	cli_printf(c, "\tNo output feature configured\n");
}

static void lfib_rows(struct cli_ctx *c, struct json_object *doc, bool detail)
{
	struct json_object *arr = show_arr(doc, "entries");

	cli_printf(c, "Local      Outgoing   Prefix           Bytes Label   Outgoing   Next Hop\n"
		      "Label      Label      or Tunnel Id     Switched      interface\n");
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		row_text(c, json_object_array_get_idx(arr, i));
		if (detail)
			detail_text(c, json_object_array_get_idx(arr, i));
	}
}

static void lfib_text(struct cli_ctx *c, struct json_object *doc)
{
	lfib_rows(c, doc, false);
}

static void lfib_detail_text(struct cli_ctx *c, struct json_object *doc)
{
	lfib_rows(c, doc, true);
}

static int run_show_forwarding(struct cli_ctx *c, const struct cli_args *a)
{
	struct ferryd *d = show_daemon(c);

	if (!d)
		return CLI_ERR_FAILED;
	show_render(c, "mpls-forwarding-table", lfib_json(d), cli_has(a, "detail") ? lfib_detail_text : lfib_text);
	return 0;
}

static void range_text(struct cli_ctx *c, struct json_object *doc)
{
	cli_printf(c, "Downstream Generic label region: Min/Max label: %lld/%lld\n", show_int(doc, "min"),
		   show_int(doc, "max"));
}

static int run_show_label_range(struct cli_ctx *c, const struct cli_args *a)
{
	struct ferryd *d = show_daemon(c);
	struct mfi *m = d ? mfi_of(d) : NULL;
	struct json_object *doc;

	if (!m)
		return d ? cli_fail(c, "Out of memory") : CLI_ERR_FAILED;
	doc = json_object_new_object();
	js_int(doc, "min", m->mf_min);
	js_int(doc, "max", m->mf_max);
	show_render(c, "mpls-label-range", doc, range_text);
	return 0;
}

static struct cli_cmd mfi_show_cmds[] = {
    {.cc_syntax = "show mpls forwarding-table [detail]",
     .cc_help = "Show running system information\nMultiprotocol Label Switching information\nShow the Label "
		"Forwarding Information Base (LFIB)\nDetailed information",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_forwarding},
    {.cc_syntax = "show mpls label range",
     .cc_help = "Show running system information\nMultiprotocol Label Switching information\nLabel information\n"
		"Show label range",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_label_range},
};

void mfi_show_init(struct cli_tree *t)
{
	cli_cmds_add(t, mfi_show_cmds, sizeof(mfi_show_cmds) / sizeof(mfi_show_cmds[0]));
}
