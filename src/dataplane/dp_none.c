/* The none backend: accepts every operation and forwards nothing. */
#include <string.h>

#include "dataplane/dataplane.h"

struct dp {
	int none_unused; /* the backend keeps no state */
};

static struct dp none_state;

static int none_probe(char *why, size_t whylen)
{
	return 0;
}

static struct dp *none_open(void)
{
	return &none_state;
}

static int none_apply(struct dp *dp, const struct dp_op *ops, size_t n, size_t *failed, char *err, size_t errlen)
{
	return 0;
}

static int none_counters(struct dp *dp, enum dp_counter_kind kind, const char *key, struct dp_counters *out)
{
	memset(out, 0, sizeof(*out));
	return 0;
}

static void none_close(struct dp *dp)
{
}

const struct dp_backend dp_backend_none = {
	.db_name = "none",
	.db_probe = none_probe,
	.db_open = none_open,
	.db_apply = none_apply,
	.db_counters = none_counters,
	.db_close = none_close,
};
