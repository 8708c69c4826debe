/*
 * The record backend: keeps each applied operation as a line of text, for
 * unit tests. It can refuse operations, as the kernel backend's claim check
 * does (kn_claim.c): the whole batch, before anything in it is applied.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/dp_punt.h"

struct dp {
	char *rec_text;
	size_t rec_len, rec_cap;
	char rec_refuse[128]; /* refuses each operation whose line holds this; "" refuses none */
};

static int record_probe(char *why, size_t whylen)
{
	return 0;
}

static struct dp *record_open(void)
{
	return calloc(1, sizeof(struct dp));
}

static int record_line(struct dp *dp, const char *line)
{
	size_t n = strlen(line);

	if (dp->rec_len + n + 2 > dp->rec_cap) {
		size_t cap = dp->rec_cap ? dp->rec_cap * 2 : 1024;
		while (cap < dp->rec_len + n + 2)
			cap *= 2;
		char *p = realloc(dp->rec_text, cap);
		if (!p)
			return -1;
		dp->rec_text = p;
		dp->rec_cap = cap;
	}
	memcpy(dp->rec_text + dp->rec_len, line, n);
	dp->rec_len += n;
	dp->rec_text[dp->rec_len++] = '\n';
	dp->rec_text[dp->rec_len] = '\0';
	return 0;
}

/* The first operation to refuse, or n. */
static size_t first_refused(const struct dp *dp, const struct dp_op *ops, size_t n)
{
	char line[512];

	for (size_t i = 0; dp->rec_refuse[0] && i < n; i++) {
		dp_op_format(&ops[i], line, sizeof(line));
		if (strstr(line, dp->rec_refuse))
			return i;
	}
	return n;
}

/* A refused batch leaves one line: "refused" and the operation refused. */
static int record_apply(struct dp *dp, const struct dp_op *ops, size_t n, size_t *failed, char *err, size_t errlen)
{
	char line[512] = "refused ";
	size_t skip = strlen(line);

	if ((*failed = first_refused(dp, ops, n)) < n) {
		dp_op_format(&ops[*failed], line + skip, sizeof(line) - skip);
		snprintf(err, errlen, "%s", record_line(dp, line) == 0 ? "refused by the test" : "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		dp_op_format(&ops[i], line, sizeof(line));
		if (record_line(dp, line) < 0) {
			*failed = i;
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
}

static int record_counters(struct dp *dp, enum dp_counter_kind kind, const char *key, struct dp_counters *out)
{
	memset(out, 0, sizeof(*out));
	return 0;
}

static int record_inject(struct dp *dp, const struct dp_punt *pkt)
{
	char line[64 + 2 * DP_PUNT_MAX]; /* the verb, link, address and protocol, then the hex */

	dp_punt_format("inject", pkt, line, sizeof(line));
	return record_line(dp, line) < 0 ? -ENOMEM : 0;
}

static void record_close(struct dp *dp)
{
	if (!dp)
		return;
	free(dp->rec_text);
	free(dp);
}

const struct dp_backend dp_backend_record = {
	.db_name = "record",
	.db_probe = record_probe,
	.db_open = record_open,
	.db_apply = record_apply,
	.db_counters = record_counters,
	.db_inject = record_inject,
	.db_close = record_close,
};

const char *dp_record_text(const struct dp *dp)
{
	return dp->rec_text ? dp->rec_text : "";
}

void dp_record_clear(struct dp *dp)
{
	dp->rec_len = 0;
	if (dp->rec_text)
		dp->rec_text[0] = '\0';
}

int dp_record_refuse(struct dp *dp, const char *text)
{
	int n = snprintf(dp->rec_refuse, sizeof(dp->rec_refuse), "%s", text ? text : "");

	return n < 0 || (size_t)n >= sizeof(dp->rec_refuse) ? -1 : 0;
}
