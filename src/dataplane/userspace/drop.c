/* Names of the drop reasons, from the one list in drop.h. */
#include "dataplane/userspace/drop.h"

#define US_DROP_NAME(name, text) [name] = text,
static const char *const drop_names[DROP__COUNT] = {US_DROPS(US_DROP_NAME)};
#undef US_DROP_NAME

const char *us_drop_name(enum us_drop reason)
{
	return (unsigned)reason < DROP__COUNT ? drop_names[reason] : "unknown";
}
