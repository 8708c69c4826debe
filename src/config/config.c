/* The configuration model container and its module registry. */
#include <stdlib.h>

#include "config/config.h"
#include "core/session.h"

static struct cfg_module *modules[CFG_MAX_MODULES];
static int nmodules;

void cfg_module_register(struct cfg_module *m)
{
	if (m->cm_registered)
		return;
	if (nmodules == CFG_MAX_MODULES)
		abort(); /* raise CFG_MAX_MODULES */
	m->cm_registered = true;
	m->cm_slot = nmodules;
	modules[nmodules++] = m;
}

struct config *cfg_new(void)
{
	struct config *cfg = calloc(1, sizeof(*cfg));

	if (!cfg)
		return NULL;
	for (int i = 0; i < nmodules; i++) {
		cfg->cf_mod[i] = modules[i]->cm_new(cfg);
		if (!cfg->cf_mod[i]) {
			cfg_free(cfg);
			return NULL;
		}
	}
	return cfg;
}

void cfg_free(struct config *cfg)
{
	if (!cfg)
		return;
	/* in reverse: later modules may refer to earlier ones */
	for (int i = nmodules - 1; i >= 0; i--)
		if (cfg->cf_mod[i])
			modules[i]->cm_free(cfg->cf_mod[i]);
	free(cfg);
}

void *cfg_mod(const struct config *cfg, const struct cfg_module *m)
{
	return cfg->cf_mod[m->cm_slot];
}

struct config *cfg_of(const struct cli_ctx *c)
{
	return session_of(c)->s_cfg;
}
