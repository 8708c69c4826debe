/* A session's mode stack, prompt and output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"

void cli_ctx_init(struct cli_ctx *c, struct cli_tree *t, int mode, void *obj)
{
	memset(c, 0, sizeof(*c));
	c->c_tree = t;
	c->c_stack[0].f_mode = mode;
	c->c_stack[0].f_obj = obj;
}

int cli_mode(const struct cli_ctx *c)
{
	return c->c_stack[c->c_depth].f_mode;
}

void *cli_obj(const struct cli_ctx *c)
{
	return c->c_stack[c->c_depth].f_obj;
}

void cli_enter(struct cli_ctx *c, int mode, void *obj)
{
	if (c->c_depth + 1 >= CLI_MAX_DEPTH)
		abort(); /* the grammar nests deeper than any IOS mode: a programming error */
	c->c_depth++;
	c->c_stack[c->c_depth].f_mode = mode;
	c->c_stack[c->c_depth].f_obj = obj;
}

bool cli_exit(struct cli_ctx *c)
{
	if (c->c_depth == 0)
		return false;
	c->c_depth--;
	return true;
}

void cli_reset(struct cli_ctx *c, int mode, void *obj)
{
	for (int d = c->c_depth; d >= 0; d--) {
		if (c->c_stack[d].f_mode == mode) {
			c->c_depth = d;
			return;
		}
	}
	c->c_depth = 0;
	c->c_stack[0].f_mode = mode;
	c->c_stack[0].f_obj = obj;
}

void *cli_find_obj(const struct cli_ctx *c, int mode)
{
	for (int d = c->c_depth; d >= 0; d--)
		if (c->c_stack[d].f_mode == mode)
			return c->c_stack[d].f_obj;
	return NULL;
}

void cli_prompt(const struct cli_ctx *c, const char *hostname, char *buf, size_t len)
{
	const struct cli_mode_def *md = cli_mode_get(c->c_tree, cli_mode(c));

	if (md && md->md_prompt)
		snprintf(buf, len, "%s(%s)#", hostname, md->md_prompt);
	else if (md && md->md_parent < 0)
		snprintf(buf, len, "%s>", hostname); /* user EXEC has no parent */
	else
		snprintf(buf, len, "%s#", hostname);
}

void cli_write(struct cli_ctx *c, const char *buf, size_t len)
{
	if (c->c_out)
		c->c_out(c->c_out_arg, buf, len);
}

static void vprint(struct cli_ctx *c, const char *fmt, va_list ap)
{
	char small[1024], *big = NULL;
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n < 0) {
		va_end(ap2);
		return;
	}
	if ((size_t)n < sizeof(small)) {
		cli_write(c, small, (size_t)n);
	} else if ((big = malloc((size_t)n + 1)) != NULL) {
		vsnprintf(big, (size_t)n + 1, fmt, ap2);
		cli_write(c, big, (size_t)n);
		free(big);
	}
	va_end(ap2);
}

void cli_printf(struct cli_ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprint(c, fmt, ap);
	va_end(ap);
}

int cli_fail(struct cli_ctx *c, const char *fmt, ...)
{
	va_list ap;
	cli_write(c, "% ", 2);
	va_start(ap, fmt);
	vprint(c, fmt, ap);
	va_end(ap);
	cli_write(c, "\n", 1);
	return -1;
}
