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

void rmap_acls_clear(struct rmap_entry *re)
{
	for (size_t i = 0; i < re->re_nacls; i++)
		free(re->re_acls[i]);
	free(re->re_acls);
	re->re_acls = NULL;
	re->re_nacls = 0;
}

static void entry_free(struct rmap_entry *re)
{
	rmap_tags_clear(re);
	rmap_acls_clear(re);
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

static bool has_tag(const struct rmap_entry *re, uint32_t tag)
{
	for (size_t i = 0; i < re->re_ntags; i++)
		if (re->re_tags[i] == tag)
			return true;
	return false;
}

int rmap_tag_add(struct rmap_entry *re, uint32_t tag)
{
	uint32_t *v;

	if (has_tag(re, tag))
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

static ssize_t acl_index(const struct rmap_entry *re, const char *acl)
{
	for (size_t i = 0; i < re->re_nacls; i++)
		if (strcmp(re->re_acls[i], acl) == 0)
			return (ssize_t)i;
	return -1;
}

int rmap_acl_add(struct rmap_entry *re, const char *acl)
{
	char **v, *copy;

	if (acl_index(re, acl) >= 0)
		return 0;
	if (!(copy = strdup(acl)))
		return -1;
	if (!(v = realloc(re->re_acls, (re->re_nacls + 1) * sizeof(*v)))) {
		free(copy);
		return -1;
	}
	v[re->re_nacls++] = copy;
	re->re_acls = v;
	return 0;
}

void rmap_acl_del(struct rmap_entry *re, const char *acl)
{
	ssize_t i = acl_index(re, acl);

	if (i < 0)
		return;
	free(re->re_acls[i]);
	memmove(&re->re_acls[i], &re->re_acls[i + 1], (re->re_nacls - (size_t)i - 1) * sizeof(*re->re_acls));
	re->re_nacls--;
}

static bool entry_matches_tag(const struct rmap_entry *re, uint32_t tag)
{
	if (re->re_nacls)
		return false; /* access lists cannot be evaluated yet: match nothing rather than leak routes */
	return re->re_ntags == 0 || has_tag(re, tag);
}

const struct rmap_entry *routemap_match_tag(const struct routemap *rm, uint32_t tag)
{
	for (const struct rmap_entry *re = rm->rm_entries; re; re = re->re_next)
		if (entry_matches_tag(re, tag))
			return re;
	return NULL;
}

bool routemap_permits_tag(const struct config *cfg, const char *name, uint32_t tag)
{
	const struct routemap *rm = routemap_lookup(cfg, name);
	const struct rmap_entry *re = rm ? routemap_match_tag(rm, tag) : NULL;

	return re && re->re_permit;
}
