/* The export tests' fixture (bgp_export_fixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "bgp/bgp_run.h"
#include "bgp_export_fixture.h"
#include "mpls/mfi.h"
#include "rib/fib.h"
#include "rib/rib_table.h"

int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	rfx_init(&f->fx_r);
	f->fx_t.bt_path_gone = bgp_label_path_gone;
	f->fx_t.bt_arg = mfi_of(&f->fx_r.rf_d);
	*state = f;
	return 0;
}

int fx_teardown(void **state)
{
	struct fx *f = *state;

	bgp_table_clear(&f->fx_t);
	rfx_fini(&f->fx_r);
	free(f);
	return 0;
}

void fx_export(struct fx *f, const char *config)
{
	struct ferryd *d = &f->fx_r.rf_d;

	rfx_config(&f->fx_r, config);
	rfx_sync(&f->fx_r);
	assert_int_equal(bgp_export_run(&f->fx_t, d->fd_running, rib_of(d), mfi_of(d)), 0);
	bgp_table_settle(&f->fx_t);
}
