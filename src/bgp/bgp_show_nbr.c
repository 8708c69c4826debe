/* show ip bgp neighbors [A.B.C.D]: a faithful subset of IOS's layout. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "bgp/bgp.h"
#include "bgp/bgp_session.h"
#include "rib/rib_show.h"
#include "show/render.h"

static const char *const msg_keys[] = {
    [BGP_MSG_OPEN] = "opens",
    [BGP_MSG_UPDATE] = "updates",
    [BGP_MSG_NOTIFICATION] = "notifications",
    [BGP_MSG_KEEPALIVE] = "keepalives",
    [BGP_MSG_ROUTE_REFRESH] = "route_refresh",
};

static struct json_object *stats_json(const uint32_t *by_type)
{
	struct json_object *o = json_object_new_object();

	for (int t = BGP_MSG_OPEN; t <= BGP_MSG_ROUTE_REFRESH; t++)
		js_int(o, msg_keys[t], by_type[t]);
	js_int(o, "total", bgp_show_msgs(by_type));
	return o;
}

/* "advertised and received", "advertised", "received" or "" for a capability. */
static const char *cap_text(bool ours, bool theirs)
{
	return ours && theirs ? "advertised and received" : ours ? "advertised" : theirs ? "received" : "";
}

static struct json_object *caps_json(const struct bgp_fsm *f)
{
	struct json_object *o = json_object_new_object();
	bool open = f->fs_state >= BGP_ST_OPENCONFIRM;
	uint8_t theirs = open ? f->fs_peer_families : 0;

	js_str(o, "route_refresh", cap_text(true, open && f->fs_peer_rr));
	js_str(o, "four_octets_asn", cap_text(true, open && f->fs_peer_as4));
	js_str(o, "ipv4_unicast",
	       cap_text(f->fs_conf.fc_families & (1u << BGP_FF_IPV4_UNICAST), theirs & (1u << BGP_FF_IPV4_UNICAST)));
	js_str(o, "vpnv4_unicast",
	       cap_text(f->fs_conf.fc_families & (1u << BGP_FF_VPNV4), theirs & (1u << BGP_FF_VPNV4)));
	return o;
}

static struct json_object *neighbor_json(const struct bgp_peer *p)
{
	const struct bgp_fsm *f = &p->bp_conn->cn_fsm;
	struct json_object *o = json_object_new_object();
	struct in_addr peer_id = {.s_addr = htonl(f->fs_peer_id)};
	char since[32];

	js_ip(o, "neighbor", p->bp_addr);
	js_int(o, "remote_as", p->bp_conf.pc_fsm.fc_remote_as);
	js_bool(o, "external", p->bp_conf.pc_fsm.fc_remote_as != p->bp_conf.pc_fsm.fc_local_as);
	js_ip(o, "remote_router_id", peer_id);
	js_str(o, "state", bgp_state_name(f->fs_state));
	show_age((long long)bgp_fsm_now() - f->fs_since, since, sizeof(since));
	js_str(o, "up_for", since);
	js_int(o, "hold_time", f->fs_state == BGP_ST_ESTABLISHED ? f->fs_hold : p->bp_conf.pc_fsm.fc_hold);
	js_int(o, "keepalive", f->fs_state == BGP_ST_ESTABLISHED ? f->fs_keepalive : p->bp_conf.pc_fsm.fc_keepalive);
	json_object_object_add(o, "capabilities", caps_json(f));
	json_object_object_add(o, "sent", stats_json(f->fs_stats.fst_out));
	json_object_object_add(o, "received", stats_json(f->fs_stats.fst_in));
	js_int(o, "out_q", (int64_t)p->bp_conn->cn_tx.bb_len);
	js_int(o, "prefixes_received", p->bp_pfx_rcvd);
	js_int(o, "dropped", f->fs_flaps);
	js_str(o, "last_reset", f->fs_last_reset);
	return o;
}

static void caps_text(struct cli_ctx *c, struct json_object *caps)
{
	static const char *const rows[][2] = {
	    {"route_refresh", "Route refresh"},
	    {"four_octets_asn", "Four-octets ASN Capability"},
	    {"ipv4_unicast", "Address family IPv4 Unicast"},
	    {"vpnv4_unicast", "Address family VPNv4 Unicast"},
	};

	cli_printf(c, "  Neighbor capabilities:\n");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (*show_str(caps, rows[i][0]))
			cli_printf(c, "    %s: %s\n", rows[i][1], show_str(caps, rows[i][0]));
}

static void stats_text(struct cli_ctx *c, struct json_object *n)
{
	static const char *const rows[][2] = {
	    {"opens", "Opens:"},	   {"notifications", "Notifications:"}, {"updates", "Updates:"},
	    {"keepalives", "Keepalives:"}, {"route_refresh", "Route Refresh:"}, {"total", "Total:"},
	};
	struct json_object *sent = json_object_object_get(n, "sent"), *rcvd = json_object_object_get(n, "received");

	cli_printf(c, "  Message statistics:\n    InQ depth is 0\n    OutQ depth is %lld\n\n", show_int(n, "out_q"));
	cli_printf(c, "                         Sent       Rcvd\n");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		cli_printf(c, "    %-16s %8lld %10lld\n", rows[i][1], show_int(sent, rows[i][0]),
			   show_int(rcvd, rows[i][0]));
}

static void neighbor_text(struct cli_ctx *c, struct json_object *n)
{
	bool up = strcmp(show_str(n, "state"), "Established") == 0;

	cli_printf(c, "BGP neighbor is %s,  remote AS %lld, %s link\n", show_str(n, "neighbor"),
		   show_int(n, "remote_as"),
		   json_object_get_boolean(json_object_object_get(n, "external")) ? "external" : "internal");
	cli_printf(c, "  BGP version 4, remote router ID %s\n", show_str(n, "remote_router_id"));
	cli_printf(c, "  BGP state = %s", show_str(n, "state"));
	if (up)
		cli_printf(c, ", up for %s", show_str(n, "up_for"));
	cli_printf(c, "\n  Hold time is %lld, keepalive interval is %lld seconds\n", show_int(n, "hold_time"),
		   show_int(n, "keepalive"));
	caps_text(c, json_object_object_get(n, "capabilities"));
	stats_text(c, n);
	cli_printf(c, "\n  Prefixes received: %lld\n", show_int(n, "prefixes_received"));
	cli_printf(c, "  Connections established %lld; dropped %lld\n", show_int(n, "dropped") + up,
		   show_int(n, "dropped"));
	cli_printf(c, "  Last reset %s\n\n", show_str(n, "last_reset"));
}

static void neighbors_text(struct cli_ctx *c, struct json_object *doc)
{
	struct json_object *arr = show_arr(doc, "neighbors");

	for (size_t i = 0; arr && i < json_object_array_length(arr); i++)
		neighbor_text(c, json_object_array_get_idx(arr, i));
}

int bgp_show_neighbors(struct cli_ctx *c, const struct cli_args *a)
{
	const char *addr = cli_arg(a, "A.B.C.D");
	struct json_object *doc, *arr;
	struct in_addr only = {0};
	struct ferryd *d;

	if (!bgp_show_running(c, &d))
		return -1;
	if (addr && (inet_pton(AF_INET, addr, &only) != 1 || !bgp_session_peer(only)))
		return cli_fail(c, "No such neighbor");
	doc = json_object_new_object();
	arr = json_object_new_array();
	for (const struct bgp_peer *p = bgp_session_peers(); p; p = p->bp_next)
		if (!addr || p->bp_addr.s_addr == only.s_addr)
			json_object_array_add(arr, neighbor_json(p));
	json_object_object_add(doc, "neighbors", arr);
	show_render(c, "bgp-neighbors", doc, neighbors_text);
	return 0;
}
