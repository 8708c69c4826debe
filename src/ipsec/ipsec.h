/* IPsec: profiles and tunnel protection. */
#ifndef FERRY_IPSEC_IPSEC_H
#define FERRY_IPSEC_IPSEC_H

#include "parser/cli.h"

void ipsec_cli_init(struct cli_tree *t);

#endif
