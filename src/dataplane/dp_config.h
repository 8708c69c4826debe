/* Configuration -> dataplane: VRF devices, interface links and addresses (see dp_config.c). */
#ifndef FERRY_DATAPLANE_DP_CONFIG_H
#define FERRY_DATAPLANE_DP_CONFIG_H

#include <stdbool.h>

#include "dataplane/dataplane.h"

struct ferryd;
struct dp_config;

/* What the sync applied for one Linux device. */
struct dp_config_dev {
	char dcd_ios[DP_DESCRLEN]; /* the IOS interface it stands for, or the VRF's name */
	bool dcd_vrf;		   /* a VRF device */
	bool dcd_up;		   /* wanted administratively up */
	uint64_t dcd_recreated_ms; /* clock_ms() when ferryd last made it again after an outside delete; 0: never */
};

/* Notes that ferryd just made the link dev again (it was deleted outside): see dcd_recreated_ms. */
void dp_config_recreated(struct ferryd *d, const char *dev);
/* Applies what changed since the last sync (a reconciler, see core/sync.h). */
void dp_config_sync(struct ferryd *d);
/* What the sync applied for device DEV; -1 if nothing (not ferryd's, or not configured). */
int dp_config_device(const struct ferryd *d, const char *dev, struct dp_config_dev *out);
/* Whether the sync applied this address. */
bool dp_config_has_addr(const struct ferryd *d, const struct dp_addr *a);
/* Forgets what was applied on device DEV (itself, its addresses, links enslaved to it): the next
 * sync installs it again. For state changed behind ferryd's back (the rtnetlink monitor). */
void dp_config_invalidate(struct ferryd *d, const char *dev);
/* Frees the record of what was applied (the backend removes the objects itself on close). */
void dp_config_forget(struct ferryd *d);

#endif
