/* The routing tests' daemon: grammar, configuration, record dataplane, session. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config/config.h"
#include "config/modes.h"
#include "config/text.h"
#include "dataplane/dataplane.h"
#include "interface/iface.h"
#include "rib/fib.h"
#include "rib_fixture.h"
#include "subsys.h"

#ifndef SRCDIR
#define SRCDIR "."
#endif

static void out_append(void *arg, const char *buf, size_t len)
{
	struct rfx *f = arg;

	f->rf_out = realloc(f->rf_out, f->rf_len + len + 1);
	assert_non_null(f->rf_out);
	memcpy(f->rf_out + f->rf_len, buf, len);
	f->rf_len += len;
	f->rf_out[f->rf_len] = '\0';
}

static void diag_fail(void *arg, const char *file, unsigned line, const char *msg)
{
	fail_msg("%s:%u: %s", file, line, msg);
}

void rfx_init(struct rfx *f)
{
	memset(f, 0, sizeof(*f));
	f->rf_d.fd_tree = subsys_grammar();
	f->rf_d.fd_running = cfg_new();
	assert_non_null(f->rf_d.fd_tree);
	assert_non_null(f->rf_d.fd_running);
	assert_int_equal(dataplane_open(&f->rf_d.fd_dp, "record"), 0);
	session_init(&f->rf_s, f->rf_d.fd_tree, &f->rf_d, f->rf_d.fd_running, MODE_ENABLE);
	f->rf_s.s_cli.c_out = out_append;
	f->rf_s.s_cli.c_out_arg = f;
}

void rfx_fini(struct rfx *f)
{
	session_fini(&f->rf_s);
	fib_forget(&f->rf_d);
	dataplane_close(&f->rf_d.fd_dp);
	cfg_free(f->rf_d.fd_running);
	cli_tree_free(f->rf_d.fd_tree);
	if_map_clear();
	free(f->rf_out);
}

void rfx_config(struct rfx *f, const char *text)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");

	assert_non_null(in);
	assert_int_equal(cfg_load_stream(f->rf_d.fd_tree, &f->rf_d, f->rf_d.fd_running, in, "test", diag_fail, NULL),
			 0);
	fclose(in);
}

void rfx_load_seed(struct rfx *f, const char *name)
{
	const char *dir = getenv("srcdir"); /* set by make check */
	char path[512];

	snprintf(path, sizeof(path), "%s/etc/%s.cfg", dir && *dir ? dir : SRCDIR, name);
	assert_int_equal(cfg_load_file(f->rf_d.fd_tree, &f->rf_d, f->rf_d.fd_running, path, diag_fail, NULL), 0);
}

const char *rfx_sync(struct rfx *f)
{
	dp_record_clear(f->rf_d.fd_dp.dpl_state);
	fib_sync(&f->rf_d);
	return dp_record_text(f->rf_d.fd_dp.dpl_state);
}

const char *rfx_exec_rc(struct rfx *f, const char *line, int want)
{
	f->rf_len = 0;
	free(f->rf_out);
	f->rf_out = strdup("");
	assert_non_null(f->rf_out);
	assert_int_equal(cli_execute(&f->rf_s.s_cli, line), want);
	return f->rf_out;
}

const char *rfx_exec(struct rfx *f, const char *line)
{
	return rfx_exec_rc(f, line, CLI_OK);
}

struct in_addr rfx_ip(const char *dotted)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, dotted, &a), 1);
	return a;
}
