/* One-shot timers on the event loop: each is a timerfd watched like any fd. */
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "core/loop.h"

struct loop_timer {
	int lt_fd;
	struct loop_watch *lt_watch;
	loop_timer_fn *lt_fn;
	void *lt_arg;
};

static void timer_fired(void *arg, uint32_t events)
{
	struct loop_timer *t = arg;
	uint64_t expirations;

	(void)events;
	/* A rearm between expiry and dispatch leaves nothing to read: not a firing. */
	if (read(t->lt_fd, &expirations, sizeof(expirations)) != sizeof(expirations))
		return;
	t->lt_fn(t->lt_arg);
}

int loop_timer_rearm(struct loop_timer *t, unsigned ms)
{
	struct itimerspec its = {
	    .it_value = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L},
	};

	return timerfd_settime(t->lt_fd, 0, &its, NULL);
}

struct loop_timer *loop_timer_add(struct loop *l, unsigned ms, loop_timer_fn *fn, void *arg)
{
	struct loop_timer *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->lt_fn = fn;
	t->lt_arg = arg;
	t->lt_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (t->lt_fd < 0) {
		free(t);
		return NULL;
	}
	t->lt_watch = loop_watch_fd(l, t->lt_fd, EPOLLIN, timer_fired, t);
	if (!t->lt_watch || loop_timer_rearm(t, ms) < 0) {
		loop_timer_cancel(t);
		return NULL;
	}
	return t;
}

void loop_timer_cancel(struct loop_timer *t)
{
	if (!t)
		return;
	loop_unwatch(t->lt_watch);
	close(t->lt_fd);
	free(t);
}
