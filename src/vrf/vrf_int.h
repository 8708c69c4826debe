/* Shared between the files of the vrf folder only. */
#ifndef FERRY_VRF_VRF_INT_H
#define FERRY_VRF_VRF_INT_H

#include "parser/cli.h"

/* Interface commands (vrf forwarding). */
void vrf_if_init(struct cli_tree *t);
/* Takes every interface out of a VRF that is being removed, telling the user. */
void vrf_if_detach_all(struct cli_ctx *c, const char *vrf);

#endif
