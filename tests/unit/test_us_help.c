/*
 * Worker 0's underlay batches decided by every worker (us_help.h): each
 * item of every job is decided exactly once, by the owner or a helper, and
 * the owner returns only when all are; helpers that sleep through a job
 * cost nothing but their share.
 */
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "dataplane/userspace/us_help.h"

#define HT_HELPERS 3
#define HT_JOBS	   4000
#define HT_ITEMS   32

struct ht_job {
	_Atomic unsigned hj_done[HT_ITEMS];
	_Atomic unsigned hj_by_helper; /* items a helper decided */
};

struct ht_worker {
	struct us_help *hw_help;
	_Atomic bool *hw_stop;
	bool hw_owner;
};

static void ht_decide(void *job, void *worker, unsigned index)
{
	struct ht_job *j = job;
	const struct ht_worker *w = worker;

	atomic_fetch_add(&j->hj_done[index], 1);
	if (!w->hw_owner)
		atomic_fetch_add(&j->hj_by_helper, 1);
}

/* A helper worker: polls the wake-up as us_worker.c does and serves. */
static void *ht_helper(void *arg)
{
	struct ht_worker *w = arg;
	struct pollfd pfd = {.fd = w->hw_help->hp_wake, .events = POLLIN};

	while (!atomic_load(w->hw_stop))
		if (poll(&pfd, 1, 10) > 0)
			us_help_serve(w->hw_help, w);
	return NULL;
}

/* Runs HT_JOBS jobs of n items with HT_HELPERS helpers; the items helpers decided. */
static unsigned ht_run(unsigned n, bool wake)
{
	struct us_help help = {0};
	_Atomic bool stop = false;
	struct ht_worker owner = {.hw_help = &help, .hw_stop = &stop, .hw_owner = true}, helpers[HT_HELPERS];
	pthread_t tid[HT_HELPERS];
	unsigned by_helper = 0;

	assert_int_equal(us_help_init(&help), 0);
	for (unsigned i = 0; i < HT_HELPERS; i++) {
		helpers[i] = (struct ht_worker){.hw_help = &help, .hw_stop = &stop};
		assert_int_equal(pthread_create(&tid[i], NULL, ht_helper, &helpers[i]), 0);
	}
	for (unsigned k = 0; k < HT_JOBS; k++) {
		struct ht_job job = {0};

		us_help_run(&help, ht_decide, &job, &owner, n, wake);
		for (unsigned i = 0; i < HT_ITEMS; i++)
			if (atomic_load(&job.hj_done[i]) != (i < n))
				fail_msg("job %u item %u decided %u times", k, i, atomic_load(&job.hj_done[i]));
		by_helper += atomic_load(&job.hj_by_helper);
	}
	atomic_store(&stop, true);
	for (unsigned i = 0; i < HT_HELPERS; i++)
		pthread_join(tid[i], NULL);
	us_help_destroy(&help);
	us_help_destroy(&help); /* twice is harmless, as after a failed start */
	return by_helper;
}

static void test_shared_once(void **state)
{
	(void)state;
	ht_run(HT_ITEMS, true);
	ht_run(1, true);
}

/* Not woken, the helpers never take an item: the owner decides the whole job. */
static void test_owner_alone(void **state)
{
	(void)state;
	assert_int_equal(ht_run(HT_ITEMS, false), 0);
}

/* A destroy without a successful init closes nothing (the zeroed descriptor is 0: stdin). */
static void test_destroy_unmade(void **state)
{
	struct us_help help = {0};

	(void)state;
	us_help_destroy(&help);
	assert_int_equal(help.hp_wake, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shared_once),
	    cmocka_unit_test(test_owner_alone),
	    cmocka_unit_test(test_destroy_unmade),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
