/* The packet workers: one thread each, polling its TUN queues, LAN rings and the shared underlay sockets. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "dataplane/userspace/us_io.h"

#define US_POLL_MS     50	    /* how soon a worker sees a stop without a wake-up (a table change wakes it) */
#define US_WORKER_HELP US_RX__COUNT /* the poll entry of the helpers' wake-up, after the underlay sockets */
#define US_WORKER_WAKE (US_WORKER_HELP + 1) /* the entry of the worker's wake-up: the tables changed */
#define US_WORKER_FDS  (US_WORKER_WAKE + 1 + US_TUNS_MAX + US_LANS_MAX)

/* What a poll entry past the worker's wake-up reads: a TUN queue or a LAN link's ring. */
struct us_worker_src {
	struct us_tun_slot *ws_tun;
	struct us_lan_slot *ws_lan;
};

const char *us_io_drop_name(enum us_io_drop reason)
{
#define US_IO_DROP_NAME(name, text) [name] = text,
	static const char *const names[] = {US_IO_DROPS(US_IO_DROP_NAME)};
#undef US_IO_DROP_NAME

	return (unsigned)reason < IO__COUNT ? names[reason] : "unknown";
}

struct us_tun_slot *us_tun_find(struct dp *dp, const char *name)
{
	if (!name[0])
		return NULL;
	for (size_t i = 0; i < US_TUNS_MAX; i++)
		if (atomic_load_explicit(&dp->up_tuns[i].ts_live, memory_order_acquire) &&
		    strcmp(dp->up_tuns[i].ts_name, name) == 0)
			return &dp->up_tuns[i];
	return NULL;
}

/* Adds entry n of the poll set, fd, to the worker's epoll (fd -1: none); false when epoll refuses it. */
static bool us_worker_watch(int epfd, int fd, uint32_t n)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = n};

	return fd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) == 0;
}

/*
 * The worker's poll set, an epoll (a wake-up costs what is ready, not a
 * poll of every queue): the underlay sockets (worker 0 only: one reader
 * and sender keeps an SA's packets in order), the helpers' wake-up (the
 * other workers: they decide worker 0's batches with it, us_help.h), its
 * wake-up (us_workers_bump), then its queue of every live TUN and its ring
 * on every live LAN link (the kernel keeps a flow on one queue, and on one
 * ring). src[n] tells what entry n past the wake-up reads. An fd epoll refuses is logged and left
 * out until the next table change.
 */
static void us_worker_fds(struct us_wthread *t, int epfd, struct us_worker_src *src)
{
	struct dp *dp = t->wt_dp;
	uint32_t n = 0;
	bool ok = true;

	for (int i = 0; i < US_RX__COUNT; i++)
		ok &= us_worker_watch(epfd, t->wt_index == 0 ? dp->up_sock.so_rx[i] : -1, n++);
	/* worker 0 never helps: its entry is the control thread's injects instead (us_punt.h) */
	ok &= us_worker_watch(epfd, t->wt_index == 0 ? us_punt_inject_fd(&dp->up_punt) : dp->up_help.hp_wake, n++);
	ok &= us_worker_watch(epfd, t->wt_wake, n++);
	for (size_t i = 0; i < US_TUNS_MAX; i++)
		if (atomic_load_explicit(&dp->up_tuns[i].ts_live, memory_order_acquire)) {
			src[n] = (struct us_worker_src){.ws_tun = &dp->up_tuns[i]};
			ok &= us_worker_watch(epfd, dp->up_tuns[i].ts_fd[t->wt_index], n++);
		}
	for (size_t i = 0; i < US_LANS_MAX; i++)
		if (atomic_load_explicit(&dp->up_lans[i].ls_live, memory_order_acquire)) {
			src[n] = (struct us_worker_src){.ws_lan = &dp->up_lans[i]};
			ok &= us_worker_watch(epfd, dp->up_lans[i].ls_ring[t->wt_index].lr_fd, n++);
		}
	if (!ok)
		log_msg(SEV_ERR, "DATAPLANE", "USERSPACE", "worker %u: epoll refused a queue: %s", t->wt_index,
			strerror(errno));
}

/*
 * A TUN queue or LAN ring ready. A ring whose link went down reports it
 * until the error is taken; a TUN queue reports an error without end once
 * its device is gone (another agent deleted it): left out of the epoll
 * until the tables change.
 */
static void us_worker_read(struct us_wthread *t, const struct us_snap *s, int epfd, const struct epoll_event *ev,
			   const struct us_worker_src *src)
{
	if (src->ws_lan && (ev->events & EPOLLERR))
		us_lan_ring_clear_error(&src->ws_lan->ls_ring[t->wt_index]);
	else if (src->ws_tun && (ev->events & (EPOLLERR | EPOLLHUP)) && !(ev->events & EPOLLIN))
		epoll_ctl(epfd, EPOLL_CTL_DEL, src->ws_tun->ts_fd[t->wt_index], NULL);
	if (!(ev->events & EPOLLIN))
		return;
	if (src->ws_lan)
		us_io_lan(t, t->wt_batch, s, src->ws_lan);
	else
		us_io_tun(t, t->wt_batch, s, src->ws_tun);
}

/* The wake-up taken: the loop polls the new tables next. */
static void us_worker_woken(struct us_wthread *t)
{
	uint64_t count;

	if (read(t->wt_wake, &count, sizeof(count)) < 0 && errno != EAGAIN)
		log_msg(SEV_ERR, "DATAPLANE", "USERSPACE", "worker %u: wake-up: %s", t->wt_index, strerror(errno));
}

static void us_worker_serve(struct us_wthread *t, int epfd, const struct epoll_event *ev, int n,
			    const struct us_worker_src *src)
{
	const struct us_snap *s = (const struct us_snap *)us_rcu_enter(&t->wt_dp->up_rcu, t->wt_reader);

	for (int k = 0; s && k < n; k++) {
		uint32_t i = ev[k].data.u32;

		if (i > US_WORKER_WAKE)
			us_worker_read(t, s, epfd, &ev[k], &src[i]);
		else if (!(ev[k].events & EPOLLIN))
			continue;
		else if (i < US_RX__COUNT)
			us_io_underlay(t, t->wt_batch, s, (enum us_rx_sock)i);
		else if (i == US_WORKER_WAKE)
			us_worker_woken(t);
		else if (t->wt_index == 0)
			us_punt_inject_run(t, t->wt_batch, s);
		else
			us_help_serve(&t->wt_dp->up_help, t);
	}
	us_rcu_exit(&t->wt_dp->up_rcu, t->wt_reader);
}

/* A new epoll for the current poll set (the old one closed); -1 when none could be made (logged). */
static int us_worker_rewatch(struct us_wthread *t, int epfd, struct us_worker_src *src)
{
	if (epfd >= 0)
		close(epfd);
	if ((epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
		log_msg(SEV_ERR, "DATAPLANE", "USERSPACE", "worker %u: no epoll: %s", t->wt_index, strerror(errno));
	else
		us_worker_fds(t, epfd, src);
	return epfd;
}

static void *us_worker_main(void *arg)
{
	struct us_wthread *t = arg;
	struct epoll_event ev[US_WORKER_FDS];
	struct us_worker_src src[US_WORKER_FDS] = {{NULL, NULL}};
	int epfd = -1, n;

	while (!atomic_load(&t->wt_dp->up_stop)) {
		uint64_t gen = atomic_load(&t->wt_dp->up_tun_gen);

		if (gen != atomic_load(&t->wt_gen)) {
			epfd = us_worker_rewatch(t, epfd, src);
			atomic_store(&t->wt_gen, gen);
		}
		if (epfd < 0)
			nanosleep(&(struct timespec){.tv_nsec = US_POLL_MS * 1000 * 1000}, NULL);
		else if ((n = epoll_wait(epfd, ev, US_WORKER_FDS, US_POLL_MS)) > 0)
			us_worker_serve(t, epfd, ev, n, src);
	}
	if (epfd >= 0)
		close(epfd);
	return NULL;
}

/* One per core, as many as the TUN queues and reader slots allow. */
static unsigned us_worker_count(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	if (cores < 1)
		return 1;
	return cores > US_WORKERS_MAX ? US_WORKERS_MAX : (unsigned)cores;
}

static int us_worker_start(struct dp *dp, struct us_wthread *t, unsigned index, char *err, size_t errlen)
{
	*t = (struct us_wthread){.wt_dp = dp, .wt_index = index, .wt_wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)};
	t->wt_reader = us_rcu_reader_add(&dp->up_rcu);
	t->wt_fwd.w_esp = esp_ctx_new();
	t->wt_batch = calloc(1, sizeof(*t->wt_batch)); /* nothing queued, nothing joined */
	if (t->wt_wake < 0 || t->wt_reader < 0 || !t->wt_fwd.w_esp || !t->wt_batch) {
		snprintf(err, errlen, "worker %u: no eventfd, reader slot, cipher context or memory", index);
		return -1;
	}
	us_send_init(&t->wt_batch->ba_send, dp->up_sock.so_udp_gso);
	esp_ctx_send_as(t->wt_fwd.w_esp, esp_ctx_own_tx(t->wt_fwd.w_esp), true);
	if (pthread_create(&t->wt_thread, NULL, us_worker_main, t) != 0) {
		snprintf(err, errlen, "worker %u: cannot start a thread", index);
		return -1;
	}
	t->wt_started = true;
	return 0;
}

int us_workers_start(struct dp *dp, char *err, size_t errlen)
{
	dp->up_nworkers = us_worker_count();
	for (unsigned i = 0; i < dp->up_nworkers; i++)
		dp->up_workers[i].wt_wake = -1; /* a stop after a failed start closes only what was opened */
	if (us_help_init(&dp->up_help) < 0) {
		snprintf(err, errlen, "workers: cannot make an eventfd");
		return -1;
	}
	for (unsigned i = 0; i < dp->up_nworkers; i++)
		if (us_worker_start(dp, &dp->up_workers[i], i, err, errlen) < 0) {
			us_workers_stop(dp);
			return -1;
		}
	return 0;
}

void us_workers_stop(struct dp *dp)
{
	atomic_store(&dp->up_stop, true);
	us_workers_bump(dp); /* woken, each sees the stop at once */
	for (unsigned i = 0; i < dp->up_nworkers; i++) {
		struct us_wthread *t = &dp->up_workers[i];

		if (t->wt_started)
			pthread_join(t->wt_thread, NULL);
		t->wt_started = false;
		esp_ctx_free(t->wt_fwd.w_esp);
		t->wt_fwd.w_esp = NULL;
		free(t->wt_batch);
		t->wt_batch = NULL;
		if (t->wt_wake >= 0)
			close(t->wt_wake);
		t->wt_wake = -1;
	}
	us_help_destroy(&dp->up_help);
}

uint64_t us_workers_bump(struct dp *dp)
{
	const uint64_t one = 1;
	uint64_t gen = atomic_fetch_add(&dp->up_tun_gen, 1) + 1;

	for (unsigned i = 0; i < dp->up_nworkers; i++)
		if (dp->up_workers[i].wt_started && write(dp->up_workers[i].wt_wake, &one, sizeof(one)) < 0)
			log_msg(SEV_ERR, "DATAPLANE", "USERSPACE", "worker %u: cannot wake: %s", i, strerror(errno));
	return gen;
}

void us_workers_sync(struct dp *dp, uint64_t gen)
{
	const struct timespec pause = {.tv_nsec = 1000 * 1000};

	for (unsigned i = 0; i < dp->up_nworkers; i++)
		while (dp->up_workers[i].wt_started && atomic_load(&dp->up_workers[i].wt_gen) < gen)
			nanosleep(&pause, NULL);
}
