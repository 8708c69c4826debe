/*
 * An ordered map: string keys (copied, optionally case-insensitive) to the
 * caller's pointers, kept in insertion order. Lookup, append and delete
 * take constant time; iteration visits the values in the order they were
 * put. It replaces the "hash map by name + linked list in creation order"
 * each subsystem used to write by hand.
 */
#ifndef FERRY_CORE_OMAP_H
#define FERRY_CORE_OMAP_H

#include <stdbool.h>
#include <stddef.h>

struct omap;
struct omap_ent;

/*
 * An iteration in insertion order:
 *	for (struct omap_iter it = omap_begin(m); omap_next(&it);)
 *		use(it.oi_val);
 * The body may delete the current key (not another one): the next entry
 * is taken before the current value is handed out.
 */
struct omap_iter {
	void *oi_val; /* the current value */
	const struct omap_ent *oi_next;
};

/* NULL if out of memory. */
struct omap *omap_new(bool nocase);
/* Frees the map (NULL: nothing); val_free, unless NULL, gets each value in order. */
void omap_free(struct omap *m, void (*val_free)(void *val));
/* Appends key -> val (val not NULL); a key already present keeps its place
 * and takes the new value. -1 if out of memory. */
int omap_put(struct omap *m, const char *key, void *val);
void *omap_get(const struct omap *m, const char *key);
/* Removes a key; returns its value, or NULL if it was not there. */
void *omap_del(struct omap *m, const char *key);
size_t omap_count(const struct omap *m);
struct omap_iter omap_begin(const struct omap *m);
/* Moves to the next value (it->oi_val); false at the end. */
bool omap_next(struct omap_iter *it);

#endif
