/* The lists of reconcilers and shutdown steps, and running them. */
#include <stdlib.h>

#include "core/sync.h"

#define SYNC_MAX 16

struct sync_list {
	sync_fn *sl_fn[SYNC_MAX];
	int sl_n;
};

static struct sync_list reconcilers, shutdowns;

static void list_add(struct sync_list *l, sync_fn *fn)
{
	for (int i = 0; i < l->sl_n; i++)
		if (l->sl_fn[i] == fn)
			return;
	if (l->sl_n == SYNC_MAX)
		abort(); /* raise SYNC_MAX */
	l->sl_fn[l->sl_n++] = fn;
}

static void list_run(const struct sync_list *l, struct ferryd *d)
{
	for (int i = 0; i < l->sl_n; i++)
		l->sl_fn[i](d);
}

void sync_register(sync_fn *fn)
{
	list_add(&reconcilers, fn);
}

void sync_run(struct ferryd *d)
{
	list_run(&reconcilers, d);
}

void sync_register_shutdown(sync_fn *fn)
{
	list_add(&shutdowns, fn);
}

void sync_shutdown(struct ferryd *d)
{
	list_run(&shutdowns, d);
}
