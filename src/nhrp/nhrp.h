/* NHRP interface settings: ip nhrp .... */
#ifndef FERRY_NHRP_NHRP_H
#define FERRY_NHRP_NHRP_H

#include "parser/cli.h"

void nhrp_cli_init(struct cli_tree *t);

#endif
