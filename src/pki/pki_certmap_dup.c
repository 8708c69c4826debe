/* Copies of certificate maps: an IKE SA keeps the map it checks the peer with across reloads. */
#include <stdlib.h>
#include <string.h>

#include "pki/pki_int.h"

static struct pki_cm_rule *rule_dup(const struct pki_cm_rule *r)
{
	struct pki_cm_rule *c = calloc(1, sizeof(*c));

	if (c && !(c->cr_value = strdup(r->cr_value))) {
		free(c);
		return NULL;
	}
	if (c) {
		c->cr_field = r->cr_field;
		c->cr_op = r->cr_op;
	}
	return c;
}

static struct pki_certmap_entry *entry_dup(const struct pki_certmap_entry *ce)
{
	struct pki_certmap_entry *c = calloc(1, sizeof(*c));
	struct pki_cm_rule **tail = c ? &c->ce_rules : NULL;

	if (!c)
		return NULL;
	c->ce_seq = ce->ce_seq;
	for (const struct pki_cm_rule *r = ce->ce_rules; r; r = r->cr_next, tail = &(*tail)->cr_next)
		if (!(*tail = rule_dup(r))) {
			pki_cm_entry_free(c);
			return NULL;
		}
	return c;
}

struct pki_certmap *pki_certmap_dup(const struct pki_certmap *m)
{
	struct pki_certmap *c = calloc(1, sizeof(*c));
	struct pki_certmap_entry **tail = c ? &c->cm_entries : NULL;

	if (!c || !(c->cm_name = strdup(m->cm_name))) {
		free(c);
		return NULL;
	}
	for (const struct pki_certmap_entry *ce = m->cm_entries; ce; ce = ce->ce_next, tail = &(*tail)->ce_next)
		if (!(*tail = entry_dup(ce))) {
			pki_certmap_free(c);
			return NULL;
		}
	return c;
}

void pki_certmap_release(struct pki_certmap *m)
{
	if (m)
		pki_certmap_free(m);
}
