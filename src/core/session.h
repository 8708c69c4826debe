/* What a CLI session works on: the running daemon, a configuration model, the output format. */
#ifndef FERRY_CORE_SESSION_H
#define FERRY_CORE_SESSION_H

#include <stdbool.h>

#include "parser/cli.h"
#include "parser/pipe.h"

struct ferryd;
struct config;
struct session;

typedef void session_resume_fn(struct session *s, int status);

struct session {
	struct cli_ctx s_cli;
	struct ferryd *s_daemon; /* NULL while checking a file offline */
	struct config *s_cfg;
	bool s_loading;		 /* lines come from a file */
	bool s_closed;		 /* the user logged out */
	enum pipe_format s_format; /* | xml, | json */
	/* a command that finishes later (on a worker) defers its reply */
	bool s_deferred;
	session_resume_fn *s_resume;
	void *s_resume_arg;
};

void session_init(struct session *s, struct cli_tree *t, struct ferryd *d, struct config *cfg, int mode);
struct session *session_of(const struct cli_ctx *c);
/* Called by a handler whose result comes later; it must call session_done. */
void session_defer(struct cli_ctx *c);
void session_done(struct session *s, int status);

#endif
