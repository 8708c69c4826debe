/* System-wide settings: hostname and the global lines that belong to no protocol. */
#ifndef FERRY_SYS_SYS_H
#define FERRY_SYS_SYS_H

#include <stdbool.h>

#include "config/config.h"

struct sys_cfg {
	char *sc_hostname;
};

extern struct cfg_module sys_module;

const char *sys_hostname(const struct config *cfg);
struct sys_cfg *sys_cfg(const struct config *cfg);

/* Shows configuration text the way show running-config does (header, "end", | json | xml). */
int sys_show_config_text(struct cli_ctx *c, char *text, size_t len);

void sys_cli_init(struct cli_tree *t);	/* modes, hostname, navigation */
void sys_show_init(struct cli_tree *t); /* show version/running-config, write, copy */
void sys_misc_init(struct cli_tree *t); /* global lines no protocol owns: clock, boot markers ... */

#endif
