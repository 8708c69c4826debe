/* A fixed pool of worker threads with a job queue and a completion queue. */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "core/workq.h"

struct job {
	workq_fn *j_work, *j_done;
	void *j_arg;
	struct job *j_next;
};

struct jobq {
	struct job *q_head, *q_tail;
};

struct workq {
	pthread_mutex_t wq_lock;
	pthread_cond_t wq_cond;
	struct jobq wq_todo, wq_done;
	bool wq_stop;
	int wq_efd;
	struct loop_watch *wq_watch;
	pthread_t *wq_threads;
	unsigned wq_nthreads;
};

static void jobq_push(struct jobq *q, struct job *j)
{
	j->j_next = NULL;
	if (q->q_tail)
		q->q_tail->j_next = j;
	else
		q->q_head = j;
	q->q_tail = j;
}

static struct job *jobq_pop(struct jobq *q)
{
	struct job *j = q->q_head;
	if (j && !(q->q_head = j->j_next))
		q->q_tail = NULL;
	return j;
}

static void *worker(void *arg)
{
	struct workq *q = arg;
	uint64_t one = 1;

	pthread_mutex_lock(&q->wq_lock);
	for (;;) {
		struct job *j;
		while (!(j = jobq_pop(&q->wq_todo)) && !q->wq_stop)
			pthread_cond_wait(&q->wq_cond, &q->wq_lock);
		if (!j)
			break;
		pthread_mutex_unlock(&q->wq_lock);
		j->j_work(j->j_arg);
		pthread_mutex_lock(&q->wq_lock);
		jobq_push(&q->wq_done, j);
		if (write(q->wq_efd, &one, sizeof(one)) != sizeof(one))
			continue; /* the counter is saturated: the loop is already woken */
	}
	pthread_mutex_unlock(&q->wq_lock);
	return NULL;
}

static void run_completions(struct workq *q)
{
	struct job *list;

	pthread_mutex_lock(&q->wq_lock);
	list = q->wq_done.q_head;
	q->wq_done.q_head = q->wq_done.q_tail = NULL;
	pthread_mutex_unlock(&q->wq_lock);
	while (list) {
		struct job *next = list->j_next;
		if (list->j_done)
			list->j_done(list->j_arg);
		free(list);
		list = next;
	}
}

static void completions_ready(void *arg, uint32_t events)
{
	struct workq *q = arg;
	uint64_t n;

	if (read(q->wq_efd, &n, sizeof(n)) == sizeof(n))
		run_completions(q);
}

struct workq *workq_new(struct loop *l, unsigned nthreads)
{
	struct workq *q = calloc(1, sizeof(*q));

	if (!q)
		return NULL;
	pthread_mutex_init(&q->wq_lock, NULL);
	pthread_cond_init(&q->wq_cond, NULL);
	q->wq_efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	q->wq_threads = calloc(nthreads, sizeof(*q->wq_threads));
	if (q->wq_efd < 0 || !q->wq_threads ||
	    !(q->wq_watch = loop_watch_fd(l, q->wq_efd, EPOLLIN, completions_ready, q))) {
		workq_free(q);
		return NULL;
	}
	for (; q->wq_nthreads < nthreads; q->wq_nthreads++)
		if (pthread_create(&q->wq_threads[q->wq_nthreads], NULL, worker, q) != 0) {
			workq_free(q);
			return NULL;
		}
	return q;
}

int workq_submit(struct workq *q, workq_fn *work, workq_fn *done, void *arg)
{
	struct job *j = calloc(1, sizeof(*j));

	if (!j)
		return -1;
	j->j_work = work;
	j->j_done = done;
	j->j_arg = arg;
	pthread_mutex_lock(&q->wq_lock);
	jobq_push(&q->wq_todo, j);
	pthread_cond_signal(&q->wq_cond);
	pthread_mutex_unlock(&q->wq_lock);
	return 0;
}

void workq_free(struct workq *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->wq_lock);
	q->wq_stop = true;
	pthread_cond_broadcast(&q->wq_cond);
	pthread_mutex_unlock(&q->wq_lock);
	for (unsigned i = 0; i < q->wq_nthreads; i++)
		pthread_join(q->wq_threads[i], NULL);
	run_completions(q);
	loop_unwatch(q->wq_watch);
	if (q->wq_efd >= 0)
		close(q->wq_efd);
	pthread_mutex_destroy(&q->wq_lock);
	pthread_cond_destroy(&q->wq_cond);
	free(q->wq_threads);
	free(q);
}
