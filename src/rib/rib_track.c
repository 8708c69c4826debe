/* Change tracking: dirty prefixes per table and the recursive next hops in use. */
#include <arpa/inet.h>
#include <stdint.h>

#include "rib/rib_track.h"

/* Beyond this many next hops in a table, a change there counts as covering one without a search. */
#define NEXTHOP_SCAN_MAX 4096

uint64_t rib_prefix_key(uint32_t addr, uint8_t plen)
{
	return (uint64_t)addr << 6 | plen;
}

uint32_t rib_key_addr(uint64_t key)
{
	return (uint32_t)(key >> 6);
}

uint8_t rib_key_plen(uint64_t key)
{
	return (uint8_t)(key & 63);
}

static void table_dirty_clear(struct rib_table *t)
{
	keymap_clear(&t->rtb_dirty);
}

void rib_dirty_clear(struct rib *rib)
{
	table_dirty_clear(&rib->rib_global);
	for (struct omap_iter it = omap_begin(rib->rib_vrfs); omap_next(&it);)
		table_dirty_clear(it.oi_val);
	rib->rib_moved = rib->rib_untracked;
}

/* Whether a next hop resolving in t lies in the prefix. */
static bool covers_nexthop(const struct rib_table *t, uint32_t addr, uint8_t plen)
{
	const struct keymap_slot *s;

	if (plen == 32)
		return keymap_get(&t->rtb_nexthops, addr) != NULL;
	if (t->rtb_nexthops.km_count > NEXTHOP_SCAN_MAX)
		return true;
	for (size_t i = 0; (s = keymap_next(&t->rtb_nexthops, &i));)
		if (((uint32_t)s->ks_key & lpm_mask(plen)) == addr)
			return true;
	return false;
}

void rib_changed(struct rib *rib, struct rib_table *t, uint32_t addr, uint8_t plen)
{
	rib->rib_version++;
	if (keymap_put(&t->rtb_dirty, rib_prefix_key(addr, plen), t) < 0)
		rib->rib_moved = true; /* not remembered: the FIB looks at everything */
	if (covers_nexthop(t, addr, plen))
		rib->rib_moved = true;
}

static void track(struct rib *rib, struct rib_table *t, uint32_t addr, int delta)
{
	uintptr_t n = (uintptr_t)keymap_get(&t->rtb_nexthops, addr) + (uintptr_t)(intptr_t)delta;

	if (n == 0)
		keymap_del(&t->rtb_nexthops, addr);
	else if (keymap_put(&t->rtb_nexthops, addr, (void *)n) < 0)
		rib->rib_untracked = rib->rib_moved = true;
}

void rib_track_path(struct rib *rib, struct rib_table *t, const struct rib_path *p, int delta)
{
	for (unsigned i = 0; i < p->rp_nnh; i++) {
		const struct rib_nexthop *nh = &p->rp_nh[i];
		if (!nh->rn_ifname)
			track(rib, nh->rn_global ? &rib->rib_global : t, ntohl(nh->rn_gw.s_addr), delta);
	}
}
