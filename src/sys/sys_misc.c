/* Placeholder until the global miscellany lands. */
#include "sys/sys.h"

void sys_misc_init(struct cli_tree *t)
{
}
