/*
 * Matching a line against the commands of one mode: every command's graph
 * runs at once (an NFA). At each word only the best kind of match survives
 * (spelled-out keyword > typed value > keyword prefix > WORD), so "10.0.0.1"
 * prefers A.B.C.D to WORD, and two different keywords sharing a typed
 * prefix are ambiguous, as on IOS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"
#include "match.h"

#define MAX_STATES 4096

static void hist_push(struct match *m, struct cli_node *n, int parent, int word, enum tok_match how)
{
	struct mstate *s;

	if (m->m_nhist == m->m_caphist) {
		m->m_caphist = m->m_caphist ? m->m_caphist * 2 : 256;
		m->m_hist = realloc(m->m_hist, m->m_caphist * sizeof(*m->m_hist));
		if (!m->m_hist)
			abort();
	}
	s = &m->m_hist[m->m_nhist++];
	s->s_node = n;
	s->s_parent = parent;
	s->s_word = word;
	s->s_how = how;
}

size_t match_next(const struct match *m, int state, struct cli_node **out, size_t max)
{
	const struct cli_node *n = m->m_hist[state].s_node;
	size_t count = n->n_nfollow < max ? n->n_nfollow : max;

	if (count)
		memcpy(out, n->n_follow, count * sizeof(*out));
	return count;
}

static int rank(enum tok_match how)
{
	return how == TM_IFTYPE ? TM_VALUE : (int)how;
}

static bool state_pending_ifnum(const struct mstate *s)
{
	return s->s_how == TM_IFTYPE;
}

static bool state_in_line(const struct mstate *s)
{
	return s->s_node->n_kind == TOK_LINE;
}

void match_init(struct match *m, const struct cli_tree *t, int mode)
{
	const struct cli_mode_cmds *mc = &t->t_bymode[mode];

	memset(m, 0, sizeof(*m));
	m->m_tree = t;
	m->m_cmds = mc;
	m->m_at_roots = true;
	m->m_nroots = mc->mc_n < MAX_STATES ? mc->mc_n : MAX_STATES;
	m->m_caphist = 256;
	m->m_hist = malloc(m->m_caphist * sizeof(*m->m_hist));
	m->m_states = malloc(2 * MAX_STATES * sizeof(int));
	if (!m->m_hist || !m->m_states)
		abort();
	m->m_cur = m->m_states;
	m->m_next = m->m_states + MAX_STATES;
}

void match_live(struct match *m)
{
	if (!m->m_at_roots || m->m_ncur)
		return;
	for (size_t i = 0; i < m->m_nroots; i++) {
		hist_push(m, m->m_cmds->mc_v[i]->e_root, -1, -1, TM_EXACT);
		m->m_cur[m->m_ncur++] = (int)m->m_nhist - 1;
	}
}

void match_free(struct match *m)
{
	free(m->m_hist);
	free(m->m_states);
}

static void add_cand(struct match *m, struct cli_node *n, int parent, int word, enum tok_match how, int *best)
{
	if (rank(how) < *best || m->m_nnext >= MAX_STATES)
		return;
	if (rank(how) > *best) {
		*best = rank(how);
		m->m_nnext = 0;
	}
	hist_push(m, n, parent, word, how);
	m->m_next[m->m_nnext++] = (int)m->m_nhist - 1;
}

/* Two surviving keyword prefixes that spell different keywords are ambiguous. */
static bool partial_ambiguous(const struct match *m)
{
	const char *first = NULL;

	for (size_t i = 0; i < m->m_nnext; i++) {
		const struct mstate *s = &m->m_hist[m->m_next[i]];
		if (s->s_how != TM_PARTIAL)
			continue;
		if (first && strcasecmp(first, s->s_node->n_text) != 0)
			return true;
		first = s->s_node->n_text;
	}
	return false;
}

/* Largest number of leading characters of the word that fit some keyword, for the caret. */
static size_t caret_offset(struct match *m, const char *w, size_t len)
{
	size_t best = 0;

	for (size_t i = 0; i < m->m_ncur; i++) {
		const struct cli_node *s = m->m_hist[m->m_cur[i]].s_node;
		for (unsigned j = 0; j < s->n_nfollow; j++) {
			size_t p = tok_keyword_prefix(s->n_follow[j], w, len);
			if (p > best)
				best = p;
		}
	}
	return best < len ? best : len - 1;
}

/* The first word: only the tokens of its bucket in the first-word index, in the order a walk
 * of every root gives; the roots themselves are not laid out (the paths start at -1). */
static void step_roots(struct match *m, int word, const char *w, size_t len, int *best)
{
	const struct cli_first_list *fl = &m->m_cmds->mc_first[cli_first_bucket((unsigned char)w[0])];

	for (size_t i = 0; i < fl->fl_n; i++) {
		const struct cli_first *f = &fl->fl_v[i];
		if (f->f_root >= m->m_nroots)
			continue; /* beyond MAX_STATES: not a live root */
		enum tok_match how = tok_match(m->m_tree, f->f_node, w, len);
		if (how != TM_NONE)
			add_cand(m, f->f_node, -1, word, how, best);
	}
}

static void step_state(struct match *m, int si, int word, const char *w, size_t len, int *best)
{
	const struct mstate *s = &m->m_hist[si];
	const struct cli_node *n = s->s_node;

	if (state_in_line(s)) {
		add_cand(m, s->s_node, si, word, TM_WORD, best);
		return;
	}
	if (state_pending_ifnum(s)) {
		if (tok_is_ifnum(w, len))
			add_cand(m, s->s_node, si, word, TM_VALUE, best);
		return;
	}
	for (unsigned j = 0; j < n->n_nfollow; j++) {
		struct cli_node *x = n->n_follow[j];
		enum tok_match how = x->n_kind == TOK_END ? TM_NONE : tok_match(m->m_tree, x, w, len);
		if (how != TM_NONE)
			add_cand(m, x, si, word, how, best);
	}
}

enum match_result match_word(struct match *m, int word, const char *w, size_t len)
{
	int best = TM_NONE + 1;

	m->m_nnext = 0;
	if (m->m_at_roots && !m->m_ncur && len > 0) {
		step_roots(m, word, w, len, &best);
	} else {
		match_live(m);
		for (size_t i = 0; i < m->m_ncur; i++)
			step_state(m, m->m_cur[i], word, w, len, &best);
	}
	if (m->m_nnext == 0) {
		match_live(m);
		m->m_err_off = caret_offset(m, w, len);
		return MR_INVALID;
	}
	if (best == TM_PARTIAL && partial_ambiguous(m))
		return MR_AMBIGUOUS;
	int *tmp = m->m_cur;
	m->m_cur = m->m_next;
	m->m_next = tmp;
	m->m_ncur = m->m_nnext;
	m->m_at_roots = false;
	return MR_OK;
}

static bool state_complete(const struct match *m, int si)
{
	const struct mstate *s = &m->m_hist[si];

	if (state_pending_ifnum(s))
		return false;
	for (unsigned j = 0; j < s->s_node->n_nfollow; j++)
		if (s->s_node->n_follow[j]->n_kind == TOK_END)
			return true;
	return false;
}

static int path_score(const struct match *m, int si)
{
	int score = 0;
	for (; si >= 0 && m->m_hist[si].s_word >= 0; si = m->m_hist[si].s_parent)
		score += rank(m->m_hist[si].s_how);
	return score;
}

static const struct cli_entry *state_entry(const struct match *m, int si)
{
	return m->m_hist[si].s_node->n_entry;
}

int match_finish(const struct match *m)
{
	int found = -1;

	for (size_t i = 0; i < m->m_ncur; i++) {
		int si = m->m_cur[i];
		if (!state_complete(m, si))
			continue;
		if (found < 0 || path_score(m, si) > path_score(m, found) ||
		    (path_score(m, si) == path_score(m, found) &&
		     state_entry(m, si)->e_seq < state_entry(m, found)->e_seq))
			found = si;
	}
	return found;
}

const struct cli_entry *match_entry(const struct match *m, int si)
{
	return state_entry(m, si);
}
