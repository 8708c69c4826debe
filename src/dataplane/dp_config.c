/*
 * Configuration -> dataplane: the VRF devices, the interfaces' links and
 * their addresses. After each configuration change the desired set is built
 * from the model and compared with what was applied last; only the
 * difference goes to the backend: deletes first (addresses, links, VRFs),
 * then additions (VRFs, links, addresses). A batch the backend refuses is
 * applied again one operation at a time, as the FIB does (fib_apply.c): one
 * refused operation must not hold back the others, sync after sync; what
 * was refused is left for the next sync to try again.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/daemon.h"
#include "core/log.h"
#include "core/omap.h"
#include "dataplane/dp_config.h"
#include "dataplane/dp_names.h"
#include "interface/iface.h"
#include "interface/vaccess.h"
#include "ipsec/ipsec.h"
#include "mpls/mpls.h"
#include "tunnel/tunnel.h"
#include "vrf/vrf.h"
#include "vrf/vrf_table.h"

/* Groups in dependency order. */
enum dpc_group { GRP_VRF, GRP_LINK, GRP_ADDR, GRP_COUNT };

struct dpc_entry {
	char de_key[96]; /* names the object: "vrf fy-v-cust1", "link fy-lo0", "addr DEV ADDR/LEN" */
	enum dpc_group de_group;
	struct dp_op de_op;	  /* the addition */
	uint64_t de_recreated_ms; /* links: clock_ms() when made again after an outside delete (not compared) */
};

struct dp_config {
	struct omap *dc_applied; /* key -> struct dpc_entry */
};

static void entry_free(void *e)
{
	free(e);
}

static struct dp_op *want(struct omap *set, enum dpc_group group, enum dp_op_type type, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Adds an entry to the desired set under a key naming the object. */
static struct dp_op *want(struct omap *set, enum dpc_group group, enum dp_op_type type, const char *fmt, ...)
{
	struct dpc_entry *e = calloc(1, sizeof(*e)); /* zeroed: entries compare with memcmp */
	va_list ap;

	if (!e)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(e->de_key, sizeof(e->de_key), fmt, ap);
	va_end(ap);
	if (omap_put(set, e->de_key, e) < 0) {
		free(e);
		return NULL;
	}
	e->de_group = group;
	e->de_op.op_type = type;
	return &e->de_op;
}

static void want_vrfs(const struct config *cfg, struct omap *set)
{
	for (struct omap_iter it = omap_begin(vrf_all(cfg)); omap_next(&it);) {
		const struct vrf *vrf = it.oi_val;
		struct dp_vrf v = {.dv_table = vrf_table_id(cfg, vrf->vrf_name)};
		struct dp_op *op;

		if (dp_name_vrf(vrf->vrf_name, v.dv_name, sizeof(v.dv_name)) < 0)
			continue;
		snprintf(v.dv_descr, sizeof(v.dv_descr), "%s", vrf->vrf_name);
		if ((op = want(set, GRP_VRF, DP_VRF_ADD, "vrf %s", v.dv_name)))
			op->op_vrf = v;
	}
}

static bool type_is(const char *name, const char *type)
{
	return strncasecmp(name, type, strlen(type)) == 0 && strcspn(name, "0123456789") == strlen(type);
}

/* The address a tunnel sources from: its own, or its source interface's. */
static bool tunnel_source(const struct config *cfg, const struct tunnel_if *tu, struct in_addr *out)
{
	const struct iface *src;

	if (tu->tu_src == TUN_SRC_ADDR) {
		*out = tu->tu_src_addr;
		return true;
	}
	src = tu->tu_src == TUN_SRC_IFACE ? if_lookup(cfg, tu->tu_src_if) : NULL;
	if (!src || !if_has_own_address(src))
		return false;
	*out = src->if_addr;
	return true;
}

/*
 * A GRE link from tunnel settings; false while the tunnel cannot come up (IOS: protocol down).
 * A Virtual-Access cloned from a template without "tunnel source" sources from the address its
 * IKE session runs on: local 0.0.0.0 lets the kernel pick that one, by the route to the peer.
 */
static bool tunnel_link(const struct config *cfg, const struct iface *ifp, struct dp_link *l)
{
	const struct tunnel_if *tu = tunnel_of(ifp);
	bool any_source = tu && tu->tu_src == TUN_SRC_NONE && vaccess_is(ifp);

	if (!tu || !(any_source || tunnel_source(cfg, tu, &l->dl_local)))
		return false;
	l->dl_kind = tu->tu_mode == TUN_MODE_GRE_MULTIPOINT ? DP_LINK_MGRE : DP_LINK_GRE;
	if (l->dl_kind == DP_LINK_GRE && tu->tu_dst != TUN_DST_ADDR)
		return false;
	l->dl_remote = tu->tu_dst_addr;
	l->dl_has_key = tu->tu_key_set;
	l->dl_key = tu->tu_key;
	l->dl_ttl = tu->tu_ttl ? tu->tu_ttl : 255;
	/* A Virtual-Access carries its template's protection line: the clone is protected too. */
	l->dl_protected = ipsec_if_protection(ifp) != NULL;
	return true;
}

/* What kind of link an interface is; false for interfaces without one (templates, Null0, unmapped ports). */
static bool link_kind(const struct config *cfg, const struct iface *ifp, struct dp_link *l)
{
	char parent[IF_NAMELEN];

	if (if_map_linux(ifp->if_name)) {
		l->dl_kind = DP_LINK_EXISTING;
		return true;
	}
	if (type_is(ifp->if_name, "Loopback")) {
		l->dl_kind = DP_LINK_LOOPBACK;
		return true;
	}
	if (type_is(ifp->if_name, "Tunnel") || vaccess_is(ifp))
		return tunnel_link(cfg, ifp, l);
	if (!if_is_subif(ifp->if_name) || !ifp->if_dot1q)
		return false;
	snprintf(parent, sizeof(parent), "%.*s", (int)strcspn(ifp->if_name, "."), ifp->if_name);
	if (!if_map_linux(parent))
		return false; /* a trunk is a physical port: without -m there is no device to hang VLANs on */
	l->dl_kind = DP_LINK_VLAN;
	l->dl_vlan = ifp->if_dot1q;
	return dp_name_device(parent, l->dl_parent, sizeof(l->dl_parent)) == 0;
}

static void want_address(const struct config *cfg, const struct iface *ifp, const char *dev, struct omap *set)
{
	struct in_addr addr;
	struct dp_op *op;
	uint8_t plen; /* unnumbered: the borrowed address as a host */

	if (!if_address_of(cfg, ifp, &addr, &plen))
		return;
	if (!(op = want(set, GRP_ADDR, DP_ADDR_ADD, "addr %s %08x/%u", dev, addr.s_addr, plen)))
		return;
	snprintf(op->op_addr.da_dev, sizeof(op->op_addr.da_dev), "%s", dev);
	op->op_addr.da_addr = addr;
	op->op_addr.da_plen = plen;
}

static void want_interface(const struct config *cfg, const struct iface *ifp, struct omap *set)
{
	struct dp_link l = {0};
	const char *vrf = vrf_of_iface(ifp);
	struct dp_op *op;

	if (!link_kind(cfg, ifp, &l) || dp_name_device(ifp->if_name, l.dl_name, sizeof(l.dl_name)) < 0)
		return;
	if (vrf && dp_name_vrf(vrf, l.dl_vrf, sizeof(l.dl_vrf)) < 0)
		return;
	snprintf(l.dl_descr, sizeof(l.dl_descr), "%.*s", (int)sizeof(l.dl_descr) - 1, ifp->if_name);
	l.dl_mpls = mpls_bgp_forwarding(ifp) || mpls_nhrp(ifp);
	l.dl_up = !ifp->if_shutdown;
	if (!(op = want(set, GRP_LINK, DP_LINK_ADD, "link %s", l.dl_name)))
		return;
	op->op_link = l;
	want_address(cfg, ifp, l.dl_name, set);
}

static struct omap *desired(const struct config *cfg)
{
	struct omap *set = omap_new(false);

	if (!set)
		return NULL;
	want_vrfs(cfg, set);
	for (struct omap_iter it = omap_begin(if_all(cfg)); omap_next(&it);)
		want_interface(cfg, it.oi_val, set);
	return set;
}

static const enum dp_op_type del_type[GRP_COUNT] = {DP_VRF_DEL, DP_LINK_DEL, DP_ADDR_DEL};

/* The same object as applied: key, group and operation. */
static bool same(const struct dpc_entry *a, const struct dpc_entry *b)
{
	return a && b && memcmp(a, b, offsetof(struct dpc_entry, de_recreated_ms)) == 0;
}

/* Where one planned operation came from (the applied entry for a delete, the desired one for an add). */
struct plan_step {
	struct dpc_entry *ps_entry;
	bool ps_delete;
	bool ps_refused; /* by the backend, applied alone after its batch was refused */
};

struct plan {
	struct dp_op *pl_ops;	    /* one batch */
	struct plan_step *pl_steps; /* pl_steps[i]: where pl_ops[i] came from */
	size_t pl_n;
	struct omap *pl_recreated; /* links deleted to be added again: their addresses go again too */
};

static void plan_op(struct plan *p, struct dpc_entry *from, enum dp_op_type type)
{
	p->pl_ops[p->pl_n] = from->de_op;
	p->pl_ops[p->pl_n].op_type = type;
	p->pl_steps[p->pl_n++] = (struct plan_step){.ps_entry = from, .ps_delete = type == del_type[from->de_group]};
}

/* Deletes of one group: applied objects no longer wanted as they are. */
static void plan_deletes(struct plan *p, struct omap *applied, struct omap *want_set, enum dpc_group g)
{
	for (struct omap_iter it = omap_begin(applied); omap_next(&it);) {
		struct dpc_entry *e = it.oi_val;
		if (e->de_group != g || same(e, omap_get(want_set, e->de_key)))
			continue;
		plan_op(p, e, del_type[g]);
		if (g == GRP_LINK && omap_get(want_set, e->de_key))
			omap_put(p->pl_recreated, e->de_op.op_link.dl_name, e);
	}
}

/* Additions of one group: wanted objects not applied as they are (or whose link is re-created). */
static void plan_adds(struct plan *p, struct omap *applied, struct omap *want_set, enum dpc_group g)
{
	for (struct omap_iter it = omap_begin(want_set); omap_next(&it);) {
		struct dpc_entry *e = it.oi_val;
		bool relink = g == GRP_ADDR && omap_get(p->pl_recreated, e->de_op.op_addr.da_dev);
		if (e->de_group != g || (same(e, omap_get(applied, e->de_key)) && !relink))
			continue;
		plan_op(p, e, e->de_op.op_type);
	}
}

static struct dp_config *state_of(struct ferryd *d)
{
	if (!d->fd_dpcfg && (d->fd_dpcfg = calloc(1, sizeof(*d->fd_dpcfg))) &&
	    !(d->fd_dpcfg->dc_applied = omap_new(false))) {
		free(d->fd_dpcfg);
		d->fd_dpcfg = NULL;
	}
	return d->fd_dpcfg;
}

/* Whether an entry stands on device DEV: the device itself, its addresses, links enslaved to it. */
static bool on_device(const struct dpc_entry *e, const char *dev)
{
	switch (e->de_group) {
	case GRP_VRF:
		return strcmp(e->de_op.op_vrf.dv_name, dev) == 0;
	case GRP_LINK:
		return strcmp(e->de_op.op_link.dl_name, dev) == 0 || strcmp(e->de_op.op_link.dl_vrf, dev) == 0;
	default:
		return strcmp(e->de_op.op_addr.da_dev, dev) == 0;
	}
}

/* The device an entry's add makes; NULL for an address. */
static const char *device_made(const struct dpc_entry *e)
{
	if (e->de_group == GRP_VRF)
		return e->de_op.op_vrf.dv_name;
	return e->de_group == GRP_LINK ? e->de_op.op_link.dl_name : NULL;
}

/* Whether step i stands on a device whose add was refused before it: sent, it would land on another
 * program's device of that name (an address on its dummy, a link in its VRF). */
static bool on_refused_device(const struct plan *p, size_t i)
{
	for (size_t j = 0; j < i; j++) {
		const struct plan_step *s = &p->pl_steps[j];
		const char *dev = s->ps_refused && !s->ps_delete ? device_made(s->ps_entry) : NULL;
		if (dev && on_device(p->pl_steps[i].ps_entry, dev))
			return true;
	}
	return false;
}

/* After a refused batch: each operation alone, in plan order, to keep what went through; what stands on a
 * device refused is held back as refused (dataplane_apply logged the device's refusal). */
static void apply_singly(struct dataplane *dpl, struct plan *p)
{
	char err[512];

	for (size_t i = 0; i < p->pl_n; i++)
		p->pl_steps[i].ps_refused =
		    on_refused_device(p, i) || dataplane_apply(dpl, &p->pl_ops[i], 1, err, sizeof(err)) < 0;
}

/* A refused delete's object is still there as it was applied: its entry stays for the next sync to delete
 * again. It wins over its key's new entry (a re-created link): the add may have found the old device there. */
static void keep_applied(struct dp_config *dc, struct omap *want_set, struct dpc_entry *old)
{
	struct dpc_entry *neu = omap_get(want_set, old->de_key);

	if (omap_put(want_set, old->de_key, old) < 0) {
		log_msg(SEV_ERR, "DATAPLANE", "NOMEM", "out of memory keeping %s to delete it again", old->de_key);
		return;
	}
	omap_del(dc->dc_applied, old->de_key);
	entry_free(neu);
}

/* Takes the refused operations out of the desired set: a refused add's object is not there, the next
 * sync adds it again. Adds first: each entry is then freed before a delete's may take its key. */
static void unapply_refused(struct dp_config *dc, struct omap *want_set, const struct plan *p)
{
	for (size_t i = 0; i < p->pl_n; i++)
		if (p->pl_steps[i].ps_refused && !p->pl_steps[i].ps_delete)
			entry_free(omap_del(want_set, p->pl_steps[i].ps_entry->de_key));
	for (size_t i = 0; i < p->pl_n; i++)
		if (p->pl_steps[i].ps_refused && p->pl_steps[i].ps_delete)
			keep_applied(dc, want_set, p->pl_steps[i].ps_entry);
}

/* Applies the plan; the desired set becomes the applied one, but for what the backend refused. */
static void apply(struct ferryd *d, struct dp_config *dc, struct omap *want_set, struct plan *p)
{
	char err[512];

	if (p->pl_n && dataplane_apply(&d->fd_dp, p->pl_ops, p->pl_n, err, sizeof(err)) < 0)
		apply_singly(&d->fd_dp, p);
	for (struct omap_iter it = omap_begin(want_set); omap_next(&it);) {
		struct dpc_entry *e = it.oi_val;
		const struct dpc_entry *was = omap_get(dc->dc_applied, e->de_key);

		e->de_recreated_ms = was ? was->de_recreated_ms : 0;
	}
	unapply_refused(dc, want_set, p);
	omap_free(dc->dc_applied, entry_free);
	dc->dc_applied = want_set;
}

/* Room for each applied object's delete and each desired one's add; false if out of memory. */
static bool plan_alloc(struct plan *p, size_t most)
{
	p->pl_ops = calloc(most, sizeof(*p->pl_ops));
	p->pl_steps = calloc(most, sizeof(*p->pl_steps));
	p->pl_recreated = omap_new(false);
	return p->pl_ops && p->pl_steps && p->pl_recreated;
}

static void plan_free(struct plan *p)
{
	omap_free(p->pl_recreated, NULL);
	free(p->pl_steps);
	free(p->pl_ops);
}

void dp_config_sync(struct ferryd *d)
{
	struct dp_config *dc = state_of(d);
	struct omap *want_set = dc ? desired(d->fd_running) : NULL;
	struct plan p = {0};

	if (!want_set)
		return;
	if (!plan_alloc(&p, omap_count(dc->dc_applied) + omap_count(want_set) + 1)) {
		log_msg(SEV_ERR, "DATAPLANE", "NOMEM", "out of memory planning the configuration sync");
		omap_free(want_set, entry_free);
	} else {
		for (int g = GRP_COUNT - 1; g >= 0; g--)
			plan_deletes(&p, dc->dc_applied, want_set, (enum dpc_group)g);
		for (int g = 0; g < GRP_COUNT; g++)
			plan_adds(&p, dc->dc_applied, want_set, (enum dpc_group)g);
		apply(d, dc, want_set, &p);
	}
	plan_free(&p);
}

/* The applied entry of key "GROUP DEV" ("link fy-lo0"). */
static const struct dpc_entry *applied_entry(const struct ferryd *d, const char *group, const char *dev)
{
	char key[sizeof(((struct dpc_entry *)0)->de_key)];

	snprintf(key, sizeof(key), "%s %s", group, dev);
	return d->fd_dpcfg ? omap_get(d->fd_dpcfg->dc_applied, key) : NULL;
}

int dp_config_device(const struct ferryd *d, const char *dev, struct dp_config_dev *out)
{
	const struct dpc_entry *e;

	memset(out, 0, sizeof(*out));
	if ((e = applied_entry(d, "link", dev))) {
		snprintf(out->dcd_ios, sizeof(out->dcd_ios), "%s", e->de_op.op_link.dl_descr);
		out->dcd_up = e->de_op.op_link.dl_up;
		out->dcd_recreated_ms = e->de_recreated_ms;
		return 0;
	}
	if (!(e = applied_entry(d, "vrf", dev)))
		return -1;
	snprintf(out->dcd_ios, sizeof(out->dcd_ios), "%s", e->de_op.op_vrf.dv_descr);
	out->dcd_vrf = true;
	out->dcd_up = true; /* VRF devices always go up */
	return 0;
}

bool dp_config_has_addr(const struct ferryd *d, const struct dp_addr *a)
{
	char what[DP_DEVLEN + 16];

	/* the key want_address() gives it: "addr DEV %08x/LEN" */
	snprintf(what, sizeof(what), "%s %08x/%u", a->da_dev, a->da_addr.s_addr, a->da_plen);
	return applied_entry(d, "addr", what) != NULL;
}

void dp_config_invalidate(struct ferryd *d, const char *dev)
{
	if (!d->fd_dpcfg)
		return;
	for (struct omap_iter it = omap_begin(d->fd_dpcfg->dc_applied); omap_next(&it);) {
		struct dpc_entry *e = it.oi_val;
		if (on_device(e, dev))
			entry_free(omap_del(d->fd_dpcfg->dc_applied, e->de_key));
	}
}

void dp_config_forget(struct ferryd *d)
{
	if (!d->fd_dpcfg)
		return;
	omap_free(d->fd_dpcfg->dc_applied, entry_free);
	free(d->fd_dpcfg);
	d->fd_dpcfg = NULL;
}

void dp_config_recreated(struct ferryd *d, const char *dev)
{
	char key[sizeof(((struct dpc_entry *)0)->de_key)];
	struct dpc_entry *e;

	snprintf(key, sizeof(key), "link %s", dev);
	if (d->fd_dpcfg && (e = omap_get(d->fd_dpcfg->dc_applied, key)))
		e->de_recreated_ms = clock_ms();
}
