/* The run-time routing tables: tables by VRF, entries by prefix, paths by source and distance. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rib/rib_table.h"

static void name_free(void *s)
{
	free(s);
}

struct rib *rib_new(void)
{
	struct rib *rib = calloc(1, sizeof(*rib));

	if (!rib)
		return NULL;
	if (!(rib->rib_vrfs = omap_new(false)) || !(rib->rib_names = omap_new(false))) {
		omap_free(rib->rib_vrfs, NULL);
		free(rib);
		return NULL;
	}
	return rib;
}

static void table_clear(struct rib_table *t)
{
	struct lpm_iter it = {0};
	struct lpm_node *n;

	while ((n = lpm_next(&t->rtb_lpm, &it))) {
		struct rib_entry *e = (struct rib_entry *)n;
		for (struct rib_path *p = e->re_paths, *next; p; p = next) {
			next = p->rp_next;
			free(p);
		}
		free(e);
	}
	lpm_clear(&t->rtb_lpm);
	keymap_clear(&t->rtb_dirty);
	keymap_clear(&t->rtb_nexthops);
}

static void table_free(void *t)
{
	table_clear(t);
	free(t);
}

void rib_free(struct rib *rib)
{
	if (!rib)
		return;
	table_clear(&rib->rib_global);
	omap_free(rib->rib_vrfs, table_free);
	omap_free(rib->rib_names, name_free);
	free(rib->rib_derived);
	free(rib);
}

const char *rib_intern(struct rib *rib, const char *s)
{
	char *copy = omap_get(rib->rib_names, s);

	if (copy)
		return copy;
	if (!(copy = strdup(s)))
		return NULL;
	if (omap_put(rib->rib_names, s, copy) < 0) {
		free(copy);
		return NULL;
	}
	return copy;
}

struct rib_table *rib_table_of(const struct rib *rib, const char *vrf)
{
	return vrf ? omap_get(rib->rib_vrfs, vrf) : (struct rib_table *)&rib->rib_global;
}

struct rib_table *rib_table_get(struct rib *rib, const char *vrf)
{
	struct rib_table *t = rib_table_of(rib, vrf);

	if (t)
		return t;
	if (!(t = calloc(1, sizeof(*t))) || !(t->rtb_vrf = rib_intern(rib, vrf)) ||
	    omap_put(rib->rib_vrfs, vrf, t) < 0) {
		free(t);
		return NULL;
	}
	return t;
}

uint32_t rib_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)ts.tv_sec;
}

struct rib_entry *rib_exact(const struct rib_table *t, uint32_t addr, uint8_t plen)
{
	return t ? (struct rib_entry *)lpm_exact(&t->rtb_lpm, addr, plen) : NULL;
}

struct rib_entry *rib_longest(const struct rib_table *t, uint32_t addr, uint8_t maxplen)
{
	return t ? (struct rib_entry *)lpm_longest(&t->rtb_lpm, addr, maxplen) : NULL;
}
