/*
 * Helpers the crypto subsystems (pki, ike, ipsec) share: named objects
 * kept in creation order (the order IOS prints them in), string and name
 * list settings, keyword arguments and hexadecimal data.
 */
#ifndef FERRY_PKI_CRYPTO_OBJ_H
#define FERRY_PKI_CRYPTO_OBJ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/omap.h"
#include "parser/cli.h"

#define CRYPTO_HELP "Encryption module\n"

/*
 * A table of named objects in creation order; all zero is an empty table.
 * Every object begins with its name (a char * first member), which the
 * table allocates and the object's free function releases.
 */
struct nametab {
	struct omap *nt_map; /* created with the first object */
};

/* What the generic "[no] crypto ... NAME" handler needs to know of a type. */
struct nametab_type {
	const char *nty_what; /* for messages: "IKEv2 profile" */
	size_t nty_size;
	void (*nty_free)(void *obj); /* frees the object's fields, name and itself */
	int nty_mode;		     /* the mode the command enters */
	/* NULL, or refuses the removal of an object still referenced (it prints why) */
	int (*nty_busy)(struct cli_ctx *c, const void *obj);
};

void nametab_fini(struct nametab *t, void (*obj_free)(void *obj));
void *nametab_get(const struct nametab *t, const char *name);
/* The named object, created zeroed (with its name) if new; NULL when out of memory. */
void *nametab_ensure(struct nametab *t, const char *name, size_t size);
/* Unlinks the object and returns it, or NULL if there is none by that name. */
void *nametab_del(struct nametab *t, const char *name);
/* Iterates the objects in creation order: for (it = nametab_begin(t); omap_next(&it);) use(it.oi_val); */
struct omap_iter nametab_begin(const struct nametab *t);
/* Prints each object as a block: "HEADER NAME", its mode's lines, "!". */
void nametab_print(struct cli_writer *w, const struct nametab *t, const char *header, int mode);
/* Enters the object's mode (creating it) or, for the "no" form, deletes it. */
int nametab_cmd(struct cli_ctx *c, const struct cli_args *a, struct nametab *t, const char *name,
		const struct nametab_type *ty);

/* A list of names in the order given, without duplicates. */
struct strlist {
	char **sl_v;
	size_t sl_n;
};

int strlist_add(struct strlist *l, const char *s);
bool strlist_has(const struct strlist *l, const char *s);
void strlist_del(struct strlist *l, const char *s);
void strlist_clear(struct strlist *l);
/* Joins the names with single spaces; returns buf. */
const char *strlist_join(const struct strlist *l, char *buf, size_t len);

/* Replaces a string setting; NULL clears it. Returns -1 when out of memory. */
int str_set(char **field, const char *value);
/* A string setting from the argument arg; the "no" form clears it. */
int crypto_set_text(struct cli_ctx *c, const struct cli_args *a, char **field, const char *arg);
/* Prints "keyword value" when the value is set. */
void crypto_print_text(struct cli_writer *w, const char *keyword, const char *value);

/* The index in names[] (NULL entries skipped) of the first keyword typed among them, or -1. */
int args_keyword(const struct cli_args *a, const char *const *names, size_t n);
/* Indexes in names[] of the keywords typed among them, in typed order; returns how many (at most max). */
size_t args_keywords(const struct cli_args *a, const char *const *names, size_t n, int *out, size_t max);

/*
 * Decodes hexadecimal text (an odd digit count reads as a leading 0, as a
 * number would); returns a malloc'd buffer and its length, or NULL when out
 * of memory or not hexadecimal.
 */
uint8_t *hex_decode(const char *hex, size_t *len);
/* Upper-case hexadecimal of n bytes into buf (2n+1 bytes); returns buf. */
char *hex_format(const uint8_t *b, size_t n, char *buf);

#endif
