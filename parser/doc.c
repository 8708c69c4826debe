/* Walking the grammar for documentation: every command of a mode with its tokens' help. */
#include <stdlib.h>

#include "cli_int.h"

#define DOC_MAX_TOKENS 64

/* The graph keeps its nodes newest first; tokens were created in syntax order. */
static size_t entry_tokens(const struct cli_entry *e, struct cli_tokdoc *out, size_t max)
{
	const struct cli_node *rev[DOC_MAX_TOKENS];
	size_t n = 0;

	for (const struct cli_node *x = e->e_root->n_all; x && n < DOC_MAX_TOKENS; x = x->n_all)
		if (x->n_kind != TOK_EPS && x->n_kind != TOK_END)
			rev[n++] = x;
	for (size_t i = 0; i < n && i < max; i++) {
		out[i].td_text = rev[n - 1 - i]->n_text;
		out[i].td_help = rev[n - 1 - i]->n_help;
	}
	return n < max ? n : max;
}

void cli_doc(const struct cli_tree *t, int mode, cli_doc_fn *fn, void *arg)
{
	const struct cli_mode_cmds *mc = &t->t_bymode[mode];
	struct cli_tokdoc toks[DOC_MAX_TOKENS];

	for (size_t i = 0; i < mc->mc_n; i++) {
		const struct cli_entry *e = mc->mc_v[i];
		if (e->e_cmd->cc_flags & CLI_HIDDEN)
			continue;
		fn(arg, e->e_cmd, e->e_negated, toks, entry_tokens(e, toks, DOC_MAX_TOKENS));
	}
}
