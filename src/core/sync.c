/* The lists of reconcilers and shutdown steps, and running them: now, or later for many changes at once. */
#include <stdlib.h>

#include "core/clock.h"
#include "core/daemon.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/sync.h"

#define SYNC_MAX     16
#define LATER_MIN_MS 20	  /* a burst of changes (SAs coming up) shares one run */
#define LATER_MAX_MS 1000 /* a change shows within a second however long the reconcilers take */
#define LATER_SHARE  10	  /* a deferred run waits this many times as long as the last run took */

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

/* The pending deferred run, and how long the last run took. */
static struct loop_timer *later;
static unsigned last_run_ms;

void sync_run(struct ferryd *d)
{
	uint64_t start = clock_ms();

	loop_timer_cancel(later); /* this run covers what was asked before it */
	later = NULL;
	list_run(&reconcilers, d);
	last_run_ms = (unsigned)(clock_ms() - start);
}

static void later_fire(void *arg)
{
	sync_run(arg);
}

/* The reconcilers walk everything: while they are slow (thousands of peers) they run less often, so
 * that they take about 1/LATER_SHARE of the loop while changes keep coming. */
static unsigned later_delay_ms(void)
{
	unsigned ms = last_run_ms * LATER_SHARE;

	return ms < LATER_MIN_MS ? LATER_MIN_MS : ms > LATER_MAX_MS ? LATER_MAX_MS : ms;
}

void sync_request(struct ferryd *d)
{
	if (!later && !(later = loop_timer_add(d->fd_loop, later_delay_ms(), later_fire, d)))
		log_msg(SEV_ERR, "SYS", "SYNC", "no timer: the change takes effect at the next reconciliation");
}

void sync_register_shutdown(sync_fn *fn)
{
	list_add(&shutdowns, fn);
}

void sync_shutdown(struct ferryd *d)
{
	loop_timer_cancel(later); /* nothing is reconciled after the goodbyes */
	later = NULL;
	list_run(&shutdowns, d);
}
