/*
 * Runs a libFuzzer harness over files without libFuzzer: given no argument,
 * over every file of its corpus (FUZZ_CORPUS under $srcdir). So each harness
 * builds with the normal compiler and replays its corpus in every make check.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef SRCDIR
#define SRCDIR "."
#endif

/* Weak: only harnesses that prepare state before the first input define it. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int ch;

	if (!f || !m) {
		perror(path);
		return 1;
	}
	while ((ch = fgetc(f)) != EOF)
		fputc(ch, m);
	fclose(f);
	fclose(m);
	LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
	free(buf);
	return 0;
}

static int replay_dir(const char *dir)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort), rc = 0;

	if (n < 0) {
		perror(dir);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		char *path = NULL;
		struct stat st;
		if (asprintf(&path, "%s/%s", dir, ents[i]->d_name) > 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode))
			rc |= replay_file(path);
		free(path);
		free(ents[i]);
	}
	free(ents);
	return rc;
}

static int replay(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		perror(path);
		return 1;
	}
	return S_ISDIR(st.st_mode) ? replay_dir(path) : replay_file(path);
}

int main(int argc, char **argv)
{
	const char *src = getenv("srcdir"); /* set by make check */
	char *corpus = NULL;
	int rc = 0;

	if (LLVMFuzzerInitialize && LLVMFuzzerInitialize(&argc, &argv) != 0)
		return 1;
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			rc |= replay(argv[i]);
		return rc;
	}
	if (asprintf(&corpus, "%s/%s", src && *src ? src : SRCDIR, FUZZ_CORPUS) < 0)
		return 1;
	rc = replay(corpus);
	free(corpus);
	return rc;
}
