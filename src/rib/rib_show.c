/* show ip route [vrf WORD] [A.B.C.D]: the RIB's best paths as structured data. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>

#include "bgp/bgp.h"
#include "config/modes.h"
#include "rib/fib.h"
#include "rib/rib_resolve.h"
#include "rib/rib_show.h"
#include "rib/rib_show_text.h"
#include "show/render.h"

/* "bgp 10" as IOS names the process, "static", "connected". */
static void protocol_name(const struct config *cfg, const struct rib_path *p, char *buf, size_t len)
{
	const struct bgp_cfg *bgp = bgp_cfg_get(cfg);

	if ((p->rp_source == RIB_SRC_EBGP || p->rp_source == RIB_SRC_IBGP) && bgp)
		snprintf(buf, len, "bgp %u", bgp->bgp_asn);
	else
		snprintf(buf, len, "%s", rib_source_name(p->rp_source));
}

static struct json_object *nexthop_json(const struct rib_nexthop *nh)
{
	struct json_object *o = json_object_new_object();

	if (nh->rn_gw.s_addr)
		js_ip(o, "gateway", nh->rn_gw);
	if (nh->rn_ifname)
		js_str(o, "interface", nh->rn_ifname);
	js_bool(o, "directly_connected", nh->rn_gw.s_addr == 0);
	if (nh->rn_global)
		js_str(o, "gateway_vrf", "default");
	if (nh->rn_nlabels)
		json_object_object_add(o, "labels", show_labels(nh->rn_labels, nh->rn_nlabels));
	return o;
}

static struct json_object *route_json(const struct config *cfg, const struct rib_entry *e, const struct rib_path *p)
{
	struct json_object *o = json_object_new_object(), *nhs = json_object_new_array();
	struct in_addr a = {.s_addr = htonl(e->re_node.ln_addr)};
	char proto[32];

	protocol_name(cfg, p, proto, sizeof(proto));
	js_ip(o, "prefix", a);
	js_int(o, "prefix_length", e->re_node.ln_plen);
	js_str(o, "code", rib_source_code(p->rp_source));
	js_bool(o, "candidate_default", e->re_node.ln_plen == 0);
	js_str(o, "protocol", proto);
	js_int(o, "distance", p->rp_distance);
	js_int(o, "metric", p->rp_metric);
	if (p->rp_tag)
		js_int(o, "tag", p->rp_tag);
	if (p->rp_from.s_addr)
		js_ip(o, "from", p->rp_from);
	if (rib_source_dynamic(p->rp_source))
		js_int(o, "age_seconds", rib_now() - p->rp_since);
	for (unsigned i = 0; i < p->rp_nnh; i++)
		json_object_array_add(nhs, nexthop_json(&p->rp_nh[i]));
	json_object_object_add(o, "nexthops", nhs);
	return o;
}

static int entry_cmp(const void *pa, const void *pb)
{
	const struct rib_entry *a = *(const struct rib_entry *const *)pa, *b = *(const struct rib_entry *const *)pb;

	if (a->re_node.ln_addr != b->re_node.ln_addr)
		return a->re_node.ln_addr < b->re_node.ln_addr ? -1 : 1;
	return (int)a->re_node.ln_plen - (int)b->re_node.ln_plen;
}

/* The table's entries by address, then length; NULL if out of memory. */
static const struct rib_entry **sorted_entries(const struct rib_table *t, size_t *n)
{
	const struct rib_entry **v = malloc((t->rtb_lpm.lp_count + 1) * sizeof(*v));
	struct lpm_iter it = {0};
	struct lpm_node *node;

	*n = 0;
	if (!v)
		return NULL;
	while ((node = lpm_next(&t->rtb_lpm, &it)))
		v[(*n)++] = (const struct rib_entry *)node;
	qsort(v, *n, sizeof(*v), entry_cmp);
	return v;
}

static struct json_object *table_json(const struct config *cfg, const struct rib *rib, const struct rib_table *t)
{
	struct json_object *doc = json_object_new_object(), *routes = json_object_new_array();
	struct rib_resolver rv;
	struct rib_res res;
	size_t n;
	const struct rib_entry **v = sorted_entries(t, &n);

	if (t->rtb_vrf)
		js_str(doc, "vrf", t->rtb_vrf);
	rib_resolver_init(&rv, rib);
	for (size_t i = 0; v && i < n; i++) {
		rib_resolve(&rv, t, v[i], &res);
		if (res.rr_kind == RIB_RES_NONE)
			continue; /* not installed: IOS does not show it */
		json_object_array_add(routes, route_json(cfg, v[i], res.rr_path));
		if (v[i]->re_node.ln_plen == 0)
			js_ip(doc, "gateway_of_last_resort", res.rr_path->rp_nh[0].rn_gw);
	}
	rib_resolver_fini(&rv);
	free(v);
	json_object_object_add(doc, "routes", routes);
	return doc;
}

static struct json_object *entry_json(const struct config *cfg, const struct rib *rib, const struct rib_table *t,
				      struct in_addr addr)
{
	struct json_object *doc = json_object_new_object(), *o;
	struct rib_res res;
	const struct rib_entry *e = show_installed(rib, t, ntohl(addr.s_addr), &res);

	if (t->rtb_vrf)
		js_str(doc, "vrf", t->rtb_vrf);
	if (!e || (e->re_node.ln_plen == 0 && addr.s_addr)) /* IOS names the default route only when asked for it */
		return doc;
	o = route_json(cfg, e, res.rr_path);
	js_bool(o, "supernet", e->re_node.ln_plen < show_classful_len(e->re_node.ln_addr));
	json_object_object_add(doc, "entry", o);
	return doc;
}

static int run_show_ip_route(struct cli_ctx *c, const struct cli_args *a)
{
	struct show_target st;

	if (show_target(c, a, &st) < 0)
		return CLI_ERR_FAILED;
	if (st.st_has_addr)
		show_render(c, "ip-route-entry", entry_json(cfg_of(c), st.st_rib, st.st_table, st.st_addr),
			    rib_route_entry_text);
	else
		show_render(c, "ip-route", table_json(cfg_of(c), st.st_rib, st.st_table), rib_route_table_text);
	return 0;
}

static struct cli_cmd rib_show_cmds[] = {
    {.cc_syntax = "show ip route [vrf WORD$vrfname] [A.B.C.D$addr]",
     .cc_help = "Show running system information\nIP information\nIP routing table\nDisplay routes from a VPN "
		"Routing/Forwarding instance\nVPN Routing/Forwarding instance name\nNetwork to display information "
		"about or host name",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_ip_route},
    {.cc_syntax = "show ip cef [vrf WORD$vrfname] A.B.C.D$addr [detail]",
     .cc_help = "Show running system information\nIP information\nCisco Express Forwarding\nShow Cisco Express "
		"Forwarding VPN Routing/Forwarding instance\nVPN Routing/Forwarding instance name\nIP prefix to look "
		"up\nDisplay detailed information",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = cef_show_run},
};

void rib_show_init(struct cli_tree *t)
{
	cli_cmds_add(t, rib_show_cmds, sizeof(rib_show_cmds) / sizeof(rib_show_cmds[0]));
}
