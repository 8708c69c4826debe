/* GRE tunnel interface settings: tunnel source, destination, key. */
#ifndef FERRY_TUNNEL_TUNNEL_H
#define FERRY_TUNNEL_TUNNEL_H

#include "parser/cli.h"

void tunnel_cli_init(struct cli_tree *t);

#endif
