/* The VPNv4 table as JSON for the show commands (bgp_show_vpn.h). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp.h"
#include "bgp/bgp_run.h"
#include "bgp/bgp_session.h"
#include "bgp/bgp_session_conf.h"
#include "bgp/bgp_show_vpn.h"
#include "config/modes.h"
#include "core/daemon.h"
#include "rib/rib_show.h"
#include "show/render.h"

/* Which routes of a neighbor: show ip bgp vpnv4 all neighbors A.B.C.D (routes|received-routes|advertised-routes). */
enum vpn_nbr_view {
	VPN_NBR_NONE,
	VPN_NBR_ROUTES,	    /* the table's paths from the neighbor, after the route-map in */
	VPN_NBR_RECEIVED,   /* its Adj-RIB-In: as received (soft-reconfiguration inbound) */
	VPN_NBR_ADVERTISED, /* its Adj-RIB-Out: the best paths it was sent */
};

/* What a command shows: which destinations, and what the JSON needs for its layout. */
struct vpn_query {
	struct ferryd *vq_daemon;
	const struct bgp_table *vq_table; /* the Loc-RIB, or a neighbor's Adj-RIB-In */
	const struct vrf *vq_vrf;	  /* show ip bgp vpnv4 vrf NAME */
	bool vq_has_addr;		  /* show ip bgp vpnv4 all A.B.C.D: per RD, the longest prefix covering it */
	uint32_t vq_addr;
	const struct bgp_peer *vq_peer; /* only this neighbor's routes, as vq_view says */
	enum vpn_nbr_view vq_view;
};

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

static int dest_cmp(const void *pa, const void *pb)
{
	const struct bgp_dest *a = *(const struct bgp_dest *const *)pa, *b = *(const struct bgp_dest *const *)pb;
	int c = CMP(a->de_rd.brd_type, b->de_rd.brd_type);

	if (!c)
		c = CMP(a->de_rd.brd_asnn.ban_admin, b->de_rd.brd_asnn.ban_admin);
	if (!c)
		c = CMP(a->de_rd.brd_asnn.ban_number, b->de_rd.brd_asnn.ban_number);
	if (!c)
		c = CMP(a->de_prefix, b->de_prefix);
	return c ? c : CMP(a->de_plen, b->de_plen);
}

static bool imported_into(const struct bgp_dest *d, const char *vrf)
{
	for (size_t i = 0; i < d->de_nimported; i++)
		if (d->de_imported[i] && strcmp(d->de_imported[i], vrf) == 0)
			return true;
	return false;
}

static bool wanted(const struct vpn_query *q, const struct bgp_dest *d)
{
	struct bgp_rd rd;

	if (d->de_family != BGP_FAMILY_VPNV4 || !d->de_paths)
		return false;
	if (q->vq_view == VPN_NBR_ADVERTISED)
		return keymap_get(&q->vq_peer->bp_out, (uintptr_t)d) && d->de_best;
	if (q->vq_peer && !bgp_dest_path_of(d, q->vq_peer))
		return false;
	if (q->vq_has_addr && (q->vq_addr & lpm_mask(d->de_plen)) != d->de_prefix)
		return false;
	if (!q->vq_vrf)
		return true;
	bgp_rd_of(&q->vq_vrf->vrf_rd, &rd);
	return memcmp(&rd, &d->de_rd, sizeof(rd)) == 0 || imported_into(d, q->vq_vrf->vrf_name);
}

/* The destinations shown, sorted by RD then prefix; malloc'd (NULL when none). */
static struct bgp_dest **vpn_dests(const struct vpn_query *q, size_t *n)
{
	const struct bgp_table *t = q->vq_table;
	struct bgp_dest **v = t->bt_count ? malloc(t->bt_count * sizeof(*v)) : NULL, *d;

	*n = 0;
	for (struct bgp_table_iter it = {0}; v && (d = bgp_table_next(t, &it));)
		if (wanted(q, d))
			v[(*n)++] = d;
	if (*n > 1)
		qsort(v, *n, sizeof(*v), dest_cmp);
	return v;
}

static void js_ip_h(struct json_object *o, const char *key, uint32_t host)
{
	struct in_addr a = {.s_addr = htonl(host)};

	js_ip(o, key, a);
}

static void js_label(struct json_object *o, const char *key, uint32_t label)
{
	char buf[24];

	js_str(o, key, label == MFI_LABEL_NONE ? "nolabel" : show_label(label, buf, sizeof(buf)));
}

/* "100 200 {300,400}" as IOS writes a path; "" when empty. */
static void aspath_text(const struct bgp_aspath *p, char *buf, size_t len)
{
	const uint32_t *asns = p->bap_asns;
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < p->bap_nsegs; asns += p->bap_segs[i].bas_count, i++) {
		bool set = p->bap_segs[i].bas_type == BGP_AS_SET || p->bap_segs[i].bas_type == BGP_AS_CONFED_SET;
		for (size_t j = 0; j < p->bap_segs[i].bas_count && off < len; j++)
			off += (size_t)snprintf(buf + off, len - off, "%s%s%u%s", off ? (set && j ? "," : " ") : "",
						set && !j ? "{" : "", asns[j],
						set && j + 1 == p->bap_segs[i].bas_count ? "}" : "");
	}
}

static void path_attrs_json(struct json_object *o, const struct bgp_path *pa)
{
	static const char *const codes[] = {"i", "e", "?"}, *const names[] = {"IGP", "EGP", "incomplete"};
	const struct bgp_attrs *a = &pa->pa_attr->pat_attrs;
	struct json_object *ext = json_object_new_array();
	char buf[512];

	if (a->ba_has & (1u << BGP_ATTR_MED))
		js_int(o, "metric", a->ba_med);
	if (a->ba_has & (1u << BGP_ATTR_LOCAL_PREF))
		js_int(o, "local_pref", a->ba_local_pref);
	js_int(o, "detail_local_pref", bgp_pattr_local_pref(pa->pa_attr));
	js_int(o, "weight", pa->pa_weight);
	aspath_text(&a->ba_as_path, buf, sizeof(buf));
	js_str(o, "as_path", buf);
	js_str(o, "origin", codes[a->ba_origin % 3]);
	js_str(o, "origin_name", names[a->ba_origin % 3]);
	for (size_t i = 0; i < a->ba_next; i++) {
		bgp_ext_format(&a->ba_ext[i], buf, sizeof(buf));
		json_object_array_add(ext, json_object_new_string(buf));
	}
	json_object_object_add(o, "extended_communities", ext);
}

static struct json_object *path_json(const struct vpn_query *q, const struct bgp_dest *d, const struct bgp_path *pa)
{
	const struct bgp_peer *peer = pa->pa_src;
	struct json_object *o = json_object_new_object();
	const struct bgp_cfg *bgp = bgp_cfg_get(q->vq_daemon->fd_running);

	js_bool(o, "valid", true);
	js_bool(o, "best", pa == d->de_best);
	js_bool(o, "sourced", !peer);
	js_bool(o, "internal", peer && !pa->pa_ebgp);
	js_ip_h(o, "next_hop", pa->pa_next_hop);
	js_ip_h(o, "from", pa->pa_from);
	js_bool(o, "from_dynamic", peer && peer->bp_dynamic);
	js_ip_h(o, "router_id", peer ? pa->pa_from_id : bgp ? bgp_conf_router_id(q->vq_daemon, bgp) : 0);
	path_attrs_json(o, pa);
	js_label(o, "label_in", peer ? (pa == d->de_best ? d->de_label : MFI_LABEL_NONE) : pa->pa_labels[0]);
	js_label(o, "label_out", peer && pa->pa_nlabels ? pa->pa_labels[0] : MFI_LABEL_NONE);
	if (!peer && pa->pa_vrf)
		js_str(o, "local_vrf", pa->pa_vrf); /* the out label is the VRF's: aggregate */
	return o;
}

/* A neighbor's view shows its path (as received or as taken), or what it was sent (the best). */
static bool path_shown(const struct vpn_query *q, const struct bgp_dest *d, const struct bgp_path *pa)
{
	if (q->vq_view == VPN_NBR_ADVERTISED)
		return pa == d->de_best;
	return !q->vq_peer || pa->pa_src == q->vq_peer;
}

static struct json_object *dest_json(const struct vpn_query *q, const struct bgp_dest *d)
{
	struct json_object *o = json_object_new_object(), *paths = json_object_new_array();
	const struct vrf *v = bgp_vrf_of_rd(q->vq_daemon->fd_running, &d->de_rd);
	bool classful = d->de_plen == 0 || d->de_plen == show_classful_len(d->de_prefix);
	struct in_addr net = {.s_addr = htonl(d->de_prefix)};
	char buf[40];
	int i = 0;

	show_prefix(d->de_prefix, d->de_plen, buf, sizeof(buf));
	js_str(o, "prefix", buf);
	js_str(o, "network", classful ? inet_ntop(AF_INET, &net, buf, sizeof(buf)) : buf);
	bgp_rd_format(&d->de_rd, buf, sizeof(buf));
	js_str(o, "rd", buf);
	js_int(o, "version", (int64_t)d->de_version);
	if (v)
		js_str(o, "table", v->vrf_name);
	for (const struct bgp_path *pa = d->de_paths; pa; pa = pa->pa_next) {
		if (!path_shown(q, d, pa))
			continue;
		json_object_array_add(paths, path_json(q, d, pa));
		if (pa == d->de_best)
			js_int(o, "best_index", ++i);
		else
			i++;
	}
	json_object_object_add(o, "paths", paths);
	return o;
}

/* A route distinguisher's group, named after the VRF that has it. */
static struct json_object *rd_group(const struct vpn_query *q, const struct bgp_dest *d, struct json_object **routes)
{
	const struct vrf *v = bgp_vrf_of_rd(q->vq_daemon->fd_running, &d->de_rd);
	struct json_object *g = json_object_new_object();
	char rd[32];

	bgp_rd_format(&d->de_rd, rd, sizeof(rd));
	js_str(g, "rd", rd);
	if (v)
		js_str(g, "vrf", v->vrf_name);
	*routes = json_object_new_array();
	json_object_object_add(g, "routes", *routes);
	return g;
}

static bool same_rd(const struct bgp_dest *a, const struct bgp_dest *b)
{
	return memcmp(&a->de_rd, &b->de_rd, sizeof(a->de_rd)) == 0;
}

static struct json_object *vpn_json(const struct vpn_query *q, const struct bgp_cfg *bgp)
{
	struct json_object *doc = json_object_new_object(), *rds = json_object_new_array(), *routes = NULL;
	size_t n;
	struct bgp_dest **v = vpn_dests(q, &n);

	js_ip_h(doc, "router_id", bgp_conf_router_id(q->vq_daemon, bgp));
	js_int(doc, "local_as", bgp->bgp_asn);
	js_int(doc, "table_version", (int64_t)bgp_session_table_version());
	for (size_t i = 0; i < n; i++) {
		if (q->vq_has_addr && i + 1 < n && same_rd(v[i], v[i + 1]))
			continue; /* sorted: the longest prefix covering the address comes last in its RD */
		if (!routes || !same_rd(v[i], v[i - 1]))
			json_object_array_add(rds, rd_group(q, v[i], &routes));
		json_object_array_add(routes, dest_json(q, v[i]));
	}
	free(v);
	json_object_object_add(doc, "route_distinguishers", rds);
	if (q->vq_peer)
		js_int(doc, "total_prefixes", (int64_t)n);
	return doc;
}

static int run_show_vpn(struct cli_ctx *c, const struct cli_args *a)
{
	const char *addr = cli_arg(a, "addr"), *vrf = cli_arg(a, "vrfname");
	struct vpn_query q = {.vq_table = bgp_run_table()};
	const struct bgp_cfg *bgp = bgp_show_running(c, &q.vq_daemon);
	struct in_addr in;

	if (!bgp)
		return -1;
	if (addr && inet_pton(AF_INET, addr, &in) != 1)
		return cli_fail(c, "Invalid address %s", addr);
	if (vrf && !(q.vq_vrf = vrf_lookup(cfg_of(c), vrf)))
		return cli_fail(c, "No such vrf %s", vrf);
	q.vq_has_addr = addr != NULL;
	q.vq_addr = addr ? ntohl(in.s_addr) : 0;
	if (addr)
		show_render(c, "bgp-vpnv4-entry", vpn_json(&q, bgp), bgp_show_vpn_detail_text);
	else if (cli_has(a, "labels"))
		show_render(c, "bgp-vpnv4-labels", vpn_json(&q, bgp), bgp_show_vpn_labels_text);
	else
		show_render(c, "bgp-vpnv4", vpn_json(&q, bgp), bgp_show_vpn_table_text);
	return 0;
}

static const struct bgp_table no_routes; /* an Adj-RIB-In before the first UPDATE */

/* The neighbor's view of the query; -1 (said) when it has none. */
static int nbr_view(struct cli_ctx *c, const struct cli_args *a, struct vpn_query *q)
{
	const char *addr = cli_arg(a, "nbr");
	struct in_addr in;
	char shown[INET_ADDRSTRLEN];

	if (inet_pton(AF_INET, addr, &in) != 1)
		return cli_fail(c, "Invalid address %s", addr);
	inet_ntop(AF_INET, &in, shown, sizeof(shown));
	if (!(q->vq_peer = bgp_session_peer(in)))
		return cli_fail(c, "No such neighbor or address family");
	q->vq_view = cli_has(a, "advertised-routes") ? VPN_NBR_ADVERTISED
		     : cli_has(a, "received-routes") ? VPN_NBR_RECEIVED
						     : VPN_NBR_ROUTES;
	if (q->vq_view != VPN_NBR_RECEIVED)
		return 0;
	if (!bgp_adj_in_wanted(q->vq_peer, BGP_FAMILY_VPNV4))
		return cli_fail(c, "Inbound soft reconfiguration not enabled on %s", shown);
	q->vq_table = q->vq_peer->bp_in ? q->vq_peer->bp_in : &no_routes;
	return 0;
}

static int run_show_vpn_nbr(struct cli_ctx *c, const struct cli_args *a)
{
	struct vpn_query q = {.vq_table = bgp_run_table()};
	const struct bgp_cfg *bgp = bgp_show_running(c, &q.vq_daemon);

	if (!bgp || nbr_view(c, a, &q) < 0)
		return -1;
	show_render(c, "bgp-vpnv4-neighbor-routes", vpn_json(&q, bgp), bgp_show_vpn_table_text);
	return 0;
}

#define HELP_VPNV4                                                                                                     \
	"Show running system information\nIP information\nBGP information\nDisplay VPNv4 NLRI specific information\n"

static struct cli_cmd bgp_show_vpn_cmds[] = {
    {.cc_syntax = "show ip bgp vpnv4 all [A.B.C.D$addr]",
     .cc_help = HELP_VPNV4 "Display information about all VPNv4 NLRIs\nNetwork in the BGP routing table to display",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_vpn},
    {.cc_syntax = "show ip bgp vpnv4 all labels",
     .cc_help = HELP_VPNV4 "Display information about all VPNv4 NLRIs\nDisplay BGP labels for prefixes",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_vpn},
    {.cc_syntax = "show ip bgp vpnv4 all neighbors A.B.C.D$nbr (routes|received-routes|advertised-routes)",
     .cc_help = HELP_VPNV4 "Display information about all VPNv4 NLRIs\nDetailed information on TCP and BGP neighbor "
			   "connections\nNeighbor to display information about\nDisplay routes learned from neighbor\n"
			   "Display the received routes from neighbor\nDisplay the routes advertised to a BGP neighbor",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_vpn_nbr},
    {.cc_syntax = "show ip bgp vpnv4 vrf WORD$vrfname [labels]",
     .cc_help =
	 HELP_VPNV4 "Display VPNv4 NLRI of one VRF\nVPN Routing/Forwarding instance name\nDisplay BGP labels for "
		    "prefixes",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_vpn},
};

void bgp_show_vpn_init(struct cli_tree *t)
{
	cli_cmds_add(t, bgp_show_vpn_cmds, sizeof(bgp_show_vpn_cmds) / sizeof(bgp_show_vpn_cmds[0]));
}
