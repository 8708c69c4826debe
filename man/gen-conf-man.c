/*
 * Writes ferry.conf(5) from its template and the grammar itself, so the
 * manual lists exactly the commands ferryd accepts: the line @COMMANDS@
 * of the template becomes one section per mode.
 */
#include <stdio.h>
#include <string.h>

#include "parser/cli.h"
#include "subsys.h"

/* roff treats a leading '.' or '\'' as a request and '\' as an escape. */
static void roff_text(const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", stdout);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-')
			fputs("\\-", stdout);
		else
			putchar(*s);
	}
}

static void print_cmd(void *arg, const struct cli_cmd *cmd, bool negated, const struct cli_tokdoc *toks, size_t n)
{
	fputs(".TP\n.B ", stdout);
	if (negated)
		fputs("no ", stdout);
	roff_text(negated && cmd->cc_no_syntax ? cmd->cc_no_syntax : cmd->cc_syntax);
	putchar('\n');
	for (size_t i = 0; i < n; i++) {
		fputs("\\fI", stdout);
		roff_text(toks[i].td_text);
		fputs("\\fR: ", stdout);
		roff_text(toks[i].td_help);
		fputs(i + 1 < n ? "\n.br\n" : "\n", stdout);
	}
}

static void print_modes(const struct cli_tree *t)
{
	for (int m = 0; m < CLI_MAX_MODES; m++) {
		const struct cli_mode_def *md = cli_mode_get(t, m);
		if (!md)
			continue;
		fputs(".SS ", stdout);
		roff_text(md->md_name);
		if (md->md_prompt)
			printf(" (prompt \\fI(%s)#\\fR)", md->md_prompt);
		putchar('\n');
		cli_doc(t, m, print_cmd, NULL);
	}
}

int main(int argc, char **argv)
{
	struct cli_tree *t;
	char line[4096];
	FILE *tmpl;

	if (argc != 2 || !(tmpl = fopen(argv[1], "r"))) {
		fprintf(stderr, "usage: gen-conf-man TEMPLATE\n");
		return 1;
	}
	t = subsys_grammar();
	while (fgets(line, sizeof(line), tmpl)) {
		if (strcmp(line, "@COMMANDS@\n") == 0)
			print_modes(t);
		else
			fputs(line, stdout);
	}
	fclose(tmpl);
	cli_tree_free(t);
	return 0;
}
