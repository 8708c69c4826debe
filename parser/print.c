/* Running-config printing: each mode's commands print their own lines, in order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"

static int by_order(const void *a, const void *b)
{
	const struct cli_entry *x = *(struct cli_entry *const *)a, *y = *(struct cli_entry *const *)b;
	if (x->e_cmd->cc_order != y->e_cmd->cc_order)
		return x->e_cmd->cc_order < y->e_cmd->cc_order ? -1 : 1;
	return x->e_seq < y->e_seq ? -1 : x->e_seq > y->e_seq;
}

void cli_print_mode(struct cli_writer *w, int mode, const void *obj)
{
	const struct cli_mode_cmds *mc = &w->w_tree->t_bymode[mode];
	struct cli_entry **v = malloc(mc->mc_n * sizeof(*v) + 1);
	size_t n = 0;

	if (!v)
		return;
	for (size_t i = 0; i < mc->mc_n; i++)
		if (mc->mc_v[i]->e_cmd->cc_print && !mc->mc_v[i]->e_negated)
			v[n++] = mc->mc_v[i];
	qsort(v, n, sizeof(*v), by_order);
	int group = -1;
	for (size_t i = 0; i < n; i++) {
		unsigned long before = w->w_lines;
		int g = v[i]->e_cmd->cc_order / 100;
		/* top-level groups (orders in one hundred) are set apart by "!", as IOS does */
		if (w->w_indent == 0 && group >= 0 && g != group)
			cli_sep(w);
		v[i]->e_cmd->cc_print(w, obj);
		if (w->w_lines != before)
			group = g;
	}
	free(v);
}

void cli_line(struct cli_writer *w, const char *fmt, ...)
{
	char buf[CLI_MAX_LINE + 64];
	va_list ap;
	int n;

	for (int i = 0; i < w->w_indent; i++)
		w->w_out(w->w_arg, " ", 1);
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	w->w_out(w->w_arg, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	w->w_out(w->w_arg, "\n", 1);
	w->w_lines++;
	w->w_at_sep = w->w_indent == 0 && strcmp(buf, "!") == 0;
}

void cli_sep(struct cli_writer *w)
{
	if (!w->w_at_sep)
		cli_line(w, "!");
}

void cli_block(struct cli_writer *w, int mode, const void *obj)
{
	w->w_indent++;
	cli_print_mode(w, mode, obj);
	w->w_indent--;
}
