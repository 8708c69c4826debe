/* The builder's keyed tables: routes by table and prefix, labels, and SAs (which workers share). */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/esp_sa.h"
#include "dataplane/userspace/us_build_int.h"

static bool us_same_table(const void *a, const void *b)
{
	return ((const struct us_build_table *)a)->bt_table == ((const struct us_build_table *)b)->bt_table;
}

struct keymap *us_build_routes(struct us_build *b, uint32_t table, bool create)
{
	struct us_build_table key = {.bt_table = table}, *t = us_vec_find(&b->b_tables, &key, us_same_table);

	if (!t && create)
		t = us_vec_put(&b->b_tables, &key, us_same_table);
	return t ? &t->bt_routes : NULL;
}

/* Puts (del false) or removes a malloc'd copy of len bytes at key; "no such" when removing what is absent. */
static int us_keyed_put(struct keymap *m, uint64_t key, const void *item, size_t len, bool del, char *err,
			size_t errlen)
{
	void *copy;

	if (del) {
		copy = m ? keymap_del(m, key) : NULL;
		free(copy);
		return copy ? 0 : us_build_fail(err, errlen, "no such entry");
	}
	copy = m ? malloc(len) : NULL;
	if (!copy)
		return us_build_fail(err, errlen, "out of memory");
	memcpy(copy, item, len);
	free(keymap_get(m, key));
	if (keymap_put(m, key, copy) < 0) {
		keymap_del(m, key);
		free(copy);
		return us_build_fail(err, errlen, "out of memory");
	}
	return 0;
}

int us_build_route(struct us_build *b, const struct dp_route *r, bool del, char *err, size_t errlen)
{
	uint64_t key = (uint64_t)ntohl(r->dr_dst.s_addr) << 8 | r->dr_plen;

	if (r->dr_plen > 32 || r->dr_nnh > DP_MAX_NEXTHOPS)
		return us_build_fail(err, errlen, "bad route");
	return us_keyed_put(us_build_routes(b, r->dr_table, !del), key, r, sizeof(*r), del, err, errlen);
}

int us_build_label(struct us_build *b, const struct dp_label *l, bool del, char *err, size_t errlen)
{
	if (l->dlb_in > 0xfffff || l->dlb_nh.dn_nlabels > DP_MAX_LABELS)
		return us_build_fail(err, errlen, "bad label entry");
	return us_keyed_put(&b->b_labels, l->dlb_in, l, sizeof(*l), del, err, errlen);
}

static bool us_same_sa(const void *a, const void *b)
{
	const struct dp_sa *x = &((const struct us_build_sa *)a)->bs_cfg, *y = &((const struct us_build_sa *)b)->bs_cfg;

	return x->dsa_spi == y->dsa_spi && x->dsa_dst.s_addr == y->dsa_dst.s_addr;
}

/* A worker's SA from the control plane's description; NULL with err when the keys do not fit. */
static struct esp_sa *us_esp_sa_new(const struct dp_sa *d, char *err, size_t errlen)
{
	struct esp_sa *sa = calloc(1, sizeof(*sa));

	if (!sa || (unsigned)d->dsa_alg >= DP_SA_ALG_COUNT || d->dsa_keylen > DP_KEY_MAX ||
	    d->dsa_auth_keylen > DP_AUTH_KEY_MAX) {
		free(sa);
		us_build_fail(err, errlen, "SA %08x: bad algorithm or keys", d->dsa_spi);
		return NULL;
	}
	*sa = (struct esp_sa){.sa_spi = d->dsa_spi,
			      .sa_alg = d->dsa_alg,
			      .sa_mode = d->dsa_mode == DP_SA_TUNNEL ? ESP_MODE_TUNNEL : ESP_MODE_TRANSPORT,
			      .sa_keylen = d->dsa_keylen,
			      .sa_auth_keylen = d->dsa_auth_keylen,
			      .sa_src = d->dsa_src,
			      .sa_dst = d->dsa_dst,
			      .sa_encap_sport = d->dsa_encap_sport,
			      .sa_encap_dport = d->dsa_encap_dport};
	memcpy(sa->sa_key, d->dsa_key, d->dsa_keylen);
	memcpy(sa->sa_auth_key, d->dsa_auth_key, d->dsa_auth_keylen);
	if (esp_sa_init(sa) < 0) {
		free(sa);
		us_build_fail(err, errlen, "SA %08x: key lengths do not match the algorithm", d->dsa_spi);
		return NULL;
	}
	return sa;
}

/* Everything the control plane sets, compared field by field: dp_sa has padding. */
static bool us_same_sa_cfg(const struct dp_sa *x, const struct dp_sa *y)
{
	return x->dsa_spi == y->dsa_spi && x->dsa_src.s_addr == y->dsa_src.s_addr &&
	       x->dsa_dst.s_addr == y->dsa_dst.s_addr && x->dsa_mode == y->dsa_mode && x->dsa_alg == y->dsa_alg &&
	       x->dsa_keylen == y->dsa_keylen && !memcmp(x->dsa_key, y->dsa_key, x->dsa_keylen) &&
	       x->dsa_auth_keylen == y->dsa_auth_keylen &&
	       !memcmp(x->dsa_auth_key, y->dsa_auth_key, x->dsa_auth_keylen) &&
	       x->dsa_encap_sport == y->dsa_encap_sport && x->dsa_encap_dport == y->dsa_encap_dport &&
	       x->dsa_reqid == y->dsa_reqid && x->dsa_replay_window == y->dsa_replay_window;
}

int us_build_sa(struct us_build *b, const struct dp_sa *d, bool del, char *err, size_t errlen)
{
	struct us_build_sa item = {.bs_cfg = *d}, *old = us_vec_find(&b->b_sas, &item, us_same_sa);

	if (del && !old)
		return us_build_fail(err, errlen, "no such SA %08x", d->dsa_spi);
	/* The same SA again keeps its sequence number, replay window and counters: a new one would reset them. */
	if (!del && old && us_same_sa_cfg(&old->bs_cfg, d))
		return 0;
	if (!del && !(item.bs_sa = us_esp_sa_new(d, err, errlen)))
		return -1;
	/* Workers may hold the old SA until the grace period ends: retire it, never free it here. */
	if (old && !us_vec_put(&b->b_retired, &old->bs_sa, NULL)) {
		free(item.bs_sa);
		return us_build_fail(err, errlen, "out of memory");
	}
	if (del) {
		us_vec_remove(&b->b_sas, (size_t)(old - (struct us_build_sa *)b->b_sas.v_items));
		return 0;
	}
	if (!us_vec_put(&b->b_sas, &item, us_same_sa)) {
		free(item.bs_sa);
		return us_build_fail(err, errlen, "out of memory");
	}
	return 0;
}
