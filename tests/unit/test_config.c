/*
 * The real grammar on the seed configurations: they load without problems,
 * print back every line they contain, print the same text again after a
 * reload, and match their golden prints. Hostile input never crashes the
 * loader and leaves a model that still prints and reloads.
 *
 * FERRY_UPDATE_GOLDEN=1 rewrites tests/golden/<name>.run from the output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config/config.h"
#include "config/text.h"
#include "subsys.h"

#ifndef SRCDIR
#define SRCDIR "."
#endif

static struct cli_tree *tree;

/* ---- small helpers ---- */

/* Problems reported by a load, as "FILE:LINE: message" lines. */
struct diag {
	char *d_text;
	size_t d_len;
	unsigned d_n;
};

static void diag_add(void *arg, const char *file, unsigned line, const char *msg)
{
	struct diag *d = arg;
	char *s = NULL;
	int n = asprintf(&s, "%s:%u: %s\n", file, line, msg);

	d->d_n++;
	if (n < 0)
		return;
	d->d_text = realloc(d->d_text, d->d_len + (size_t)n + 1);
	assert_non_null(d->d_text);
	memcpy(d->d_text + d->d_len, s, (size_t)n + 1);
	d->d_len += (size_t)n;
	free(s);
}

static void diag_free(struct diag *d)
{
	free(d->d_text);
	memset(d, 0, sizeof(*d));
}

static const char *srcdir(void)
{
	const char *s = getenv("srcdir"); /* set by make check */
	return s && *s ? s : SRCDIR;
}

static char *path_of(const char *dir, const char *name, const char *ext)
{
	char *p = NULL;
	assert_true(asprintf(&p, "%s/%s/%s%s", srcdir(), dir, name, ext) > 0);
	return p;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0;

	if (!f)
		return NULL;
	FILE *m = open_memstream(&buf, &cap);
	assert_non_null(m);
	for (int ch; (ch = fgetc(f)) != EOF;)
		fputc(ch, m);
	fclose(f);
	fclose(m);
	*len = cap;
	return buf;
}

/* Loads text into a fresh model; returns the model, the problems in *d. */
static struct config *load_text(const char *text, size_t len, const char *name, struct diag *d)
{
	struct config *cfg = cfg_new();
	FILE *f = fmemopen((void *)(len ? text : "\n"), len ? len : 1, "r"); /* fmemopen wants a buffer */

	assert_non_null(cfg);
	assert_non_null(f);
	unsigned n = cfg_load_stream(tree, NULL, cfg, f, name, diag_add, d);
	fclose(f);
	assert_int_equal(n, d->d_n); /* every problem counted is reported, and the other way round */
	return cfg;
}

static char *print_cfg(const struct config *cfg)
{
	size_t len;
	char *s = cfg_print_string(tree, cfg, &len);

	assert_non_null(s);
	assert_int_equal(strlen(s), len);
	return s;
}

/* Says where two texts first differ: the line number and both versions of the line. */
static void show_diff(const char *what, const char *a_name, const char *a, const char *b_name, const char *b)
{
	const char *la = a, *lb = b;
	unsigned line = 1;

	for (; *a && *a == *b; a++, b++) {
		if (*a == '\n') {
			line++;
			la = a + 1;
			lb = b + 1;
		}
	}
	fprintf(stderr, "%s: line %u differs:\n  %s: %.*s\n  %s: %.*s\n", what, line, a_name, (int)strcspn(la, "\n"),
		la, b_name, (int)strcspn(lb, "\n"), lb);
}

/*
 * Reloads a print into a fresh model and prints again: the reload reports
 * nothing and the second print is the first. Returns false (and says why).
 */
static bool reprint_same(const char *text, const char *what)
{
	struct diag d = {0};
	struct config *cfg = load_text(text, strlen(text), what, &d);
	char *again = print_cfg(cfg);
	bool same = strcmp(text, again) == 0;

	if (d.d_n)
		fprintf(stderr, "%s: reloading the print reported %u problem(s):\n%s", what, d.d_n, d.d_text);
	if (!same)
		show_diff(what, "print", text, "reprint", again);
	free(again);
	cfg_free(cfg);
	diag_free(&d);
	return same && d.d_n == 0;
}

/* ---- the seed configurations ---- */

struct seed {
	const char *s_name; /* etc/<name>.cfg, tests/golden/<name>.run */
	char *s_text;
	size_t s_len;
	struct config *s_cfg;
	struct diag s_diag;
	char *s_print;
};

static struct seed seeds[] = {{.s_name = "R1-HUB"}, {.s_name = "R3-Spoke1"}, {.s_name = "R4-Spoke"}};
#define NSEEDS (sizeof(seeds) / sizeof(seeds[0]))

static int seed_setup(void **state)
{
	struct seed *s = *state;
	char *path = path_of("etc", s->s_name, ".cfg");

	s->s_text = read_file(path, &s->s_len);
	if (!s->s_text) {
		fprintf(stderr, "cannot read %s\n", path);
		free(path);
		return -1;
	}
	s->s_cfg = cfg_new();
	if (!s->s_cfg || cfg_load_file(tree, NULL, s->s_cfg, path, diag_add, &s->s_diag) < 0)
		return -1;
	s->s_print = print_cfg(s->s_cfg);
	free(path);
	return 0;
}

static int seed_teardown(void **state)
{
	struct seed *s = *state;

	cfg_free(s->s_cfg);
	diag_free(&s->s_diag);
	free(s->s_text);
	free(s->s_print);
	s->s_cfg = NULL;
	s->s_text = s->s_print = NULL;
	return 0;
}

static void test_seed_loads_clean(void **state)
{
	struct seed *s = *state;

	if (s->s_diag.d_n)
		fprintf(stderr, "%s: %u problem(s):\n%s", s->s_name, s->s_diag.d_n, s->s_diag.d_text);
	assert_int_equal(s->s_diag.d_n, 0);
}

static void test_seed_roundtrip(void **state)
{
	struct seed *s = *state;

	assert_true(reprint_same(s->s_print, s->s_name));
}

static char *trim(char *l)
{
	size_t n;

	l += strspn(l, " \t");
	n = strcspn(l, "\r\n");
	while (n && (l[n - 1] == ' ' || l[n - 1] == '\t'))
		n--;
	l[n] = '\0';
	return l;
}

/* Whitespace-trimmed lines of text (pointing into a private copy), in *n; v[i] is line i + 1. */
static char **trimmed_lines(const char *text, size_t *n, char **copy)
{
	char **v = NULL, *l;

	*copy = strdup(text);
	assert_non_null(*copy);
	*n = 0;
	for (l = *copy; *l; l++) {
		char *nl = strchr(l, '\n');
		v = realloc(v, (*n + 1) * sizeof(*v));
		assert_non_null(v);
		if (nl)
			*nl = '\0';
		v[(*n)++] = trim(l);
		if (!nl)
			break;
		l = nl;
	}
	return v;
}

/* Takes one unused print line equal to l, so a line twice in the seed must print twice. */
static bool take_line(char **v, size_t n, const char *l)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i] && strcmp(v[i], l) == 0) {
			v[i] = NULL;
			return true;
		}
	}
	return false;
}

static void test_seed_lines_printed(void **state)
{
	struct seed *s = *state;
	char *scopy, *pcopy;
	size_t ns, np;
	char **sl = trimmed_lines(s->s_text, &ns, &scopy), **pl = trimmed_lines(s->s_print, &np, &pcopy);
	unsigned missing = 0;

	for (size_t i = 0; i < ns; i++) {
		if (sl[i][0] == '\0' || sl[i][0] == '!' || take_line(pl, np, sl[i]))
			continue;
		fprintf(stderr, "%s.cfg:%zu: not printed: %s\n", s->s_name, i + 1, sl[i]);
		missing++;
	}
	if (missing)
		fprintf(stderr, "%s: %u seed line(s) missing from the print:\n%s", s->s_name, missing, s->s_print);
	free(sl);
	free(pl);
	free(scopy);
	free(pcopy);
	assert_int_equal(missing, 0);
}

static void write_golden(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	print_message("wrote %s\n", path);
}

static void test_seed_golden(void **state)
{
	struct seed *s = *state;
	char *path = path_of("tests/golden", s->s_name, ".run");
	const char *update = getenv("FERRY_UPDATE_GOLDEN");
	size_t len = 0;
	char *want;

	if (update && strcmp(update, "1") == 0)
		write_golden(path, s->s_print);
	want = read_file(path, &len);
	if (!want)
		fprintf(stderr, "%s: no golden file; check the print, then run with FERRY_UPDATE_GOLDEN=1\n", path);
	assert_non_null(want);
	if (strcmp(want, s->s_print) != 0)
		show_diff(path, "golden", want, "print", s->s_print);
	assert_true(strcmp(want, s->s_print) == 0);
	free(want);
	free(path);
}

/* ---- hostile input ---- */

/*
 * Loads hostile text: no crash, problems reported one by one, and the
 * resulting model prints and survives its own round trip. Returns the
 * problem count.
 */
static unsigned load_hostile(const char *text, size_t len, const char *what, char **printed)
{
	struct diag d = {0};
	struct config *cfg = load_text(text, len, what, &d);
	char *out = print_cfg(cfg);
	unsigned n = d.d_n;

	assert_true(reprint_same(out, what));
	cfg_free(cfg);
	diag_free(&d);
	if (printed)
		*printed = out;
	else
		free(out);
	return n;
}

static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = strstr(text, line); p; p = strstr(p + 1, line))
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return true;
	return false;
}

static void test_hostile_binary(void **state)
{
	size_t len = 256 * 1024;
	unsigned char *buf = malloc(len);
	unsigned seed = 12345;

	(void)state;
	assert_non_null(buf);
	for (size_t i = 0; i < len; i++) {
		seed = seed * 1103515245 + 12345;
		buf[i] = (unsigned char)(seed >> 16);
	}
	assert_true(load_hostile((char *)buf, len, "binary", NULL) > 0);
	/* every byte value alone on a line, NUL included */
	for (size_t i = 0; i < 256 * 2; i += 2) {
		buf[i] = (unsigned char)(i / 2);
		buf[i + 1] = '\n';
	}
	load_hostile((char *)buf, 512, "bytes", NULL);
	free(buf);
}

static void test_hostile_long_line(void **state)
{
	static const char tail[] = "\nhostname AFTER\n";
	size_t big = 10 * 1024 * 1024;
	char *buf = malloc(big + sizeof(tail)), *printed;

	(void)state;
	assert_non_null(buf);
	memset(buf, 'a', big);
	memcpy(buf, "hostname ", 9);
	memcpy(buf + big, tail, sizeof(tail));
	assert_int_equal(load_hostile(buf, big + sizeof(tail) - 1, "long-line", &printed), 1);
	assert_true(has_line(printed, "hostname AFTER")); /* the load goes on after it */
	free(printed);
	free(buf);
}

static void test_hostile_truncated(void **state)
{
	static const char text[] = "interface\n"
				   "ip vrf\n"
				   "router bgp\n"
				   "ip route 10.0.0.0\n"
				   "crypto pki trustpoint\n"
				   "crypto ikev2 profile\n"
				   "hostname";

	(void)state;
	assert_int_equal(load_hostile(text, strlen(text), "truncated", NULL), 7);
}

static char *repeat(const char *unit, size_t times, size_t *len)
{
	size_t ul = strlen(unit);
	char *buf = malloc(ul * times + 1);

	assert_non_null(buf);
	for (size_t i = 0; i < times; i++)
		memcpy(buf + i * ul, unit, ul);
	buf[ul * times] = '\0';
	*len = ul * times;
	return buf;
}

static void test_hostile_unbalanced(void **state)
{
	size_t len;
	char *buf = repeat("exit\nexit-address-family\n address-family ipv4\nquit\n", 500, &len), *printed;

	(void)state;
	/* the loader stays in global configuration mode; every line is reported or taken */
	load_hostile(buf, len, "exits", NULL);
	free(buf);
	buf = repeat("exit\n", 1000, &len);
	buf = realloc(buf, len + 32);
	strcpy(buf + len, "hostname AFTER-EXITS\n");
	assert_int_equal(load_hostile(buf, strlen(buf), "exits-then", &printed), 0);
	assert_true(has_line(printed, "hostname AFTER-EXITS"));
	free(printed);
	free(buf);
}

static void test_end_stops_load(void **state)
{
	static const char text[] = "hostname BEFORE\nend\nhostname AFTER\nend\nend\n";
	char *printed;

	(void)state;
	assert_int_equal(load_hostile(text, strlen(text), "end", &printed), 0);
	assert_true(has_line(printed, "hostname BEFORE"));
	assert_false(has_line(printed, "hostname AFTER")); /* "end" ends a configuration file */
	free(printed);
}

/* EXEC commands through "do" while a file loads (no daemon): refused or harmless, never a crash. */
static void test_hostile_do(void **state)
{
	static const char text[] = "do show running-config\n"
				   "do show version\n"
				   "do show startup-config\n"
				   "do show ip interface brief\n"
				   "do show interfaces\n"
				   "do show ip vrf\n"
				   "do write memory\n"
				   "do copy running-config startup-config\n"
				   "do configure terminal\n"
				   "do disable\n"
				   "do exit\n"
				   "do do do\n"
				   "hostname AFTER-DO\n";
	char *printed;

	(void)state;
	load_hostile(text, strlen(text), "do", &printed);
	assert_true(has_line(printed, "hostname AFTER-DO"));
	free(printed);
}

/* Values the grammar's tokens accept at their edges: taken or refused, the model must still round-trip. */
static void test_hostile_edge_values(void **state)
{
	static const char text[] = "ip route 172.16.0.1 255.255.255.255 172.06.1.1 name leading_zero\n"
				   "ip route 010.0.0.0 255.0.0.0 Null0\n"
				   "interface Ethernet0/.255.255.0\n"
				   "interface Ethernet0//1\n"
				   "interface Tunnel0.1.2\n"
				   "ip vrf edge\n"
				   " rd 010.0.0.1:1\n"
				   "router bgp 65535\n"
				   " bgp listen range 010.0.0.0/8 peer-group mpls\n";

	(void)state;
	load_hostile(text, strlen(text), "edge-values", NULL);
}

/* Every seed line repeated many times in a row: mode entries nest no deeper. */
static void test_hostile_reentry(void **state)
{
	(void)state;
	for (size_t i = 0; i < NSEEDS; i++) {
		char *path = path_of("etc", seeds[i].s_name, ".cfg"), *save = NULL, *text, *buf = NULL;
		size_t len, cap = 0;
		FILE *m = open_memstream(&buf, &cap);

		text = read_file(path, &len);
		assert_non_null(text);
		for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
			for (int k = 0; k < 40; k++)
				fprintf(m, "%s\n", l);
		fclose(m);
		load_hostile(buf, cap, seeds[i].s_name, NULL);
		free(buf);
		free(text);
		free(path);
	}
}

/* The three seeds one after the other, twice: a model merged from all of them still round-trips. */
static void test_seeds_merged(void **state)
{
	char *buf = NULL;
	size_t cap = 0;
	FILE *m = open_memstream(&buf, &cap);

	(void)state;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < NSEEDS; i++) {
			char *path = path_of("etc", seeds[i].s_name, ".cfg");
			size_t len;
			char *text = read_file(path, &len);
			assert_non_null(text);
			fwrite(text, 1, len, m);
			fputc('\n', m);
			free(text);
			free(path);
		}
	}
	fclose(m);
	load_hostile(buf, cap, "merged", NULL);
	free(buf);
}

static int group_setup(void **state)
{
	(void)state;
	tree = subsys_grammar();
	return tree ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	cli_tree_free(tree);
	return 0;
}

static const struct {
	const char *sc_what;
	CMUnitTestFunction sc_fn;
} seed_checks[] = {
    {"loads clean", test_seed_loads_clean},
    {"round trip", test_seed_roundtrip},
    {"lines printed", test_seed_lines_printed},
    {"golden", test_seed_golden},
};
#define NCHECKS (sizeof(seed_checks) / sizeof(seed_checks[0]))

int main(void)
{
	static char names[NSEEDS * NCHECKS][64];
	const struct CMUnitTest others[] = {
	    cmocka_unit_test(test_hostile_binary),    cmocka_unit_test(test_hostile_long_line),
	    cmocka_unit_test(test_hostile_truncated), cmocka_unit_test(test_hostile_unbalanced),
	    cmocka_unit_test(test_end_stops_load),    cmocka_unit_test(test_hostile_edge_values),
	    cmocka_unit_test(test_hostile_reentry),   cmocka_unit_test(test_hostile_do),
	    cmocka_unit_test(test_seeds_merged),
	};
	struct CMUnitTest tests[NSEEDS * NCHECKS + sizeof(others) / sizeof(others[0])];
	size_t n = 0;

	/* one named test per seed and check: "R1-HUB: round trip" */
	for (size_t i = 0; i < NSEEDS; i++) {
		for (size_t k = 0; k < NCHECKS; k++, n++) {
			snprintf(names[n], sizeof(names[n]), "%s: %s", seeds[i].s_name, seed_checks[k].sc_what);
			tests[n] = (struct CMUnitTest){.name = names[n],
						       .test_func = seed_checks[k].sc_fn,
						       .setup_func = seed_setup,
						       .teardown_func = seed_teardown,
						       .initial_state = &seeds[i]};
		}
	}
	memcpy(&tests[n], others, sizeof(others));
	return cmocka_run_group_tests_name("config", tests, group_setup, group_teardown);
}
