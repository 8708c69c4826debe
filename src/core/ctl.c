/* Control-socket server: framing, sessions, pipes, deferred replies. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cli/ctl_proto.h"
#include "config/modes.h"
#include "core/bytebuf.h"
#include "core/ctl.h"
#include "core/daemon.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/session.h"
#include "core/sync.h"
#include "sys/sys.h"

#define OUT_FRAME 65536

struct ctl_conn {
	struct ferryd *cn_d;
	int cn_fd;
	struct loop_watch *cn_watch;
	struct session cn_sess;
	struct bytebuf cn_in, cn_out, cn_text; /* requests, framed replies, unframed output */
	struct pipe_chain cn_pipe;
	bool cn_piped, cn_busy, cn_dead;
	struct ctl_server *cn_srv;
	unsigned cn_vty; /* the session's number in logs, like an IOS vty line */
	struct ctl_conn *cn_prev, *cn_next;
};

struct ctl_server {
	struct ferryd *cs_d;
	int cs_fd;
	char *cs_path;
	struct loop_watch *cs_watch;
	struct ctl_conn *cs_conns;
	unsigned cs_sessions; /* sessions opened so far */
};

static void conn_free(struct ctl_conn *cn)
{
	if (cn->cn_prev)
		cn->cn_prev->cn_next = cn->cn_next;
	else
		cn->cn_srv->cs_conns = cn->cn_next;
	if (cn->cn_next)
		cn->cn_next->cn_prev = cn->cn_prev;
	session_fini(&cn->cn_sess);
	loop_unwatch(cn->cn_watch);
	close(cn->cn_fd);
	if (cn->cn_piped)
		pipe_free(&cn->cn_pipe);
	bytebuf_free(&cn->cn_in);
	bytebuf_free(&cn->cn_out);
	bytebuf_free(&cn->cn_text);
	free(cn);
}

/* Frees now, or when its deferred command completes. */
static void conn_drop(struct ctl_conn *cn)
{
	if (cn->cn_busy) {
		cn->cn_dead = true;
		loop_unwatch(cn->cn_watch);
		cn->cn_watch = NULL;
		return;
	}
	conn_free(cn);
}

static void frame(struct ctl_conn *cn, enum ctl_type type, const void *data, size_t len)
{
	uint8_t hdr[5];

	ctl_header(hdr, type, (uint32_t)len);
	if (bytebuf_add(&cn->cn_out, hdr, sizeof(hdr)) < 0 || bytebuf_add(&cn->cn_out, data, len) < 0)
		cn->cn_dead = true;
}

static void text_flush(struct ctl_conn *cn)
{
	const uint8_t *text = bytebuf_head(&cn->cn_text);

	for (size_t off = 0; off < cn->cn_text.bb_len; off += OUT_FRAME) {
		size_t n = cn->cn_text.bb_len - off < OUT_FRAME ? cn->cn_text.bb_len - off : OUT_FRAME;
		frame(cn, CTL_OUTPUT, text + off, n);
	}
	bytebuf_clear(&cn->cn_text);
}

static void conn_write(struct ctl_conn *cn)
{
	struct bytebuf *b = &cn->cn_out;

	while (b->bb_len) {
		ssize_t n = write(cn->cn_fd, bytebuf_head(b), b->bb_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		if (n <= 0) {
			cn->cn_dead = true;
			return;
		}
		bytebuf_consume(b, (size_t)n);
	}
	if (cn->cn_watch)
		loop_watch_mod(cn->cn_watch, EPOLLIN | (b->bb_len ? EPOLLOUT : 0));
}

/* Raw output of the command, after pipes. */
static void emit_text(void *arg, const char *buf, size_t len)
{
	struct ctl_conn *cn = arg;

	if (bytebuf_add(&cn->cn_text, buf, len) < 0)
		cn->cn_dead = true;
	if (cn->cn_text.bb_len >= OUT_FRAME)
		text_flush(cn);
}

/* Output of the command: through the pipe chain if there is one. */
static void session_out(void *arg, const char *buf, size_t len)
{
	struct ctl_conn *cn = arg;

	if (cn->cn_piped)
		pipe_feed(&cn->cn_pipe, buf, len);
	else
		emit_text(cn, buf, len);
}

static void send_done(struct ctl_conn *cn, int status, int caret, const char *error)
{
	struct session *s = &cn->cn_sess;
	struct ctl_done d = {.cd_status = status, .cd_caret = caret, .cd_termlen = s->s_cli.c_term_length};
	char payload[512];

	if (cn->cn_piped) {
		pipe_finish(&cn->cn_pipe);
		cn->cn_piped = false;
	}
	text_flush(cn);
	cli_prompt(&s->s_cli, sys_hostname(s->s_cfg), d.cd_prompt, sizeof(d.cd_prompt));
	snprintf(d.cd_error, sizeof(d.cd_error), "%s", error ? error : "");
	int n = ctl_done_format(payload, sizeof(payload), &d);
	frame(cn, CTL_DONE, payload, n < (int)sizeof(payload) ? (size_t)n : sizeof(payload) - 1);
	conn_write(cn);
}

static void exec_result(struct ctl_conn *cn, enum cli_status st)
{
	struct cli_ctx *c = &cn->cn_sess.s_cli;
	int caret = st == CLI_ERR_INVALID ? c->c_err_col : -1;

	if (cn->cn_sess.s_closed)
		send_done(cn, CTL_ST_CLOSED, -1, NULL);
	else
		send_done(cn, st == CLI_OK ? CTL_ST_OK : CTL_ST_ERROR, caret,
			  st == CLI_ERR_FAILED ? NULL : c->c_err_text);
}

static void resumed(struct session *s, int status)
{
	struct ctl_conn *cn = s->s_resume_arg;

	cn->cn_busy = false;
	if (cn->cn_dead) {
		conn_free(cn);
		return;
	}
	exec_result(cn, status == 0 ? CLI_OK : CLI_ERR_FAILED);
}

static bool in_exec(const struct cli_ctx *c)
{
	return cli_mode(c) == MODE_EXEC || cli_mode(c) == MODE_ENABLE;
}

static void do_exec(struct ctl_conn *cn, const char *line)
{
	struct session *s = &cn->cn_sess;
	char cmd[CLI_MAX_LINE], err[128];
	int col;

	s->s_format = PIPE_FMT_TEXT;
	if (!pipe_allowed(&s->s_cli, line)) {
		memset(&cn->cn_pipe, 0, sizeof(cn->cn_pipe));
		snprintf(cmd, sizeof(cmd), "%s", line);
	} else if (pipe_parse(line, cmd, sizeof(cmd), &cn->cn_pipe, err, sizeof(err), &col) < 0) {
		send_done(cn, CTL_ST_ERROR, col, err);
		return;
	}
	s->s_format = cn->cn_pipe.pc_format;
	cn->cn_piped = cn->cn_pipe.pc_n > 0;
	pipe_start(&cn->cn_pipe, emit_text, cn);
	bool was_config = !in_exec(&s->s_cli);
	enum cli_status st = cli_execute(&s->s_cli, cmd);
	if (was_config && in_exec(&s->s_cli))
		log_msg(SEV_NOTICE, "SYS", "CONFIG_I", "Configured from console by vty%u", cn->cn_vty);
	if (was_config)
		sync_run(cn->cn_d);
	if (s->s_deferred) {
		cn->cn_busy = true;
		return;
	}
	exec_result(cn, st);
}

static void do_complete(struct ctl_conn *cn, const char *line)
{
	const char *cand[256];
	size_t n = cli_complete(&cn->cn_sess.s_cli, line, cand, 256);

	for (size_t i = 0; i < n; i++)
		frame(cn, CTL_CANDIDATE, cand[i], strlen(cand[i]));
	send_done(cn, CTL_ST_OK, -1, NULL);
}

static void handle(struct ctl_conn *cn, uint8_t type, const char *payload)
{
	switch (type) {
	case CTL_EXEC:
		do_exec(cn, payload);
		break;
	case CTL_HELP:
		cli_help(&cn->cn_sess.s_cli, payload, emit_text, cn);
		send_done(cn, CTL_ST_OK, -1, NULL);
		break;
	case CTL_COMPLETE:
		do_complete(cn, payload);
		break;
	case CTL_ENABLE:
		cli_reset(&cn->cn_sess.s_cli, MODE_ENABLE, cn->cn_d->fd_running);
		send_done(cn, CTL_ST_OK, -1, NULL);
		break;
	case CTL_HELLO:
		send_done(cn, CTL_ST_OK, -1, NULL);
		break;
	default:
		log_msg(SEV_WARN, "CTL", "BADREQ", "unknown request type 0x%02x; closing the session", type);
		cn->cn_dead = true;
	}
}

/* Handles every complete request in the input buffer, one at a time. */
static void process(struct ctl_conn *cn)
{
	struct bytebuf *b = &cn->cn_in;

	while (!cn->cn_busy && !cn->cn_dead && b->bb_len >= 5) {
		const uint8_t *hdr = bytebuf_head(b);
		uint32_t len = ctl_header_len(hdr);
		if (len > CTL_MAX_FRAME) {
			log_msg(SEV_WARN, "CTL", "BADREQ", "request of %u bytes refused; closing the session", len);
			cn->cn_dead = true;
			return;
		}
		if (b->bb_len < 5 + (size_t)len)
			return;
		char *payload = strndup((const char *)hdr + 5, len);
		if (!payload) {
			cn->cn_dead = true;
			return;
		}
		uint8_t type = hdr[0];
		bytebuf_consume(b, 5 + (size_t)len);
		handle(cn, type, payload);
		free(payload);
	}
}

static void conn_event(void *arg, uint32_t events)
{
	struct ctl_conn *cn = arg;
	char tmp[65536];

	if (events & EPOLLOUT)
		conn_write(cn);
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
		ssize_t n = read(cn->cn_fd, tmp, sizeof(tmp));
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			cn->cn_dead = true;
		else if (n > 0 && bytebuf_add(&cn->cn_in, tmp, (size_t)n) < 0)
			cn->cn_dead = true;
		process(cn);
	}
	if (cn->cn_dead || (cn->cn_sess.s_closed && cn->cn_out.bb_len == 0))
		conn_drop(cn);
}

static void accept_event(void *arg, uint32_t events)
{
	struct ctl_server *srv = arg;
	struct ctl_conn *cn;
	int fd = accept4(srv->cs_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0)
		return;
	cn = calloc(1, sizeof(*cn));
	if (!cn) {
		close(fd);
		return;
	}
	cn->cn_d = srv->cs_d;
	cn->cn_fd = fd;
	cn->cn_srv = srv;
	cn->cn_vty = srv->cs_sessions++;
	cn->cn_next = srv->cs_conns;
	if (srv->cs_conns)
		srv->cs_conns->cn_prev = cn;
	srv->cs_conns = cn;
	session_init(&cn->cn_sess, srv->cs_d->fd_tree, srv->cs_d, srv->cs_d->fd_running, MODE_EXEC);
	cn->cn_sess.s_cli.c_out = session_out;
	cn->cn_sess.s_cli.c_out_arg = cn;
	cn->cn_sess.s_resume = resumed;
	cn->cn_sess.s_resume_arg = cn;
	cn->cn_watch = loop_watch_fd(srv->cs_d->fd_loop, fd, EPOLLIN, conn_event, cn);
	if (!cn->cn_watch)
		conn_free(cn);
}

/* Refuses to take over the socket of a ferryd that still answers. */
static int claim_path(const char *path, struct sockaddr_un *sa)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)sa, sizeof(*sa)) == 0) {
		close(fd);
		log_msg(SEV_ERR, "CTL", "INUSE", "another ferryd answers on %s", path);
		return -1;
	}
	close(fd);
	unlink(path);
	return 0;
}

static int make_parent(const char *path)
{
	char *dup = strdup(path);
	int rc;

	if (!dup)
		return -1;
	rc = mkdir(dirname(dup), 0755);
	free(dup);
	return rc < 0 && errno != EEXIST ? -1 : 0;
}

struct ctl_server *ctl_listen(struct ferryd *d, const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct ctl_server *srv;
	mode_t old;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		log_msg(SEV_ERR, "CTL", "PATH", "socket path too long: %s", path);
		return NULL;
	}
	strcpy(sa.sun_path, path);
	if (make_parent(path) < 0 || claim_path(path, &sa) < 0)
		return NULL;
	if (!(srv = calloc(1, sizeof(*srv))))
		return NULL;
	srv->cs_d = d;
	srv->cs_path = strdup(path);
	srv->cs_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	old = umask(0177);
	int rc = srv->cs_fd < 0 ? -1 : bind(srv->cs_fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (rc < 0 || chmod(path, 0600) < 0 || listen(srv->cs_fd, 16) < 0 ||
	    !(srv->cs_watch = loop_watch_fd(d->fd_loop, srv->cs_fd, EPOLLIN, accept_event, srv))) {
		log_msg(SEV_ERR, "CTL", "LISTEN", "cannot listen on %s: %s", path, strerror(errno));
		ctl_close(srv);
		return NULL;
	}
	return srv;
}

void ctl_close(struct ctl_server *srv)
{
	if (!srv)
		return;
	while (srv->cs_conns)
		conn_free(srv->cs_conns);
	loop_unwatch(srv->cs_watch);
	if (srv->cs_fd >= 0) {
		close(srv->cs_fd);
		unlink(srv->cs_path);
	}
	free(srv->cs_path);
	free(srv);
}
