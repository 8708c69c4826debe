/* Output pipes applied line by line to what a command prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pipe.h"

struct pipe_opt {
	const char *po_name;
	const char *po_help;
	int po_kind; /* enum pipe_kind, or -1 - format */
	bool po_re;  /* takes a regular expression */
};

static const struct pipe_opt pipe_opts[] = {
    {"begin", "Begin with the line that matches", PIPE_BEGIN, true},
    {"count", "Count number of lines which match regexp", PIPE_COUNT, false},
    {"exclude", "Exclude lines that match", PIPE_EXCLUDE, true},
    {"include", "Include lines that match", PIPE_INCLUDE, true},
    {"json", "Output in JSON", -1 - PIPE_FMT_JSON, false},
    {"section", "Filter a section of output", PIPE_SECTION, true},
    {"xml", "Output in XML", -1 - PIPE_FMT_XML, false},
};
#define NOPTS (sizeof(pipe_opts) / sizeof(pipe_opts[0]))

static const struct pipe_opt *opt_find(const char *w, size_t len, bool *ambiguous)
{
	const struct pipe_opt *found = NULL;

	*ambiguous = false;
	for (size_t i = 0; i < NOPTS; i++) {
		if (strlen(pipe_opts[i].po_name) < len || strncasecmp(pipe_opts[i].po_name, w, len) != 0)
			continue;
		if (found)
			*ambiguous = true;
		found = &pipe_opts[i];
	}
	return found;
}

/* Finds the next " | " separator at or after p; NULL if none. */
static const char *next_bar(const char *base, const char *p)
{
	for (; *p; p++)
		if (*p == '|' && p > base && (p[1] == ' ' || p[1] == '\0') && (p[-1] == ' ' || p[-1] == '\t'))
			return p;
	return NULL;
}

static int parse_stage(struct pipe_chain *pc, const char *line, const char *seg, size_t seglen, char *err,
		       size_t errlen, int *errcol)
{
	size_t off = strspn(seg, " \t");
	size_t wl = strcspn(seg + off, " \t|");
	const char *re = seg + off + wl;
	bool amb;
	const struct pipe_opt *o = wl ? opt_find(seg + off, wl, &amb) : NULL;

	*errcol = (int)(seg + off - line);
	if (!o || amb) {
		snprintf(err, errlen, wl ? "%% Invalid input detected at '^' marker." : "%% Incomplete command.");
		return -1;
	}
	if (o->po_kind < 0) {
		pc->pc_format = (enum pipe_format)(-1 - o->po_kind);
		return 0;
	}
	struct pipe_stage *st = &pc->pc_st[pc->pc_n];
	char rebuf[1024];
	size_t rl = seglen - (size_t)(re - seg);
	while (rl && (*re == ' ' || *re == '\t'))
		re++, rl--;
	while (rl && (re[rl - 1] == ' ' || re[rl - 1] == '\t'))
		rl--;
	memset(st, 0, sizeof(*st));
	st->ps_kind = (enum pipe_kind)o->po_kind;
	if (rl == 0 && o->po_re) {
		*errcol = (int)(seg + seglen - line);
		snprintf(err, errlen, "%% Incomplete command.");
		return -1;
	}
	if (rl) {
		snprintf(rebuf, sizeof(rebuf), "%.*s", (int)rl, re);
		if (regcomp(&st->ps_re, rebuf, REG_EXTENDED | REG_NOSUB) != 0) {
			*errcol = (int)(re - line);
			snprintf(err, errlen, "%% Invalid regular expression.");
			return -1;
		}
		st->ps_has_re = true;
	}
	pc->pc_n++;
	return 0;
}

int pipe_parse(const char *line, char *cmd, size_t cmdlen, struct pipe_chain *pc, char *err, size_t errlen, int *errcol)
{
	const char *bar = next_bar(line, line);
	size_t clen = bar ? (size_t)(bar - line) : strlen(line);

	memset(pc, 0, sizeof(*pc));
	snprintf(cmd, cmdlen, "%.*s", (int)clen, line);
	while (bar) {
		const char *seg = bar + 1, *nb = next_bar(line, seg);
		size_t seglen = nb ? (size_t)(nb - seg) : strlen(seg);
		if (pc->pc_n == PIPE_MAX) {
			*errcol = (int)(bar - line);
			snprintf(err, errlen, "%% Too many pipes.");
			pipe_free(pc);
			return -1;
		}
		if (parse_stage(pc, line, seg, seglen, err, errlen, errcol) < 0) {
			pipe_free(pc);
			return -1;
		}
		bar = nb;
	}
	return 0;
}

void pipe_start(struct pipe_chain *pc, cli_out_fn *out, void *arg)
{
	pc->pc_out = out;
	pc->pc_arg = arg;
}

static bool line_matches(const struct pipe_stage *st, const char *l)
{
	return !st->ps_has_re || regexec(&st->ps_re, l, 0, NULL, 0) == 0;
}

static void emit(struct pipe_chain *pc, size_t stage, const char *l);

static void section_line(struct pipe_chain *pc, size_t stage, struct pipe_stage *st, const char *l)
{
	bool child = l[0] == ' ' || l[0] == '\t';

	if (!child) {
		free(st->ps_head);
		st->ps_head = strdup(l);
		st->ps_head_shown = false;
		st->ps_in_match = line_matches(st, l);
		if (st->ps_in_match) {
			st->ps_head_shown = true;
			emit(pc, stage + 1, l);
		}
		return;
	}
	if (st->ps_in_match) {
		emit(pc, stage + 1, l);
	} else if (line_matches(st, l)) {
		if (!st->ps_head_shown && st->ps_head)
			emit(pc, stage + 1, st->ps_head);
		st->ps_head_shown = true;
		emit(pc, stage + 1, l);
	}
}

/* Passes one line (without newline) through stage and the ones after it. */
static void emit(struct pipe_chain *pc, size_t stage, const char *l)
{
	struct pipe_stage *st;

	if (stage == pc->pc_n) {
		pc->pc_out(pc->pc_arg, l, strlen(l));
		pc->pc_out(pc->pc_arg, "\n", 1);
		return;
	}
	st = &pc->pc_st[stage];
	switch (st->ps_kind) {
	case PIPE_INCLUDE:
		if (line_matches(st, l))
			emit(pc, stage + 1, l);
		break;
	case PIPE_EXCLUDE:
		if (!line_matches(st, l))
			emit(pc, stage + 1, l);
		break;
	case PIPE_BEGIN:
		st->ps_begun = st->ps_begun || line_matches(st, l);
		if (st->ps_begun)
			emit(pc, stage + 1, l);
		break;
	case PIPE_SECTION:
		section_line(pc, stage, st, l);
		break;
	case PIPE_COUNT:
		if (line_matches(st, l))
			st->ps_count++;
		break;
	}
}

void pipe_feed(void *chain, const char *buf, size_t len)
{
	struct pipe_chain *pc = chain;

	while (len) {
		const char *nl = memchr(buf, '\n', len);
		size_t take = nl ? (size_t)(nl - buf) : len;
		char *p = realloc(pc->pc_partial, pc->pc_plen + take + 1);
		if (!p)
			return;
		pc->pc_partial = p;
		memcpy(p + pc->pc_plen, buf, take);
		pc->pc_plen += take;
		p[pc->pc_plen] = '\0';
		if (!nl)
			return;
		emit(pc, 0, p);
		pc->pc_plen = 0;
		buf += take + 1;
		len -= take + 1;
	}
}

void pipe_finish(struct pipe_chain *pc)
{
	char buf[96];

	if (pc->pc_plen) {
		emit(pc, 0, pc->pc_partial);
		pc->pc_plen = 0;
	}
	for (size_t i = 0; i < pc->pc_n; i++) {
		if (pc->pc_st[i].ps_kind != PIPE_COUNT)
			continue;
		int n = snprintf(buf, sizeof(buf), "Number of lines which match regexp = %lu", pc->pc_st[i].ps_count);
		pc->pc_out(pc->pc_arg, buf, (size_t)n);
		pc->pc_out(pc->pc_arg, "\n", 1);
		break;
	}
	pipe_free(pc);
}

void pipe_free(struct pipe_chain *pc)
{
	for (size_t i = 0; i < pc->pc_n; i++) {
		if (pc->pc_st[i].ps_has_re)
			regfree(&pc->pc_st[i].ps_re);
		free(pc->pc_st[i].ps_head);
		pc->pc_st[i].ps_head = NULL;
		pc->pc_st[i].ps_has_re = false;
	}
	pc->pc_n = 0;
	free(pc->pc_partial);
	pc->pc_partial = NULL;
	pc->pc_plen = 0;
}

bool pipe_allowed(const struct cli_ctx *c, const char *line)
{
	const struct cli_mode_def *md = cli_mode_get(c->c_tree, cli_mode(c));
	const char *w[1];
	size_t wl[1];

	if (md && md->md_exec)
		return true;
	return cli_split(line, w, wl, 1) >= 1 && wl[0] == 2 && strncasecmp(w[0], "do", 2) == 0;
}

bool pipe_help(const char *line, cli_out_fn *out, void *arg)
{
	const char *bar = next_bar(line, line), *last = NULL;
	char buf[256];

	for (; bar; bar = next_bar(line, bar + 1))
		last = bar;
	if (!last)
		return false;
	const char *seg = last + 1 + strspn(last + 1, " \t");
	size_t wl = strcspn(seg, " \t");
	bool amb, done = seg[wl] != '\0';
	const struct pipe_opt *o = opt_find(seg, wl, &amb);

	if (done && o && !amb) {
		int n = o->po_re ? snprintf(buf, sizeof(buf), "  LINE  Regular Expression\n")
				 : snprintf(buf, sizeof(buf), "  <cr>\n");
		out(arg, buf, (size_t)n);
		return true;
	}
	for (size_t i = 0; i < NOPTS; i++) {
		if (strncasecmp(pipe_opts[i].po_name, seg, wl) != 0)
			continue;
		int n = wl ? snprintf(buf, sizeof(buf), "%s  ", pipe_opts[i].po_name)
			   : snprintf(buf, sizeof(buf), "  %-8s %s\n", pipe_opts[i].po_name, pipe_opts[i].po_help);
		out(arg, buf, (size_t)n);
	}
	if (wl)
		out(arg, "\n", 1);
	return true;
}
