/* Placeholder until the tunnel commands land. */
#include "tunnel/tunnel.h"

void tunnel_cli_init(struct cli_tree *t)
{
}
