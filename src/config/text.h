/* Configuration as text: loading a file into a model, printing a model back. */
#ifndef FERRY_CONFIG_TEXT_H
#define FERRY_CONFIG_TEXT_H

#include <stdio.h>

#include "parser/cli.h"

struct config;
struct ferryd;

/* One problem found while loading: FILE, LINE and the IOS message. */
typedef void cfg_diag_fn(void *arg, const char *file, unsigned line, const char *msg);

/* Applies every line of f to cfg from global configuration mode, as IOS
 * does with a startup-config; returns the number of problems reported. */
unsigned cfg_load_stream(struct cli_tree *t, struct ferryd *d, struct config *cfg, FILE *f, const char *name,
			 cfg_diag_fn *diag, void *arg);
/* Same from a path; -1 (and errno) if it cannot be opened. */
int cfg_load_file(struct cli_tree *t, struct ferryd *d, struct config *cfg, const char *path, cfg_diag_fn *diag,
		  void *arg);
/* The configuration commands (the body of show running-config) as one malloc'd string. */
char *cfg_print_string(struct cli_tree *t, const struct config *cfg, size_t *len);
/* What one printer writes for obj, as one malloc'd string. */
char *cfg_print_obj_string(struct cli_tree *t, cli_print_fn *fn, const void *obj, size_t *len);

#endif
