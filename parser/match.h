/* The matcher's state, shared by execution, help and completion. */
#ifndef FERRY_PARSER_MATCH_H
#define FERRY_PARSER_MATCH_H

#include "cli_int.h"

/* One step of one path: the token matched by a word. */
struct mstate {
	struct cli_node *s_node;
	int s_parent; /* index in m_hist; -1 at a root and after it (the first word) */
	int s_word;   /* index of the word matched, -1 at a root */
	enum tok_match s_how;
};

struct match {
	const struct cli_tree *m_tree;
	const struct cli_mode_cmds *m_cmds;
	bool m_at_roots; /* no word matched yet: the live states are the mode's roots */
	size_t m_nroots; /* the roots: the mode's commands (at most MAX_STATES) */
	struct mstate *m_hist;
	size_t m_nhist, m_caphist;
	int *m_states;	     /* one block for both lists below */
	int *m_cur, *m_next; /* live states: indexes into m_hist */
	size_t m_ncur, m_nnext;
	size_t m_err_off; /* for MR_INVALID: caret offset inside the word */
};

enum match_result { MR_OK, MR_INVALID, MR_AMBIGUOUS };

void match_init(struct match *m, const struct cli_tree *t, int mode);
/* Lays the roots out as the live states (m_cur) while no word is matched: only help and
 * the caret need them, the first word goes through the first-word index. */
void match_live(struct match *m);
void match_free(struct match *m);
enum match_result match_word(struct match *m, int word, const char *w, size_t len);
/* Index of the best complete path, or -1. */
int match_finish(const struct match *m);
const struct cli_entry *match_entry(const struct match *m, int si);
size_t match_next(const struct match *m, int state, struct cli_node **out, size_t max);

#endif
