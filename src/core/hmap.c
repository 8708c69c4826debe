/* Chained hash map with FNV-1a hashing; grows at load factor 1. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hmap.h"

struct hent {
	char *he_key;
	void *he_val;
	uint32_t he_hash;
	struct hent *he_next;
};

struct hmap {
	struct hent **h_v;
	size_t h_size, h_count;
	bool h_nocase;
};

static uint32_t hash(const struct hmap *h, const char *s)
{
	uint32_t x = 2166136261u;
	for (; *s; s++)
		x = (x ^ (uint8_t)(h->h_nocase ? tolower((unsigned char)*s) : *s)) * 16777619u;
	return x;
}

static bool key_eq(const struct hmap *h, const char *a, const char *b)
{
	return h->h_nocase ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

struct hmap *hmap_new(bool nocase)
{
	struct hmap *h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->h_nocase = nocase;
	h->h_size = 16;
	h->h_v = calloc(h->h_size, sizeof(*h->h_v));
	if (!h->h_v) {
		free(h);
		return NULL;
	}
	return h;
}

void hmap_free(struct hmap *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->h_size; i++)
		for (struct hent *e = h->h_v[i], *n; e; e = n) {
			n = e->he_next;
			free(e->he_key);
			free(e);
		}
	free(h->h_v);
	free(h);
}

static struct hent **find(const struct hmap *h, const char *key, uint32_t hv)
{
	struct hent **pp = &h->h_v[hv & (h->h_size - 1)];
	while (*pp && !((*pp)->he_hash == hv && key_eq(h, (*pp)->he_key, key)))
		pp = &(*pp)->he_next;
	return pp;
}

static void grow(struct hmap *h)
{
	size_t size = h->h_size * 2;
	struct hent **v = calloc(size, sizeof(*v));

	if (!v)
		return; /* stay at the current size: slower, still correct */
	for (size_t i = 0; i < h->h_size; i++)
		for (struct hent *e = h->h_v[i], *n; e; e = n) {
			n = e->he_next;
			e->he_next = v[e->he_hash & (size - 1)];
			v[e->he_hash & (size - 1)] = e;
		}
	free(h->h_v);
	h->h_v = v;
	h->h_size = size;
}

int hmap_put(struct hmap *h, const char *key, void *val)
{
	uint32_t hv = hash(h, key);
	struct hent **pp = find(h, key, hv), *e;

	if (*pp) {
		(*pp)->he_val = val;
		return 0;
	}
	if (!(e = calloc(1, sizeof(*e))) || !(e->he_key = strdup(key))) {
		free(e);
		return -1;
	}
	e->he_val = val;
	e->he_hash = hv;
	*pp = e;
	if (++h->h_count > h->h_size)
		grow(h);
	return 0;
}

void *hmap_get(const struct hmap *h, const char *key)
{
	struct hent **pp = find(h, key, hash(h, key));
	return *pp ? (*pp)->he_val : NULL;
}

void *hmap_del(struct hmap *h, const char *key)
{
	struct hent **pp = find(h, key, hash(h, key)), *e = *pp;
	void *val;

	if (!e)
		return NULL;
	*pp = e->he_next;
	val = e->he_val;
	free(e->he_key);
	free(e);
	h->h_count--;
	return val;
}

size_t hmap_count(const struct hmap *h)
{
	return h->h_count;
}
