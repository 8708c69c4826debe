/* Configuration -> dataplane: VRF devices, interface links and addresses (see dp_config.c). */
#ifndef FERRY_DATAPLANE_DP_CONFIG_H
#define FERRY_DATAPLANE_DP_CONFIG_H

struct ferryd;
struct dp_config;

/* Applies what changed since the last sync (a reconciler, see core/sync.h). */
void dp_config_sync(struct ferryd *d);
/* Frees the record of what was applied (the backend removes the objects itself on close). */
void dp_config_forget(struct ferryd *d);

#endif
