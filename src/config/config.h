/*
 * The configuration model: one instance per running configuration (and a
 * scratch one while a file is re-read). Each subsystem owns a module slot
 * holding its part of the model; nothing here knows what is inside.
 */
#ifndef FERRY_CONFIG_CONFIG_H
#define FERRY_CONFIG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "parser/cli.h"

#define CFG_MAX_MODULES 32

struct config;

struct cfg_module {
	const char *cm_name;
	void *(*cm_new)(struct config *cfg);
	void (*cm_free)(void *data);
	int cm_slot; /* assigned by cfg_module_register */
	bool cm_registered;
};

struct config {
	void *cf_mod[CFG_MAX_MODULES];
};

/* Gives the module a slot; registering again (another grammar) is a no-op. */
void cfg_module_register(struct cfg_module *m);
struct config *cfg_new(void);
void cfg_free(struct config *cfg);
void *cfg_mod(const struct config *cfg, const struct cfg_module *m);

/* The configuration model a command applies to (from its session). */
struct config *cfg_of(const struct cli_ctx *c);

#endif
