/* A BGP connection on the event loop: non-blocking connect, the receive and send buffers, the FSM's timers. */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgp/bgp_session.h"
#include "core/daemon.h"
#include "core/loop.h"

static void conn_timer_fired(void *arg)
{
	struct bgp_conn_timer *ct = arg;
	struct bgp_peer *p = ct->ct_conn->cn_peer;

	bgp_fsm_timer_expired(&ct->ct_conn->cn_fsm, ct->ct_which);
	bgp_peer_settle(p);
}

struct bgp_conn *bgp_conn_new(struct bgp_peer *p, bool incoming)
{
	struct bgp_conn *cn = calloc(1, sizeof(*cn));

	if (!cn)
		return NULL;
	cn->cn_peer = p;
	cn->cn_fd = -1;
	cn->cn_incoming = incoming;
	for (int t = 0; t < BGP_TIMER_COUNT; t++) {
		struct bgp_conn_timer *ct = &cn->cn_timers[t];
		ct->ct_conn = cn;
		ct->ct_which = (enum bgp_timer)t;
		ct->ct_timer = loop_timer_add(p->bp_daemon->fd_loop, 0, conn_timer_fired, ct);
		if (!ct->ct_timer) {
			bgp_conn_free(cn);
			return NULL;
		}
	}
	bgp_fsm_init(&cn->cn_fsm, &p->bp_conf.pc_fsm, &bgp_conn_ops, cn);
	return cn;
}

static void conn_close(void *ctx)
{
	struct bgp_conn *cn = ctx;

	loop_unwatch(cn->cn_watch);
	cn->cn_watch = NULL;
	if (cn->cn_fd >= 0)
		close(cn->cn_fd);
	cn->cn_fd = -1;
	cn->cn_connecting = false;
	cn->cn_rx_len = 0;
	bytebuf_free(&cn->cn_tx);
}

void bgp_conn_free(struct bgp_conn *cn)
{
	if (!cn)
		return;
	conn_close(cn);
	for (int t = 0; t < BGP_TIMER_COUNT; t++)
		loop_timer_cancel(cn->cn_timers[t].ct_timer);
	bytebuf_free(&cn->cn_tx);
	free(cn);
}

/* Reads what the socket has and feeds whole messages to the FSM; false when the connection ended. */
static bool conn_read(struct bgp_conn *cn)
{
	ssize_t n = read(cn->cn_fd, cn->cn_rx + cn->cn_rx_len, sizeof(cn->cn_rx) - cn->cn_rx_len);
	size_t used;

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return true;
	if (n <= 0)
		return false;
	cn->cn_rx_len += (size_t)n;
	used = bgp_fsm_input(&cn->cn_fsm, cn->cn_rx, cn->cn_rx_len);
	if (cn->cn_fd < 0)
		return true; /* the FSM closed it: the buffers are already reset */
	memmove(cn->cn_rx, cn->cn_rx + used, cn->cn_rx_len - used);
	cn->cn_rx_len -= used;
	return true;
}

/* Writes queued bytes; false on a socket error. */
static bool conn_flush(struct bgp_conn *cn)
{
	ssize_t n = write(cn->cn_fd, bytebuf_head(&cn->cn_tx), cn->cn_tx.bb_len);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR;
	bytebuf_consume(&cn->cn_tx, (size_t)n);
	return loop_watch_mod(cn->cn_watch, EPOLLIN | (cn->cn_tx.bb_len ? EPOLLOUT : 0)) == 0;
}

static bool conn_connected(struct bgp_conn *cn)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(cn->cn_fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err)
		return false;
	cn->cn_connecting = false;
	if (loop_watch_mod(cn->cn_watch, EPOLLIN) < 0)
		return false;
	bgp_fsm_tcp_up(&cn->cn_fsm);
	return true;
}

static void conn_event(void *arg, uint32_t events)
{
	struct bgp_conn *cn = arg;
	struct bgp_peer *p = cn->cn_peer;
	bool ok = true;

	if (cn->cn_connecting)
		ok = conn_connected(cn);
	else if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		ok = conn_read(cn);
	if (ok && cn->cn_fd >= 0 && !cn->cn_connecting && (events & EPOLLOUT) && cn->cn_tx.bb_len)
		ok = conn_flush(cn);
	if (!ok)
		bgp_fsm_tcp_down(&cn->cn_fsm);
	bgp_peer_settle(p);
}

void bgp_conn_adopt(struct bgp_conn *cn, int fd)
{
	conn_close(cn);
	cn->cn_fd = fd;
	cn->cn_watch = loop_watch_fd(cn->cn_peer->bp_daemon->fd_loop, fd, EPOLLIN, conn_event, cn);
	if (!cn->cn_watch) {
		conn_close(cn);
		return;
	}
	bgp_fsm_tcp_up(&cn->cn_fsm);
}

/* The socket options the configuration asks for: TTL (ebgp-multihop) and the source (update-source). */
static int conn_socket(const struct bgp_peer_conf *pc)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int ttl = pc->pc_ttl;
	struct sockaddr_in src = {.sin_family = AF_INET, .sin_addr = pc->pc_source};

	if (fd < 0)
		return -1;
	if (setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) < 0 ||
	    (src.sin_addr.s_addr && bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int conn_connect(void *ctx)
{
	struct bgp_conn *cn = ctx;
	struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons(BGP_PORT), .sin_addr = cn->cn_peer->bp_addr};
	int fd = conn_socket(&cn->cn_peer->bp_conf);

	conn_close(cn);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&dst, sizeof(dst)) < 0 && errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	cn->cn_fd = fd;
	cn->cn_connecting = true;
	cn->cn_incoming = false;
	cn->cn_watch = loop_watch_fd(cn->cn_peer->bp_daemon->fd_loop, fd, EPOLLOUT, conn_event, cn);
	if (!cn->cn_watch) {
		conn_close(cn);
		return -1;
	}
	return 0;
}

static int conn_queue(struct bgp_conn *cn, const uint8_t *buf, size_t len)
{
	if (bytebuf_add(&cn->cn_tx, buf, len) < 0)
		return -1;
	return loop_watch_mod(cn->cn_watch, EPOLLIN | EPOLLOUT);
}

static int conn_send(void *ctx, const uint8_t *buf, size_t len)
{
	struct bgp_conn *cn = ctx;
	ssize_t n = 0;

	if (cn->cn_fd < 0 || cn->cn_connecting)
		return -1;
	if (cn->cn_tx.bb_len == 0) {
		n = send(cn->cn_fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -1;
		if (n < 0)
			n = 0;
	}
	return (size_t)n == len ? 0 : conn_queue(cn, buf + n, len - (size_t)n);
}

static void conn_timer(void *ctx, enum bgp_timer t, unsigned secs)
{
	struct bgp_conn *cn = ctx;

	loop_timer_rearm(cn->cn_timers[t].ct_timer, secs * 1000);
}

static bool conn_open(void *ctx, const struct bgp_open *o)
{
	return bgp_peer_fo_open(ctx, o);
}

static void conn_up(void *ctx)
{
	bgp_peer_up(ctx);
}

static void conn_down(void *ctx, const char *reason)
{
	bgp_peer_down(ctx, reason);
}

static void conn_update(void *ctx, const struct bgp_update *u, enum bgp_action a)
{
	struct bgp_conn *cn = ctx;

	bgp_routes_update(cn->cn_peer, u, a);
}

static void conn_refresh(void *ctx, enum bgp_family fam)
{
	struct bgp_conn *cn = ctx;

	bgp_run_peer_refresh(cn->cn_peer, fam);
}

const struct bgp_fsm_ops bgp_conn_ops = {
    .fo_connect = conn_connect,
    .fo_close = conn_close,
    .fo_send = conn_send,
    .fo_timer = conn_timer,
    .fo_open = conn_open,
    .fo_up = conn_up,
    .fo_down = conn_down,
    .fo_update = conn_update,
    .fo_refresh = conn_refresh,
};
