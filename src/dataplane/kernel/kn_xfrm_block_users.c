/*
 * Which protected links use which BLOCK pair (kn_xfrm_block.h). Counted by
 * link name, not by operation: an apply that failed is planned again, so a
 * link add or delete may come twice, and must count once.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/omap.h"
#include "dataplane/kernel/kn_xfrm_block.h"

struct kn_block_pair {
	struct in_addr bp_local, bp_remote;
	unsigned bp_users;
	char bp_key[20]; /* "%08x>%08x" */
};

int kn_block_users_init(struct kn_block_users *u)
{
	u->bu_links = omap_new(false);
	u->bu_pairs = omap_new(false);
	if (u->bu_links && u->bu_pairs)
		return 0;
	kn_block_users_fini(u);
	return -ENOMEM;
}

void kn_block_users_fini(struct kn_block_users *u)
{
	omap_free(u->bu_links, NULL);
	omap_free(u->bu_pairs, free);
	u->bu_links = u->bu_pairs = NULL;
}

bool kn_block_uses(const struct kn_block_users *u, const char *link)
{
	return omap_get(u->bu_links, link) != NULL;
}

static bool same_ends(const struct kn_block_pair *p, const struct dp_link *l)
{
	return p->bp_local.s_addr == l->dl_local.s_addr && p->bp_remote.s_addr == l->dl_remote.s_addr;
}

/* The link's pair, made (with no user yet) if it has none; NULL if out of memory. */
static struct kn_block_pair *pair_of(struct kn_block_users *u, const struct dp_link *l)
{
	struct kn_block_pair *p;
	char key[sizeof(p->bp_key)];

	snprintf(key, sizeof(key), "%08x>%08x", l->dl_local.s_addr, l->dl_remote.s_addr);
	if ((p = omap_get(u->bu_pairs, key)))
		return p;
	if (!(p = calloc(1, sizeof(*p))))
		return NULL;
	memcpy(p->bp_key, key, sizeof(key));
	p->bp_local = l->dl_local;
	p->bp_remote = l->dl_remote;
	if (omap_put(u->bu_pairs, p->bp_key, p) == 0)
		return p;
	free(p);
	return NULL;
}

/* The link no longer uses pair p: its deletes into out when it was the last user. */
static unsigned release(struct kn_block_users *u, const char *link, struct kn_block_pair *p, struct dp_op *out)
{
	unsigned n;

	omap_del(u->bu_links, link);
	if (--p->bp_users > 0)
		return 0;
	n = kn_block_pair_ops(false, p->bp_local, p->bp_remote, out);
	omap_del(u->bu_pairs, p->bp_key);
	free(p);
	return n;
}

/* The link uses its pair from now on: the pair's adds into out. */
static int take(struct kn_block_users *u, const struct dp_link *l, struct dp_op *out)
{
	struct kn_block_pair *p = pair_of(u, l);

	if (!p)
		return -ENOMEM;
	if (omap_put(u->bu_links, l->dl_name, p) < 0) {
		if (p->bp_users == 0)
			free(omap_del(u->bu_pairs, p->bp_key));
		return -ENOMEM;
	}
	p->bp_users++;
	return (int)kn_block_pair_ops(true, p->bp_local, p->bp_remote, out);
}

int kn_block_ops(struct kn_block_users *u, const struct dp_op *op, struct dp_op out[KN_BLOCK_OPS_MAX])
{
	const struct dp_link *l = &op->op_link;
	bool add = op->op_type == DP_LINK_ADD, needed = add && kn_block_needed(l);
	struct kn_block_pair *had;
	unsigned n = 0;
	int rc;

	if (!add && op->op_type != DP_LINK_DEL)
		return 0;
	had = omap_get(u->bu_links, l->dl_name);
	if (had && needed && same_ends(had, l))
		return (int)kn_block_pair_ops(true, had->bp_local, had->bp_remote, out);
	if (had)
		n = release(u, l->dl_name, had, out);
	if (!needed)
		return (int)n;
	rc = take(u, l, out + n);
	return rc < 0 ? rc : (int)n + rc;
}
