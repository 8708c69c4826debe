/* CLI sessions. */
#include <string.h>

#include "core/session.h"

void session_init(struct session *s, struct cli_tree *t, struct ferryd *d, struct config *cfg, int mode)
{
	memset(s, 0, sizeof(*s));
	cli_ctx_init(&s->s_cli, t, mode, cfg);
	s->s_cli.c_user = s;
	s->s_daemon = d;
	s->s_cfg = cfg;
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
