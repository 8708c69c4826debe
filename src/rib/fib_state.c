/* The routing state of a daemon, created on first use and kept in struct ferryd. */
#include <stdio.h>
#include <stdlib.h>

#include "core/daemon.h"
#include "dataplane/dp_names.h"
#include "interface/iface.h"
#include "rib/fib_int.h"

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
