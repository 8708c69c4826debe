/* Named sequence lists: the store and the first-match search (see seqlist.h). */
#include <stdlib.h>
#include <string.h>

#include "acl/seqlist.h"
#include "core/session.h"

static void list_free(void *data)
{
	struct seq_list *sl = data;

	for (struct seq_node *sn = sl->sl_head, *n; sn; sn = n) {
		n = sn->sn_next;
		free(sn);
	}
	free(sl->sl_description);
	free(sl->sl_name);
	free(sl);
}

void *seq_lists_new(struct config *cfg)
{
	(void)cfg;
	return omap_new(false);
}

void seq_lists_free(void *data)
{
	omap_free(data, list_free);
}

struct seq_list *seq_list_find(const struct config *cfg, const struct cfg_module *m, const char *name)
{
	return omap_get(cfg_mod(cfg, m), name);
}

struct seq_list *seq_list_get(struct config *cfg, const struct cfg_module *m, const char *name)
{
	struct seq_list *sl = seq_list_find(cfg, m, name);

	if (sl)
		return sl;
	if (!(sl = calloc(1, sizeof(*sl))) || !(sl->sl_name = strdup(name)) ||
	    omap_put(cfg_mod(cfg, m), name, sl) < 0) {
		if (sl)
			free(sl->sl_name);
		free(sl);
		return NULL;
	}
	return sl;
}

void seq_list_delete(struct config *cfg, const struct cfg_module *m, struct seq_list *sl)
{
	omap_del(cfg_mod(cfg, m), sl->sl_name);
	session_forget(sl, sizeof(*sl)); /* a named access list is the object of its mode */
	list_free(sl);
}

struct seq_node *seq_node_find(const struct seq_list *sl, uint32_t seq)
{
	for (struct seq_node *sn = sl->sl_head; sn; sn = sn->sn_next)
		if (sn->sn_seq == seq)
			return sn;
	return NULL;
}

uint32_t seq_next(const struct seq_list *sl, uint32_t step, uint32_t max)
{
	uint32_t last = 0;

	for (const struct seq_node *sn = sl->sl_head; sn; sn = sn->sn_next)
		last = sn->sn_seq;
	return last > max - step ? 0 : last + step;
}

void seq_node_insert(struct seq_list *sl, struct seq_node *sn)
{
	struct seq_node **pp = &sl->sl_head;

	while (*pp && (*pp)->sn_seq < sn->sn_seq)
		pp = &(*pp)->sn_next;
	if (*pp && (*pp)->sn_seq == sn->sn_seq) {
		struct seq_node *old = *pp;
		sn->sn_next = old->sn_next;
		free(old);
	} else {
		sn->sn_next = *pp;
	}
	*pp = sn;
}

void seq_node_delete(struct seq_list *sl, struct seq_node *sn)
{
	struct seq_node **pp = &sl->sl_head;

	while (*pp && *pp != sn)
		pp = &(*pp)->sn_next;
	if (!*pp)
		return;
	*pp = sn->sn_next;
	free(sn);
}

bool seq_list_permits(const struct seq_list *sl, seq_match_fn *match, uint32_t prefix, uint8_t plen)
{
	for (struct seq_node *sn = sl->sl_head; sn; sn = sn->sn_next)
		if (match(sn, prefix, plen)) {
			sn->sn_hits++;
			return sn->sn_permit;
		}
	return false;
}

void seq_lists_clear_hits(const struct config *cfg, const struct cfg_module *m, const char *name)
{
	for (struct omap_iter it = omap_begin(cfg_mod(cfg, m)); omap_next(&it);) {
		struct seq_list *sl = it.oi_val;
		if (name && strcmp(name, sl->sl_name) != 0)
			continue;
		for (struct seq_node *sn = sl->sl_head; sn; sn = sn->sn_next)
			sn->sn_hits = 0;
	}
}
