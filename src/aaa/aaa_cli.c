/* Placeholder until the aaa commands land. */
#include "aaa/aaa.h"

void aaa_cli_init(struct cli_tree *t)
{
}
