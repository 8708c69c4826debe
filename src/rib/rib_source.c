/* What IOS shows for each route source, and its administrative distance. */
#include "rib/rib_table.h"

static const struct {
	const char *code, *name;
	uint8_t distance;
	bool dynamic;
} sources[RIB_SRC_COUNT] = {
    [RIB_SRC_CONNECTED] = {"C", "connected", 0, false}, [RIB_SRC_LOCAL] = {"L", "connected", 0, false},
    [RIB_SRC_STATIC] = {"S", "static", 1, false},	[RIB_SRC_EBGP] = {"B", "bgp", 20, true},
    [RIB_SRC_IBGP] = {"B", "bgp", 200, true},		[RIB_SRC_NHRP] = {"H", "nhrp", 250, true},
    [RIB_SRC_IKE] = {"S", "static", 1, false},
};

const char *rib_source_code(enum rib_source s)
{
	return s < RIB_SRC_COUNT ? sources[s].code : "?";
}

const char *rib_source_name(enum rib_source s)
{
	return s < RIB_SRC_COUNT ? sources[s].name : "unknown";
}

uint8_t rib_source_distance(enum rib_source s)
{
	return s < RIB_SRC_COUNT ? sources[s].distance : 255;
}

bool rib_source_dynamic(enum rib_source s)
{
	return s < RIB_SRC_COUNT && sources[s].dynamic;
}
