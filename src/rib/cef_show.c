/* show ip cef [vrf WORD] A.B.C.D [detail]: how a destination is forwarded, path by path. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mpls/mfi.h"
#include "rib/cef_show_text.h"
#include "rib/fib.h"
#include "rib/rib_show.h"
#include "show/render.h"

static const char *table_name(const struct rib_table *t)
{
	return t->rtb_vrf ? t->rtb_vrf : "Default";
}

/* A next hop out of an interface: to a gateway, to the host itself, or onto the subnet. */
static void attached_json(struct json_object *o, const struct rib_entry *e, const struct rib_nexthop *nh,
			  struct in_addr target)
{
	struct in_addr gw = nh->rn_gw.s_addr ? nh->rn_gw : target;

	if (strcasecmp(nh->rn_ifname, "Null0") == 0)
		js_str(o, "type", "drop");
	else if (e->re_node.ln_plen == 32)
		js_str(o, "type", "attached host");
	else
		js_str(o, "type", gw.s_addr ? "attached nexthop" : "attached");
	js_str(o, "interface", nh->rn_ifname);
	if (gw.s_addr)
		js_ip(o, "gateway", gw);
}

static struct json_object *paths_json(struct rib_resolver *rv, const struct rib_table *t, const struct rib_entry *e,
				      const struct rib_path *p, struct in_addr target, unsigned depth);

/* A next hop that resolves through another route: that route's paths nest under it. */
static void recursive_json(struct json_object *o, struct rib_resolver *rv, const struct rib_table *t,
			   const struct rib_entry *e, const struct rib_nexthop *nh, unsigned depth)
{
	const struct rib_table *vt;
	const struct rib_entry *via = rib_nexthop_entry(rv->rv_rib, t, e, nh, &vt);
	struct rib_res res;
	char pfx[24];

	js_str(o, "type", "recursive");
	js_ip(o, "via", nh->rn_gw);
	js_str(o, "via_table", table_name(vt));
	if (!via || depth >= RIB_MAX_DEPTH)
		return;
	rib_resolve(rv, vt, via, &res);
	if (res.rr_kind == RIB_RES_NONE)
		return;
	show_prefix(via->re_node.ln_addr, via->re_node.ln_plen, pfx, sizeof(pfx));
	js_str(o, "via_prefix", pfx);
	json_object_object_add(o, "paths", paths_json(rv, vt, via, res.rr_path, nh->rn_gw, depth + 1));
}

static struct json_object *paths_json(struct rib_resolver *rv, const struct rib_table *t, const struct rib_entry *e,
				      const struct rib_path *p, struct in_addr target, unsigned depth)
{
	struct json_object *arr = json_object_new_array();

	for (unsigned i = 0; i < p->rp_nnh; i++) {
		const struct rib_nexthop *nh = &p->rp_nh[i];
		struct json_object *o = json_object_new_object();
		if (p->rp_source == RIB_SRC_LOCAL) {
			js_str(o, "type", "receive");
			js_str(o, "interface", nh->rn_ifname);
		} else if (nh->rn_ifname) {
			attached_json(o, e, nh, target);
		} else {
			recursive_json(o, rv, t, e, nh, depth);
		}
		json_object_object_add(o, "labels", show_labels(nh->rn_labels, nh->rn_nlabels));
		json_object_array_add(arr, o);
	}
	return arr;
}

static struct json_object *hops_json(const struct rib_res *res)
{
	struct json_object *arr = json_object_new_array();

	for (unsigned i = 0; i < res->rr_nhops; i++) {
		const struct rib_hop *h = &res->rr_hops[i];
		struct json_object *o = json_object_new_object();
		if (h->rh_gw.s_addr)
			js_ip(o, "gateway", h->rh_gw);
		js_str(o, "interface", h->rh_ifname);
		json_object_object_add(o, "labels", show_labels(h->rh_labels, h->rh_nlabels));
		json_object_array_add(arr, o);
	}
	return arr;
}

static const char *state_name(enum rib_res_kind k)
{
	static const char *const names[] = {"no route", "forward", "drop", "receive"};
	return names[k];
}

/* The destination's entry: prefix, source, local label, paths, and the hops they come to. */
static void entry_json(struct json_object *doc, const struct rib *rib, const struct mfi *mfi, const struct rib_table *t,
		       const struct rib_entry *e, const struct rib_res *res)
{
	struct in_addr prefix = {.s_addr = htonl(e->re_node.ln_addr)}, none = {0};
	const struct mfi_label *l = mfi_prefix_binding(mfi, t->rtb_vrf, prefix, e->re_node.ln_plen);
	struct rib_resolver rv;
	char pfx[24];

	show_prefix(e->re_node.ln_addr, e->re_node.ln_plen, pfx, sizeof(pfx));
	js_str(doc, "prefix", pfx);
	js_str(doc, "state", state_name(res->rr_kind));
	js_str(doc, "source", rib_source_code(res->rr_path->rp_source));
	if (l)
		js_int(doc, "local_label", l->ml_label);
	rib_resolver_init(&rv, rib);
	json_object_object_add(doc, "paths", paths_json(&rv, t, e, res->rr_path, none, 0));
	rib_resolver_fini(&rv);
	json_object_object_add(doc, "hops", hops_json(res));
}

static struct json_object *cef_json(struct ferryd *d, const struct rib_table *t, struct in_addr addr)
{
	struct json_object *doc = json_object_new_object();
	struct rib_res res;
	const struct rib_entry *e = show_installed(rib_of(d), t, ntohl(addr.s_addr), &res);

	if (t->rtb_vrf)
		js_str(doc, "vrf", t->rtb_vrf);
	if (e) {
		entry_json(doc, rib_of(d), mfi_of(d), t, e, &res);
	} else {
		js_str(doc, "prefix", "0.0.0.0/0"); /* CEF's default entry when nothing covers the address */
		js_str(doc, "state", state_name(RIB_RES_NONE));
	}
	return doc;
}

int cef_show_run(struct cli_ctx *c, const struct cli_args *a)
{
	struct show_target st;

	if (show_target(c, a, &st) < 0)
		return CLI_ERR_FAILED;
	show_render(c, "ip-cef", cef_json(st.st_daemon, st.st_table, st.st_addr),
		    cli_has(a, "detail") ? cef_detail_text : cef_text);
	return 0;
}
