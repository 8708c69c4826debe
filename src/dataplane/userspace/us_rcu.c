/* Epoch-based publication of snapshots: see us_rcu.h. */
#include "dataplane/userspace/us_rcu.h"

#include <stdbool.h>

void us_rcu_init(struct us_rcu *r, us_rcu_free_fn *free_fn)
{
	atomic_init(&r->ur_current, NULL);
	atomic_init(&r->ur_epoch, 1);
	for (size_t i = 0; i < US_RCU_READERS; i++)
		atomic_init(&r->ur_reader[i], 0);
	atomic_init(&r->ur_nreaders, 0);
	r->ur_retired = NULL;
	r->ur_retired_tail = &r->ur_retired;
	r->ur_free = free_fn;
}

int us_rcu_reader_add(struct us_rcu *r)
{
	unsigned n = atomic_fetch_add(&r->ur_nreaders, 1);

	if (n >= US_RCU_READERS) {
		atomic_fetch_sub(&r->ur_nreaders, 1);
		return -1;
	}
	return (int)n;
}

struct us_rcu_head *us_rcu_enter(struct us_rcu *r, int reader)
{
	atomic_store(&r->ur_reader[reader], atomic_load(&r->ur_epoch));
	return atomic_load(&r->ur_current);
}

void us_rcu_exit(struct us_rcu *r, int reader)
{
	atomic_store(&r->ur_reader[reader], 0);
}

void us_rcu_publish(struct us_rcu *r, struct us_rcu_head *obj)
{
	struct us_rcu_head *old = atomic_exchange(&r->ur_current, obj);

	if (!old)
		return;
	old->rh_epoch = atomic_fetch_add(&r->ur_epoch, 1) + 1;
	old->rh_next = NULL;
	*r->ur_retired_tail = old;
	r->ur_retired_tail = &old->rh_next;
}

/* True when no reader can still hold an object retired at epoch. */
static bool us_rcu_quiet(struct us_rcu *r, uint64_t epoch)
{
	unsigned n = atomic_load(&r->ur_nreaders);

	for (unsigned i = 0; i < n && i < US_RCU_READERS; i++) {
		uint64_t seen = atomic_load(&r->ur_reader[i]);

		if (seen != 0 && seen < epoch)
			return false;
	}
	return true;
}

size_t us_rcu_reclaim(struct us_rcu *r)
{
	size_t left = 0;

	/* Retired in epoch order, so the first busy one stops the sweep. */
	while (r->ur_retired && us_rcu_quiet(r, r->ur_retired->rh_epoch)) {
		struct us_rcu_head *obj = r->ur_retired;

		r->ur_retired = obj->rh_next;
		r->ur_free(obj);
	}
	if (!r->ur_retired)
		r->ur_retired_tail = &r->ur_retired;
	for (struct us_rcu_head *o = r->ur_retired; o; o = o->rh_next)
		left++;
	return left;
}

void us_rcu_destroy(struct us_rcu *r)
{
	struct us_rcu_head *cur = atomic_exchange(&r->ur_current, NULL);

	while (r->ur_retired) {
		struct us_rcu_head *obj = r->ur_retired;

		r->ur_retired = obj->rh_next;
		r->ur_free(obj);
	}
	r->ur_retired_tail = &r->ur_retired;
	if (cur)
		r->ur_free(cur);
}
