/* IKEv2 counters: drop reasons by name. */
#include "ike/ikev2_stats.h"

const char *ikev2_drop_name(enum ikev2_drop why)
{
	static const char *const names[IKEV2_DROP_REASONS] = {
	    [IKEV2_DROP_DECODE] = "malformed", [IKEV2_DROP_NO_SA] = "no-sa",	  [IKEV2_DROP_INTEGRITY] = "integrity",
	    [IKEV2_DROP_MSGID] = "message-id", [IKEV2_DROP_STATE] = "unexpected", [IKEV2_DROP_RESOURCE] = "resources",
	};

	return (unsigned)why < IKEV2_DROP_REASONS ? names[why] : "?";
}

uint64_t ikev2_stats_drops(const struct ikev2_stats *st)
{
	uint64_t n = 0;

	for (int i = 0; i < IKEV2_DROP_REASONS; i++)
		n += st->st_drops[i];
	return n;
}
