/* Growable arrays of records for the dataplane builder's small tables. */
#include "dataplane/userspace/us_vec.h"

#include <stdlib.h>
#include <string.h>

void *us_vec_at(const struct us_vec *v, size_t i)
{
	return (char *)v->v_items + i * v->v_size;
}

void *us_vec_find(const struct us_vec *v, const void *key, us_same_fn *same)
{
	for (size_t i = 0; same && i < v->v_n; i++)
		if (same(us_vec_at(v, i), key))
			return us_vec_at(v, i);
	return NULL;
}

void *us_vec_put(struct us_vec *v, const void *item, us_same_fn *same)
{
	void *slot = us_vec_find(v, item, same);

	if (!slot) {
		if (v->v_n == v->v_cap) {
			size_t cap = v->v_cap ? v->v_cap * 2 : 8;
			void *items = realloc(v->v_items, cap * v->v_size);

			if (!items)
				return NULL;
			v->v_items = items;
			v->v_cap = cap;
		}
		slot = us_vec_at(v, v->v_n++);
	}
	memcpy(slot, item, v->v_size);
	return slot;
}

void us_vec_remove(struct us_vec *v, size_t i)
{
	v->v_n--;
	if (i != v->v_n)
		memcpy(us_vec_at(v, i), us_vec_at(v, v->v_n), v->v_size);
}

void us_vec_free(struct us_vec *v)
{
	free(v->v_items);
	v->v_items = NULL;
	v->v_n = v->v_cap = 0;
}
