/*
 * The LAN slots of the attachment: a VRF LAN link's packet rings
 * (us_lan_ring.h) opened in a free slot the workers then poll, and closed
 * only once every worker has stopped polling them (as the TUN slots).
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "dataplane/userspace/us_attach_int.h"

/*
 * The kernel memory all rings may hold (US_LAN_RING_COST, 3 MiB each):
 * 42 LAN links with 2 workers, 5 with 16; the links past it go through
 * their VRF's TUN (a read per packet).
 */
#define US_LAN_RING_BUDGET ((size_t)256 * 1024 * 1024)

static struct us_lan_slot *us_lan_slot_find(struct dp *dp, const char *lan)
{
	for (size_t i = 0; i < US_LANS_MAX; i++)
		if (atomic_load(&dp->up_lans[i].ls_live) && strcmp(dp->up_lans[i].ls_name, lan) == 0)
			return &dp->up_lans[i];
	return NULL;
}

/* A free slot, while the rings' memory stays within the budget; NULL when none. */
static struct us_lan_slot *us_lan_slot_free(struct dp *dp)
{
	struct us_lan_slot *spare = NULL;
	size_t live = 0;

	for (size_t i = 0; i < US_LANS_MAX; i++)
		if (atomic_load(&dp->up_lans[i].ls_live))
			live++;
		else if (!spare)
			spare = &dp->up_lans[i];
	return (live + 1) * dp->up_nworkers * US_LAN_RING_COST <= US_LAN_RING_BUDGET ? spare : NULL;
}

/* What the kernel dropped at the slot's rings, before their counts go with them. */
static void us_lan_slot_drops(struct dp *dp, const struct us_lan_slot *slot)
{
	for (unsigned w = 0; w < dp->up_nworkers; w++)
		dp->up_ring_drops += us_lan_ring_drops(&slot->ls_ring[w]);
}

static void us_lan_slot_close(struct dp *dp, struct us_lan_slot *slot)
{
	us_lan_slot_drops(dp, slot);
	atomic_store_explicit(&slot->ls_live, false, memory_order_release);
	us_workers_sync(dp, us_workers_bump(dp));
	us_lan_ring_close(slot->ls_ring, dp->up_nworkers);
}

int us_attach_lan_ring_open(struct dp *dp, const char *lan, const char *vrf)
{
	unsigned ifindex = if_nametoindex(lan);
	struct us_lan_slot *slot = us_lan_slot_find(dp, lan);
	int rc;

	if (!ifindex)
		return -ENODEV;
	if (slot && slot->ls_ifindex == ifindex && strcmp(slot->ls_vrf, vrf) == 0)
		return 0;
	if (slot)
		us_lan_slot_close(dp, slot);
	if (!(slot = us_lan_slot_free(dp)))
		return -ENOSPC;
	if ((rc = us_lan_ring_open(slot->ls_ring, dp->up_nworkers, ifindex)) < 0)
		return rc;
	snprintf(slot->ls_name, sizeof(slot->ls_name), "%s", lan);
	snprintf(slot->ls_vrf, sizeof(slot->ls_vrf), "%s", vrf);
	slot->ls_ifindex = ifindex;
	atomic_store_explicit(&slot->ls_live, true, memory_order_release);
	us_workers_bump(dp);
	return 0;
}

bool us_attach_lan_ring_has(struct dp *dp, const char *lan)
{
	return us_lan_slot_find(dp, lan) != NULL;
}

void us_attach_lan_ring_close(struct dp *dp, const char *lan)
{
	struct us_lan_slot *slot = us_lan_slot_find(dp, lan);

	if (slot)
		us_lan_slot_close(dp, slot);
}

void us_attach_lan_ring_drops(struct dp *dp)
{
	for (size_t i = 0; i < US_LANS_MAX; i++)
		if (atomic_load(&dp->up_lans[i].ls_live))
			us_lan_slot_drops(dp, &dp->up_lans[i]);
}

void us_attach_lan_ring_clear(struct dp *dp)
{
	for (size_t i = 0; i < US_LANS_MAX; i++)
		if (atomic_load(&dp->up_lans[i].ls_live))
			us_lan_slot_close(dp, &dp->up_lans[i]);
}
