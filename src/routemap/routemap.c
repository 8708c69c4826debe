/* The route-map module of the configuration model, and route-map evaluation. */
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "core/omap.h"
#include "core/session.h"
#include "routemap/routemap_int.h"

void rmap_tags_clear(struct rmap_entry *re)
{
	free(re->re_tags);
	re->re_tags = NULL;
	re->re_ntags = 0;
}

void rmap_names_clear(struct rmap_names *rn)
{
	for (size_t i = 0; i < rn->rn_n; i++)
		free(rn->rn_v[i]);
	free(rn->rn_v);
	rn->rn_v = NULL;
	rn->rn_n = 0;
}

static void entry_free(struct rmap_entry *re)
{
	rmap_tags_clear(re);
	rmap_names_clear(&re->re_acls);
	rmap_names_clear(&re->re_plists);
	free(re->re_description);
	free(re->re_set_rt.rt_v);
	free(re);
}

static void map_free(void *data)
{
	struct routemap *rm = data;

	for (struct rmap_entry *re = rm->rm_entries, *n; re; re = n) {
		n = re->re_next;
		entry_free(re);
	}
	free(rm->rm_name);
	free(rm);
}

/* The module's data is the route-maps by name (case-sensitive on IOS). */
static void *routemap_cfg_new(struct config *cfg)
{
	return omap_new(false);
}

static void routemap_cfg_free(void *data)
{
	omap_free(data, map_free);
}

struct cfg_module routemap_module = {.cm_name = "route-map", .cm_new = routemap_cfg_new, .cm_free = routemap_cfg_free};

static struct omap *routemaps(const struct config *cfg)
{
	return cfg_mod(cfg, &routemap_module);
}

const struct omap *routemap_all(const struct config *cfg)
{
	return routemaps(cfg);
}

struct routemap *routemap_find(const struct config *cfg, const char *name)
{
	return omap_get(routemaps(cfg), name);
}

const struct routemap *routemap_lookup(const struct config *cfg, const char *name)
{
	return routemap_find(cfg, name);
}

struct routemap *routemap_get(struct config *cfg, const char *name)
{
	struct routemap *rm = routemap_find(cfg, name);

	if (rm)
		return rm;
	if (!(rm = calloc(1, sizeof(*rm))) || !(rm->rm_name = strdup(name)) || omap_put(routemaps(cfg), name, rm) < 0) {
		if (rm)
			free(rm->rm_name);
		free(rm);
		return NULL;
	}
	return rm;
}

void routemap_delete(struct config *cfg, struct routemap *rm)
{
	omap_del(routemaps(cfg), rm->rm_name);
	/* each entry is the object of a route-map mode: sessions there leave it */
	for (const struct rmap_entry *re = rm->rm_entries; re; re = re->re_next)
		session_forget(re, sizeof(*re));
	map_free(rm);
}

struct rmap_entry *rmap_entry_find(const struct routemap *rm, uint16_t seq)
{
	for (struct rmap_entry *re = rm->rm_entries; re; re = re->re_next)
		if (re->re_seq == seq)
			return re;
	return NULL;
}

struct rmap_entry *rmap_entry_new(struct routemap *rm, uint16_t seq, bool permit)
{
	struct rmap_entry **pp = &rm->rm_entries, *re = calloc(1, sizeof(*re));

	if (!re)
		return NULL;
	re->re_seq = seq;
	re->re_permit = permit;
	while (*pp && (*pp)->re_seq < seq)
		pp = &(*pp)->re_next;
	re->re_next = *pp;
	*pp = re;
	return re;
}

void rmap_entry_delete(struct routemap *rm, struct rmap_entry *re)
{
	struct rmap_entry **pp = &rm->rm_entries;

	while (*pp != re)
		pp = &(*pp)->re_next;
	*pp = re->re_next;
	session_forget(re, sizeof(*re));
	entry_free(re);
}

bool rmap_has_tag(const struct rmap_entry *re, uint32_t tag)
{
	for (size_t i = 0; i < re->re_ntags; i++)
		if (re->re_tags[i] == tag)
			return true;
	return false;
}

int rmap_tag_add(struct rmap_entry *re, uint32_t tag)
{
	uint32_t *v;

	if (rmap_has_tag(re, tag))
		return 0;
	if (!(v = realloc(re->re_tags, (re->re_ntags + 1) * sizeof(*v))))
		return -1;
	v[re->re_ntags++] = tag;
	re->re_tags = v;
	return 0;
}

void rmap_tag_del(struct rmap_entry *re, uint32_t tag)
{
	for (size_t i = 0; i < re->re_ntags; i++)
		if (re->re_tags[i] == tag) {
			memmove(&re->re_tags[i], &re->re_tags[i + 1], (re->re_ntags - i - 1) * sizeof(*re->re_tags));
			re->re_ntags--;
			return;
		}
}

static ssize_t name_index(const struct rmap_names *rn, const char *name)
{
	for (size_t i = 0; i < rn->rn_n; i++)
		if (strcmp(rn->rn_v[i], name) == 0)
			return (ssize_t)i;
	return -1;
}

int rmap_names_add(struct rmap_names *rn, const char *name)
{
	char **v, *copy;

	if (name_index(rn, name) >= 0)
		return 0;
	if (!(copy = strdup(name)))
		return -1;
	if (!(v = realloc(rn->rn_v, (rn->rn_n + 1) * sizeof(*v)))) {
		free(copy);
		return -1;
	}
	v[rn->rn_n++] = copy;
	rn->rn_v = v;
	return 0;
}

void rmap_names_del(struct rmap_names *rn, const char *name)
{
	ssize_t i = name_index(rn, name);

	if (i < 0)
		return;
	free(rn->rn_v[i]);
	memmove(&rn->rn_v[i], &rn->rn_v[i + 1], (rn->rn_n - (size_t)i - 1) * sizeof(*rn->rn_v));
	rn->rn_n--;
}
