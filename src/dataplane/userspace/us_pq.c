/* The bounded control packet queue (us_pq.h): a mutex-guarded ring and an eventfd. */
#include "dataplane/userspace/us_pq.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

int us_pq_init(struct us_pq *q, size_t cap)
{
	memset(q, 0, sizeof(*q));
	q->pq_wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (q->pq_wake < 0)
		return -errno;
	if (cap == 0 || !(q->pq_ring = calloc(cap, sizeof(*q->pq_ring)))) {
		close(q->pq_wake);
		return -ENOMEM;
	}
	if (pthread_mutex_init(&q->pq_lock, NULL) != 0) {
		close(q->pq_wake);
		free(q->pq_ring);
		q->pq_ring = NULL;
		return -ENOMEM;
	}
	q->pq_cap = cap;
	return 0;
}

void us_pq_destroy(struct us_pq *q)
{
	if (!q->pq_ring)
		return;
	pthread_mutex_destroy(&q->pq_lock);
	close(q->pq_wake);
	free(q->pq_ring);
	q->pq_ring = NULL;
}

static void us_pq_signal(struct us_pq *q)
{
	uint64_t one = 1;

	/* Fails only when the counter would overflow: it is readable then anyway. */
	if (write(q->pq_wake, &one, sizeof(one)) < 0)
		return;
}

int us_pq_push(struct us_pq *q, const struct dp_punt *pkt)
{
	struct us_pq_msg *m;
	bool was_empty;

	if (pkt->dpu_len > DP_PUNT_MAX)
		return -EMSGSIZE;
	pthread_mutex_lock(&q->pq_lock);
	if (q->pq_len == q->pq_cap) {
		pthread_mutex_unlock(&q->pq_lock);
		atomic_fetch_add_explicit(&q->pq_full, 1, memory_order_relaxed);
		return -ENOBUFS;
	}
	m = &q->pq_ring[(q->pq_head + q->pq_len) % q->pq_cap];
	memcpy(m->pm_link, pkt->dpu_link, sizeof(m->pm_link));
	m->pm_link[sizeof(m->pm_link) - 1] = '\0';
	m->pm_nbma = pkt->dpu_nbma;
	m->pm_proto = pkt->dpu_proto;
	m->pm_len = (uint16_t)pkt->dpu_len;
	memcpy(m->pm_data, pkt->dpu_data, pkt->dpu_len);
	was_empty = q->pq_len++ == 0;
	pthread_mutex_unlock(&q->pq_lock);
	atomic_fetch_add_explicit(&q->pq_in, 1, memory_order_relaxed);
	/* The consumer drains until empty after clearing the eventfd: only the first of a run needs to wake it. */
	if (was_empty)
		us_pq_signal(q);
	return 0;
}

/* Takes the oldest packet into m; false when none waits. */
static bool us_pq_pop(struct us_pq *q, struct us_pq_msg *m, bool *more)
{
	bool got;

	pthread_mutex_lock(&q->pq_lock);
	got = q->pq_len > 0;
	if (got) {
		const struct us_pq_msg *slot = &q->pq_ring[q->pq_head];

		memcpy(m, slot, offsetof(struct us_pq_msg, pm_data) + slot->pm_len); /* not the whole slot's 2 KiB */
		q->pq_head = (q->pq_head + 1) % q->pq_cap;
		q->pq_len--;
	}
	*more = q->pq_len > 0;
	pthread_mutex_unlock(&q->pq_lock);
	return got;
}

size_t us_pq_drain(struct us_pq *q, size_t max, us_pq_fn *fn, void *arg)
{
	struct us_pq_msg m;
	uint64_t pending;
	size_t n = 0;
	bool more = false;

	/* Cleared before popping: a push after the last pop finds the queue empty and signals again. */
	if (read(q->pq_wake, &pending, sizeof(pending)) < 0 && errno != EAGAIN)
		return 0;
	while (n < max && us_pq_pop(q, &m, &more)) {
		fn(arg, &m);
		n++;
	}
	if (more)
		us_pq_signal(q);
	return n;
}

struct dp_punt us_pq_view(const struct us_pq_msg *m)
{
	struct dp_punt pkt = {
	    .dpu_nbma = m->pm_nbma, .dpu_proto = m->pm_proto, .dpu_data = m->pm_data, .dpu_len = m->pm_len};

	memcpy(pkt.dpu_link, m->pm_link, sizeof(pkt.dpu_link));
	return pkt;
}
