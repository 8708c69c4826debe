/* GRO on a VRF's LAN links (us_lan_gro.h). */
#include "dataplane/userspace/us_lan_gro.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "netlink/nl_ethtool.h"

static const char *const us_lan_gro_names[] = {"rx-gro", "rx-udp-gro-forwarding"};
#define US_LAN_GRO_N   (sizeof(us_lan_gro_names) / sizeof(us_lan_gro_names[0]))
#define US_LAN_GRO_ALL ((1u << US_LAN_GRO_N) - 1)

static struct us_lan_gro_link *us_lan_gro_find(struct us_lan_gro *g, const char *dev)
{
	for (size_t i = 0; i < US_LAN_GRO_MAX; i++)
		if (strcmp(g->lg_links[i].lg_dev, dev) == 0)
			return &g->lg_links[i];
	return NULL;
}

/* Turns the features of mask on (or off) on dev; *before and *after: the active ones around it. 0 or -errno. */
static int us_lan_gro_switch(const char *dev, uint32_t mask, bool on, uint32_t *before, uint32_t *after)
{
	struct nl_ethtool et;
	int rc = nl_ethtool_open(&et);

	if (rc < 0)
		return rc;
	if ((rc = nl_ethtool_features_get(&et, dev, us_lan_gro_names, US_LAN_GRO_N, before)) == 0) {
		mask &= on ? ~*before : *before; /* only what must change: a feature another agent set stays */
		*after = *before;
		if (mask && (rc = nl_ethtool_features_set(&et, dev, us_lan_gro_names, US_LAN_GRO_N, mask, on)) == 0)
			rc = nl_ethtool_features_get(&et, dev, us_lan_gro_names, US_LAN_GRO_N, after);
	}
	nl_ethtool_close(&et);
	return rc;
}

void us_lan_gro_on(struct us_lan_gro *g, const char *dev)
{
	struct us_lan_gro_link *lg = us_lan_gro_find(g, dev);
	uint32_t before = 0, after = 0;
	int rc;

	if (!lg && !(lg = us_lan_gro_find(g, ""))) {
		log_msg(SEV_WARN, "DATAPLANE", "USERSPACE", "%s: GRO left as it is: more than %d LAN links", dev,
			US_LAN_GRO_MAX);
		return;
	}
	if ((rc = us_lan_gro_switch(dev, US_LAN_GRO_ALL, true, &before, &after)) < 0) {
		log_msg(SEV_WARN, "DATAPLANE", "USERSPACE", "%s: GRO left as it is: %s", dev, strerror(-rc));
		return;
	}
	if ((after & US_LAN_GRO_ALL) != US_LAN_GRO_ALL)
		log_msg(SEV_WARN, "DATAPLANE", "USERSPACE",
			"%s: the kernel keeps %s off: its UDP reaches the VRF one datagram per read", dev,
			after & 1 ? us_lan_gro_names[1] : us_lan_gro_names[0]);
	snprintf(lg->lg_dev, sizeof(lg->lg_dev), "%s", dev);
	lg->lg_on |= after & ~before;
}

void us_lan_gro_off(struct us_lan_gro *g, const char *dev)
{
	struct us_lan_gro_link *lg = dev[0] ? us_lan_gro_find(g, dev) : NULL;
	uint32_t before, after;
	int rc;

	if (!lg)
		return;
	if (lg->lg_on && (rc = us_lan_gro_switch(dev, lg->lg_on, false, &before, &after)) < 0 && rc != -ENODEV)
		log_msg(SEV_WARN, "DATAPLANE", "USERSPACE", "%s: GRO stays on: %s", dev, strerror(-rc));
	*lg = (struct us_lan_gro_link){.lg_on = 0};
}

void us_lan_gro_clear(struct us_lan_gro *g)
{
	for (size_t i = 0; i < US_LAN_GRO_MAX; i++)
		if (g->lg_links[i].lg_dev[0])
			us_lan_gro_off(g, g->lg_links[i].lg_dev);
}
