/*
 * libFuzzer harness: the input is a configuration file. It is loaded into a
 * fresh model (as ferryd --check does: no daemon), the model is printed, and
 * the print is loaded and printed again. Any crash, leak or sanitizer report
 * is a bug. With FERRY_FUZZ_ROUNDTRIP=1 the harness also aborts when the
 * print does not reload cleanly into the same print.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/text.h"
#include "subsys.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cli_tree *tree;
static bool strict;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *s = getenv("FERRY_FUZZ_ROUNDTRIP");

	tree = subsys_grammar();
	strict = s && strcmp(s, "1") == 0;
	return 0;
}

static void print_diag(void *arg, const char *file, unsigned line, const char *msg)
{
	fprintf(stderr, "%s:%u: %s\n", file, line, msg);
}

/* Loads text into a fresh model and prints it; *problems gets the count, diag (if any) each problem. */
static char *load_print(const void *text, size_t len, const char *name, cfg_diag_fn *diag, unsigned *problems)
{
	struct config *cfg = cfg_new();
	FILE *f = len ? fmemopen((void *)text, len, "r") : NULL; /* fmemopen wants a buffer */
	char *out;
	size_t outlen;

	if (!cfg || (len && !f))
		abort();
	*problems = f ? cfg_load_stream(tree, NULL, cfg, f, name, diag, NULL) : 0;
	if (f)
		fclose(f);
	out = cfg_print_string(tree, cfg, &outlen);
	cfg_free(cfg);
	if (!out)
		abort();
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned problems;
	char *first, *second;

	first = load_print(data, size, "input", NULL, &problems);
	second = load_print(first, strlen(first), "print", strict ? print_diag : NULL, &problems);
	if (strict && (problems != 0 || strcmp(first, second) != 0)) {
		fprintf(stderr, "round trip broken (%u problem(s) reloading the print)\n---- print\n%s---- reprint\n%s",
			problems, first, second);
		abort();
	}
	free(first);
	free(second);
	return 0;
}
