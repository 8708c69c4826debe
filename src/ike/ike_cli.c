/* Placeholder until the ike commands land. */
#include "ike/ike.h"

void ike_cli_init(struct cli_tree *t)
{
}
