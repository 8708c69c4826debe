/* Placeholder until the vrf commands land. */
#include "vrf/vrf.h"

void vrf_cli_init(struct cli_tree *t)
{
}

void vrf_show_init(struct cli_tree *t)
{
}
