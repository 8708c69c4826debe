/* The event loop's timers: firing, order, rearm, disarm and cancel from a callback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <time.h>

#include <cmocka.h>

#include "core/loop.h"

struct fired {
	struct loop *f_loop;
	int f_order[4];
	int f_n;
	int f_stop_after; /* the loop stops once this many timers fired */
};

struct tag {
	struct fired *t_fired;
	int t_id;
	struct loop_timer *t_timer;
	bool t_cancel_self;
};

static void on_timer(void *arg)
{
	struct tag *tg = arg;
	struct fired *f = tg->t_fired;

	if (f->f_n < 4)
		f->f_order[f->f_n] = tg->t_id;
	f->f_n++;
	if (tg->t_cancel_self)
		loop_timer_cancel(tg->t_timer);
	if (f->f_n == f->f_stop_after)
		loop_stop(f->f_loop);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void test_fire_in_order(void **state)
{
	struct fired f = {.f_loop = loop_new(), .f_stop_after = 2};
	struct tag late = {&f, 2, NULL, true}, early = {&f, 1, NULL, true};
	double start = now_ms();

	(void)state;
	late.t_timer = loop_timer_add(f.f_loop, 40, on_timer, &late);
	early.t_timer = loop_timer_add(f.f_loop, 10, on_timer, &early);
	assert_non_null(late.t_timer);
	assert_non_null(early.t_timer);
	assert_int_equal(loop_run(f.f_loop), 0);
	assert_int_equal(f.f_n, 2);
	assert_int_equal(f.f_order[0], 1);
	assert_int_equal(f.f_order[1], 2);
	assert_true(now_ms() - start >= 40.0);
	loop_free(f.f_loop);
}

static void test_rearm_and_disarm(void **state)
{
	struct fired f = {.f_loop = loop_new(), .f_stop_after = 1};
	struct tag disarmed = {&f, 1, NULL, false}, moved = {&f, 2, NULL, false};
	double start = now_ms();

	(void)state;
	disarmed.t_timer = loop_timer_add(f.f_loop, 5, on_timer, &disarmed);
	moved.t_timer = loop_timer_add(f.f_loop, 5, on_timer, &moved);
	assert_int_equal(loop_timer_rearm(disarmed.t_timer, 0), 0);
	assert_int_equal(loop_timer_rearm(moved.t_timer, 30), 0);
	assert_int_equal(loop_run(f.f_loop), 0);
	assert_int_equal(f.f_n, 1);
	assert_int_equal(f.f_order[0], 2);
	assert_true(now_ms() - start >= 30.0);
	loop_timer_cancel(disarmed.t_timer);
	loop_timer_cancel(moved.t_timer);
	loop_free(f.f_loop);
}

static void test_created_disarmed_then_armed(void **state)
{
	struct fired f = {.f_loop = loop_new(), .f_stop_after = 1};
	struct tag tg = {&f, 7, NULL, true};

	(void)state;
	tg.t_timer = loop_timer_add(f.f_loop, 0, on_timer, &tg);
	assert_non_null(tg.t_timer);
	assert_int_equal(loop_timer_rearm(tg.t_timer, 1), 0);
	assert_int_equal(loop_run(f.f_loop), 0);
	assert_int_equal(f.f_order[0], 7);
	loop_free(f.f_loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fire_in_order),
	    cmocka_unit_test(test_rearm_and_disarm),
	    cmocka_unit_test(test_created_disarmed_then_armed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
