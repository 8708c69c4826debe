/* The packet workers: one thread each, polling its TUN queues and the shared underlay sockets. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "dataplane/userspace/us_io.h"

#define US_POLL_MS     50	    /* how soon a worker sees a stop or a TUN table change */
#define US_WORKER_HELP US_RX__COUNT /* the poll entry of the helpers' wake-up, after the underlay sockets */
#define US_WORKER_FDS  (US_WORKER_HELP + 1 + US_TUNS_MAX)

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

/*
 * The worker's poll set: the underlay sockets (worker 0 only: one reader and
 * sender keeps an SA's packets in order), the helpers' wake-up (the other
 * workers: they decide worker 0's batches with it, us_help.h), then its
 * queue of every live TUN (the kernel keeps a flow on one queue).
 */
static nfds_t us_worker_fds(struct us_wthread *t, struct pollfd *pfd, struct us_tun_slot **slot_of)
{
	struct dp *dp = t->wt_dp;
	nfds_t n = 0;

	for (int i = 0; i < US_RX__COUNT; i++)
		pfd[n++] = (struct pollfd){.fd = t->wt_index == 0 ? dp->up_sock.so_rx[i] : -1, .events = POLLIN};
	/* worker 0 never helps: its entry is the control thread's injects instead (us_punt.h) */
	pfd[n++] = (struct pollfd){.fd = t->wt_index == 0 ? us_punt_inject_fd(&dp->up_punt) : dp->up_help.hp_wake,
				   .events = POLLIN};
	for (size_t i = 0; i < US_TUNS_MAX; i++)
		if (atomic_load_explicit(&dp->up_tuns[i].ts_live, memory_order_acquire)) {
			slot_of[n] = &dp->up_tuns[i];
			pfd[n++] = (struct pollfd){.fd = dp->up_tuns[i].ts_fd[t->wt_index], .events = POLLIN};
		}
	return n;
}

static void us_worker_serve(struct us_wthread *t, struct us_batch *b, const struct pollfd *pfd, nfds_t n,
			    struct us_tun_slot **slot_of)
{
	const struct us_snap *s = (const struct us_snap *)us_rcu_enter(&t->wt_dp->up_rcu, t->wt_reader);

	for (nfds_t i = 0; s && i < n; i++) {
		if (!(pfd[i].revents & POLLIN))
			continue;
		if (i < US_RX__COUNT)
			us_io_underlay(t, b, s, (enum us_rx_sock)i);
		else if (i == US_WORKER_HELP && t->wt_index == 0)
			us_punt_inject_run(t, b, s);
		else if (i == US_WORKER_HELP)
			us_help_serve(&t->wt_dp->up_help, t);
		else
			us_io_tun(t, b, s, slot_of[i]);
	}
	us_rcu_exit(&t->wt_dp->up_rcu, t->wt_reader);
}

static void *us_worker_main(void *arg)
{
	struct us_wthread *t = arg;
	struct pollfd pfd[US_WORKER_FDS];
	struct us_tun_slot *slot_of[US_WORKER_FDS] = {NULL};
	nfds_t n = 0;

	while (!atomic_load(&t->wt_dp->up_stop)) {
		uint64_t gen = atomic_load(&t->wt_dp->up_tun_gen);

		if (gen != atomic_load(&t->wt_gen)) {
			n = us_worker_fds(t, pfd, slot_of);
			atomic_store(&t->wt_gen, gen);
		}
		if (poll(pfd, n, US_POLL_MS) > 0)
			us_worker_serve(t, t->wt_batch, pfd, n, slot_of);
	}
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
	*t = (struct us_wthread){.wt_dp = dp, .wt_index = index};
	t->wt_reader = us_rcu_reader_add(&dp->up_rcu);
	t->wt_fwd.w_esp = esp_ctx_new();
	t->wt_batch = calloc(1, sizeof(*t->wt_batch)); /* nothing queued, nothing joined */
	if (t->wt_reader < 0 || !t->wt_fwd.w_esp || !t->wt_batch) {
		snprintf(err, errlen, "worker %u: no reader slot, cipher context or memory", index);
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
	for (unsigned i = 0; i < dp->up_nworkers; i++) {
		struct us_wthread *t = &dp->up_workers[i];

		if (t->wt_started)
			pthread_join(t->wt_thread, NULL);
		t->wt_started = false;
		esp_ctx_free(t->wt_fwd.w_esp);
		t->wt_fwd.w_esp = NULL;
		free(t->wt_batch);
		t->wt_batch = NULL;
	}
	us_help_destroy(&dp->up_help);
}

void us_workers_sync(struct dp *dp, uint64_t gen)
{
	const struct timespec pause = {.tv_nsec = 1000 * 1000};

	for (unsigned i = 0; i < dp->up_nworkers; i++)
		while (dp->up_workers[i].wt_started && atomic_load(&dp->up_workers[i].wt_gen) < gen)
			nanosleep(&pause, NULL);
}
