/*
 * Reload on SIGHUP. The file is loaded into a fresh model first, so a file
 * that cannot be read leaves the running configuration untouched. Sessions
 * in configuration modes point into the old model and are moved back to
 * EXEC before it is freed.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/reload.h"
#include "config/text.h"
#include "core/daemon.h"
#include "core/log.h"
#include "core/session.h"
#include "core/sync.h"

struct lines {
	char **l_v;
	size_t l_n;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Splits text in place into sorted lines. */
static int lines_of(char *text, struct lines *l)
{
	size_t cap = 0;

	l->l_v = NULL;
	l->l_n = 0;
	for (char *save = NULL, *p = strtok_r(text, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
		if (l->l_n == cap) {
			cap = cap ? cap * 2 : 256;
			char **v = realloc(l->l_v, cap * sizeof(*v));
			if (!v)
				return -1;
			l->l_v = v;
		}
		l->l_v[l->l_n++] = p;
	}
	if (l->l_n)
		qsort(l->l_v, l->l_n, sizeof(*l->l_v), cmp_str);
	return 0;
}

/* Counts lines only in a (removed) and only in b (added), as multisets. */
static void count_diff(const struct lines *a, const struct lines *b, size_t *removed, size_t *added)
{
	size_t i = 0, j = 0;

	*removed = *added = 0;
	while (i < a->l_n || j < b->l_n) {
		int c = i == a->l_n ? 1 : j == b->l_n ? -1 : strcmp(a->l_v[i], b->l_v[j]);
		if (c == 0)
			i++, j++;
		else if (c < 0)
			(*removed)++, i++;
		else
			(*added)++, j++;
	}
}

/* Logs the lines added and removed; false when the text is identical. */
static bool log_diff(struct ferryd *d, const struct config *old, const struct config *neu, const char *path)
{
	size_t la, lb, removed, added;
	char *ta = cfg_print_string(d->fd_tree, old, &la), *tb = cfg_print_string(d->fd_tree, neu, &lb);
	struct lines a = {0}, b = {0};
	bool changed = !ta || !tb || la != lb || memcmp(ta, tb, la) != 0;

	if (changed && ta && tb && lines_of(ta, &a) == 0 && lines_of(tb, &b) == 0) {
		count_diff(&a, &b, &removed, &added);
		log_msg(SEV_NOTICE, "SYS", "CONFIG_I", "Reloaded from %s: %zu line(s) added, %zu removed", path, added,
			removed);
	} else if (!changed) {
		log_msg(SEV_NOTICE, "SYS", "CONFIG_I", "Reloaded from %s: no changes", path);
	}
	free(a.l_v);
	free(b.l_v);
	free(ta);
	free(tb);
	return changed;
}

static void reload_diag(void *arg, const char *file, unsigned line, const char *msg)
{
	log_msg(SEV_ERR, "PARSER", "CFGLINE", "%s:%u: %s", file, line, msg);
}

int cfg_reload(struct ferryd *d, const char *path)
{
	struct config *neu = cfg_new();
	int n;

	if (!neu)
		return -1;
	n = cfg_load_file(d->fd_tree, d, neu, path, reload_diag, NULL);
	if (n < 0) {
		log_msg(SEV_ERR, "SYS", "CONFIG_NOFILE",
			"reload: cannot read %s: %s; keeping the running configuration", path, strerror(errno));
		cfg_free(neu);
		return -1;
	}
	if (!log_diff(d, d->fd_running, neu, path)) {
		cfg_free(neu); /* nothing changed: sessions keep their modes */
		return 0;
	}
	session_rebase_all(neu);
	cfg_free(d->fd_running);
	d->fd_running = neu;
	sync_run(d);
	return 0;
}
