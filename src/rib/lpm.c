/* Longest-prefix match with one hash table per prefix length. */
#include "rib/lpm.h"

uint32_t lpm_mask(uint8_t plen)
{
	return plen ? 0xffffffffu << (32 - plen) : 0;
}

void lpm_clear(struct lpm *t)
{
	for (unsigned l = 0; l <= 32; l++)
		keymap_clear(&t->lp_len[l]);
	t->lp_used = 0;
	t->lp_count = 0;
}

struct lpm_node *lpm_exact(const struct lpm *t, uint32_t addr, uint8_t plen)
{
	if (plen > 32 || !(t->lp_used & (UINT64_C(1) << plen)))
		return NULL;
	return keymap_get(&t->lp_len[plen], addr & lpm_mask(plen));
}

struct lpm_node *lpm_longest(const struct lpm *t, uint32_t addr, uint8_t maxplen)
{
	uint64_t used = t->lp_used & ((UINT64_C(2) << (maxplen > 32 ? 32 : maxplen)) - 1);

	while (used) {
		unsigned plen = 63 - (unsigned)__builtin_clzll(used);
		struct lpm_node *n = keymap_get(&t->lp_len[plen], addr & lpm_mask((uint8_t)plen));
		if (n)
			return n;
		used &= ~(UINT64_C(1) << plen);
	}
	return NULL;
}

int lpm_insert(struct lpm *t, struct lpm_node *n)
{
	if (keymap_put(&t->lp_len[n->ln_plen], n->ln_addr, n) < 0)
		return -1;
	t->lp_used |= UINT64_C(1) << n->ln_plen;
	t->lp_count++;
	return 0;
}

void lpm_remove(struct lpm *t, struct lpm_node *n)
{
	struct keymap *m = &t->lp_len[n->ln_plen];

	if (keymap_get(m, n->ln_addr) != n)
		return;
	keymap_del(m, n->ln_addr);
	t->lp_count--;
	if (m->km_count == 0) {
		keymap_clear(m);
		t->lp_used &= ~(UINT64_C(1) << n->ln_plen);
	}
}

struct lpm_node *lpm_next(const struct lpm *t, struct lpm_iter *it)
{
	for (; it->li_len <= 32; it->li_len++, it->li_pos = 0) {
		const struct keymap_slot *s = keymap_next(&t->lp_len[it->li_len], &it->li_pos);
		if (s)
			return s->ks_val;
	}
	return NULL;
}
