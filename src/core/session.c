/* CLI sessions. */
#include <string.h>

#include "config/modes.h"
#include "core/session.h"

/* Sessions live on the loop thread only. */
static struct session *sessions;

void session_init(struct session *s, struct cli_tree *t, struct ferryd *d, struct config *cfg, int mode)
{
	memset(s, 0, sizeof(*s));
	cli_ctx_init(&s->s_cli, t, mode, cfg);
	s->s_cli.c_user = s;
	s->s_daemon = d;
	s->s_cfg = cfg;
	s->s_next = sessions;
	if (sessions)
		sessions->s_prev = s;
	sessions = s;
}

void session_fini(struct session *s)
{
	if (s->s_prev)
		s->s_prev->s_next = s->s_next;
	else if (sessions == s)
		sessions = s->s_next;
	if (s->s_next)
		s->s_next->s_prev = s->s_prev;
	s->s_prev = s->s_next = NULL;
}

void session_forget(const void *obj, size_t size)
{
	const char *lo = obj, *hi = lo + size;

	for (struct session *s = sessions; s; s = s->s_next) {
		struct cli_ctx *c = &s->s_cli;
		for (int d = 1; d <= c->c_depth; d++) {
			const char *f = c->c_stack[d].f_obj;
			if (f >= lo && f < hi) {
				c->c_depth = d - 1;
				break;
			}
		}
	}
}

void session_rebase_all(struct config *cfg)
{
	for (struct session *s = sessions; s; s = s->s_next) {
		struct cli_ctx *c = &s->s_cli;
		int mode = cli_mode(c) == MODE_EXEC ? MODE_EXEC : MODE_ENABLE;

		s->s_cfg = cfg;
		cli_reset(c, mode, cfg);
		c->c_stack[c->c_depth].f_obj = cfg;
	}
}

struct session *session_of(const struct cli_ctx *c)
{
	return c->c_user;
}

void session_defer(struct cli_ctx *c)
{
	session_of(c)->s_deferred = true;
}

void session_done(struct session *s, int status)
{
	s->s_deferred = false;
	if (s->s_resume)
		s->s_resume(s, status);
}
