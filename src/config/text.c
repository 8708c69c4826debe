/* Loading configuration text into a model and printing it back. */
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/modes.h"
#include "config/text.h"
#include "core/session.h"

struct load {
	cfg_diag_fn *l_diag;
	void *l_arg;
	const char *l_file;
	unsigned l_line, l_problems;
	char l_out[1024]; /* what handlers printed for the current line */
	size_t l_outlen;
};

static void load_out(void *arg, const char *buf, size_t len)
{
	struct load *l = arg;
	size_t room = sizeof(l->l_out) - 1 - l->l_outlen;

	if (len > room)
		len = room;
	memcpy(l->l_out + l->l_outlen, buf, len);
	l->l_outlen += len;
	l->l_out[l->l_outlen] = '\0';
}

static void report(struct load *l, const char *msg)
{
	l->l_problems++;
	if (l->l_diag)
		l->l_diag(l->l_arg, l->l_file, l->l_line, msg);
}

static void report_parse_error(struct load *l, const struct cli_ctx *c, enum cli_status st, const char *line)
{
	char msg[CLI_MAX_LINE + 512];
	size_t off = strspn(line, " \t");

	if (st == CLI_ERR_INVALID && c->c_err_col >= 0)
		snprintf(msg, sizeof(msg), "%.*s (column %d): %.200s", (int)strcspn(c->c_err_text, "."), c->c_err_text,
			 c->c_err_col + 1, line + off);
	else
		snprintf(msg, sizeof(msg), "%s: %.200s", c->c_err_text, line + off);
	msg[strcspn(msg, "\r\n")] = '\0';
	report(l, msg);
}

/* Handler output during a load is a problem report: one per line printed. */
static void report_output(struct load *l)
{
	char *save = NULL;

	for (char *p = strtok_r(l->l_out, "\n", &save); p; p = strtok_r(NULL, "\n", &save))
		report(l, p);
	l->l_outlen = 0;
	l->l_out[0] = '\0';
}

static bool is_end(const char *line)
{
	const char *w[2];
	size_t wl[2];
	return cli_split(line, w, wl, 1) == 1 && wl[0] == 3 && strncmp(w[0], "end", 3) == 0;
}

unsigned cfg_load_stream(struct cli_tree *t, struct ferryd *d, struct config *cfg, FILE *f, const char *name,
			 cfg_diag_fn *diag, void *arg)
{
	struct load l = {.l_diag = diag, .l_arg = arg, .l_file = name};
	struct session s;
	char *line = NULL;
	size_t cap = 0;

	session_init(&s, t, d, cfg, MODE_ENABLE);
	cli_enter(&s.s_cli, MODE_CONFIG, cfg);
	s.s_loading = true;
	s.s_cli.c_from_file = true;
	s.s_cli.c_out = load_out;
	s.s_cli.c_out_arg = &l;
	while (getline(&line, &cap, f) > 0) {
		l.l_line++;
		if (is_end(line))
			break;
		enum cli_status st = cli_execute(&s.s_cli, line);
		if (st != CLI_OK && st != CLI_ERR_FAILED)
			report_parse_error(&l, &s.s_cli, st, line);
		report_output(&l);
		if (cli_mode(&s.s_cli) != MODE_CONFIG && cli_find_obj(&s.s_cli, MODE_CONFIG) == NULL)
			cli_enter(&s.s_cli, MODE_CONFIG, cfg); /* an "exit" too many: stay in config mode */
	}
	free(line);
	session_fini(&s);
	return l.l_problems;
}

int cfg_load_file(struct cli_tree *t, struct ferryd *d, struct config *cfg, const char *path, cfg_diag_fn *diag,
		  void *arg)
{
	FILE *f = fopen(path, "r");
	unsigned n;

	if (!f)
		return -1;
	n = cfg_load_stream(t, d, cfg, f, path, diag, arg);
	fclose(f);
	return (int)n;
}

struct strbuf {
	char *sb_data;
	size_t sb_len, sb_cap;
	bool sb_failed;
};

static void strbuf_out(void *arg, const char *buf, size_t len)
{
	struct strbuf *sb = arg;

	if (sb->sb_failed)
		return;
	if (sb->sb_len + len + 1 > sb->sb_cap) {
		size_t cap = sb->sb_cap ? sb->sb_cap * 2 : 65536;
		while (cap < sb->sb_len + len + 1)
			cap *= 2;
		char *p = realloc(sb->sb_data, cap);
		if (!p) {
			sb->sb_failed = true;
			return;
		}
		sb->sb_data = p;
		sb->sb_cap = cap;
	}
	memcpy(sb->sb_data + sb->sb_len, buf, len);
	sb->sb_len += len;
	sb->sb_data[sb->sb_len] = '\0';
}

static void print_config(struct cli_writer *w, const void *cfg)
{
	cli_print_mode(w, MODE_CONFIG, cfg);
}

char *cfg_print_string(struct cli_tree *t, const struct config *cfg, size_t *len)
{
	return cfg_print_obj_string(t, print_config, cfg, len);
}

char *cfg_print_obj_string(struct cli_tree *t, cli_print_fn *fn, const void *obj, size_t *len)
{
	struct strbuf sb = {0};
	struct cli_writer w = {.w_tree = t, .w_out = strbuf_out, .w_arg = &sb};

	strbuf_out(&sb, "", 0);
	fn(&w, obj);
	if (sb.sb_failed) {
		free(sb.sb_data);
		return NULL;
	}
	*len = sb.sb_len;
	return sb.sb_data;
}
