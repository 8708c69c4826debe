/* The FIB reconciler: configuration and protocols' routes and labels -> dataplane operations. */
#include <string.h>

#include "core/daemon.h"
#include "core/log.h"
#include "mpls/mpls.h"
#include "rib/fib_int.h"
#include "vrf/vrf.h"
#include "vrf/vrf_table.h"

/* The label range of the configuration, or the platform's. */
static void apply_label_range(struct mfi *m, const struct config *cfg)
{
	uint32_t min, max;

	if (!mpls_label_range(cfg, &min, &max)) {
		min = MFI_LABEL_DYNAMIC_MIN;
		max = MFI_LABEL_MAX;
	}
	if (mfi_set_range(m, min, max) < 0)
		log_msg(SEV_ERR, "MPLS", "LABEL_RANGE", "label range %u-%u refused", min, max);
}

/* The configured VRFs and their tables: when they change, routes and labels move or go. */
static uint64_t tables_sig(const struct config *cfg)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a, 64 bits */

	for (struct omap_iter it = omap_begin(vrf_all(cfg)); omap_next(&it);) {
		const struct vrf *v = it.oi_val;
		for (const char *p = v->vrf_name; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211u;
		h = (h ^ vrf_table_id(cfg, v->vrf_name)) * 1099511628211u;
	}
	return h;
}

static bool unchanged(const struct fib *fb, uint64_t sig)
{
	return fb->fb_clean && fb->fb_rib_version == fb->fb_rib->rib_version &&
	       fb->fb_mfi_version == fb->fb_mfi->mf_version && fb->fb_tables_sig == sig;
}

/*
 * Every route and label is looked at after a failed sync, when tables moved,
 * or when a change may have moved a recursive next hop; otherwise only the
 * changed prefixes and labels.
 */
static bool needs_full(const struct fib *fb, uint64_t sig)
{
	return !fb->fb_clean || fb->fb_tables_sig != sig || fb->fb_rib->rib_moved || fb->fb_mfi->mf_overflow;
}

static void plan_and_apply(struct fib *fb, struct ferryd *d, uint64_t sig)
{
	struct fib_pass fp = {.fp_fib = fb, .fp_cfg = d->fd_running, .fp_full = needs_full(fb, sig)};

	fb->fb_gen++;
	rib_resolver_init(&fp.fp_rv, fb->fb_rib);
	fib_plan_routes(&fp);
	fib_plan_labels(&fp);
	rib_resolver_fini(&fp.fp_rv);
	rib_dirty_clear(fb->fb_rib);
	mfi_dirty_clear(fb->fb_mfi);
	fb->fb_clean = fib_plan_apply(fb, &d->fd_dp, &fp.fp_plan);
	fb->fb_rib_version = fb->fb_rib->rib_version;
	fb->fb_mfi_version = fb->fb_mfi->mf_version;
	fb->fb_tables_sig = sig;
}

void fib_sync(struct ferryd *d)
{
	struct fib *fb = fib_of(d);
	uint64_t sig;

	if (!fb) {
		log_msg(SEV_ERR, "FIB", "NOMEM", "no memory for the routing state");
		return;
	}
	apply_label_range(fb->fb_mfi, d->fd_running);
	if (rib_derive(fb->fb_rib, d->fd_running) < 0)
		log_msg(SEV_ERR, "FIB", "NOMEM", "configured routes not all installed: out of memory");
	sig = tables_sig(d->fd_running);
	if (d->fd_dp.dpl_backend && !unchanged(fb, sig))
		plan_and_apply(fb, d, sig);
}

void fib_resync(struct ferryd *d)
{
	struct fib *fb = fib_of(d);

	if (fb)
		fb->fb_clean = false;
	fib_sync(d);
}
