/* MPLS settings: mpls bgp forwarding, mpls nhrp, mpls ldp. */
#ifndef FERRY_MPLS_MPLS_H
#define FERRY_MPLS_MPLS_H

#include "parser/cli.h"

void mpls_cli_init(struct cli_tree *t);

#endif
