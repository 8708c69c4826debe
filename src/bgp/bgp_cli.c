/* Placeholder until the bgp commands land. */
#include "bgp/bgp.h"

void bgp_cli_init(struct cli_tree *t)
{
}
