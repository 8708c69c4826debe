/* Address pools: ip local pool. */
#ifndef FERRY_POOL_POOL_H
#define FERRY_POOL_POOL_H

#include "parser/cli.h"

void pool_cli_init(struct cli_tree *t);

#endif
