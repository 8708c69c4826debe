/* BGP configuration: router bgp and its address families. */
#ifndef FERRY_BGP_BGP_H
#define FERRY_BGP_BGP_H

#include "parser/cli.h"

void bgp_cli_init(struct cli_tree *t);

#endif
