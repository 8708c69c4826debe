/* The main thread's event loop: epoll over file descriptors (signals come as a signalfd). */
#ifndef FERRY_CORE_LOOP_H
#define FERRY_CORE_LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct loop;
struct loop_watch;

typedef void loop_fd_fn(void *arg, uint32_t events);

struct loop *loop_new(void);
void loop_free(struct loop *l);
/* Watches fd for epoll events; the callback runs on the loop thread. */
struct loop_watch *loop_watch_fd(struct loop *l, int fd, uint32_t events, loop_fd_fn *fn, void *arg);
int loop_watch_mod(struct loop_watch *w, uint32_t events);
/* Stops watching (safe from inside a callback); does not close the fd. */
void loop_unwatch(struct loop_watch *w);
int loop_run(struct loop *l);

/*
 * One-shot timers (a timerfd each, src/core/loop_timer.c). The callback runs
 * on the loop thread and may rearm or cancel its own timer.
 */
struct loop_timer;
typedef void loop_timer_fn(void *arg);

/* A timer that fires once after ms milliseconds (0: created disarmed); NULL on error. */
struct loop_timer *loop_timer_add(struct loop *l, unsigned ms, loop_timer_fn *fn, void *arg);
/* Fires once after ms milliseconds from now instead; 0 disarms. */
int loop_timer_rearm(struct loop_timer *t, unsigned ms);
/* Stops and frees the timer (safe from inside its callback); NULL is a no-op. */
void loop_timer_cancel(struct loop_timer *t);
void loop_stop(struct loop *l);

#endif
