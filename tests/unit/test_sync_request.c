/*
 * Deferred reconciliation (src/core/sync.c, sync_request): many requests
 * make one run, from the loop; a request made by a reconciler while it
 * runs gets a run of its own; a run now covers the requests before it;
 * and while the reconcilers are slow a deferred run waits longer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "core/daemon.h"
#include "core/loop.h"
#include "core/sync.h"

static struct ferryd daemon_;
static int runs;
static unsigned busy_ms;       /* each run takes this long */
static bool request_once_more; /* the next run asks for another one */

/* Takes ms of CPU, as a reconciler walking thousands of peers does. */
static void busy_wait(unsigned ms)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	do
		clock_gettime(CLOCK_MONOTONIC, &now);
	while ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 < (long)ms);
}

static void counting_reconciler(struct ferryd *d)
{
	runs++;
	busy_wait(busy_ms);
	if (request_once_more) {
		request_once_more = false;
		sync_request(d);
	}
}

static void stop(void *arg)
{
	loop_stop(arg);
}

/* Runs the loop for ms milliseconds. */
static void run_loop_for(unsigned ms)
{
	struct loop_timer *t = loop_timer_add(daemon_.fd_loop, ms, stop, daemon_.fd_loop);

	assert_non_null(t);
	assert_int_equal(loop_run(daemon_.fd_loop), 0);
	loop_timer_cancel(t);
}

static void test_many_requests_one_run(void **state)
{
	for (int i = 0; i < 1000; i++)
		sync_request(&daemon_);
	assert_int_equal(runs, 0); /* not underneath the caller */
	run_loop_for(200);
	assert_int_equal(runs, 1);
}

static void test_request_from_inside_a_run(void **state)
{
	request_once_more = true;
	sync_request(&daemon_);
	run_loop_for(300);
	assert_int_equal(runs, 2);
}

static void test_run_now_covers_requests(void **state)
{
	sync_request(&daemon_);
	sync_run(&daemon_);
	assert_int_equal(runs, 1);
	run_loop_for(100);
	assert_int_equal(runs, 1);
}

/* A run of 30 ms: the next deferred one waits about 300 ms, not 20. */
static void test_slow_runs_wait_longer(void **state)
{
	busy_ms = 30;
	sync_run(&daemon_);
	busy_ms = 0;
	sync_request(&daemon_);
	run_loop_for(150);
	assert_int_equal(runs, 1);
	run_loop_for(1500);
	assert_int_equal(runs, 2);
	sync_run(&daemon_); /* fast again: the next test starts from the short delay */
}

static int setup(void **state)
{
	runs = 0;
	busy_ms = 0;
	request_once_more = false;
	return 0;
}

static int group_setup(void **state)
{
	sync_register(counting_reconciler);
	daemon_.fd_loop = loop_new();
	return daemon_.fd_loop ? 0 : -1;
}

static int group_teardown(void **state)
{
	sync_shutdown(&daemon_);
	loop_free(daemon_.fd_loop);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_many_requests_one_run, setup),
	    cmocka_unit_test_setup(test_request_from_inside_a_run, setup),
	    cmocka_unit_test_setup(test_run_now_covers_requests, setup),
	    cmocka_unit_test_setup(test_slow_runs_wait_longer, setup),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
