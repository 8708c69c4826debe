/*
 * A map from 64-bit keys to pointers: open addressing with linear probing
 * (16 bytes a slot, at most three quarters full), for the tables that hold
 * a million entries (routes by prefix, labels by number). Keys are the
 * caller's packing of what identifies an entry; values are never NULL.
 */
#ifndef FERRY_RIB_KEYMAP_H
#define FERRY_RIB_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

struct keymap_slot {
	uint64_t ks_key;
	void *ks_val; /* NULL: the slot is free */
};

struct keymap {
	struct keymap_slot *km_slots;
	size_t km_mask; /* slot count - 1 (a power of two), or 0 before the first put */
	size_t km_count;
};

/* An empty map needs no allocation: zero it (or use KEYMAP_INIT). */
#define KEYMAP_INIT                                                                                                    \
	{                                                                                                              \
		0                                                                                                      \
	}

void keymap_clear(struct keymap *m);
void *keymap_get(const struct keymap *m, uint64_t key);
/* Adds or replaces key -> val (val not NULL); -1 if out of memory. */
int keymap_put(struct keymap *m, uint64_t key, void *val);
/* Removes a key; returns its value, or NULL if it was not there. */
void *keymap_del(struct keymap *m, uint64_t key);

/*
 * Visits every entry (in slot order, which follows the hash, not the keys):
 *	for (size_t i = 0; (s = keymap_next(m, &i));)
 * The body must not add or remove keys.
 */
const struct keymap_slot *keymap_next(const struct keymap *m, size_t *pos);

#endif
