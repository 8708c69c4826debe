/* The 64-bit key map: linear probing, backward-shift deletion (no tombstones). */
#include <stdlib.h>

#include "rib/keymap.h"

#define KEYMAP_MIN_SLOTS 16

/* Fibonacci hashing: the high bits of the product are well mixed. */
static size_t slot_of(const struct keymap *m, uint64_t key)
{
	return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & m->km_mask;
}

void keymap_clear(struct keymap *m)
{
	free(m->km_slots);
	m->km_slots = NULL;
	m->km_mask = 0;
	m->km_count = 0;
}

static struct keymap_slot *find(const struct keymap *m, uint64_t key)
{
	if (!m->km_slots)
		return NULL;
	for (size_t i = slot_of(m, key);; i = (i + 1) & m->km_mask) {
		struct keymap_slot *s = &m->km_slots[i];
		if (!s->ks_val)
			return NULL;
		if (s->ks_key == key)
			return s;
	}
}

void *keymap_get(const struct keymap *m, uint64_t key)
{
	struct keymap_slot *s = find(m, key);
	return s ? s->ks_val : NULL;
}

static void place(struct keymap *m, uint64_t key, void *val)
{
	size_t i = slot_of(m, key);

	while (m->km_slots[i].ks_val)
		i = (i + 1) & m->km_mask;
	m->km_slots[i].ks_key = key;
	m->km_slots[i].ks_val = val;
}

static int grow(struct keymap *m)
{
	size_t old_n = m->km_slots ? m->km_mask + 1 : 0, n = old_n ? old_n * 2 : KEYMAP_MIN_SLOTS;
	struct keymap_slot *old = m->km_slots, *slots = calloc(n, sizeof(*slots));

	if (!slots)
		return -1;
	m->km_slots = slots;
	m->km_mask = n - 1;
	for (size_t i = 0; i < old_n; i++)
		if (old[i].ks_val)
			place(m, old[i].ks_key, old[i].ks_val);
	free(old);
	return 0;
}

int keymap_put(struct keymap *m, uint64_t key, void *val)
{
	struct keymap_slot *s = find(m, key);

	if (s) {
		s->ks_val = val;
		return 0;
	}
	if ((!m->km_slots || (m->km_count + 1) * 4 > (m->km_mask + 1) * 3) && grow(m) < 0)
		return -1;
	place(m, key, val);
	m->km_count++;
	return 0;
}

/* Moves later members of the probe run back over the hole at i, so lookups never stop early. */
static void close_hole(struct keymap *m, size_t i)
{
	for (size_t j = (i + 1) & m->km_mask; m->km_slots[j].ks_val; j = (j + 1) & m->km_mask) {
		size_t home = slot_of(m, m->km_slots[j].ks_key);
		/* j may move to i only if its home is not in (i, j] (cyclically) */
		if (((j - home) & m->km_mask) >= ((j - i) & m->km_mask)) {
			m->km_slots[i] = m->km_slots[j];
			m->km_slots[j].ks_val = NULL;
			i = j;
		}
	}
}

void *keymap_del(struct keymap *m, uint64_t key)
{
	struct keymap_slot *s = find(m, key);
	void *val;

	if (!s)
		return NULL;
	val = s->ks_val;
	s->ks_val = NULL;
	m->km_count--;
	close_hole(m, (size_t)(s - m->km_slots));
	return val;
}

const struct keymap_slot *keymap_next(const struct keymap *m, size_t *pos)
{
	for (; m->km_slots && *pos <= m->km_mask; (*pos)++)
		if (m->km_slots[*pos].ks_val)
			return &m->km_slots[(*pos)++];
	return NULL;
}
