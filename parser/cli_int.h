/* Internals of the grammar engine shared by its files. */
#ifndef FERRY_PARSER_CLI_INT_H
#define FERRY_PARSER_CLI_INT_H

#include "cli.h"

enum tok_kind {
	TOK_EPS, /* no input: joins and splits of the graph */
	TOK_END, /* the command is complete here */
	TOK_KEYWORD,
	TOK_WORD,
	TOK_LINE,
	TOK_IPV4,
	TOK_PREFIX,
	TOK_RANGE,
	TOK_ASNN,
	TOK_IFNAME,
	TOK_HEX,
};

/* How well a word matches a token; higher wins. */
enum tok_match {
	TM_NONE = 0,
	TM_WORD,    /* WORD / LINE take anything */
	TM_PARTIAL, /* keyword prefix */
	TM_VALUE,   /* typed placeholder: address, number ... */
	TM_EXACT,   /* keyword spelled out */
	TM_IFTYPE,  /* interface type without its number: the next word must be the number */
};

struct cli_node {
	enum tok_kind n_kind;
	const char *n_text; /* keyword or placeholder spelling as shown in help */
	size_t n_textlen;
	const char *n_name; /* argument name */
	const char *n_help;
	long long n_lo, n_hi;
	struct cli_entry *n_entry;
	struct cli_node **n_next;
	unsigned n_nnext;
	/* The token nodes reachable through EPS nodes (at most CLI_MAX_FOLLOW), computed
	 * once at compile time: the matcher asks for them at every word. */
	struct cli_node **n_follow;
	unsigned n_nfollow;
	struct cli_node *n_all; /* every node of the command, for freeing */
};

#define CLI_MAX_FOLLOW 256

/* A compiled command: the plain form, or its "no" form. */
struct cli_entry {
	struct cli_cmd *e_cmd;
	struct cli_node *e_root;
	bool e_negated;
	unsigned e_seq; /* registration order: breaks ties */
};

/* A token that can take the first word of a line: the root state it leaves (its
 * command's position in the mode) and the token. */
struct cli_first {
	unsigned f_root;
	struct cli_node *f_node;
};

struct cli_first_list {
	struct cli_first *fl_v;
	size_t fl_n, fl_cap;
};

/* First-word index: a keyword sits in the bucket of its first letter, every
 * other first token in all buckets, each bucket in registration order, so the
 * first word is tried only against the tokens that can take it. */
#define CLI_FIRST_BUCKETS 32

struct cli_mode_cmds {
	struct cli_entry **mc_v;
	size_t mc_n, mc_cap;
	struct cli_first_list mc_first[CLI_FIRST_BUCKETS];
};

struct cli_tree {
	struct cli_mode_def t_modes[CLI_MAX_MODES];
	bool t_has_mode[CLI_MAX_MODES];
	struct cli_mode_cmds t_bymode[CLI_MAX_MODES];
	struct cli_entry **t_entries;
	size_t t_nentries;
	const struct cli_iftype *t_iftypes;
	size_t t_niftypes;
};

enum tok_match tok_match(const struct cli_tree *t, const struct cli_node *n, const char *w, size_t len);
/* Number of leading characters of w that can still begin a valid keyword (for the caret). */
size_t tok_keyword_prefix(const struct cli_node *n, const char *w, size_t len);
/* Whether w is an interface number: digits, '/', '.', ':' */
bool tok_is_ifnum(const char *w, size_t len);
/* Matches an interface type by prefix; *rest points to the number part. */
const struct cli_iftype *tok_iftype(const struct cli_tree *t, const char *w, size_t len, size_t *typelen,
				    bool *ambiguous);
void tok_placeholder_help(const struct cli_node *n, char *buf, size_t len);
/* The canonical spelling of a matched value (addresses and numbers without
 * leading zeros), so handlers and printers see one form; false if the
 * token has none (keywords, words). */
bool tok_canon(const struct cli_node *n, const char *w, size_t len, char *out, size_t outlen);

/* With spare_help, help lines beyond the tokens are ignored (a "no" form shorter than its command). */
struct cli_node *graph_compile(struct cli_entry *e, const char *syntax, const char *help, bool spare_help, char *err,
			       size_t errlen);
void graph_free(struct cli_node *start);

/* The first-word bucket of a character: ASCII letters of either case (and any
 * pair of characters a case-insensitive comparison takes as equal) share one. */
static inline unsigned cli_first_bucket(unsigned char ch)
{
	return (ch | 0x20u) % CLI_FIRST_BUCKETS;
}

#endif
