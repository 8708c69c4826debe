/* The routing table sources; for now static routes (ip route). */
#ifndef FERRY_RIB_RIB_H
#define FERRY_RIB_RIB_H

#include "parser/cli.h"

void rib_static_init(struct cli_tree *t);

#endif
