/* Placeholder until the routemap commands land. */
#include "routemap/routemap.h"

void routemap_cli_init(struct cli_tree *t)
{
}
