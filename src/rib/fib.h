/*
 * The FIB: the daemon's routing state (RIB and MFI) and the reconciler
 * that turns it into dataplane operations. fib_sync runs after every
 * configuration change (registered with sync_register) and whenever a
 * protocol has updated the RIB or the MFI: it rebuilds the configuration's
 * routes, resolves the best paths of the prefixes that changed (of every
 * prefix when a change may have moved a recursive next hop), computes
 * their LFIB entries, and applies only what differs from what it applied last (DP_ROUTE_ADD/DEL, DP_LABEL_ADD/DEL,
 * in batches of FIB_BATCH operations). Connected and local routes are not
 * sent: the dataplane derives them from the interface addresses.
 */
#ifndef FERRY_RIB_FIB_H
#define FERRY_RIB_FIB_H

#include <stddef.h>

struct ferryd;
struct rib;
struct mfi;

#define FIB_BATCH 512 /* operations per dataplane call */

/*
 * The daemon's RIB and MFI, created on first use (NULL if out of memory).
 * Protocols call rib_update/rib_withdraw (rib/rib_table.h) and the mfi_*
 * functions (mpls/mfi.h) on them, then fib_sync once per batch of changes.
 */
struct rib *rib_of(struct ferryd *d);
struct mfi *mfi_of(struct ferryd *d);

/* The reconciler. */
void fib_sync(struct ferryd *d);
/* The same, looking at every route and label rather than at what changed since the last sync. */
void fib_resync(struct ferryd *d);
/* Forgets the routes and labels applied through device DEV, and every route of the
 * table of the VRF whose device DEV is: the kernel drops those when the device goes
 * away or down, or loses its last address. The next sync installs them again. */
void fib_forget_device(struct ferryd *d, const char *dev);
/* Drops the daemon's routing state without touching the dataplane (its backend cleans up on close). */
void fib_forget(struct ferryd *d);

#endif
