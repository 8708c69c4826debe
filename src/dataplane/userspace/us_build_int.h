/* Internals of the userspace dataplane builder, shared by its files. */
#ifndef FERRY_DATAPLANE_USERSPACE_US_BUILD_INT_H
#define FERRY_DATAPLANE_USERSPACE_US_BUILD_INT_H

#include <stdarg.h>
#include <stdbool.h>

#include "dataplane/userspace/us_build.h"

/* Formats err; returns -1. */
int us_build_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int us_build_route(struct us_build *b, const struct dp_route *r, bool del, char *err, size_t errlen);
int us_build_label(struct us_build *b, const struct dp_label *l, bool del, char *err, size_t errlen);
int us_build_sa(struct us_build *b, const struct dp_sa *sa, bool del, char *err, size_t errlen);
/* Routes of a table (creating its map unless only looking); NULL when absent or out of memory. */
struct keymap *us_build_routes(struct us_build *b, uint32_t table, bool create);
/* Compiling a snapshot, in this order (us_compile.c, us_publish.c); -1 with err on failure. */
int us_compile_vrfs(struct us_snap *s, const struct us_build *b);
int us_compile_links(struct us_snap *s, const struct us_build *b, char *err, size_t errlen);
int us_compile_routes(struct us_snap *s, const struct us_build *b, char *err, size_t errlen);
int us_compile_labels(struct us_snap *s, const struct us_build *b, char *err, size_t errlen);
size_t us_link_index(const struct us_snap *s, const char *name);
/* Frees the retired SAs no snapshot holds (none published yet). */
void us_build_free_retired(struct us_build *b);

#endif
