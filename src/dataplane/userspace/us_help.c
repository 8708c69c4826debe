/* Sharing the decisions of one batch among the workers, the owner alone reading and sending it. */
#include "dataplane/userspace/us_help.h"

#include <errno.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define US_HELP_ITEMS(w) ((unsigned)((w) >> 8) & 0xff)
#define US_HELP_NEXT(w)	 ((unsigned)(w)&0xff)

int us_help_init(struct us_help *h)
{
	atomic_store(&h->hp_claim, 0);
	atomic_store(&h->hp_done, 0);
	h->hp_fn = NULL;
	h->hp_job = NULL;
	h->hp_wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	h->hp_ready = h->hp_wake >= 0;
	return h->hp_ready ? 0 : -1;
}

void us_help_destroy(struct us_help *h)
{
	if (h->hp_ready)
		close(h->hp_wake);
	h->hp_ready = false;
	h->hp_wake = -1;
}

/* Takes the next item of the posted job; false when none is left. The job stays posted until it is done. */
static bool us_help_claim(struct us_help *h, unsigned *index)
{
	uint64_t w = atomic_load_explicit(&h->hp_claim, memory_order_acquire);

	while (US_HELP_NEXT(w) < US_HELP_ITEMS(w))
		if (atomic_compare_exchange_weak_explicit(&h->hp_claim, &w, w + 1, memory_order_acq_rel,
							  memory_order_acquire)) {
			*index = US_HELP_NEXT(w);
			return true;
		}
	return false;
}

/* Decides items until none is left to take. */
static void us_help_work(struct us_help *h, void *worker)
{
	unsigned i;

	while (us_help_claim(h, &i)) {
		h->hp_fn(h->hp_job, worker, i);
		atomic_fetch_add_explicit(&h->hp_done, 1, memory_order_release);
	}
}

/* Wakes the helpers; when the counter is full of unread wake-ups, they are awake already. */
static void us_help_wake(struct us_help *h)
{
	uint64_t one = 1;

	if (write(h->hp_wake, &one, sizeof(one)) < 0)
		return;
}

void us_help_run(struct us_help *h, us_help_fn *fn, void *job, void *worker, unsigned n, bool wake)
{
	uint64_t gen = (atomic_load_explicit(&h->hp_claim, memory_order_relaxed) >> 16) + 1;

	if (n > US_HELP_MAX)
		n = US_HELP_MAX;
	h->hp_fn = fn;
	h->hp_job = job;
	atomic_store_explicit(&h->hp_done, 0, memory_order_relaxed);
	atomic_store_explicit(&h->hp_claim, gen << 16 | (uint64_t)n << 8, memory_order_release);
	/* A helper that wakes late costs nothing: the owner takes what is left. */
	if (wake)
		us_help_wake(h);
	us_help_work(h, worker);
	/* A helper holds an item for one packet's decision: yield to it rather than spin. */
	while (atomic_load_explicit(&h->hp_done, memory_order_acquire) != n)
		sched_yield();
}

void us_help_serve(struct us_help *h, void *worker)
{
	uint64_t count;

	/* EAGAIN: another helper read the wake-up first; the job's items still say what is left. */
	if (read(h->hp_wake, &count, sizeof(count)) < 0 && errno != EAGAIN)
		return;
	us_help_work(h, worker);
}
