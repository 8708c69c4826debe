/* The ordered map: an hmap from key to entry, the entries doubly linked in insertion order. */
#include <stdlib.h>

#include "core/hmap.h"
#include "core/omap.h"

struct omap_ent {
	void *oe_val;
	struct omap_ent *oe_prev, *oe_next;
};

struct omap {
	struct hmap *om_bykey; /* key -> struct omap_ent */
	struct omap_ent *om_head, *om_tail;
};

struct omap *omap_new(bool nocase)
{
	struct omap *m = calloc(1, sizeof(*m));

	if (m && !(m->om_bykey = hmap_new(nocase))) {
		free(m);
		return NULL;
	}
	return m;
}

void omap_free(struct omap *m, void (*val_free)(void *val))
{
	if (!m)
		return;
	for (struct omap_ent *e = m->om_head, *n; e; e = n) {
		n = e->oe_next;
		if (val_free)
			val_free(e->oe_val);
		free(e);
	}
	hmap_free(m->om_bykey);
	free(m);
}

int omap_put(struct omap *m, const char *key, void *val)
{
	struct omap_ent *e = hmap_get(m->om_bykey, key);

	if (e) {
		e->oe_val = val;
		return 0;
	}
	if (!(e = calloc(1, sizeof(*e))) || hmap_put(m->om_bykey, key, e) < 0) {
		free(e);
		return -1;
	}
	e->oe_val = val;
	e->oe_prev = m->om_tail;
	if (m->om_tail)
		m->om_tail->oe_next = e;
	else
		m->om_head = e;
	m->om_tail = e;
	return 0;
}

void *omap_get(const struct omap *m, const char *key)
{
	const struct omap_ent *e = hmap_get(m->om_bykey, key);
	return e ? e->oe_val : NULL;
}

void *omap_del(struct omap *m, const char *key)
{
	struct omap_ent *e = hmap_del(m->om_bykey, key);
	void *val;

	if (!e)
		return NULL;
	if (e->oe_prev)
		e->oe_prev->oe_next = e->oe_next;
	else
		m->om_head = e->oe_next;
	if (e->oe_next)
		e->oe_next->oe_prev = e->oe_prev;
	else
		m->om_tail = e->oe_prev;
	val = e->oe_val;
	free(e);
	return val;
}

size_t omap_count(const struct omap *m)
{
	return hmap_count(m->om_bykey);
}

struct omap_iter omap_begin(const struct omap *m)
{
	return (struct omap_iter){.oi_next = m->om_head};
}

bool omap_next(struct omap_iter *it)
{
	if (!it->oi_next)
		return false;
	it->oi_val = it->oi_next->oe_val;
	it->oi_next = it->oi_next->oe_next;
	return true;
}
