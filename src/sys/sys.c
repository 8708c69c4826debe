/* The system module of the configuration model. */
#include <stdlib.h>

#include "sys/sys.h"

static void *sys_new(struct config *cfg)
{
	return calloc(1, sizeof(struct sys_cfg));
}

static void sys_free(void *data)
{
	struct sys_cfg *sc = data;
	free(sc->sc_hostname);
	free(sc);
}

struct cfg_module sys_module = {.cm_name = "system", .cm_new = sys_new, .cm_free = sys_free};

struct sys_cfg *sys_cfg(const struct config *cfg)
{
	return cfg_mod(cfg, &sys_module);
}

const char *sys_hostname(const struct config *cfg)
{
	const struct sys_cfg *sc = sys_cfg(cfg);
	return sc->sc_hostname ? sc->sc_hostname : "Router";
}
