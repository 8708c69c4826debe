/* The routing state of a daemon, created on first use and kept in struct ferryd. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/daemon.h"
#include "dataplane/dp_names.h"
#include "interface/iface.h"
#include "rib/fib_int.h"
#include "vrf/vrf.h"
#include "vrf/vrf_table.h"

struct fib *fib_of(struct ferryd *d)
{
	struct fib *fb;

	if (d->fd_fib)
		return d->fd_fib;
	if (!(fb = calloc(1, sizeof(*fb))))
		return NULL;
	if (!(fb->fb_rib = rib_new()) || !(fb->fb_mfi = mfi_new())) {
		rib_free(fb->fb_rib);
		free(fb);
		return NULL;
	}
	d->fd_fib = fb;
	return fb;
}

struct rib *rib_of(struct ferryd *d)
{
	struct fib *fb = fib_of(d);
	return fb ? fb->fb_rib : NULL;
}

struct mfi *mfi_of(struct ferryd *d)
{
	struct fib *fb = fib_of(d);
	return fb ? fb->fb_mfi : NULL;
}

static void applied_free(struct fib *fb)
{
	const struct keymap_slot *t, *s;

	for (size_t i = 0; (t = keymap_next(&fb->fb_tables, &i));) {
		struct keymap *routes = t->ks_val;
		for (size_t j = 0; (s = keymap_next(routes, &j));)
			free(s->ks_val);
		keymap_clear(routes);
		free(routes);
	}
	keymap_clear(&fb->fb_tables);
	for (size_t i = 0; (s = keymap_next(&fb->fb_labels, &i));)
		free(s->ks_val);
	keymap_clear(&fb->fb_labels);
}

/* What a device took with it in the kernel: see fib_forget_device. */
struct fib_lost {
	const char *fl_dev;
	uint32_t fl_vrf_table; /* the table of the VRF whose device fl_dev is; 0: none */
};

static bool hop_on(const struct dp_nexthop *nh, const char *dev)
{
	return strcmp(nh->dn_dev, dev) == 0;
}

static bool route_lost(const struct fib_lost *lost, uint32_t table, const void *val)
{
	const struct fib_route *r = val;

	if (lost->fl_vrf_table && table == lost->fl_vrf_table)
		return true;
	for (unsigned i = 0; i < r->fr_nnh; i++)
		if (hop_on(&r->fr_nh[i], lost->fl_dev))
			return true;
	return false;
}

static bool label_lost(const struct fib_lost *lost, uint32_t table, const void *val)
{
	const struct dp_label *l = &((const struct fib_label *)val)->fl_label;

	(void)table;
	return hop_on(&l->dlb_nh, lost->fl_dev) || strcmp(l->dlb_vrf, lost->fl_dev) == 0;
}

typedef bool lost_fn(const struct fib_lost *lost, uint32_t table, const void *val);

/* Removes (and frees) the entries of m that is_lost picks; false if out of memory (nothing removed). */
static bool drop_lost(struct keymap *m, uint32_t table, lost_fn *is_lost, const struct fib_lost *lost)
{
	uint64_t *keys = malloc((m->km_count + 1) * sizeof(*keys));
	const struct keymap_slot *s;
	size_t n = 0;

	if (!keys)
		return false;
	for (size_t i = 0; (s = keymap_next(m, &i));) /* the map must not change while it is walked */
		if (is_lost(lost, table, s->ks_val))
			keys[n++] = s->ks_key;
	while (n--)
		free(keymap_del(m, keys[n]));
	free(keys);
	return true;
}

static uint32_t vrf_device_table(const struct config *cfg, const char *dev)
{
	char name[DP_DEVLEN];

	for (struct omap_iter it = omap_begin(vrf_all(cfg)); omap_next(&it);) {
		const struct vrf *v = it.oi_val;
		if (dp_name_vrf(v->vrf_name, name, sizeof(name)) == 0 && strcmp(name, dev) == 0)
			return vrf_table_id(cfg, v->vrf_name);
	}
	return 0;
}

void fib_forget_device(struct ferryd *d, const char *dev)
{
	struct fib *fb = d->fd_fib;
	struct fib_lost lost = {.fl_dev = dev};
	const struct keymap_slot *t;
	bool ok = true;

	if (!fb)
		return;
	lost.fl_vrf_table = vrf_device_table(d->fd_running, dev);
	for (size_t i = 0; ok && (t = keymap_next(&fb->fb_tables, &i));)
		ok = drop_lost(t->ks_val, (uint32_t)t->ks_key, route_lost, &lost);
	ok = ok && drop_lost(&fb->fb_labels, 0, label_lost, &lost);
	if (!ok)
		applied_free(fb); /* out of memory: forget everything, the next sync replaces it all */
	fb->fb_clean = false;
}

void fib_forget(struct ferryd *d)
{
	struct fib *fb = d->fd_fib;

	if (!fb)
		return;
	applied_free(fb);
	rib_free(fb->fb_rib);
	mfi_free(fb->fb_mfi);
	free(fb);
	d->fd_fib = NULL;
}
