/* show bgp summary, show ip bgp [vpnv4 all] summary, show ip bgp neighbors [A.B.C.D]. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "bgp/bgp.h"
#include "bgp/bgp_session.h"
#include "bgp/bgp_session_conf.h"
#include "bgp/bgp_show_vpn.h"
#include "config/modes.h"
#include "rib/rib_show.h"
#include "show/render.h"

uint32_t bgp_show_msgs(const uint32_t *by_type)
{
	uint32_t t = 0;

	for (size_t i = 0; i <= BGP_MSG_ROUTE_REFRESH; i++)
		t += by_type[i];
	return t;
}

static void js_ip_h(struct json_object *o, const char *key, uint32_t host)
{
	struct in_addr a = {.s_addr = htonl(host)};

	js_ip(o, key, a);
}

static struct json_object *peer_summary_json(const struct bgp_peer *p)
{
	const struct bgp_fsm *f = &p->bp_conn->cn_fsm;
	struct json_object *o = json_object_new_object();
	char since[32];

	js_ip(o, "neighbor", p->bp_addr);
	js_bool(o, "dynamic", p->bp_dynamic);
	js_int(o, "version", BGP_VERSION);
	js_int(o, "remote_as", p->bp_conf.pc_fsm.fc_remote_as);
	js_int(o, "msg_rcvd", bgp_show_msgs(f->fs_stats.fst_in));
	js_int(o, "msg_sent", bgp_show_msgs(f->fs_stats.fst_out));
	js_int(o, "table_version", (int64_t)p->bp_tbl_ver);
	js_int(o, "in_q", 0);
	js_int(o, "out_q", (int64_t)p->bp_conn->cn_tx.bb_len);
	if (f->fs_state == BGP_ST_ESTABLISHED || f->fs_flaps)
		show_age((long long)bgp_fsm_now() - f->fs_since, since, sizeof(since));
	else
		snprintf(since, sizeof(since), "never");
	js_str(o, "up_down", since);
	js_str(o, "state", p->bp_conf.pc_shutdown ? "Idle (Admin)" : bgp_state_name(f->fs_state));
	js_int(o, "prefixes_received", p->bp_pfx_rcvd);
	return o;
}

static struct json_object *summary_json(struct ferryd *d, const struct bgp_cfg *bgp, enum bgp_fsm_family ff)
{
	struct json_object *doc = json_object_new_object(), *arr = json_object_new_array();
	size_t ndynamic = 0, nranges = 0;

	js_ip_h(doc, "router_id", bgp_conf_router_id(d, bgp));
	js_int(doc, "local_as", bgp->bgp_asn);
	js_int(doc, "table_version", (int64_t)bgp_session_table_version());
	for (const struct bgp_peer *p = bgp_session_peers(); p; p = p->bp_next) {
		if (!(p->bp_conf.pc_fsm.fc_families & (1u << ff)))
			continue;
		ndynamic += p->bp_dynamic;
		json_object_array_add(arr, peer_summary_json(p));
	}
	for (const struct bgp_listen_range *r = bgp->bgp_ranges; r; r = r->lr_next)
		nranges++;
	json_object_object_add(doc, "neighbors", arr);
	js_int(doc, "dynamic_neighbors", (int64_t)ndynamic);
	js_int(doc, "listen_ranges", (int64_t)nranges);
	return doc;
}

static void summary_row(struct cli_ctx *c, struct json_object *n)
{
	const char *state = show_str(n, "state");
	char addr[24];

	snprintf(addr, sizeof(addr), "%s%s", json_object_get_boolean(json_object_object_get(n, "dynamic")) ? "*" : "",
		 show_str(n, "neighbor"));
	cli_printf(c, "%-15s %-1lld %12lld %7lld %7lld %8lld %4lld %4lld %-8s ", addr, show_int(n, "version"),
		   show_int(n, "remote_as"), show_int(n, "msg_rcvd"), show_int(n, "msg_sent"),
		   show_int(n, "table_version"), show_int(n, "in_q"), show_int(n, "out_q"), show_str(n, "up_down"));
	if (strcmp(state, "Established") == 0)
		cli_printf(c, "%8lld\n", show_int(n, "prefixes_received"));
	else
		cli_printf(c, "%s\n", state);
}

static void summary_text(struct cli_ctx *c, struct json_object *doc)
{
	struct json_object *arr = show_arr(doc, "neighbors");
	size_t n = arr ? json_object_array_length(arr) : 0;

	cli_printf(c, "BGP router identifier %s, local AS number %lld\n", show_str(doc, "router_id"),
		   show_int(doc, "local_as"));
	cli_printf(c, "BGP table version is %lld, main routing table version %lld\n\n", show_int(doc, "table_version"),
		   show_int(doc, "table_version"));
	cli_printf(c, "Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd\n");
	for (size_t i = 0; i < n; i++)
		summary_row(c, json_object_array_get_idx(arr, i));
	if (show_int(doc, "dynamic_neighbors"))
		cli_printf(c,
			   "* Dynamically created based on a listen range command\n"
			   "Dynamically created neighbors: %lld, Subnet ranges: %lld\n",
			   show_int(doc, "dynamic_neighbors"), show_int(doc, "listen_ranges"));
}

const struct bgp_cfg *bgp_show_running(struct cli_ctx *c, struct ferryd **d)
{
	const struct bgp_cfg *bgp = bgp_cfg_get(cfg_of(c));

	if (!(*d = show_daemon(c)))
		return NULL;
	if (!bgp || !bgp->bgp_asn)
		cli_fail(c, "BGP not active");
	return bgp && bgp->bgp_asn ? bgp : NULL;
}

static int run_show_summary(struct cli_ctx *c, const struct cli_args *a)
{
	struct ferryd *d;
	const struct bgp_cfg *bgp = bgp_show_running(c, &d);
	bool vpn = cli_has(a, "vpnv4");

	if (!bgp)
		return -1;
	show_render(c, "bgp-summary", summary_json(d, bgp, vpn ? BGP_FF_VPNV4 : BGP_FF_IPV4_UNICAST), summary_text);
	return 0;
}

static struct cli_cmd bgp_show_cmds[] = {
    {.cc_syntax = "show bgp summary",
     .cc_help = "Show running system information\nBGP information\nSummary of BGP neighbor status",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_summary},
    {.cc_syntax = "show ip bgp summary",
     .cc_help = "Show running system information\nIP information\nBGP information\nSummary of BGP neighbor status",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_summary},
    {.cc_syntax = "show ip bgp vpnv4 all summary",
     .cc_help = "Show running system information\nIP information\nBGP information\nDisplay VPNv4 NLRI specific "
		"information\nDisplay information about all VPNv4 NLRIs\nSummary of BGP neighbor status",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_summary},
    {.cc_syntax = "show ip bgp neighbors [A.B.C.D]",
     .cc_help = "Show running system information\nIP information\nBGP information\nDetailed information on TCP "
		"and BGP neighbor connections\nNeighbor to display information about",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = bgp_show_neighbors},
};

void bgp_show_init(struct cli_tree *t)
{
	cli_cmds_add(t, bgp_show_cmds, sizeof(bgp_show_cmds) / sizeof(bgp_show_cmds[0]));
	bgp_show_vpn_init(t);
	bgp_clear_init(t);
}
