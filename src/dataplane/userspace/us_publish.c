/* Compiling neighbours and SAs, assembling a snapshot, publishing it; the builder's release. */
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/us_build_int.h"

static int us_compile_neighs(struct us_snap *s, const struct us_build *b, char *err, size_t errlen)
{
	s->sn_nbmas = calloc(b->b_neighs.v_n ? b->b_neighs.v_n : 1, sizeof(*s->sn_nbmas));
	if (!s->sn_nbmas)
		return us_build_fail(err, errlen, "out of memory");
	for (size_t i = 0; i < b->b_neighs.v_n; i++) {
		const struct dp_neigh *n = us_vec_at(&b->b_neighs, i);
		size_t link = us_link_index(s, n->dnb_dev);

		if (link == US_NO_LINK)
			return us_build_fail(err, errlen, "neighbour on unknown link %s", n->dnb_dev);
		s->sn_nbmas[i] = n->dnb_nbma;
		if (keymap_put(&s->sn_neigh, (uint64_t)link << 32 | n->dnb_overlay.s_addr, &s->sn_nbmas[i]) < 0)
			return us_build_fail(err, errlen, "out of memory");
	}
	return 0;
}

/* True when addr is one of this router's: a tunnel source or an interface address. */
static bool us_is_local(const struct us_snap *s, const struct us_build *b, struct in_addr addr)
{
	for (size_t i = 0; i < s->sn_nlinks; i++)
		if (s->sn_links[i].lk_cfg.dl_local.s_addr == addr.s_addr)
			return true;
	for (size_t i = 0; i < b->b_addrs.v_n; i++)
		if (((const struct dp_addr *)us_vec_at(&b->b_addrs, i))->da_addr.s_addr == addr.s_addr)
			return true;
	return false;
}

/* The outbound SA a policy's template names: same reqid, and its destination the far end. */
static struct esp_sa *us_policy_sa(const struct us_build *b, const struct dp_policy *p)
{
	struct in_addr far = p->dpo_mode == DP_SA_TUNNEL ? p->dpo_tun_dst : p->dpo_dst;

	for (size_t i = 0; i < b->b_sas.v_n; i++) {
		const struct us_build_sa *bs = us_vec_at(&b->b_sas, i);

		if (bs->bs_cfg.dsa_reqid == p->dpo_reqid && bs->bs_cfg.dsa_dst.s_addr == far.s_addr && !bs->bs_inbound)
			return bs->bs_sa;
	}
	return NULL;
}

/* Each SA's direction is decided here, once per snapshot: the counters report it (us_counters.c). */
static int us_compile_sas(struct us_snap *s, struct us_build *b, char *err, size_t errlen)
{
	for (size_t i = 0; i < b->b_sas.v_n; i++) {
		struct us_build_sa *bs = us_vec_at(&b->b_sas, i);

		bs->bs_inbound = us_is_local(s, b, bs->bs_cfg.dsa_dst);
		if (bs->bs_inbound && keymap_put(&s->sn_sa_in, bs->bs_cfg.dsa_spi, bs->bs_sa) < 0)
			return us_build_fail(err, errlen, "out of memory");
	}
	for (size_t i = 0; i < b->b_policies.v_n; i++) {
		const struct dp_policy *p = us_vec_at(&b->b_policies, i);
		uint64_t key = us_pair_key(p->dpo_src, p->dpo_dst);
		struct esp_sa *sa = p->dpo_dir == DP_POLICY_OUT ? us_policy_sa(b, p) : NULL;

		/* A policy without its SA yet still forbids clear traffic (sn_protect). */
		if ((sa && keymap_put(&s->sn_sa_out, key, sa) < 0) || keymap_put(&s->sn_protect, key, s) < 0)
			return us_build_fail(err, errlen, "out of memory");
	}
	return 0;
}

struct us_snap *us_build_snapshot(struct us_build *b, char *err, size_t errlen)
{
	struct us_snap *s = calloc(1, sizeof(*s));

	if (!s || us_compile_vrfs(s, b) < 0) {
		us_build_fail(err, errlen, "out of memory");
		if (s)
			us_snap_free(&s->sn_head);
		return NULL;
	}
	if (us_compile_links(s, b, err, errlen) < 0 || us_compile_routes(s, b, err, errlen) < 0 ||
	    us_compile_labels(s, b, err, errlen) < 0 || us_compile_neighs(s, b, err, errlen) < 0 ||
	    us_compile_sas(s, b, err, errlen) < 0) {
		us_snap_free(&s->sn_head);
		return NULL;
	}
	s->sn_version = ++b->b_version;
	return s;
}

int us_build_publish(struct us_build *b, struct us_rcu *r, char *err, size_t errlen)
{
	struct us_snap *next = us_build_snapshot(b, err, errlen);
	struct us_snap *cur = (struct us_snap *)atomic_load(&r->ur_current);

	if (!next)
		return -1;
	if (cur) {
		/* Only the writer touches sn_retired: workers never read it. */
		cur->sn_retired = b->b_retired.v_items;
		cur->sn_nretired = b->b_retired.v_n;
		b->b_retired = (struct us_vec)US_VEC_INIT(struct esp_sa *);
	}
	us_build_free_retired(b);
	us_rcu_publish(r, &next->sn_head);
	us_rcu_reclaim(r);
	return 0;
}

void us_build_free_retired(struct us_build *b)
{
	for (size_t i = 0; i < b->b_retired.v_n; i++)
		free(*(struct esp_sa **)us_vec_at(&b->b_retired, i));
	us_vec_free(&b->b_retired);
}

void us_build_free(struct us_build *b)
{
	const struct keymap_slot *slot;

	for (size_t i = 0; i < b->b_tables.v_n; i++) {
		struct keymap *m = &((struct us_build_table *)us_vec_at(&b->b_tables, i))->bt_routes;

		for (size_t pos = 0; (slot = keymap_next(m, &pos));)
			free(slot->ks_val);
		keymap_clear(m);
	}
	for (size_t pos = 0; (slot = keymap_next(&b->b_labels, &pos));)
		free(slot->ks_val);
	keymap_clear(&b->b_labels);
	for (size_t i = 0; i < b->b_sas.v_n; i++)
		free(((struct us_build_sa *)us_vec_at(&b->b_sas, i))->bs_sa);
	us_build_free_retired(b);
	us_vec_free(&b->b_vrfs);
	us_vec_free(&b->b_links);
	us_vec_free(&b->b_addrs);
	us_vec_free(&b->b_neighs);
	us_vec_free(&b->b_policies);
	us_vec_free(&b->b_sas);
	us_vec_free(&b->b_tables);
	us_stats_free(&b->b_stats);
}
