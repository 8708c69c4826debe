/* Choosing, opening and driving the dataplane backend. */
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "dataplane/dataplane.h"

/* Every backend this build has; the forwarding backends join as they land. */
static const struct dp_backend *const backends[] = {
	&dp_backend_none,
	&dp_backend_record,
	&dp_backend_kernel,
	&dp_backend_userspace,
};

/* What --dataplane auto tries, in order, before falling back to none. */
static const char *const auto_order[] = {"kernel", "userspace"};

const struct dp_backend *dp_backend_find(const char *name)
{
	for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
		if (strcmp(backends[i]->db_name, name) == 0)
			return backends[i];
	return NULL;
}

static int open_backend(struct dataplane *dpl, const struct dp_backend *b)
{
	dpl->dpl_backend = b;
	dpl->dpl_state = b->db_open();
	if (!dpl->dpl_state) {
		snprintf(dpl->dpl_reason, sizeof(dpl->dpl_reason), "the %s backend could not start", b->db_name);
		return -1;
	}
	return 0;
}

/* auto: the first usable backend of auto_order, else none with the reasons. */
static int open_auto(struct dataplane *dpl)
{
	char why[128], reasons[sizeof(dpl->dpl_reason)] = "";
	size_t off = 0;

	for (size_t i = 0; i < sizeof(auto_order) / sizeof(auto_order[0]); i++) {
		const struct dp_backend *b = dp_backend_find(auto_order[i]);
		if (!b)
			snprintf(why, sizeof(why), "not in this build");
		else if (b->db_probe(why, sizeof(why)) == 0) {
			snprintf(dpl->dpl_reason, sizeof(dpl->dpl_reason), "auto: %s probed usable", b->db_name);
			return open_backend(dpl, b);
		}
		off += (size_t)snprintf(reasons + off, off < sizeof(reasons) ? sizeof(reasons) - off : 0, "%s%s: %s",
					i ? "; " : "", auto_order[i], why);
	}
	snprintf(dpl->dpl_reason, sizeof(dpl->dpl_reason), "auto: no forwarding backend (%s)", reasons);
	log_msg(SEV_WARN, "DATAPLANE", "NONE", "running without forwarding: %s", reasons);
	return open_backend(dpl, &dp_backend_none);
}

int dataplane_open(struct dataplane *dpl, const char *wanted)
{
	const struct dp_backend *b;
	char why[128];

	memset(dpl, 0, sizeof(*dpl));
	if (strcmp(wanted, "auto") == 0)
		return open_auto(dpl);
	if (!(b = dp_backend_find(wanted))) {
		snprintf(dpl->dpl_reason, sizeof(dpl->dpl_reason), "the %s backend is not in this build", wanted);
		return -1;
	}
	if (b->db_probe(why, sizeof(why)) != 0) {
		snprintf(dpl->dpl_reason, sizeof(dpl->dpl_reason), "the %s backend cannot run here: %s", wanted, why);
		return -1;
	}
	snprintf(dpl->dpl_reason, sizeof(dpl->dpl_reason), "requested with --dataplane %s", wanted);
	return open_backend(dpl, b);
}

int dataplane_apply(struct dataplane *dpl, const struct dp_op *ops, size_t n, char *err, size_t errlen)
{
	size_t failed = 0;
	char why[256] = "", line[512];

	if (dpl->dpl_backend->db_apply(dpl->dpl_state, ops, n, &failed, why, sizeof(why)) == 0)
		return 0;
	dp_op_format(&ops[failed < n ? failed : 0], line, sizeof(line));
	snprintf(err, errlen, "%s: %s", line, why);
	log_msg(SEV_ERR, "DATAPLANE", "PROGRAM", "%s backend refused %s", dpl->dpl_backend->db_name, err);
	return -1;
}

void dataplane_close(struct dataplane *dpl)
{
	if (dpl->dpl_backend && dpl->dpl_state)
		dpl->dpl_backend->db_close(dpl->dpl_state);
	dpl->dpl_state = NULL;
}
