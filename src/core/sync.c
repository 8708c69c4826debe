/* The list of reconcilers and running them. */
#include <stdlib.h>

#include "core/sync.h"

#define SYNC_MAX 16

static sync_fn *syncs[SYNC_MAX];
static int nsyncs;

void sync_register(sync_fn *fn)
{
	for (int i = 0; i < nsyncs; i++)
		if (syncs[i] == fn)
			return;
	if (nsyncs == SYNC_MAX)
		abort(); /* raise SYNC_MAX */
	syncs[nsyncs++] = fn;
}

void sync_run(struct ferryd *d)
{
	for (int i = 0; i < nsyncs; i++)
		syncs[i](d);
}
