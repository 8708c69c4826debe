/* Moving between modes, and the hostname. */
#include <stdlib.h>
#include <string.h>

#include "config/modes.h"
#include "config/order.h"
#include "core/session.h"
#include "sys/sys.h"

static int run_enable(struct cli_ctx *c, const struct cli_args *a)
{
	cli_reset(c, MODE_ENABLE, cfg_of(c));
	return 0;
}

static int run_disable(struct cli_ctx *c, const struct cli_args *a)
{
	cli_reset(c, MODE_EXEC, cfg_of(c));
	return 0;
}

static int run_logout(struct cli_ctx *c, const struct cli_args *a)
{
	session_of(c)->s_closed = true;
	return 0;
}

static int run_configure(struct cli_ctx *c, const struct cli_args *a)
{
	if (!c->c_from_file)
		cli_printf(c, "Enter configuration commands, one per line.  End with CNTL/Z.\n");
	cli_enter(c, MODE_CONFIG, cfg_of(c));
	return 0;
}

static int run_exit(struct cli_ctx *c, const struct cli_args *a)
{
	cli_exit(c);
	return 0;
}

static int run_end(struct cli_ctx *c, const struct cli_args *a)
{
	cli_reset(c, MODE_ENABLE, cfg_of(c));
	return 0;
}

static int run_do(struct cli_ctx *c, const struct cli_args *a)
{
	enum cli_status st = cli_execute_in(c, MODE_ENABLE, cli_arg(a, "LINE"));

	if (st == CLI_OK || st == CLI_ERR_FAILED)
		return st == CLI_OK ? 0 : -1;
	return cli_fail(c, "%s", c->c_err_text + (c->c_err_text[0] == '%' ? 2 : 0));
}

static int run_terminal_length(struct cli_ctx *c, const struct cli_args *a)
{
	c->c_term_length = (int)cli_arg_num(a, "<0-512>", 0);
	return 0;
}

static int run_hostname(struct cli_ctx *c, const struct cli_args *a)
{
	struct sys_cfg *sc = sys_cfg(cfg_of(c));
	char *name = a->a_negate ? NULL : strdup(cli_arg(a, "WORD"));

	if (!a->a_negate && !name)
		return cli_fail(c, "Out of memory");
	free(sc->sc_hostname);
	sc->sc_hostname = name;
	return 0;
}

static void print_hostname(struct cli_writer *w, const void *obj)
{
	cli_line(w, "hostname %s", sys_hostname(obj));
}

static struct cli_cmd sys_cmds[] = {
    {.cc_syntax = "enable",
     .cc_help = "Turn on privileged commands",
     .cc_modes = CLI_MODE(MODE_EXEC),
     .cc_run = run_enable},
    {.cc_syntax = "disable",
     .cc_help = "Turn off privileged commands",
     .cc_modes = CLI_MODE(MODE_ENABLE),
     .cc_run = run_disable},
    {.cc_syntax = "(exit|logout|quit)",
     .cc_help = "Exit from the EXEC\nExit from the EXEC\nExit from the EXEC",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_logout},
    {.cc_syntax = "configure [terminal]",
     .cc_help = "Enter configuration mode\nConfigure from the terminal",
     .cc_modes = CLI_MODE(MODE_ENABLE),
     .cc_run = run_configure},
    {.cc_syntax = "exit", .cc_help = "Exit from configure mode", .cc_modes = MODES_CONFIG_ALL, .cc_run = run_exit},
    {.cc_syntax = "end", .cc_help = "Exit to privileged EXEC mode", .cc_modes = MODES_CONFIG_ALL, .cc_run = run_end},
    {.cc_syntax = "do LINE",
     .cc_help = "To run exec commands in config mode\nExec Command",
     .cc_modes = MODES_CONFIG_ALL,
     .cc_run = run_do},
    {.cc_syntax = "terminal length <0-512>",
     .cc_help = "Set terminal line parameters\nSet number of lines on a screen\nNumber of lines on screen (0 for "
		"no pausing)",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_terminal_length},
    {.cc_syntax = "hostname WORD",
     .cc_help = "Set system's network name\nThis system's network name",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_hostname,
     .cc_print = print_hostname,
     .cc_order = ORD_HOSTNAME},
};

void sys_cli_init(struct cli_tree *t)
{
	modes_register(t);
	cfg_module_register(&sys_module);
	cli_cmds_add(t, sys_cmds, sizeof(sys_cmds) / sizeof(sys_cmds[0]));
}
