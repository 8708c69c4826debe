/* show vrf, show ip vrf. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/modes.h"
#include "interface/iface.h"
#include "show/render.h"
#include "vrf/vrf.h"

void vrf_ifname_short(const char *name, char *buf, size_t len)
{
	static const struct {
		const char *type, *abbrev;
	} abbrevs[] = {
	    {"Ethernet", "Et"},		{"FastEthernet", "Fa"}, {"GigabitEthernet", "Gi"}, {"TenGigabitEthernet", "Te"},
	    {"Loopback", "Lo"},		{"Null", "Nu"},		{"Tunnel", "Tu"},	   {"Virtual-Access", "Vi"},
	    {"Virtual-Template", "Vt"},
	};
	size_t tl = strcspn(name, "0123456789");

	for (size_t i = 0; i < sizeof(abbrevs) / sizeof(abbrevs[0]); i++) {
		if (strlen(abbrevs[i].type) == tl && strncasecmp(abbrevs[i].type, name, tl) == 0) {
			snprintf(buf, len, "%s%s", abbrevs[i].abbrev, name + tl);
			return;
		}
	}
	snprintf(buf, len, "%.2s%s", name, name + tl); /* an unknown type: its first two letters */
}

static struct json_object *rts_json(const struct vrf_rts *l)
{
	struct json_object *arr = json_object_new_array();
	char buf[32];

	for (size_t i = 0; i < l->rt_n; i++) {
		vrf_asnn_format(&l->rt_v[i], buf, sizeof(buf));
		json_object_array_add(arr, json_object_new_string(buf));
	}
	return arr;
}

static struct json_object *vrf_ifs_json(struct iface **ifs, size_t n, const char *vrf)
{
	struct json_object *arr = json_object_new_array();

	for (size_t i = 0; i < n; i++) {
		const char *in = vrf_of_iface(ifs[i]);
		if (in && strcmp(in, vrf) == 0)
			json_object_array_add(arr, json_object_new_string(ifs[i]->if_name));
	}
	return arr;
}

static struct json_object *vrf_json(const struct vrf *v, struct iface **ifs, size_t n)
{
	struct json_object *o = json_object_new_object(), *protos = json_object_new_array();
	char rd[32];

	json_object_object_add(o, "name", json_object_new_string(v->vrf_name));
	json_object_object_add(
	    o, "style", json_object_new_string(v->vrf_style == VRF_STYLE_DEFINITION ? "vrf definition" : "ip vrf"));
	if (v->vrf_description)
		json_object_object_add(o, "description", json_object_new_string(v->vrf_description));
	if (v->vrf_has_rd) {
		vrf_asnn_format(&v->vrf_rd, rd, sizeof(rd));
		json_object_object_add(o, "rd", json_object_new_string(rd));
	}
	/* an "ip vrf" is IPv4 by nature; a "vrf definition" once its address family is configured */
	if (v->vrf_style == VRF_STYLE_IP_VRF || v->vrf_af_ipv4)
		json_object_array_add(protos, json_object_new_string("ipv4"));
	json_object_object_add(o, "protocols", protos);
	json_object_object_add(o, "route_targets_export", rts_json(&v->vrf_export));
	json_object_object_add(o, "route_targets_import", rts_json(&v->vrf_import));
	json_object_object_add(o, "interfaces", vrf_ifs_json(ifs, n, v->vrf_name));
	return o;
}

static struct json_object *vrfs_json(const struct config *cfg, const char *only)
{
	struct json_object *doc = json_object_new_object(), *arr = json_object_new_array();
	size_t n;
	struct iface **ifs = if_sorted(cfg, &n);

	for (struct omap_iter it = omap_begin(vrf_all(cfg)); omap_next(&it);) {
		const struct vrf *v = it.oi_val;
		if (!only || strcmp(only, v->vrf_name) == 0)
			json_object_array_add(arr, vrf_json(v, ifs, ifs ? n : 0));
	}
	free(ifs);
	json_object_object_add(doc, "vrfs", arr);
	return doc;
}

/* The text of a list field: its entries joined with ",", or IOS's "<not set>". */
static void joined(struct json_object *arr, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; arr && i < json_object_array_length(arr) && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "," : "",
					 json_object_get_string(json_object_array_get_idx(arr, i)));
	if (!buf[0])
		snprintf(buf, len, "<not set>");
}

/* One VRF per row; more interfaces continue below, in the Interfaces column. */
static void vrf_rows(struct cli_ctx *c, struct json_object *o, bool protocols)
{
	struct json_object *ifs = show_arr(o, "interfaces");
	const char *rd = show_str(o, "rd");
	size_t nifs = ifs ? json_object_array_length(ifs) : 0;
	char protos[64], shortname[IF_NAMELEN], row[256];
	int used, indent = 2 + 33 + 22 + (protocols ? 12 : 0);

	joined(show_arr(o, "protocols"), protos, sizeof(protos));
	used = snprintf(row, sizeof(row), "  %-32s %-21s %-11s", show_str(o, "name"), *rd ? rd : "<not set>",
			protocols ? protos : "");
	while (used > 0 && row[used - 1] == ' ')
		row[--used] = '\0'; /* no trailing blanks when the last columns are empty */
	cli_printf(c, "%s", row);
	if (nifs == 0)
		cli_printf(c, "\n");
	for (size_t i = 0; i < nifs; i++) {
		vrf_ifname_short(json_object_get_string(json_object_array_get_idx(ifs, i)), shortname,
				 sizeof(shortname));
		cli_printf(c, "%*s%s\n", i ? indent : indent - used, "", shortname);
	}
}

static void vrfs_text(struct cli_ctx *c, struct json_object *doc, bool protocols)
{
	struct json_object *arr = show_arr(doc, "vrfs");

	cli_printf(c, "  %-32s %-21s ", "Name", "Default RD");
	if (protocols)
		cli_printf(c, "%-11s ", "Protocols");
	cli_printf(c, "Interfaces\n");
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++)
		vrf_rows(c, json_object_array_get_idx(arr, i), protocols);
}

static void show_vrf_text(struct cli_ctx *c, struct json_object *doc)
{
	vrfs_text(c, doc, true);
}

static void show_ip_vrf_text(struct cli_ctx *c, struct json_object *doc)
{
	vrfs_text(c, doc, false);
}

static int run_show_vrf(struct cli_ctx *c, const struct cli_args *a)
{
	const char *name = cli_arg(a, "WORD");
	bool ip = cli_has(a, "ip");

	if (name && !vrf_lookup(cfg_of(c), name))
		return cli_fail(c, "No VRF named %s", name);
	show_render(c, ip ? "ip-vrf" : "vrf", vrfs_json(cfg_of(c), name), ip ? show_ip_vrf_text : show_vrf_text);
	return 0;
}

static struct cli_cmd vrf_show_cmds[] = {
    {.cc_syntax = "show vrf [WORD]",
     .cc_help = "Show running system information\nVPN Routing/Forwarding instance information\nVRF name",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_vrf},
    {.cc_syntax = "show ip vrf [WORD]",
     .cc_help = "Show running system information\nIP information\nVPN Routing/Forwarding instance "
		"information\nVPN Routing/Forwarding instance name",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_vrf},
};

void vrf_show_init(struct cli_tree *t)
{
	cli_cmds_add(t, vrf_show_cmds, sizeof(vrf_show_cmds) / sizeof(vrf_show_cmds[0]));
}
