/* A grammar: modes, registered commands, interface types; argument access. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_int.h"

struct cli_tree *cli_tree_new(void)
{
	struct cli_tree *t = calloc(1, sizeof(*t));
	if (!t)
		abort();
	return t;
}

void cli_tree_free(struct cli_tree *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->t_nentries; i++) {
		graph_free(t->t_entries[i]->e_root);
		free(t->t_entries[i]);
	}
	for (int m = 0; m < CLI_MAX_MODES; m++) {
		free(t->t_bymode[m].mc_v);
		for (unsigned b = 0; b < CLI_FIRST_BUCKETS; b++)
			free(t->t_bymode[m].mc_first[b].fl_v);
	}
	free(t->t_entries);
	free(t);
}

void cli_mode_add(struct cli_tree *t, const struct cli_mode_def *md)
{
	if (md->md_id < 0 || md->md_id >= CLI_MAX_MODES)
		abort();
	t->t_modes[md->md_id] = *md;
	t->t_has_mode[md->md_id] = true;
}

const struct cli_mode_def *cli_mode_get(const struct cli_tree *t, int mode)
{
	if (mode < 0 || mode >= CLI_MAX_MODES || !t->t_has_mode[mode])
		return NULL;
	return &t->t_modes[mode];
}

static void *grow(void *v, size_t *cap, size_t need, size_t sz)
{
	if (need <= *cap)
		return v;
	*cap = *cap ? *cap * 2 : 16;
	if (*cap < need)
		*cap = need;
	v = realloc(v, *cap * sz);
	if (!v)
		abort();
	return v;
}

static void first_push(struct cli_first_list *fl, unsigned root, struct cli_node *n)
{
	fl->fl_v = grow(fl->fl_v, &fl->fl_cap, fl->fl_n + 1, sizeof(*fl->fl_v));
	fl->fl_v[fl->fl_n++] = (struct cli_first){.f_root = root, .f_node = n};
}

/* Files the tokens that can take the first word of the mode's newest command. */
static void first_index_add(struct cli_mode_cmds *mc)
{
	unsigned root = (unsigned)mc->mc_n - 1;
	const struct cli_node *r = mc->mc_v[root]->e_root;

	for (unsigned i = 0; i < r->n_nfollow; i++) {
		struct cli_node *n = r->n_follow[i];
		if (n->n_kind == TOK_END)
			continue; /* takes no word */
		if (n->n_kind == TOK_KEYWORD && n->n_textlen > 0) {
			first_push(&mc->mc_first[cli_first_bucket((unsigned char)n->n_text[0])], root, n);
			continue;
		}
		for (unsigned b = 0; b < CLI_FIRST_BUCKETS; b++)
			first_push(&mc->mc_first[b], root, n);
	}
}

/* short: the "no" form uses cc_no_syntax rather than the full syntax. */
static int entry_add(struct cli_tree *t, struct cli_cmd *cmd, bool negated, bool short_no)
{
	static const char no_help[] = "Negate a command or set its defaults\n";
	struct cli_entry *e = calloc(1, sizeof(*e));
	char err[128], *syntax = NULL, *help = NULL;
	size_t cap = t->t_nentries;

	if (!e)
		abort();
	e->e_cmd = cmd;
	e->e_negated = negated;
	e->e_seq = (unsigned)t->t_nentries;
	const char *base = short_no ? cmd->cc_no_syntax : cmd->cc_syntax;
	if (negated && (asprintf(&syntax, "no %s", base) < 0 || asprintf(&help, "%s%s", no_help, cmd->cc_help) < 0))
		abort();
	e->e_root = graph_compile(e, negated ? syntax : cmd->cc_syntax, negated ? help : cmd->cc_help, short_no, err,
				  sizeof(err));
	free(syntax);
	free(help);
	if (!e->e_root) {
		fprintf(stderr, "grammar: \"%s\": %s\n", cmd->cc_syntax, err);
		free(e);
		return -1;
	}
	t->t_entries = grow(t->t_entries, &cap, t->t_nentries + 1, sizeof(*t->t_entries));
	t->t_entries[t->t_nentries++] = e;
	for (int m = 0; m < CLI_MAX_MODES; m++) {
		struct cli_mode_cmds *mc = &t->t_bymode[m];
		if (!(cmd->cc_modes & CLI_MODE(m)))
			continue;
		mc->mc_v = grow(mc->mc_v, &mc->mc_cap, mc->mc_n + 1, sizeof(*mc->mc_v));
		mc->mc_v[mc->mc_n++] = e;
		first_index_add(mc);
	}
	return 0;
}

/* Like IOS, a "no" form accepts the command's full words as well as its short form. */
int cli_cmd_add(struct cli_tree *t, struct cli_cmd *cmd)
{
	bool neg = cmd->cc_flags & (CLI_NEGATE | CLI_NO_ONLY);

	if (!(cmd->cc_flags & CLI_NO_ONLY) && entry_add(t, cmd, false, false) < 0)
		return -1;
	if (neg && entry_add(t, cmd, true, false) < 0)
		return -1;
	if (neg && cmd->cc_no_syntax && entry_add(t, cmd, true, true) < 0)
		return -1;
	return 0;
}

int cli_cmds_add(struct cli_tree *t, struct cli_cmd *cmds, size_t n)
{
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		if (cli_cmd_add(t, &cmds[i]) < 0)
			rc = -1;
	return rc;
}

void cli_iftypes_set(struct cli_tree *t, const struct cli_iftype *types, size_t n)
{
	t->t_iftypes = types;
	t->t_niftypes = n;
}

bool cli_ifname_canon(const struct cli_tree *t, const char *in, char *out, size_t outlen)
{
	const char *w[3];
	size_t wl[3], tl;
	bool amb;
	size_t n = cli_split(in, w, wl, 3);
	const struct cli_iftype *it;

	if (n == 0 || n > 2)
		return false;
	it = tok_iftype(t, w[0], wl[0], &tl, &amb);
	if (!it || amb)
		return false;
	if (n == 2 && tl == wl[0] && tok_is_ifnum(w[1], wl[1]))
		return snprintf(out, outlen, "%s%.*s", it->it_name, (int)wl[1], w[1]) < (int)outlen;
	if (n == 1 && tl < wl[0] && tok_is_ifnum(w[0] + tl, wl[0] - tl))
		return snprintf(out, outlen, "%s%.*s", it->it_name, (int)(wl[0] - tl), w[0] + tl) < (int)outlen;
	return false;
}

const char *cli_arg_nth(const struct cli_args *a, const char *name, unsigned nth)
{
	/* handlers ask for several names a line: the first letter rules most out without a call */
	for (unsigned i = 0; i < a->a_n; i++)
		if (a->a_v[i].ca_name[0] == name[0] && strcmp(a->a_v[i].ca_name, name) == 0 && nth-- == 0)
			return a->a_v[i].ca_value;
	return NULL;
}

const char *cli_arg(const struct cli_args *a, const char *name)
{
	return cli_arg_nth(a, name, 0);
}

bool cli_has(const struct cli_args *a, const char *name)
{
	return cli_arg(a, name) != NULL;
}

long long cli_arg_num(const struct cli_args *a, const char *name, long long def)
{
	const char *v = cli_arg(a, name);
	return v ? strtoll(v, NULL, 10) : def;
}

size_t cli_split(const char *line, const char **w, size_t *wl, size_t max)
{
	size_t n = 0;
	const char *p = line;

	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '\r' || *p == '\n')
			break;
		const char *b = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			p++;
		if (n == max)
			return max + 1; /* too many words */
		w[n] = b;
		wl[n] = (size_t)(p - b);
		n++;
	}
	return n;
}
