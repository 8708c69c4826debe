/*
 * A daemon fixture with a BGP table for the export tests: configuration in,
 * local routes exported into the table with their labels.
 */
#ifndef FERRY_TESTS_BGP_EXPORT_FIXTURE_H
#define FERRY_TESTS_BGP_EXPORT_FIXTURE_H

#include "bgp/bgp_table.h"
#include "rib_fixture.h"

struct fx {
	struct rfx fx_r;
	struct bgp_table fx_t;
};

/* cmocka setup and teardown: *state is a struct fx. */
int fx_setup(void **state);
int fx_teardown(void **state);
/* Applies configuration, derives the RIB and exports; the table is left settled. */
void fx_export(struct fx *f, const char *config);

#endif
