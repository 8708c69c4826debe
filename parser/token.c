/* Token matching: how one typed word matches one grammar token. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_int.h"

static bool word_is_number(const char *w, size_t len, long long *out)
{
	char buf[32];
	char *end;

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, w, len);
	buf[len] = '\0';
	if (!isdigit((unsigned char)buf[0]) && !(buf[0] == '-' && len > 1 && isdigit((unsigned char)buf[1])))
		return false;
	errno = 0;
	*out = strtoll(buf, &end, 10);
	return errno == 0 && *end == '\0';
}

/* Parses a dotted quad; a, b, c, d each 0-255, no leading junk. */
static bool word_is_ipv4(const char *w, size_t len)
{
	unsigned parts = 0, val = 0, digits = 0;

	for (size_t i = 0; i < len; i++) {
		if (isdigit((unsigned char)w[i])) {
			val = val * 10 + (unsigned)(w[i] - '0');
			if (++digits > 3 || val > 255)
				return false;
		} else if (w[i] == '.' && digits > 0 && parts < 3) {
			parts++;
			val = digits = 0;
		} else {
			return false;
		}
	}
	return parts == 3 && digits > 0;
}

static bool word_is_prefix(const char *w, size_t len)
{
	const char *slash = memchr(w, '/', len);
	long long m;

	if (!slash || !word_is_ipv4(w, (size_t)(slash - w)))
		return false;
	return word_is_number(slash + 1, len - (size_t)(slash - w) - 1, &m) && m >= 0 && m <= 32;
}

/* ASN:NN or A.B.C.D:NN, as in route distinguishers and route targets. */
static bool word_is_asnn(const char *w, size_t len)
{
	const char *colon = memchr(w, ':', len);
	long long a, n;

	if (!colon)
		return false;
	size_t l1 = (size_t)(colon - w), l2 = len - l1 - 1;
	if (!word_is_number(colon + 1, l2, &n) || n < 0 || n > 4294967295LL)
		return false;
	if (word_is_ipv4(w, l1))
		return n <= 65535;
	return word_is_number(w, l1, &a) && a >= 0 && a <= 4294967295LL && (a <= 65535 || n <= 65535);
}

/* Skips a run of digits; false if there is none. */
static bool digits(const char *w, size_t len, size_t *i)
{
	size_t b = *i;
	while (*i < len && isdigit((unsigned char)w[*i]))
		(*i)++;
	return *i > b;
}

/* An interface number: N(/N)* then an optional :N, then an optional .N (a subinterface). */
bool tok_is_ifnum(const char *w, size_t len)
{
	size_t i = 0;

	if (!digits(w, len, &i))
		return false;
	while (i < len && w[i] == '/')
		if (i++, !digits(w, len, &i))
			return false;
	if (i < len && w[i] == ':' && (i++, !digits(w, len, &i)))
		return false;
	if (i < len && w[i] == '.' && (i++, !digits(w, len, &i)))
		return false;
	return i == len;
}

const struct cli_iftype *tok_iftype(const struct cli_tree *t, const char *w, size_t len, size_t *typelen,
				    bool *ambiguous)
{
	size_t tl = 0;
	const struct cli_iftype *found = NULL;

	*ambiguous = false;
	while (tl < len && !isdigit((unsigned char)w[tl]))
		tl++;
	if (tl == 0)
		return NULL;
	for (size_t i = 0; i < t->t_niftypes; i++) {
		const struct cli_iftype *it = &t->t_iftypes[i];
		if (strlen(it->it_name) < tl || strncasecmp(it->it_name, w, tl) != 0)
			continue;
		if (strlen(it->it_name) == tl) { /* exact spelling wins */
			found = it;
			*ambiguous = false;
			break;
		}
		if (found)
			*ambiguous = true;
		found = it;
	}
	*typelen = tl;
	return found;
}

static enum tok_match match_ifname(const struct cli_tree *t, const char *w, size_t len)
{
	size_t tl;
	bool amb;

	if (!tok_iftype(t, w, len, &tl, &amb) || amb)
		return TM_NONE;
	if (tl == len)
		return TM_IFTYPE;
	return tok_is_ifnum(w + tl, len - tl) ? TM_VALUE : TM_NONE;
}

static bool word_is_hex(const char *w, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!isxdigit((unsigned char)w[i]))
			return false;
	return len > 0;
}

/* The first-letter test is a cheap necessary condition (letters that compare
 * equal ignoring case differ at most in bit 0x20); strncasecmp decides. */
static enum tok_match match_keyword(const struct cli_node *n, const char *w, size_t len)
{
	if (len > n->n_textlen)
		return TM_NONE;
	if (len > 0 && ((unsigned char)n->n_text[0] | 0x20) != ((unsigned char)w[0] | 0x20))
		return TM_NONE;
	if (strncasecmp(n->n_text, w, len) != 0)
		return TM_NONE;
	return len == n->n_textlen ? TM_EXACT : TM_PARTIAL;
}

enum tok_match tok_match(const struct cli_tree *t, const struct cli_node *n, const char *w, size_t len)
{
	long long v;

	switch (n->n_kind) {
	case TOK_KEYWORD:
		return match_keyword(n, w, len);
	case TOK_WORD:
	case TOK_LINE:
		return TM_WORD;
	case TOK_IPV4:
		return word_is_ipv4(w, len) ? TM_VALUE : TM_NONE;
	case TOK_PREFIX:
		return word_is_prefix(w, len) ? TM_VALUE : TM_NONE;
	case TOK_RANGE:
		return word_is_number(w, len, &v) && v >= n->n_lo && v <= n->n_hi ? TM_VALUE : TM_NONE;
	case TOK_ASNN:
		return word_is_asnn(w, len) ? TM_VALUE : TM_NONE;
	case TOK_IFNAME:
		return match_ifname(t, w, len);
	case TOK_HEX:
		return word_is_hex(w, len) ? TM_VALUE : TM_NONE;
	case TOK_EPS:
	case TOK_END:
		break;
	}
	return TM_NONE;
}

size_t tok_keyword_prefix(const struct cli_node *n, const char *w, size_t len)
{
	size_t i = 0;

	if (n->n_kind != TOK_KEYWORD)
		return 0;
	while (i < len && n->n_text[i] && tolower((unsigned char)n->n_text[i]) == tolower((unsigned char)w[i]))
		i++;
	return i;
}

void tok_placeholder_help(const struct cli_node *n, char *buf, size_t len)
{
	if (n->n_kind == TOK_RANGE)
		snprintf(buf, len, "<%lld-%lld>", n->n_lo, n->n_hi);
	else
		snprintf(buf, len, "%s", n->n_text);
}

/* Copies n bytes as snprintf("%s") would: truncated to outlen, NUL-terminated; returns n. */
static int put_text(char *out, size_t outlen, const char *s, size_t n)
{
	if (outlen > 0) {
		size_t k = n < outlen ? n : outlen - 1;
		memcpy(out, s, k);
		out[k] = '\0';
	}
	return (int)n;
}

/* Writes v in decimal at p; returns the end. */
static char *put_digits(char *p, unsigned long long v)
{
	char rev[20];
	size_t n = 0;

	do {
		rev[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = rev[--n];
	return p;
}

/* snprintf(out, outlen, "%c%lld", sep, v) (no sep if it is '\0') without the cost
 * of printf: loading a configuration canonicalises every address and number it holds. */
static int put_number(char *out, size_t outlen, char sep, long long v)
{
	char buf[32], *p = buf;

	if (sep)
		*p++ = sep;
	if (v < 0)
		*p++ = '-';
	p = put_digits(p, v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v);
	return put_text(out, outlen, buf, (size_t)(p - buf));
}

/* Writes a dotted quad without leading zeros ("010.0.0.1" -> "10.0.0.1"). */
static int canon_ipv4(const char *w, size_t len, char *out, size_t outlen)
{
	unsigned o[4] = {0}, k = 0;
	char buf[48], *p = buf;

	for (size_t i = 0; i < len && k < 4; i++) {
		if (w[i] == '.')
			k++;
		else if (k < 4)
			o[k] = o[k] * 10 + (unsigned)(w[i] - '0');
	}
	for (k = 0; k < 4; k++) {
		if (k)
			*p++ = '.';
		p = put_digits(p, o[k]);
	}
	return put_text(out, outlen, buf, (size_t)(p - buf));
}

bool tok_canon(const struct cli_node *n, const char *w, size_t len, char *out, size_t outlen)
{
	const char *sep;
	long long v;
	int k;

	switch (n->n_kind) {
	case TOK_IPV4:
		return canon_ipv4(w, len, out, outlen) < (int)outlen;
	case TOK_PREFIX:
		sep = memchr(w, '/', len);
		k = canon_ipv4(w, (size_t)(sep - w), out, outlen);
		return word_is_number(sep + 1, len - (size_t)(sep - w) - 1, &v) &&
		       put_number(out + k, outlen - (size_t)k, '/', v) < (int)(outlen - (size_t)k);
	case TOK_ASNN:
		sep = memchr(w, ':', len);
		if (word_is_ipv4(w, (size_t)(sep - w)))
			k = canon_ipv4(w, (size_t)(sep - w), out, outlen);
		else if (word_is_number(w, (size_t)(sep - w), &v))
			k = put_number(out, outlen, '\0', v);
		else
			return false;
		return word_is_number(sep + 1, len - (size_t)(sep - w) - 1, &v) &&
		       put_number(out + k, outlen - (size_t)k, ':', v) < (int)(outlen - (size_t)k);
	case TOK_RANGE:
		return word_is_number(w, len, &v) && put_number(out, outlen, '\0', v) < (int)outlen;
	default:
		return false;
	}
}
