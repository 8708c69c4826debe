/* Route-maps: route-map, match, set. */
#ifndef FERRY_ROUTEMAP_ROUTEMAP_H
#define FERRY_ROUTEMAP_ROUTEMAP_H

#include "parser/cli.h"

void routemap_cli_init(struct cli_tree *t);

#endif
