/* Placeholder until the pki commands land. */
#include "pki/pki.h"

void pki_cli_init(struct cli_tree *t)
{
}
