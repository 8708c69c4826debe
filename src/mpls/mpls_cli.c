/* Placeholder until the mpls commands land. */
#include "mpls/mpls.h"

void mpls_cli_init(struct cli_tree *t)
{
}
