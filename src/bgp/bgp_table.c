/*
 * The BGP table's destinations and paths. Destinations hash on family, RD
 * and prefix into a keymap whose values are chains (the hash is 64 bits,
 * collisions are rare). A destination that loses its last path stays until
 * the table has run (its withdrawal is still to be sent), then goes.
 */
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_table.h"

static uint64_t fnv(uint64_t h, uint32_t v)
{
	for (int i = 0; i < 4; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= 0x100000001b3ull;
	}
	return h;
}

static uint64_t dest_hash(enum bgp_family f, const struct bgp_nlri *n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	const struct bgp_rd *rd = &n->bn_rd;
	bool vpn = f == BGP_FAMILY_VPNV4;

	h = fnv(h, (uint32_t)f << 8 | n->bn_plen);
	h = fnv(h, n->bn_prefix);
	h = fnv(h, vpn ? rd->brd_type : 0);
	h = fnv(h, vpn ? rd->brd_asnn.ban_admin : 0);
	return fnv(h, vpn ? rd->brd_asnn.ban_number : 0);
}

static bool dest_is(const struct bgp_dest *d, enum bgp_family f, const struct bgp_nlri *n)
{
	return d->de_family == f && d->de_prefix == n->bn_prefix && d->de_plen == n->bn_plen &&
	       (f != BGP_FAMILY_VPNV4 || memcmp(&d->de_rd, &n->bn_rd, sizeof(d->de_rd)) == 0);
}

struct bgp_dest *bgp_table_find(const struct bgp_table *t, enum bgp_family f, const struct bgp_nlri *n)
{
	uint64_t h = dest_hash(f, n);

	for (struct bgp_dest *d = keymap_get(&t->bt_buckets, h); d; d = d->de_hnext)
		if (dest_is(d, f, n))
			return d;
	return NULL;
}

struct bgp_dest *bgp_table_get(struct bgp_table *t, enum bgp_family f, const struct bgp_nlri *n)
{
	struct bgp_dest *d = bgp_table_find(t, f, n);

	if (d)
		return d;
	if (!(d = calloc(1, sizeof(*d))))
		return NULL;
	d->de_hash = dest_hash(f, n);
	d->de_family = f;
	if (f == BGP_FAMILY_VPNV4)
		d->de_rd = n->bn_rd;
	d->de_prefix = n->bn_prefix;
	d->de_plen = n->bn_plen;
	d->de_label = MFI_LABEL_NONE;
	d->de_hnext = keymap_get(&t->bt_buckets, d->de_hash);
	if (keymap_put(&t->bt_buckets, d->de_hash, d) < 0) {
		free(d);
		return NULL;
	}
	t->bt_count++;
	return d;
}

struct bgp_dest *bgp_table_next(const struct bgp_table *t, struct bgp_table_iter *it)
{
	const struct keymap_slot *s;
	struct bgp_dest *d = it->ti_chain;

	if (!d) {
		if (!(s = keymap_next(&t->bt_buckets, &it->ti_pos)))
			return NULL;
		d = s->ks_val;
	}
	it->ti_chain = d->de_hnext;
	return d;
}

struct bgp_path *bgp_path_new(struct bgp_pattr *pa)
{
	struct bgp_path *p = calloc(1, sizeof(*p));

	if (p)
		p->pa_attr = bgp_pattr_ref(pa);
	return p;
}

static void path_free(struct bgp_table *t, struct bgp_path *p)
{
	if (t->bt_path_gone)
		t->bt_path_gone(t->bt_arg, p);
	bgp_pattr_unref(p->pa_attr);
	free(p);
}

void bgp_table_mark(struct bgp_table *t, struct bgp_dest *d)
{
	if (d->de_dirty)
		return;
	if (t->bt_ndirty == t->bt_dirty_cap) {
		size_t cap = t->bt_dirty_cap ? 2 * t->bt_dirty_cap : 64;
		struct bgp_dest **v = realloc(t->bt_dirty, cap * sizeof(*v));
		if (!v)
			return; /* stays clean: the next change of it or a session reset brings it out */
		t->bt_dirty = v;
		t->bt_dirty_cap = cap;
	}
	d->de_dirty = true;
	t->bt_dirty[t->bt_ndirty++] = d;
}

static struct bgp_path **path_slot(struct bgp_dest *d, const void *src)
{
	struct bgp_path **pp = &d->de_paths;

	while (*pp && (*pp)->pa_src != src)
		pp = &(*pp)->pa_next;
	return pp;
}

struct bgp_path *bgp_dest_path_of(const struct bgp_dest *d, const void *src)
{
	return *path_slot((struct bgp_dest *)d, src);
}

int bgp_dest_set_path(struct bgp_table *t, struct bgp_dest *d, struct bgp_path *pa)
{
	struct bgp_path **pp = path_slot(d, pa->pa_src), *old = *pp;

	if (!pa->pa_src && keymap_put(&t->bt_local, (uintptr_t)d, d) < 0) {
		path_free(t, pa);
		return -1;
	}
	pa->pa_next = old ? old->pa_next : NULL;
	*pp = pa;
	if (old && d->de_best == old)
		d->de_best = NULL;
	if (old)
		path_free(t, old);
	bgp_table_mark(t, d);
	return 0;
}

bool bgp_dest_del_path(struct bgp_table *t, struct bgp_dest *d, const void *src)
{
	struct bgp_path **pp = path_slot(d, src), *old = *pp;

	if (!old)
		return false;
	*pp = old->pa_next;
	if (!src)
		keymap_del(&t->bt_local, (uintptr_t)d);
	if (d->de_best == old)
		d->de_best = NULL;
	path_free(t, old);
	bgp_table_mark(t, d);
	return true;
}

size_t bgp_dest_npaths(const struct bgp_dest *d)
{
	size_t n = 0;

	for (const struct bgp_path *p = d->de_paths; p; p = p->pa_next)
		n++;
	return n;
}

static void dest_unlink(struct bgp_table *t, struct bgp_dest *d)
{
	struct bgp_dest *head = keymap_get(&t->bt_buckets, d->de_hash), **pp = &head;

	while (*pp != d)
		pp = &(*pp)->de_hnext;
	*pp = d->de_hnext;
	if (head)
		keymap_put(&t->bt_buckets, d->de_hash, head); /* replaces the slot's value: cannot fail */
	else
		keymap_del(&t->bt_buckets, d->de_hash);
	t->bt_count--;
}

static void dest_free(struct bgp_table *t, struct bgp_dest *d)
{
	while (d->de_paths) {
		struct bgp_path *p = d->de_paths;
		d->de_paths = p->pa_next;
		path_free(t, p);
	}
	free(d->de_imported);
	free(d);
}

void bgp_table_settle(struct bgp_table *t)
{
	for (size_t i = 0; i < t->bt_ndirty; i++) {
		struct bgp_dest *d = t->bt_dirty[i];
		d->de_dirty = false;
		if (!d->de_paths && !d->de_nimported && d->de_label == MFI_LABEL_NONE) {
			dest_unlink(t, d);
			dest_free(t, d);
		}
	}
	t->bt_ndirty = 0;
}

void bgp_table_clear(struct bgp_table *t)
{
	struct bgp_dest *d;

	for (struct bgp_table_iter it = {0}; (d = bgp_table_next(t, &it));) {
		d->de_best = NULL;
		dest_free(t, d);
	}
	keymap_clear(&t->bt_buckets);
	keymap_clear(&t->bt_local);
	free(t->bt_dirty);
	t->bt_dirty = NULL;
	t->bt_ndirty = t->bt_dirty_cap = 0;
	t->bt_count = 0;
}
