/* Show commands of the dataplane. */
#ifndef FERRY_DATAPLANE_DP_CLI_H
#define FERRY_DATAPLANE_DP_CLI_H

#include "parser/cli.h"

void dp_cli_init(struct cli_tree *t);

#endif
