/* Named object tables, name lists, keyword arguments and hex data for the crypto subsystems. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki/crypto_obj.h"

void nametab_fini(struct nametab *t, void (*obj_free)(void *obj))
{
	omap_free(t->nt_map, obj_free);
	t->nt_map = NULL;
}

void *nametab_get(const struct nametab *t, const char *name)
{
	return t->nt_map ? omap_get(t->nt_map, name) : NULL;
}

void *nametab_ensure(struct nametab *t, const char *name, size_t size)
{
	void *obj = nametab_get(t, name);
	char *copy;

	if (obj)
		return obj;
	if (!t->nt_map && !(t->nt_map = omap_new(false)))
		return NULL;
	if (!(obj = calloc(1, size)))
		return NULL;
	if (!(copy = strdup(name)) || omap_put(t->nt_map, name, obj) < 0) {
		free(copy);
		free(obj);
		return NULL;
	}
	*(char **)obj = copy;
	return obj;
}

void *nametab_del(struct nametab *t, const char *name)
{
	return t->nt_map ? omap_del(t->nt_map, name) : NULL;
}

struct omap_iter nametab_begin(const struct nametab *t)
{
	return t->nt_map ? omap_begin(t->nt_map) : (struct omap_iter){0};
}

void nametab_print(struct cli_writer *w, const struct nametab *t, const char *header, int mode)
{
	for (struct omap_iter it = nametab_begin(t); omap_next(&it);) {
		cli_line(w, "%s %s", header, *(const char *const *)it.oi_val);
		cli_block(w, mode, it.oi_val);
		cli_sep(w);
	}
}

int nametab_cmd(struct cli_ctx *c, const struct cli_args *a, struct nametab *t, const char *name,
		const struct nametab_type *ty)
{
	void *obj = nametab_get(t, name);

	if (a->a_negate) {
		if (!obj)
			return cli_fail(c, "%s %s does not exist", ty->nty_what, name);
		if (ty->nty_busy && ty->nty_busy(c, obj) < 0)
			return -1;
		ty->nty_free(nametab_del(t, name));
		return 0;
	}
	if (!(obj = nametab_ensure(t, name, ty->nty_size)))
		return cli_fail(c, "Out of memory");
	cli_enter(c, ty->nty_mode, obj);
	return 0;
}

int strlist_add(struct strlist *l, const char *s)
{
	char **v;

	if (strlist_has(l, s))
		return 0;
	if (!(v = realloc(l->sl_v, (l->sl_n + 1) * sizeof(*v))))
		return -1;
	l->sl_v = v;
	if (!(v[l->sl_n] = strdup(s)))
		return -1;
	l->sl_n++;
	return 0;
}

bool strlist_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->sl_n; i++)
		if (strcmp(l->sl_v[i], s) == 0)
			return true;
	return false;
}

void strlist_del(struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->sl_n; i++) {
		if (strcmp(l->sl_v[i], s) != 0)
			continue;
		free(l->sl_v[i]);
		memmove(&l->sl_v[i], &l->sl_v[i + 1], (l->sl_n - i - 1) * sizeof(*l->sl_v));
		l->sl_n--;
		return;
	}
}

void strlist_clear(struct strlist *l)
{
	for (size_t i = 0; i < l->sl_n; i++)
		free(l->sl_v[i]);
	free(l->sl_v);
	l->sl_v = NULL;
	l->sl_n = 0;
}

const char *strlist_join(const struct strlist *l, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < l->sl_n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? " " : "", l->sl_v[i]);
	return buf;
}

int str_set(char **field, const char *value)
{
	char *copy = value ? strdup(value) : NULL;

	if (value && !copy)
		return -1;
	free(*field);
	*field = copy;
	return 0;
}

int crypto_set_text(struct cli_ctx *c, const struct cli_args *a, char **field, const char *arg)
{
	if (str_set(field, a->a_negate ? NULL : cli_arg(a, arg)) < 0)
		return cli_fail(c, "Out of memory");
	return 0;
}

void crypto_print_text(struct cli_writer *w, const char *keyword, const char *value)
{
	if (value)
		cli_line(w, "%s %s", keyword, value);
}

static int name_index(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

int args_keyword(const struct cli_args *a, const char *const *names, size_t n)
{
	int k;
	return args_keywords(a, names, n, &k, 1) ? k : -1;
}

size_t args_keywords(const struct cli_args *a, const char *const *names, size_t n, int *out, size_t max)
{
	size_t found = 0;

	for (unsigned i = 0; i < a->a_n && found < max; i++) {
		int k = name_index(names, n, a->a_v[i].ca_name);
		/* a keyword's value is its own spelling; a placeholder's is what was typed */
		if (k >= 0 && strcmp(a->a_v[i].ca_value, names[k]) == 0)
			out[found++] = k;
	}
	return found;
}

static int hex_digit(char ch)
{
	return isdigit((unsigned char)ch) ? ch - '0' : tolower((unsigned char)ch) - 'a' + 10;
}

uint8_t *hex_decode(const char *hex, size_t *len)
{
	size_t digits = strlen(hex), odd = digits % 2;
	uint8_t *b;

	for (size_t i = 0; i < digits; i++)
		if (!isxdigit((unsigned char)hex[i]))
			return NULL;
	*len = (digits + odd) / 2;
	if (!(b = calloc(1, *len ? *len : 1)))
		return NULL;
	for (size_t i = 0; i < digits; i++) {
		size_t pos = i + odd; /* position in the zero-padded digit string */
		b[pos / 2] |= (uint8_t)(hex_digit(hex[i]) << (pos % 2 ? 0 : 4));
	}
	return b;
}

char *hex_format(const uint8_t *b, size_t n, char *buf)
{
	static const char digits[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		buf[2 * i] = digits[b[i] >> 4];
		buf[2 * i + 1] = digits[b[i] & 0xf];
	}
	buf[2 * n] = '\0';
	return buf;
}
