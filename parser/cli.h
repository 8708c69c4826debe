/*
 * The command grammar engine: tokens, matching, abbreviation, help,
 * completion, error caret, modes and running-config printing.
 *
 * It knows no subsystem. Subsystems describe each command once with a
 * struct cli_cmd (syntax, help, modes, handler, printer) and register it;
 * the same definition then serves file load, typed input, '?', TAB,
 * 'no' forms and show running-config.
 *
 * Syntax language (one token per word):
 *   keyword        lower-case literal, matched by unique prefix, any case
 *   WORD           any single word          LINE     rest of the line
 *   A.B.C.D        IPv4 address             A.B.C.D/M IPv4 prefix
 *   <lo-hi>        integer range            ASN:NN   route distinguisher/target
 *   IFNAME         interface name: "Tunnel0" or "Tunnel 0" (type by prefix)
 *   HEX            hexadecimal string
 *   (a|b c|d)      alternatives             [x y]    optional group
 * A token may carry a name: WORD$vrf. Keywords are named by themselves.
 * The help string has one line per token, in order (groups excluded).
 */
#ifndef FERRY_PARSER_CLI_H
#define FERRY_PARSER_CLI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLI_MAX_MODES 64
#define CLI_MAX_DEPTH 8
#define CLI_MAX_ARGS  48
#define CLI_MAX_WORDS 64
#define CLI_MAX_LINE  4096

struct cli_ctx;
struct cli_args;
struct cli_writer;
struct cli_node;

/* Result of running a line. */
enum cli_status {
	CLI_OK = 0,
	CLI_ERR_INVALID,    /* "% Invalid input detected at '^' marker." */
	CLI_ERR_INCOMPLETE, /* "% Incomplete command." */
	CLI_ERR_AMBIGUOUS,  /* "% Ambiguous command:  \"...\"" */
	CLI_ERR_FAILED,	    /* the handler refused; it wrote the reason */
};

typedef int cli_run_fn(struct cli_ctx *c, const struct cli_args *a);
typedef void cli_print_fn(struct cli_writer *w, const void *obj);

/* Command flags. */
#define CLI_NEGATE  0x1 /* also accepted behind "no" */
#define CLI_HIDDEN  0x2 /* matched but not offered by '?' or TAB */
#define CLI_NO_ONLY 0x4 /* only valid behind "no" */

struct cli_cmd {
	const char *cc_syntax;
	const char *cc_help;
	/* A shorter "no" form ("no description"), accepted besides the full
	 * words: a token prefix of cc_syntax, whose help lines it shares. */
	const char *cc_no_syntax;
	uint64_t cc_modes; /* bit per mode id where the command is valid */
	unsigned cc_flags;
	cli_run_fn *cc_run;
	cli_print_fn *cc_print; /* prints this command's lines for a mode object */
	int cc_order;		/* position among the mode's printers; at the top level, a new
				   hundred starts a group set apart by "!" */
};

#define CLI_MODE(m) (UINT64_C(1) << (m))

struct cli_mode_def {
	int md_id;
	const char *md_name;   /* for logs and docs, e.g. "interface" */
	const char *md_prompt; /* suffix inside parentheses, e.g. "config-if"; NULL for EXEC modes */
	int md_parent;	       /* mode "exit" returns to; -1 for none */
	bool md_exec;	       /* an EXEC mode (user or privileged) */
};

/* Interface types known to the IFNAME token (registered by the interface subsystem). */
struct cli_iftype {
	const char *it_name; /* canonical spelling, e.g. "Tunnel" */
	const char *it_help;
};

/* A grammar: the modes and commands of one program. */
struct cli_tree;

struct cli_tree *cli_tree_new(void);
void cli_tree_free(struct cli_tree *t);
void cli_mode_add(struct cli_tree *t, const struct cli_mode_def *md);
const struct cli_mode_def *cli_mode_get(const struct cli_tree *t, int mode);
/* Compiles and adds a command; returns -1 and writes why to stderr if the
 * syntax or help text is malformed (a programming error). */
int cli_cmd_add(struct cli_tree *t, struct cli_cmd *cmd);
int cli_cmds_add(struct cli_tree *t, struct cli_cmd *cmds, size_t n);
void cli_iftypes_set(struct cli_tree *t, const struct cli_iftype *types, size_t n);
/* Canonicalizes an interface name ("tu 0", "tun0" -> "Tunnel0"); false if not one. */
bool cli_ifname_canon(const struct cli_tree *t, const char *in, char *out, size_t outlen);

/* ---- arguments passed to handlers ---- */
struct cli_arg {
	const char *ca_name; /* token name: keyword itself, or $name, or placeholder */
	const char *ca_value;
};

struct cli_args {
	bool a_negate; /* the line began with "no" */
	unsigned a_n;
	struct cli_arg a_v[CLI_MAX_ARGS];
	const char *a_line; /* the whole line, as typed (whitespace trimmed) */
	const struct cli_cmd *a_cmd;
	char a_buf[CLI_MAX_LINE + 256]; /* storage for canonical values */
};

const char *cli_arg(const struct cli_args *a, const char *name);
const char *cli_arg_nth(const struct cli_args *a, const char *name, unsigned nth);
bool cli_has(const struct cli_args *a, const char *name);
/* Parses an integer argument; returns def when absent. */
long long cli_arg_num(const struct cli_args *a, const char *name, long long def);

/* ---- output ---- */
typedef void cli_out_fn(void *arg, const char *buf, size_t len);

/* ---- a session: the mode stack of one user or one file load ---- */
struct cli_frame {
	int f_mode;
	void *f_obj;
};

struct cli_ctx {
	struct cli_tree *c_tree;
	struct cli_frame c_stack[CLI_MAX_DEPTH];
	int c_depth;  /* c_stack[c_depth] is the current mode */
	void *c_user; /* the program's per-session data */
	cli_out_fn *c_out;
	void *c_out_arg;
	/* set by the last cli_execute */
	int c_err_col;	      /* caret column (0-based, in the line) */
	char c_err_text[256]; /* e.g. "% Incomplete command." */
	bool c_from_file;
	int c_term_length; /* lines per page for the pager; 0 = no paging */
};

void cli_ctx_init(struct cli_ctx *c, struct cli_tree *t, int mode, void *obj);
int cli_mode(const struct cli_ctx *c);
void *cli_obj(const struct cli_ctx *c);
/* Enters a sub-mode with its object (from a handler). */
void cli_enter(struct cli_ctx *c, int mode, void *obj);
/* Leaves the current mode for its parent; returns false at the top. */
bool cli_exit(struct cli_ctx *c);
/* Returns to the given mode, dropping the frames above it. */
void cli_reset(struct cli_ctx *c, int mode, void *obj);
/* Nearest enclosing object of a mode, or NULL. */
void *cli_find_obj(const struct cli_ctx *c, int mode);
/* Writes prompt suffix: ">", "#", "(config-if)#". */
void cli_prompt(const struct cli_ctx *c, const char *hostname, char *buf, size_t len);

void cli_printf(struct cli_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_write(struct cli_ctx *c, const char *buf, size_t len);
/* A handler's refusal: prints "% msg" and returns CLI_ERR_FAILED. */
int cli_fail(struct cli_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Runs one line in the session's mode. Like IOS, a line no config
 * sub-mode knows is tried in the enclosing modes and, if one takes it,
 * the session moves there. On error c_err_text and c_err_col are set.
 */
enum cli_status cli_execute(struct cli_ctx *c, const char *line);
/* Runs one line in an explicit mode without the parent fallback. */
enum cli_status cli_execute_in(struct cli_ctx *c, int mode, const char *line);

/* '?' help for a line (the text before the cursor). Writes IOS-style help. */
void cli_help(struct cli_ctx *c, const char *line, cli_out_fn *out, void *arg);
/* TAB: candidate completions of the last partial word; returns count and
 * writes up to max pointers to static strings. */
size_t cli_complete(struct cli_ctx *c, const char *line, const char **cand, size_t max);

/* Splits a line into words; returns count, fills starts/lengths. */
size_t cli_split(const char *line, const char **w, size_t *wl, size_t max);

/* ---- documentation ---- */
struct cli_tokdoc {
	const char *td_text; /* keyword or placeholder as in the syntax */
	const char *td_help;
};
typedef void cli_doc_fn(void *arg, const struct cli_cmd *cmd, bool negated, const struct cli_tokdoc *toks, size_t n);
/* Calls fn for each visible command form (plain and "no") of a mode, in registration order. */
void cli_doc(const struct cli_tree *t, int mode, cli_doc_fn *fn, void *arg);

/* ---- running-config printing ---- */
struct cli_writer {
	struct cli_tree *w_tree;
	int w_indent;
	cli_out_fn *w_out;
	void *w_arg;
	unsigned long w_lines;
	bool w_at_sep; /* the last line printed was "!" */
};

/* Prints every command of a mode for its object, in cc_order. */
void cli_print_mode(struct cli_writer *w, int mode, const void *obj);
/* Prints one line at the current indent. */
void cli_line(struct cli_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints a sub-mode block: its commands one level deeper. */
void cli_block(struct cli_writer *w, int mode, const void *obj);
/* Prints the IOS "!" separator unless the last line was one. */
void cli_sep(struct cli_writer *w);

#endif
