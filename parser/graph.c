/* Compiles a command's syntax string into a token graph (an NFA). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"

struct compile {
	struct cli_entry *entry;
	struct cli_node *root;
	char **words; /* syntax split into tokens and brackets */
	size_t nwords, pos;
	char **helps;
	size_t nhelps, helppos;
	char *err;
	size_t errlen;
};

struct frag {
	struct cli_node *start, *end;
};

static void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n, sz);
	if (!p)
		abort(); /* out of memory at startup: nothing sensible to do */
	return p;
}

static struct cli_node *node_new(struct compile *cs, enum tok_kind kind)
{
	struct cli_node *n = xcalloc(1, sizeof(*n));

	n->n_kind = kind;
	n->n_entry = cs->entry;
	if (cs->root) {
		n->n_all = cs->root->n_all;
		cs->root->n_all = n;
	}
	return n;
}

static void node_link(struct cli_node *from, struct cli_node *to)
{
	struct cli_node **nx = realloc(from->n_next, (from->n_nnext + 1) * sizeof(*nx));
	if (!nx)
		abort();
	nx[from->n_nnext++] = to;
	from->n_next = nx;
}

static char **split(const char *s, const char *seps, bool keep_brackets, size_t *count)
{
	char **out = NULL;
	size_t n = 0;

	while (*s) {
		const char *b = s;
		if (keep_brackets && strchr("()[]|", *s)) {
			s++;
		} else if (strchr(seps, *s)) {
			s++;
			continue;
		} else {
			while (*s && !strchr(seps, *s) && !(keep_brackets && strchr("()[]|", *s)))
				s++;
		}
		out = realloc(out, (n + 1) * sizeof(*out));
		if (!out)
			abort();
		out[n++] = strndup(b, (size_t)(s - b));
	}
	*count = n;
	return out;
}

static void free_words(char **w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(w[i]);
	free(w);
}

static bool set_kind(struct cli_node *n, const char *spelling)
{
	if (strcmp(spelling, "WORD") == 0 || strcmp(spelling, "NAME") == 0)
		n->n_kind = TOK_WORD;
	else if (strcmp(spelling, "LINE") == 0)
		n->n_kind = TOK_LINE;
	else if (strcmp(spelling, "A.B.C.D") == 0)
		n->n_kind = TOK_IPV4;
	else if (strcmp(spelling, "A.B.C.D/M") == 0)
		n->n_kind = TOK_PREFIX;
	else if (strcmp(spelling, "ASN:NN") == 0)
		n->n_kind = TOK_ASNN;
	else if (strcmp(spelling, "IFNAME") == 0)
		n->n_kind = TOK_IFNAME;
	else if (strcmp(spelling, "HEX") == 0)
		n->n_kind = TOK_HEX;
	else if (spelling[0] == '<') {
		char *end;
		n->n_kind = TOK_RANGE;
		n->n_lo = strtoll(spelling + 1, &end, 10);
		if (*end != '-')
			return false;
		n->n_hi = strtoll(end + 1, &end, 10);
		return strcmp(end, ">") == 0 && n->n_lo <= n->n_hi;
	} else {
		if (isupper((unsigned char)spelling[0]))
			return false; /* an upper-case word is a placeholder we do not know */
		n->n_kind = TOK_KEYWORD;
	}
	return true;
}

static bool parse_alt(struct compile *cs, struct frag *out);

static bool fail(struct compile *cs, const char *what)
{
	snprintf(cs->err, cs->errlen, "%s near token %zu", what, cs->pos);
	return false;
}

static bool parse_token(struct compile *cs, struct frag *f)
{
	char *w = cs->words[cs->pos++];
	char *dollar = strchr(w, '$');
	struct cli_node *n = node_new(cs, TOK_KEYWORD);

	if (dollar)
		*dollar = '\0';
	if (!set_kind(n, w))
		return fail(cs, "bad token");
	n->n_text = strdup(w);
	n->n_textlen = strlen(w);
	n->n_name = strdup(dollar ? dollar + 1 : w);
	if (cs->helppos >= cs->nhelps)
		return fail(cs, "missing help line");
	n->n_help = strdup(cs->helps[cs->helppos++]);
	f->start = f->end = n;
	return true;
}

static bool parse_group(struct compile *cs, struct frag *f)
{
	char open = cs->words[cs->pos++][0];
	char close = open == '(' ? ')' : ']';

	if (!parse_alt(cs, f))
		return false;
	if (cs->pos >= cs->nwords || cs->words[cs->pos][0] != close)
		return fail(cs, "unbalanced group");
	cs->pos++;
	if (open == '[')
		node_link(f->start, f->end); /* optional: skip the whole group */
	return true;
}

static bool parse_seq(struct compile *cs, struct frag *f)
{
	f->start = f->end = node_new(cs, TOK_EPS);
	while (cs->pos < cs->nwords) {
		const char *w = cs->words[cs->pos];
		struct frag item;

		if (strcmp(w, ")") == 0 || strcmp(w, "]") == 0 || strcmp(w, "|") == 0)
			break;
		if (strcmp(w, "(") == 0 || strcmp(w, "[") == 0) {
			if (!parse_group(cs, &item))
				return false;
		} else if (!parse_token(cs, &item)) {
			return false;
		}
		node_link(f->end, item.start);
		f->end = item.end;
	}
	return true;
}

static bool parse_alt(struct compile *cs, struct frag *f)
{
	struct frag branch;

	f->start = node_new(cs, TOK_EPS);
	f->end = node_new(cs, TOK_EPS);
	for (;;) {
		if (!parse_seq(cs, &branch))
			return false;
		node_link(f->start, branch.start);
		node_link(branch.end, f->end);
		if (cs->pos < cs->nwords && strcmp(cs->words[cs->pos], "|") == 0) {
			cs->pos++;
			continue;
		}
		return true;
	}
}

/* Collects the token nodes reachable from n through EPS nodes, each once, in depth-first order. */
static void closure(const struct cli_node *n, struct cli_node **out, unsigned *nout)
{
	for (unsigned i = 0; i < n->n_nnext; i++) {
		struct cli_node *x = n->n_next[i];
		if (x->n_kind == TOK_EPS) {
			closure(x, out, nout);
			continue;
		}
		bool seen = false;
		for (unsigned j = 0; j < *nout && !seen; j++)
			seen = out[j] == x;
		if (!seen && *nout < CLI_MAX_FOLLOW)
			out[(*nout)++] = x;
	}
}

static void follow_set(struct cli_node *n)
{
	struct cli_node *buf[CLI_MAX_FOLLOW];
	unsigned count = 0;

	closure(n, buf, &count);
	n->n_nfollow = count;
	if (count) {
		n->n_follow = xcalloc(count, sizeof(*n->n_follow));
		memcpy(n->n_follow, buf, count * sizeof(*buf));
	}
}

/* The follow set of every node the matcher can stand on (the root and the tokens that take a
 * word; not the EPS and END nodes, which no word reaches), once the graph is complete. */
static void follow_all(struct cli_node *root)
{
	follow_set(root);
	for (struct cli_node *n = root->n_all; n; n = n->n_all)
		if (n->n_kind != TOK_EPS && n->n_kind != TOK_END)
			follow_set(n);
}

struct cli_node *graph_compile(struct cli_entry *e, const char *syntax, const char *help, bool spare_help, char *err,
			       size_t errlen)
{
	struct compile cs = {.entry = e, .err = err, .errlen = errlen};
	struct frag body;
	bool ok;

	cs.root = node_new(&cs, TOK_EPS);
	cs.words = split(syntax, " \t", true, &cs.nwords);
	cs.helps = split(help ? help : "", "\n", false, &cs.nhelps);
	ok = parse_alt(&cs, &body);
	if (ok && cs.pos != cs.nwords)
		ok = fail(&cs, "unexpected bracket");
	if (ok && !spare_help && cs.helppos != cs.nhelps)
		ok = fail(&cs, "more help lines than tokens");
	if (ok) {
		node_link(cs.root, body.start);
		node_link(body.end, node_new(&cs, TOK_END));
		follow_all(cs.root);
	}
	free_words(cs.words, cs.nwords);
	free_words(cs.helps, cs.nhelps);
	if (!ok) {
		graph_free(cs.root);
		return NULL;
	}
	return cs.root;
}

void graph_free(struct cli_node *root)
{
	struct cli_node *n = root ? root->n_all : NULL;

	while (n) {
		struct cli_node *next = n->n_all;
		free((void *)n->n_text);
		free((void *)n->n_name);
		free((void *)n->n_help);
		free(n->n_next);
		free(n->n_follow);
		free(n);
		n = next;
	}
	if (root) {
		free(root->n_next);
		free(root->n_follow);
		free(root);
	}
}
