/* IKEv2: authorization policies and profiles. */
#ifndef FERRY_IKE_IKE_H
#define FERRY_IKE_IKE_H

#include "parser/cli.h"

void ike_cli_init(struct cli_tree *t);

#endif
