/* A growable array of fixed-size records kept unique by a caller's notion of "same entry". */
#ifndef FERRY_DATAPLANE_USERSPACE_US_VEC_H
#define FERRY_DATAPLANE_USERSPACE_US_VEC_H

#include <stdbool.h>
#include <stddef.h>

struct us_vec {
	void *v_items;
	size_t v_n, v_cap;
	size_t v_size; /* bytes a record */
};

/* True when a and b identify the same entry (their keys match). */
typedef bool us_same_fn(const void *a, const void *b);

#define US_VEC_INIT(type)                                                                                              \
	{                                                                                                              \
		.v_items = NULL, .v_n = 0, .v_cap = 0, .v_size = sizeof(type)                                          \
	}

void *us_vec_at(const struct us_vec *v, size_t i);
/* The entry the same as key, or NULL (always when same is NULL). */
void *us_vec_find(const struct us_vec *v, const void *key, us_same_fn *same);
/* Replaces the entry the same as item, or appends it (same NULL: appends); returns where it is, NULL when out of
 * memory. */
void *us_vec_put(struct us_vec *v, const void *item, us_same_fn *same);
/* Removes entry i (the last takes its place). */
void us_vec_remove(struct us_vec *v, size_t i);
void us_vec_free(struct us_vec *v);

#endif
