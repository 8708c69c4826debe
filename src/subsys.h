/* The subsystems linked into ferryd; each registers its model and commands. */
#ifndef FERRY_SUBSYS_H
#define FERRY_SUBSYS_H

#include "parser/cli.h"

/* Builds the whole grammar: modes, every subsystem's commands and config modules. */
struct cli_tree *subsys_grammar(void);

#endif
