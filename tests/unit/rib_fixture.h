/*
 * A daemon for the routing tests: the whole grammar, a running
 * configuration, the record dataplane and a privileged EXEC session on it.
 */
#ifndef FERRY_TESTS_RIB_FIXTURE_H
#define FERRY_TESTS_RIB_FIXTURE_H

#include <netinet/in.h>
#include <stddef.h>

#include "core/daemon.h"
#include "core/session.h"

struct rfx {
	struct ferryd rf_d;
	struct session rf_s;
	char *rf_out;
	size_t rf_len;
};

void rfx_init(struct rfx *f);
void rfx_fini(struct rfx *f);
/* Applies configuration lines from global configuration mode; every line must be accepted. */
void rfx_config(struct rfx *f, const char *text);
/* Loads one of the seed's configurations (etc/NAME.cfg); every line must be accepted. */
void rfx_load_seed(struct rfx *f, const char *name);
/* Runs the FIB sync and returns what it applied, one operation a line ("" for nothing). */
const char *rfx_sync(struct rfx *f);
/* Runs an EXEC command in the session and returns its output. */
const char *rfx_exec(struct rfx *f, const char *line);
/* The same, expecting cli_execute to return want (a CLI_ERR_* for a refusal). */
const char *rfx_exec_rc(struct rfx *f, const char *line, int want);
/* An address from dotted text (the tests' constants). */
struct in_addr rfx_ip(const char *dotted);

#endif
