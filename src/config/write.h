/* Saving the configuration: atomically (temporary file, fsync, rename, fsync of the directory). */
#ifndef FERRY_CONFIG_WRITE_H
#define FERRY_CONFIG_WRITE_H

#include <stddef.h>

/* Returns 0, or -1 with errno set; the old file is intact on failure. */
int cfg_write_atomic(const char *path, const char *text, size_t len);

#endif
