/* Running a line: match it in the session's mode (or an enclosing one), build arguments, call the handler. */
#include <stdio.h>
#include <string.h>

#include "cli_int.h"
#include "match.h"

struct words {
	const char *w[CLI_MAX_WORDS + 1];
	size_t wl[CLI_MAX_WORDS + 1];
	size_t n;
};

struct parsed {
	enum cli_status p_status;
	int p_col;
	char p_err[256];
	const struct cli_entry *p_entry;
};

static void set_err(struct parsed *p, enum cli_status st, int col, const char *text)
{
	p->p_status = st;
	p->p_col = col;
	snprintf(p->p_err, sizeof(p->p_err), "%s", text);
}

static const char *arg_store(struct cli_args *a, size_t *used, const char *s, size_t len)
{
	char *dst = a->a_buf + *used;

	if (*used + len + 1 > sizeof(a->a_buf))
		return "";
	memcpy(dst, s, len);
	dst[len] = '\0';
	*used += len + 1;
	return dst;
}

static size_t trimmed_len(const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return n;
}

/* Value of one path step as the handler sees it. */
static const char *step_value(const struct cli_tree *t, const struct words *ws, const struct mstate *s,
			      const struct mstate *next, struct cli_args *a, size_t *used)
{
	const struct cli_node *n = s->s_node;
	const char *w = ws->w[s->s_word];
	size_t wl = ws->wl[s->s_word];
	char joined[256], canon[256];

	switch (n->n_kind) {
	case TOK_KEYWORD:
		return n->n_text;
	case TOK_LINE:
		return arg_store(a, used, w, trimmed_len(w));
	case TOK_IFNAME:
		if (s->s_how == TM_IFTYPE && next)
			snprintf(joined, sizeof(joined), "%.*s %.*s", (int)wl, w, (int)ws->wl[next->s_word],
				 ws->w[next->s_word]);
		else
			snprintf(joined, sizeof(joined), "%.*s", (int)wl, w);
		if (cli_ifname_canon(t, joined, canon, sizeof(canon)))
			return arg_store(a, used, canon, strlen(canon));
		return arg_store(a, used, joined, strlen(joined));
	default:
		if (tok_canon(n, w, wl, canon, sizeof(canon)))
			return arg_store(a, used, canon, strlen(canon));
		return arg_store(a, used, w, wl);
	}
}

static void build_args(const struct match *m, const struct words *ws, int si, struct cli_args *a)
{
	const struct mstate *path[CLI_MAX_WORDS + 2];
	size_t np = 0, used = 0;

	for (; si >= 0 && m->m_hist[si].s_word >= 0; si = m->m_hist[si].s_parent)
		path[np++] = &m->m_hist[si];
	a->a_n = 0;
	for (size_t i = np; i-- > 0;) {
		const struct mstate *s = path[i], *prev = i + 1 < np ? path[i + 1] : NULL;
		/* a LINE or an interface number continues the previous step */
		if (prev && prev->s_node == s->s_node && (s->s_node->n_kind == TOK_LINE || prev->s_how == TM_IFTYPE))
			continue;
		if (a->a_n == CLI_MAX_ARGS)
			break;
		a->a_v[a->a_n].ca_name = s->s_node->n_name;
		a->a_v[a->a_n].ca_value = step_value(m->m_tree, ws, s, i > 0 ? path[i - 1] : NULL, a, &used);
		a->a_n++;
	}
}

static bool bad_bytes(const char *line, struct parsed *p)
{
	for (const char *q = line; *q; q++) {
		unsigned char ch = (unsigned char)*q;
		if ((ch < 0x20 && ch != '\t' && ch != '\r' && ch != '\n') || ch == 0x7f) {
			set_err(p, CLI_ERR_INVALID, (int)(q - line), "% Invalid input detected at '^' marker.");
			return true;
		}
	}
	return false;
}

static void parse_in_mode(const struct cli_tree *t, int mode, const char *line, const struct words *ws,
			  struct cli_args *a, struct parsed *p)
{
	struct match m;
	size_t i;

	memset(p, 0, sizeof(*p));
	match_init(&m, t, mode);
	for (i = 0; i < ws->n; i++) {
		enum match_result r = match_word(&m, (int)i, ws->w[i], ws->wl[i]);
		if (r == MR_INVALID) {
			set_err(p, CLI_ERR_INVALID, (int)(ws->w[i] - line + (long)m.m_err_off),
				"% Invalid input detected at '^' marker.");
			break;
		}
		if (r == MR_AMBIGUOUS) {
			char msg[256];
			snprintf(msg, sizeof(msg), "%% Ambiguous command:  \"%.*s\"",
				 (int)(ws->w[i] + ws->wl[i] - line > 200 ? 200 : ws->w[i] + ws->wl[i] - line), line);
			set_err(p, CLI_ERR_AMBIGUOUS, (int)(ws->w[i] - line), msg);
			break;
		}
	}
	if (i == ws->n) {
		int si = match_finish(&m);
		if (si < 0) {
			set_err(p, CLI_ERR_INCOMPLETE, (int)strlen(line), "% Incomplete command.");
		} else {
			p->p_entry = match_entry(&m, si);
			build_args(&m, ws, si, a);
		}
	}
	match_free(&m);
}

static bool split_words(const char *line, struct words *ws, struct parsed *p)
{
	ws->n = cli_split(line, ws->w, ws->wl, CLI_MAX_WORDS);
	if (ws->n > CLI_MAX_WORDS) {
		set_err(p, CLI_ERR_INVALID, 0, "% Too many words in one command.");
		return false;
	}
	return true;
}

static enum cli_status run(struct cli_ctx *c, const struct parsed *p, struct cli_args *a, const char *line)
{
	a->a_negate = p->p_entry->e_negated;
	a->a_cmd = p->p_entry->e_cmd;
	a->a_line = line;
	if (!p->p_entry->e_cmd->cc_run)
		return CLI_OK;
	return p->p_entry->e_cmd->cc_run(c, a) == 0 ? CLI_OK : CLI_ERR_FAILED;
}

static enum cli_status report(struct cli_ctx *c, const struct parsed *p)
{
	c->c_err_col = p->p_col;
	snprintf(c->c_err_text, sizeof(c->c_err_text), "%s", p->p_err);
	return p->p_status;
}

/* Trims the line and rejects what no mode can take; returns false with p set. */
static bool prepare(const char *in, char *line, size_t cap, struct words *ws, struct parsed *p)
{
	size_t off = strspn(in, " \t");
	size_t len = trimmed_len(in + off);

	memset(p, 0, sizeof(*p));
	if (len >= cap) {
		set_err(p, CLI_ERR_INVALID, -1, "% Line too long: commands are limited to 4095 characters.");
		return false;
	}
	memcpy(line, in + off, len);
	line[len] = '\0';
	if (bad_bytes(line, p))
		return false;
	return split_words(line, ws, p);
}

enum cli_status cli_execute_in(struct cli_ctx *c, int mode, const char *in)
{
	char line[CLI_MAX_LINE];
	struct words ws;
	struct parsed p;
	struct cli_args a;

	c->c_err_text[0] = '\0';
	if (!prepare(in, line, sizeof(line), &ws, &p))
		return report(c, &p);
	if (ws.n == 0 || line[0] == '!')
		return CLI_OK;
	parse_in_mode(c->c_tree, mode, line, &ws, &a, &p);
	if (p.p_status != CLI_OK)
		return report(c, &p);
	return run(c, &p, &a, line);
}

enum cli_status cli_execute(struct cli_ctx *c, const char *in)
{
	char line[CLI_MAX_LINE];
	struct words ws;
	struct parsed first, p;
	struct cli_args a;

	c->c_err_text[0] = '\0';
	if (!prepare(in, line, sizeof(line), &ws, &first))
		return report(c, &first);
	if (ws.n == 0 || line[0] == '!')
		return CLI_OK;
	parse_in_mode(c->c_tree, cli_mode(c), line, &ws, &a, &first);
	if (first.p_status == CLI_OK)
		return run(c, &first, &a, line);
	if (first.p_status != CLI_ERR_INVALID)
		return report(c, &first);
	/* IOS: a line the sub-mode does not know may belong to an enclosing config mode */
	for (int d = c->c_depth - 1; d >= 0; d--) {
		const struct cli_mode_def *md = cli_mode_get(c->c_tree, c->c_stack[d].f_mode);
		if (!md || md->md_exec)
			break;
		parse_in_mode(c->c_tree, md->md_id, line, &ws, &a, &p);
		if (p.p_status == CLI_OK) {
			c->c_depth = d;
			return run(c, &p, &a, line);
		}
	}
	return report(c, &first);
}
