/* epoll-based event loop. Watches removed during dispatch are freed after it. */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "core/loop.h"

struct loop_watch {
	struct loop *w_loop;
	int w_fd;
	bool w_dead;
	loop_fd_fn *w_fn;
	void *w_arg;
	struct loop_watch *w_next_dead;
};

struct loop {
	int l_epfd;
	bool l_stop;
	struct loop_watch *l_dead;
};

struct loop *loop_new(void)
{
	struct loop *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->l_epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->l_epfd < 0) {
		free(l);
		return NULL;
	}
	return l;
}

static void reap(struct loop *l)
{
	while (l->l_dead) {
		struct loop_watch *w = l->l_dead;
		l->l_dead = w->w_next_dead;
		free(w);
	}
}

void loop_free(struct loop *l)
{
	if (!l)
		return;
	reap(l);
	close(l->l_epfd);
	free(l);
}

struct loop_watch *loop_watch_fd(struct loop *l, int fd, uint32_t events, loop_fd_fn *fn, void *arg)
{
	struct loop_watch *w = calloc(1, sizeof(*w));
	struct epoll_event ev = {.events = events};

	if (!w)
		return NULL;
	w->w_loop = l;
	w->w_fd = fd;
	w->w_fn = fn;
	w->w_arg = arg;
	ev.data.ptr = w;
	if (epoll_ctl(l->l_epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		free(w);
		return NULL;
	}
	return w;
}

int loop_watch_mod(struct loop_watch *w, uint32_t events)
{
	struct epoll_event ev = {.events = events, .data.ptr = w};
	return epoll_ctl(w->w_loop->l_epfd, EPOLL_CTL_MOD, w->w_fd, &ev);
}

void loop_unwatch(struct loop_watch *w)
{
	if (!w || w->w_dead)
		return;
	epoll_ctl(w->w_loop->l_epfd, EPOLL_CTL_DEL, w->w_fd, NULL);
	w->w_dead = true;
	w->w_next_dead = w->w_loop->l_dead;
	w->w_loop->l_dead = w;
}

int loop_run(struct loop *l)
{
	struct epoll_event evs[64];

	l->l_stop = false;
	while (!l->l_stop) {
		int n = epoll_wait(l->l_epfd, evs, 64, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		for (int i = 0; i < n; i++) {
			struct loop_watch *w = evs[i].data.ptr;
			if (!w->w_dead)
				w->w_fn(w->w_arg, evs[i].events);
		}
		reap(l);
	}
	return 0;
}

void loop_stop(struct loop *l)
{
	l->l_stop = true;
}
