/* Placeholder until the rib commands land. */
#include "rib/rib.h"

void rib_static_init(struct cli_tree *t)
{
}
