/* The FIB's state and its plan of changes, shared by the fib files. */
#ifndef FERRY_RIB_FIB_INT_H
#define FERRY_RIB_FIB_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "dataplane/dataplane.h"
#include "mpls/mfi.h"
#include "rib/fib.h"
#include "rib/keymap.h"
#include "rib/rib_resolve.h"
#include "rib/rib_table.h"

/* A route as last applied (or about to be). */
struct fib_route {
	uint32_t fr_gen; /* the last sync that wanted it */
	uint8_t fr_kind; /* enum dp_route_kind */
	uint8_t fr_nnh;
	struct dp_nexthop fr_nh[];
};

/* Room for the largest route, to build one on the stack. */
union fib_route_buf {
	struct fib_route rb_route;
	unsigned char rb_bytes[sizeof(struct fib_route) + DP_MAX_NEXTHOPS * sizeof(struct dp_nexthop)];
};

struct fib_label {
	uint32_t fl_gen;
	struct dp_label fl_label;
};

struct fib {
	struct rib *fb_rib;
	struct mfi *fb_mfi;
	struct keymap fb_tables; /* table number -> struct keymap * (route key -> struct fib_route) */
	struct keymap fb_labels; /* label -> struct fib_label */
	uint32_t fb_gen;
	bool fb_clean; /* the last sync applied all it wanted: unchanged inputs need no new one */
	uint64_t fb_rib_version, fb_mfi_version, fb_tables_sig;
	size_t fb_labels_planned; /* labels the last sync looked at (a test counts them: work per change) */
};

/* One difference to apply. */
struct fib_change {
	bool fc_label; /* a label (fc_key is the label), else a route of table fc_table */
	uint32_t fc_table;
	uint64_t fc_key;
	void *fc_new; /* struct fib_route or struct fib_label; NULL: remove what was applied */
};

struct fib_plan {
	struct fib_change *pl_v;
	size_t pl_n, pl_cap;
	bool pl_failed; /* memory ran out while planning: the next sync must plan again */
};

struct fib *fib_of(struct ferryd *d);
void fib_plan_add(struct fib_plan *pl, bool label, uint32_t table, uint64_t key, void *neu);
/* The applied routes of a table (created when asked to); NULL if none or out of memory. */
struct keymap *fib_applied_table(struct fib *fb, uint32_t table, bool create);
/* Sorts the plan, applies it in batches and records what was applied; false if anything failed. */
bool fib_plan_apply(struct fib *fb, struct dataplane *dpl, struct fib_plan *pl);

/* The last interface name a next hop was turned into a device name from: most routes of a
 * table leave through one interface, and naming the device takes longer than comparing. */
struct fib_devname {
	bool fdn_valid;
	bool fdn_ok; /* the interface has a device */
	char fdn_ios[64];
	char fdn_dev[DP_DEVLEN];
};

/* One sync's planning: what it works on and the changes it finds. */
struct fib_pass {
	struct fib *fp_fib;
	const struct config *fp_cfg;
	struct rib_resolver fp_rv;
	bool fp_full; /* every route and label, not only what changed since the last sync */
	struct fib_plan fp_plan;
	struct fib_devname fp_devname;
};

/* Plans the route and label changes of a pass. */
void fib_plan_routes(struct fib_pass *fp);
void fib_plan_labels(struct fib_pass *fp);
/* The dataplane table of a RIB table; 0 for a VRF that is not configured (it has none). */
uint32_t fib_table_number(const struct config *cfg, const struct rib_table *t);

#endif
