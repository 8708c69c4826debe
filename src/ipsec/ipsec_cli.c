/* Placeholder until the ipsec commands land. */
#include "ipsec/ipsec.h"

void ipsec_cli_init(struct cli_tree *t)
{
}
