/* The list of subsystems, in the order their config modules are created. */
#include <stdlib.h>

#include "subsys.h"
#include "interface/iface.h"
#include "sys/sys.h"

typedef void subsys_init_fn(struct cli_tree *t);

static subsys_init_fn *const subsys_inits[] = {
	sys_cli_init,
	sys_show_init,
	if_cli_init,
	if_show_init,
};

struct cli_tree *subsys_grammar(void)
{
	struct cli_tree *t = cli_tree_new();

	for (size_t i = 0; i < sizeof(subsys_inits) / sizeof(subsys_inits[0]); i++)
		subsys_inits[i](t);
	return t;
}
