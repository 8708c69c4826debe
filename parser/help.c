/* '?' help and TAB completion, from the same graphs that execute commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_int.h"
#include "match.h"
#include "pipe.h"

struct item {
	char text[96];
	const char *help;
	int order; /* 0 placeholders, 1 keywords, 2 <cr> */
};

struct items {
	struct item v[512];
	size_t n;
};

static void item_add(struct items *it, const char *text, const char *help, int order)
{
	for (size_t i = 0; i < it->n; i++)
		if (strcmp(it->v[i].text, text) == 0)
			return;
	if (it->n == sizeof(it->v) / sizeof(it->v[0]))
		return;
	snprintf(it->v[it->n].text, sizeof(it->v[it->n].text), "%s", text);
	it->v[it->n].help = help;
	it->v[it->n].order = order;
	it->n++;
}

static int item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	if (x->order != y->order)
		return x->order - y->order;
	return strcasecmp(x->text, y->text);
}

static bool prefix_of(const char *word, size_t wl, const char *text)
{
	return strlen(text) >= wl && strncasecmp(text, word, wl) == 0;
}

/* Adds what may come next after one live state; with a partial word, only keywords it begins. */
static void state_items(const struct match *m, int si, const char *part, size_t pl, bool partial, struct items *it)
{
	const struct mstate *s = &m->m_hist[si];
	struct cli_node *nx[256];
	char ph[64];
	size_t n;

	if (s->s_how == TM_IFTYPE) {
		if (!partial)
			item_add(it, "<number>", "Interface number", 0);
		return;
	}
	if (s->s_node->n_kind == TOK_LINE && s->s_word >= 0) {
		if (!partial) {
			item_add(it, "LINE", s->s_node->n_help, 0);
			item_add(it, "<cr>", "", 2);
		}
		return;
	}
	n = match_next(m, si, nx, 256);
	for (size_t j = 0; j < n; j++) {
		const struct cli_node *x = nx[j];
		if (x->n_entry->e_cmd->cc_flags & CLI_HIDDEN)
			continue;
		if (x->n_kind == TOK_END) {
			if (!partial)
				item_add(it, "<cr>", "", 2);
		} else if (x->n_kind == TOK_KEYWORD) {
			if (!partial || prefix_of(part, pl, x->n_text))
				item_add(it, x->n_text, x->n_help, 1);
		} else if (x->n_kind == TOK_IFNAME) {
			for (size_t k = 0; k < m->m_tree->t_niftypes; k++) {
				const struct cli_iftype *ty = &m->m_tree->t_iftypes[k];
				if (!partial || prefix_of(part, pl, ty->it_name))
					item_add(it, ty->it_name, ty->it_help, 1);
			}
		} else if (!partial) {
			tok_placeholder_help(x, ph, sizeof(ph));
			item_add(it, ph, x->n_help, 0);
		}
	}
}

/* Runs the words before the one being helped; false (and a message) if they do not parse. */
static bool run_prefix(struct match *m, const char **w, const size_t *wl, size_t n, cli_out_fn *out, void *arg)
{
	for (size_t i = 0; i < n; i++) {
		enum match_result r = match_word(m, (int)i, w[i], wl[i]);
		if (r == MR_OK)
			continue;
		const char *msg = r == MR_AMBIGUOUS ? "% Ambiguous command\n" : "% Unrecognized command\n";
		if (out)
			out(arg, msg, strlen(msg));
		return false;
	}
	return true;
}

static void print_items(struct items *it, bool partial, cli_out_fn *out, void *arg)
{
	char buf[512];
	size_t width = 0;

	qsort(it->v, it->n, sizeof(it->v[0]), item_cmp);
	for (size_t i = 0; i < it->n; i++)
		if (strlen(it->v[i].text) > width)
			width = strlen(it->v[i].text);
	for (size_t i = 0; i < it->n; i++) {
		int len;
		if (partial)
			len = snprintf(buf, sizeof(buf), "%s  ", it->v[i].text);
		else if (it->v[i].order == 2)
			len = snprintf(buf, sizeof(buf), "  <cr>\n");
		else
			len = snprintf(buf, sizeof(buf), "  %-*s  %s\n", (int)width, it->v[i].text, it->v[i].help);
		out(arg, buf, (size_t)len < sizeof(buf) ? (size_t)len : sizeof(buf) - 1);
	}
	if (partial && it->n)
		out(arg, "\n", 1);
	if (it->n == 0)
		out(arg, "% Unrecognized command\n", 23);
}

static bool ends_in_space(const char *line)
{
	size_t n = strlen(line);
	return n == 0 || strchr(" \t\r\n", line[n - 1]);
}

/* Collects the candidates for the word at the end of line. */
static bool collect(struct cli_ctx *c, const char *line, struct items *it, bool *partial, cli_out_fn *out, void *arg)
{
	const char *w[CLI_MAX_WORDS + 1];
	size_t wl[CLI_MAX_WORDS + 1];
	size_t n = cli_split(line, w, wl, CLI_MAX_WORDS);
	struct match m;
	bool ok;

	if (n > CLI_MAX_WORDS)
		return false;
	*partial = n > 0 && !ends_in_space(line);
	size_t before = *partial ? n - 1 : n;
	match_init(&m, c->c_tree, cli_mode(c));
	ok = run_prefix(&m, w, wl, before, out, arg);
	match_live(&m);
	for (size_t i = 0; ok && i < m.m_ncur; i++)
		state_items(&m, m.m_cur[i], *partial ? w[n - 1] : "", *partial ? wl[n - 1] : 0, *partial, it);
	match_free(&m);
	return ok;
}

void cli_help(struct cli_ctx *c, const char *line, cli_out_fn *out, void *arg)
{
	struct items *it = calloc(1, sizeof(*it));
	bool partial;

	if (!it)
		return;
	if (pipe_allowed(c, line) && pipe_help(line, out, arg)) {
		free(it);
		return;
	}
	if (collect(c, line, it, &partial, out, arg))
		print_items(it, partial, out, arg);
	free(it);
}

size_t cli_complete(struct cli_ctx *c, const char *line, const char **cand, size_t max)
{
	static __thread struct items it;
	bool partial;
	size_t n = 0;

	it.n = 0;
	if (!collect(c, line, &it, &partial, NULL, NULL) || !partial)
		return 0;
	qsort(it.v, it.n, sizeof(it.v[0]), item_cmp);
	for (size_t i = 0; i < it.n && n < max; i++)
		if (it.v[i].order == 1)
			cand[n++] = it.v[i].text;
	return n;
}
