/* PKI: trustpoints, certificate maps, certificate chains. */
#ifndef FERRY_PKI_PKI_H
#define FERRY_PKI_PKI_H

#include "parser/cli.h"

void pki_cli_init(struct cli_tree *t);

#endif
