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
	bool s_loading;		   /* lines come from a file */
	bool s_closed;		   /* the user logged out */
	enum pipe_format s_format; /* | xml, | json */
	/* a command that finishes later (on a worker) defers its reply */
	bool s_deferred;
	session_resume_fn *s_resume;
	void *s_resume_arg;
	struct session *s_prev, *s_next; /* every live session */
};

/* Starts a session (listed until session_fini). */
void session_init(struct session *s, struct cli_tree *t, struct ferryd *d, struct config *cfg, int mode);
void session_fini(struct session *s);
struct session *session_of(const struct cli_ctx *c);
/* Called by a handler whose result comes later; it must call session_done. */
void session_defer(struct cli_ctx *c);
void session_done(struct session *s, int status);
/* An object [obj, obj+size) is being freed: sessions inside its mode (or
 * deeper) go back to the mode that encloses it. Call before freeing any
 * object a configuration mode works on. */
void session_forget(const void *obj, size_t size);
/* The running model is being replaced: sessions in configuration modes go
 * back to privileged EXEC and all of them work on cfg from now on. */
void session_rebase_all(struct config *cfg);

#endif
