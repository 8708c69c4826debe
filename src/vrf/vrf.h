/* VRFs: vrf definition / ip vrf, rd, route targets, vrf forwarding on interfaces. */
#ifndef FERRY_VRF_VRF_H
#define FERRY_VRF_VRF_H

#include "parser/cli.h"

void vrf_cli_init(struct cli_tree *t);
void vrf_show_init(struct cli_tree *t);

#endif
