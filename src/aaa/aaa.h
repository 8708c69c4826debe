/* AAA: aaa new-model, aaa authorization. */
#ifndef FERRY_AAA_AAA_H
#define FERRY_AAA_AAA_H

#include "parser/cli.h"

void aaa_cli_init(struct cli_tree *t);

#endif
