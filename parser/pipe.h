/* Output pipes: "| include RE", "| exclude RE", "| begin RE", "| section RE", "| count [RE]", "| xml", "| json". */
#ifndef FERRY_PARSER_PIPE_H
#define FERRY_PARSER_PIPE_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "cli.h"

#define PIPE_MAX 8

enum pipe_kind { PIPE_INCLUDE, PIPE_EXCLUDE, PIPE_BEGIN, PIPE_SECTION, PIPE_COUNT };
enum pipe_format { PIPE_FMT_TEXT, PIPE_FMT_XML, PIPE_FMT_JSON };

struct pipe_stage {
	enum pipe_kind ps_kind;
	regex_t ps_re;
	bool ps_has_re;
	/* running state */
	bool ps_begun;
	unsigned long ps_count;
	char *ps_head;	    /* section: the current header line */
	bool ps_head_shown; /* section: header already written */
	bool ps_in_match;   /* section: header matched, children pass */
};

struct pipe_chain {
	struct pipe_stage pc_st[PIPE_MAX];
	size_t pc_n;
	enum pipe_format pc_format;
	cli_out_fn *pc_out;
	void *pc_arg;
	char *pc_partial; /* bytes of an unfinished line */
	size_t pc_plen;
};

/*
 * Splits "CMD | include X | count" into the command (written to cmd) and the
 * chain. Returns 0, or -1 with a message in err (IOS wording) and the
 * caret column in *errcol.
 */
int pipe_parse(const char *line, char *cmd, size_t cmdlen, struct pipe_chain *pc, char *err, size_t errlen,
	       int *errcol);
/* Starts the chain writing to out. */
void pipe_start(struct pipe_chain *pc, cli_out_fn *out, void *arg);
/* Feeds output bytes (cli_out_fn signature with the chain as arg). */
void pipe_feed(void *chain, const char *buf, size_t len);
/* Flushes the last line and any count; frees the chain's state. */
void pipe_finish(struct pipe_chain *pc);
void pipe_free(struct pipe_chain *pc);
/* Pipes filter EXEC output: in EXEC modes, and behind "do" in configuration
 * modes; elsewhere a '|' is part of the command (a description, a banner). */
bool pipe_allowed(const struct cli_ctx *c, const char *line);
/* '?' after a pipe: writes the options; false if the line has no pipe. */
bool pipe_help(const char *line, cli_out_fn *out, void *arg);

#endif
