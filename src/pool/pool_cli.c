/* Placeholder until the pool commands land. */
#include "pool/pool.h"

void pool_cli_init(struct cli_tree *t)
{
}
