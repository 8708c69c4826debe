/* The PKI module of the configuration model, and certificate map matching. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/session.h"
#include "pki/pki_int.h"

static void *pki_new(struct config *cfg)
{
	struct pki_cfg *pk = calloc(1, sizeof(*pk));

	if (!pk)
		return NULL;
	pk->pk_token_timeout = -1;
	return pk;
}

static void pki_free(void *data)
{
	struct pki_cfg *pk = data;

	nametab_fini(&pk->pk_trustpoints, pki_trustpoint_free);
	nametab_fini(&pk->pk_certmaps, pki_certmap_free);
	free(pk);
}

struct cfg_module pki_module = {.cm_name = "pki", .cm_new = pki_new, .cm_free = pki_free};

struct pki_cfg *pki_cfg(const struct config *cfg)
{
	return cfg_mod(cfg, &pki_module);
}

void pki_cert_free(struct pki_cert *pc)
{
	session_forget(pc, sizeof(*pc)); /* sessions in its mode leave it */
	free(pc->pc_serial);
	free(pc->pc_der);
	free(pc);
}

void pki_certs_clear(struct pki_trustpoint *tp)
{
	while (tp->tp_certs) {
		struct pki_cert *next = tp->tp_certs->pc_next;
		pki_cert_free(tp->tp_certs);
		tp->tp_certs = next;
	}
}

void pki_trustpoint_free(void *obj)
{
	struct pki_trustpoint *tp = obj;

	session_forget(tp, sizeof(*tp)); /* sessions in its mode leave it */
	pki_certs_clear(tp);
	free(tp->tp_name);
	free(tp->tp_enroll_url);
	free(tp->tp_password);
	free(tp->tp_subject);
	free(tp->tp_rsa_label);
	free(tp);
}

void pki_cm_entry_free(struct pki_certmap_entry *ce)
{
	session_forget(ce, sizeof(*ce)); /* sessions in its mode leave it */
	while (ce->ce_rules) {
		struct pki_cm_rule *next = ce->ce_rules->cr_next;
		free(ce->ce_rules->cr_value);
		free(ce->ce_rules);
		ce->ce_rules = next;
	}
	free(ce);
}

void pki_certmap_free(void *obj)
{
	struct pki_certmap *cm = obj;

	while (cm->cm_entries) {
		struct pki_certmap_entry *next = cm->cm_entries->ce_next;
		pki_cm_entry_free(cm->cm_entries);
		cm->cm_entries = next;
	}
	free(cm->cm_name);
	free(cm);
}

struct pki_trustpoint *pki_trustpoint_lookup(const struct config *cfg, const char *name)
{
	return nametab_get(&pki_cfg(cfg)->pk_trustpoints, name);
}

struct pki_certmap *pki_certmap_lookup(const struct config *cfg, const char *label)
{
	return nametab_get(&pki_cfg(cfg)->pk_certmaps, label);
}

int pki_token_removal_timeout(const struct config *cfg)
{
	return pki_cfg(cfg)->pk_token_timeout;
}

/*
 * A name in the form map values and certificates are compared in: lower
 * case, blanks around '=' and ',' dropped and runs of blanks made one
 * ("ou = flex" and "OU=FLEX" meet).
 */
static char *name_fold(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			const char *next = s + strspn(s, " \t\r\n\v\f");
			bool drop = o == out || strchr("=, ", o[-1]) || !*next || *next == '=' || *next == ',';
			if (!drop)
				*o++ = ' ';
			continue;
		}
		*o++ = (char)tolower((unsigned char)*s);
	}
	*o = '\0';
	return out;
}

/* The positive test (eq: equal, co: contains) on one value, or on each of its DN components. */
static bool value_hit(const char *have, const char *want, bool contains, bool per_component)
{
	char *h = have ? name_fold(have) : NULL, *save = NULL;
	bool hit = false;

	if (!h)
		return false;
	for (char *v = per_component ? strtok_r(h, ",", &save) : h; v && !hit;
	     v = per_component ? strtok_r(NULL, ",", &save) : NULL)
		hit = contains ? strstr(v, want) != NULL : strcmp(v, want) == 0;
	free(h);
	return hit;
}

static bool field_hit(const struct pki_cert_names *cert, enum pki_cm_field f, const char *want, bool contains)
{
	switch (f) {
	case PKI_CM_SUBJECT:
		return value_hit(cert->cn_subject, want, contains, false);
	case PKI_CM_ISSUER:
		return value_hit(cert->cn_issuer, want, contains, false);
	case PKI_CM_UNSTRUCTURED:
		return value_hit(cert->cn_unstructured, want, contains, false);
	case PKI_CM_NAME: /* any single component of the subject name */
		return value_hit(cert->cn_subject, want, contains, true);
	case PKI_CM_ALT_SUBJECT:
		for (size_t i = 0; cert->cn_alt && cert->cn_alt[i]; i++)
			if (value_hit(cert->cn_alt[i], want, contains, false))
				return true;
		return false;
	case PKI_CM_FIELDS:
		break;
	}
	return false;
}

bool pki_cm_rule_match(const struct pki_cm_rule *r, const struct pki_cert_names *cert)
{
	char *want = name_fold(r->cr_value);
	bool contains = r->cr_op == PKI_CM_CO || r->cr_op == PKI_CM_NC;
	bool negated = r->cr_op == PKI_CM_NE || r->cr_op == PKI_CM_NC;
	bool hit;

	if (!want)
		return false; /* out of memory: match nothing rather than everything */
	hit = field_hit(cert, r->cr_field, want, contains);
	free(want);
	return negated ? !hit : hit;
}

unsigned pki_certmap_match(const struct pki_certmap *m, const struct pki_cert_names *cert)
{
	for (const struct pki_certmap_entry *ce = m->cm_entries; ce; ce = ce->ce_next) {
		const struct pki_cm_rule *r = ce->ce_rules;
		while (r && pki_cm_rule_match(r, cert))
			r = r->cr_next;
		if (!r)
			return ce->ce_seq;
	}
	return 0;
}
