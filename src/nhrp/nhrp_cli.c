/* Placeholder until the nhrp commands land. */
#include "nhrp/nhrp.h"

void nhrp_cli_init(struct cli_tree *t)
{
}
