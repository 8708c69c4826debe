/* show version, show running-config, show startup-config, write memory, copy. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "config/modes.h"
#include "config/text.h"
#include "config/write.h"
#include "core/daemon.h"
#include "core/log.h"
#include "core/session.h"
#include "core/workq.h"
#include "show/render.h"
#include "sys/sys.h"

/* ---- show running-config ---- */

/* Structured form: each top-level line with its indented children. */
static struct json_object *config_tree(const char *text)
{
	struct json_object *top = json_object_new_array(), *cur = NULL;
	const char *p = text;

	while (*p) {
		size_t len = strcspn(p, "\n");
		size_t ind = strspn(p, " ");
		struct json_object *line = json_object_new_string_len(p + ind, (int)(len - ind));
		if (ind == 0 || !cur) {
			cur = json_object_new_object();
			json_object_object_add(cur, "line", line);
			json_object_array_add(top, cur);
		} else {
			struct json_object *kids;
			if (!json_object_object_get_ex(cur, "children", &kids)) {
				kids = json_object_new_array();
				json_object_object_add(cur, "children", kids);
			}
			json_object_array_add(kids, line);
		}
		p += len + (p[len] == '\n');
	}
	return top;
}

static void running_text(struct cli_ctx *c, struct json_object *doc)
{
	const char *body = show_str(doc, "text");

	cli_printf(c, "Building configuration...\n\nCurrent configuration : %zu bytes\n!\n", strlen(body));
	cli_write(c, body, strlen(body));
	cli_printf(c, "end\n\n");
}

int sys_show_config_text(struct cli_ctx *c, char *text, size_t len)
{
	struct json_object *doc;

	if (!text)
		return cli_fail(c, "Out of memory building the configuration");
	doc = json_object_new_object();
	json_object_object_add(doc, "bytes", json_object_new_int64((int64_t)len));
	if (session_of(c)->s_format == PIPE_FMT_TEXT)
		json_object_object_add(doc, "text", json_object_new_string_len(text, (int)len));
	else
		json_object_object_add(doc, "config", config_tree(text));
	free(text);
	show_render(c, "running-config", doc, running_text);
	return 0;
}

static int run_show_running(struct cli_ctx *c, const struct cli_args *a)
{
	size_t len;
	char *text = cfg_print_string(c->c_tree, cfg_of(c), &len);

	return sys_show_config_text(c, text, len);
}

/* ---- show startup-config ---- */

static int run_show_startup(struct cli_ctx *c, const struct cli_args *a)
{
	const struct ferryd *d = session_of(c)->s_daemon;
	FILE *f = d && d->fd_config_path ? fopen(d->fd_config_path, "r") : NULL;
	char buf[65536];
	size_t n;

	if (!f)
		return cli_fail(c, "startup-config is not present");
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		cli_write(c, buf, n);
	fclose(f);
	return 0;
}

/* ---- show version ---- */

static void uptime_text(time_t secs, char *buf, size_t len)
{
	long d = (long)(secs / 86400), h = (long)(secs % 86400 / 3600), m = (long)(secs % 3600 / 60);

	if (d)
		snprintf(buf, len, "%ld day%s, %ld hour%s, %ld minute%s", d, d == 1 ? "" : "s", h, h == 1 ? "" : "s", m,
			 m == 1 ? "" : "s");
	else if (h)
		snprintf(buf, len, "%ld hour%s, %ld minute%s", h, h == 1 ? "" : "s", m, m == 1 ? "" : "s");
	else
		snprintf(buf, len, "%ld minute%s", m, m == 1 ? "" : "s");
}

static void version_text(struct cli_ctx *c, struct json_object *doc)
{
	cli_printf(c, "Ferry Software (ferryd), Version %s\n", show_str(doc, "version"));
	cli_printf(c, "Technical support: see the ferryd(8) manual page\n\n");
	cli_printf(c, "%s uptime is %s\n", show_str(doc, "hostname"), show_str(doc, "uptime"));
	cli_printf(c, "System image file is \"%s\"\n", show_str(doc, "image"));
	cli_printf(c, "Kernel: %s %s on %s\n", show_str(doc, "kernel"), show_str(doc, "kernel_release"),
		   show_str(doc, "machine"));
	cli_printf(c, "Dataplane: %s\n", show_str(doc, "dataplane"));
	cli_printf(c, "Configuration file is \"%s\"\n", show_str(doc, "config_file"));
}

static int run_show_version(struct cli_ctx *c, const struct cli_args *a)
{
	const struct ferryd *d = session_of(c)->s_daemon;
	struct json_object *doc = json_object_new_object();
	struct utsname u;
	char up[96];

	uptime_text(d ? time(NULL) - d->fd_started : 0, up, sizeof(up));
	if (uname(&u) < 0)
		memset(&u, 0, sizeof(u));
	json_object_object_add(doc, "version", json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(doc, "hostname", json_object_new_string(sys_hostname(cfg_of(c))));
	json_object_object_add(doc, "uptime", json_object_new_string(up));
	json_object_object_add(doc, "image", json_object_new_string("ferryd"));
	json_object_object_add(doc, "kernel", json_object_new_string(u.sysname));
	json_object_object_add(doc, "kernel_release", json_object_new_string(u.release));
	json_object_object_add(doc, "machine", json_object_new_string(u.machine));
	json_object_object_add(doc, "dataplane",
			       json_object_new_string(d && d->fd_dp.dpl_backend ? d->fd_dp.dpl_backend->db_name : "none"));
	json_object_object_add(doc, "config_file",
			       json_object_new_string(d && d->fd_config_path ? d->fd_config_path : ""));
	show_render(c, "version", doc, version_text);
	return 0;
}

/* ---- write memory / copy running-config startup-config ---- */

struct save_job {
	struct session *sj_session;
	char *sj_path, *sj_text;
	size_t sj_len;
	int sj_errno;
};

static void save_work(void *arg)
{
	struct save_job *j = arg;
	j->sj_errno = cfg_write_atomic(j->sj_path, j->sj_text, j->sj_len) < 0 ? errno : 0;
}

static void save_done(void *arg)
{
	struct save_job *j = arg;
	struct cli_ctx *c = &j->sj_session->s_cli;

	if (j->sj_errno) {
		cli_printf(c, "%% Error writing %s (%s)\n", j->sj_path, strerror(j->sj_errno));
		log_msg(SEV_ERR, "SYS", "CONFIG_W", "writing %s failed: %s", j->sj_path, strerror(j->sj_errno));
	} else {
		cli_printf(c, "[OK]\n");
		log_msg(SEV_NOTICE, "SYS", "CONFIG_W", "Configuration saved to %s", j->sj_path);
	}
	session_done(j->sj_session, j->sj_errno ? -1 : 0);
	free(j->sj_path);
	free(j->sj_text);
	free(j);
}

static char *startup_text(struct cli_ctx *c, size_t *len)
{
	size_t blen;
	char *body = cfg_print_string(c->c_tree, cfg_of(c), &blen), *text = NULL;

	if (body && asprintf(&text, "!\n%send\n", body) < 0)
		text = NULL;
	free(body);
	*len = text ? strlen(text) : 0;
	return text;
}

static int run_write(struct cli_ctx *c, const struct cli_args *a)
{
	struct session *s = session_of(c);
	struct save_job *j;

	if (!s->s_daemon || !s->s_daemon->fd_config_path)
		return cli_fail(c, "No startup-config file (start ferryd with -f)");
	if (!(j = calloc(1, sizeof(*j))))
		return cli_fail(c, "Out of memory");
	j->sj_session = s;
	j->sj_path = strdup(s->s_daemon->fd_config_path);
	j->sj_text = startup_text(c, &j->sj_len);
	if (!j->sj_path || !j->sj_text || workq_submit(s->s_daemon->fd_workq, save_work, save_done, j) < 0) {
		free(j->sj_path);
		free(j->sj_text);
		free(j);
		return cli_fail(c, "Out of memory");
	}
	cli_printf(c, "Building configuration...\n");
	session_defer(c);
	return 0;
}

static struct cli_cmd show_cmds[] = {
    {.cc_syntax = "show running-config",
     .cc_help = "Show running system information\nCurrent operating configuration",
     .cc_modes = CLI_MODE(MODE_ENABLE),
     .cc_run = run_show_running},
    {.cc_syntax = "show startup-config",
     .cc_help = "Show running system information\nContents of startup configuration",
     .cc_modes = CLI_MODE(MODE_ENABLE),
     .cc_run = run_show_startup},
    {.cc_syntax = "show version",
     .cc_help = "Show running system information\nSystem hardware and software status",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_version},
    {.cc_syntax = "write [memory]",
     .cc_help = "Write running configuration to memory, network, or terminal\nWrite to NV memory",
     .cc_modes = CLI_MODE(MODE_ENABLE),
     .cc_run = run_write},
    {.cc_syntax = "copy running-config startup-config",
     .cc_help = "Copy from one file to another\nCopy from current system configuration\nCopy to startup "
		"configuration",
     .cc_modes = CLI_MODE(MODE_ENABLE),
     .cc_run = run_write},
};

void sys_show_init(struct cli_tree *t)
{
	cli_cmds_add(t, show_cmds, sizeof(show_cmds) / sizeof(show_cmds[0]));
}
