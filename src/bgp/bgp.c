/* The BGP module of the configuration model. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp.h"
#include "core/session.h"

int bgp_strset(char **dst, const char *val)
{
	char *copy = val ? strdup(val) : NULL;

	if (val && !copy)
		return -1;
	free(*dst);
	*dst = copy;
	return 0;
}

static void af_init(struct bgp_af *af, struct bgp_cfg *bgp, enum bgp_af_kind kind)
{
	af->af_kind = kind;
	af->af_bgp = bgp;
}

static void *bgp_new(struct config *cfg)
{
	struct bgp_cfg *bgp = calloc(1, sizeof(*bgp));

	if (!bgp)
		return NULL;
	bgp->bgp_nbrs = omap_new(false);
	bgp->bgp_vrf_afs = omap_new(false);
	if (!bgp->bgp_nbrs || !bgp->bgp_vrf_afs) {
		omap_free(bgp->bgp_nbrs, NULL);
		omap_free(bgp->bgp_vrf_afs, NULL);
		free(bgp);
		return NULL;
	}
	af_init(&bgp->bgp_af_ipv4, bgp, BGP_AF_IPV4);
	af_init(&bgp->bgp_af_vpnv4, bgp, BGP_AF_VPNV4);
	return bgp;
}

static void bgp_free(void *data)
{
	struct bgp_cfg *bgp = data;

	bgp_clear(bgp);
	omap_free(bgp->bgp_nbrs, NULL);
	omap_free(bgp->bgp_vrf_afs, NULL);
	free(bgp);
}

struct cfg_module bgp_module = {.cm_name = "bgp", .cm_new = bgp_new, .cm_free = bgp_free};

struct bgp_cfg *bgp_model(const struct config *cfg)
{
	return cfg_mod(cfg, &bgp_module);
}

const struct bgp_cfg *bgp_cfg_get(const struct config *cfg)
{
	const struct bgp_cfg *bgp = bgp_model(cfg);
	return bgp->bgp_asn ? bgp : NULL;
}

bool bgp_log_neighbor_changes(const struct bgp_cfg *bgp)
{
	return bgp->bgp_log_nbr_changes != BGP_OFF;
}

/* ---- neighbors and peer groups ---- */

struct bgp_nbr *bgp_nbr_lookup(const struct bgp_cfg *bgp, const char *name)
{
	return omap_get(bgp->bgp_nbrs, name);
}

uint32_t bgp_nbr_remote_as(const struct bgp_nbr *nb)
{
	if (nb->nb_remote_as || !nb->nb_group)
		return nb->nb_remote_as;
	return nb->nb_group->nb_remote_as;
}

struct bgp_nbr *bgp_nbr_create(struct bgp_cfg *bgp, const char *name, bool is_group)
{
	struct bgp_nbr *nb = calloc(1, sizeof(*nb));

	if (!nb || !(nb->nb_name = strdup(name)) || omap_put(bgp->bgp_nbrs, name, nb) < 0) {
		if (nb)
			free(nb->nb_name);
		free(nb);
		return NULL;
	}
	nb->nb_is_group = is_group;
	if (!is_group)
		inet_pton(AF_INET, name, &nb->nb_addr);
	return nb;
}

void bgp_nbr_af_clear(struct bgp_nbr_af *na)
{
	free(na->na_route_map_in);
	free(na->na_route_map_out);
	memset(na, 0, sizeof(*na));
}

static void nbr_free(struct bgp_nbr *nb)
{
	for (int i = 0; i < BGP_AFI_COUNT; i++)
		bgp_nbr_af_clear(&nb->nb_af[i]);
	free(nb->nb_name);
	free(nb->nb_description);
	free(nb->nb_password);
	free(nb->nb_update_source);
	free(nb);
}

void bgp_nbr_delete(struct bgp_cfg *bgp, struct bgp_nbr *nb)
{
	omap_del(bgp->bgp_nbrs, nb->nb_name);
	nbr_free(nb);
}

void bgp_group_delete(struct bgp_cfg *bgp, struct bgp_nbr *grp)
{
	for (struct omap_iter it = omap_begin(bgp->bgp_nbrs); omap_next(&it);) {
		struct bgp_nbr *nb = it.oi_val;
		if (nb->nb_group != grp)
			continue;
		if (nb->nb_remote_as)
			nb->nb_group = NULL;
		else
			bgp_nbr_delete(bgp, nb);
	}
	bgp_nbr_delete(bgp, grp);
}

static int by_address(const void *a, const void *b)
{
	uint32_t x = ntohl((*(struct bgp_nbr *const *)a)->nb_addr.s_addr);
	uint32_t y = ntohl((*(struct bgp_nbr *const *)b)->nb_addr.s_addr);
	return x < y ? -1 : x > y;
}

struct bgp_nbr **bgp_nbrs_sorted(const struct bgp_cfg *bgp, size_t *n)
{
	size_t count = omap_count(bgp->bgp_nbrs), groups = 0;
	struct bgp_nbr **v = malloc((count + 1) * sizeof(*v));

	*n = 0;
	if (!v)
		return NULL;
	for (int pass = 0; pass < 2; pass++) {
		for (struct omap_iter it = omap_begin(bgp->bgp_nbrs); omap_next(&it);)
			if (((struct bgp_nbr *)it.oi_val)->nb_is_group == (pass == 0))
				v[(*n)++] = it.oi_val;
		if (pass == 0)
			groups = *n;
	}
	qsort(v + groups, *n - groups, sizeof(*v), by_address);
	return v;
}

/* ---- listen ranges ---- */

static struct bgp_listen_range **range_slot(struct bgp_cfg *bgp, struct in_addr prefix, uint8_t plen)
{
	struct bgp_listen_range **pp = &bgp->bgp_ranges;

	while (*pp && !((*pp)->lr_prefix.s_addr == prefix.s_addr && (*pp)->lr_plen == plen))
		pp = &(*pp)->lr_next;
	return pp;
}

int bgp_range_set(struct bgp_cfg *bgp, struct in_addr prefix, uint8_t plen, const char *group)
{
	struct bgp_listen_range **pp = range_slot(bgp, prefix, plen);

	if (*pp)
		return bgp_strset(&(*pp)->lr_group, group);
	if (!(*pp = calloc(1, sizeof(**pp))))
		return -1;
	(*pp)->lr_prefix = prefix;
	(*pp)->lr_plen = plen;
	if (bgp_strset(&(*pp)->lr_group, group) == 0)
		return 0;
	free(*pp);
	*pp = NULL;
	return -1;
}

static void range_unlink(struct bgp_listen_range **pp)
{
	struct bgp_listen_range *lr = *pp;

	*pp = lr->lr_next;
	free(lr->lr_group);
	free(lr);
}

bool bgp_range_delete(struct bgp_cfg *bgp, struct in_addr prefix, uint8_t plen)
{
	struct bgp_listen_range **pp = range_slot(bgp, prefix, plen);

	if (!*pp)
		return false;
	range_unlink(pp);
	return true;
}

/* ---- address families ---- */

int bgp_af_index(const struct bgp_af *af)
{
	switch (af->af_kind) {
	case BGP_AF_IPV4:
		return BGP_AFI_IPV4;
	case BGP_AF_VPNV4:
		return BGP_AFI_VPNV4;
	case BGP_AF_VRF:
		break;
	}
	return -1;
}

struct bgp_af *bgp_vrf_af_lookup(const struct bgp_cfg *bgp, const char *vrf)
{
	return omap_get(bgp->bgp_vrf_afs, vrf);
}

struct bgp_af *bgp_vrf_af_get(struct bgp_cfg *bgp, const char *vrf)
{
	struct bgp_af *af = bgp_vrf_af_lookup(bgp, vrf);

	if (af)
		return af;
	if (!(af = calloc(1, sizeof(*af))) || !(af->af_vrf = strdup(vrf)) || omap_put(bgp->bgp_vrf_afs, vrf, af) < 0) {
		if (af)
			free(af->af_vrf);
		free(af);
		return NULL;
	}
	af_init(af, bgp, BGP_AF_VRF);
	return af;
}

static int by_vrf(const void *a, const void *b)
{
	return strcmp((*(struct bgp_af *const *)a)->af_vrf, (*(struct bgp_af *const *)b)->af_vrf);
}

struct bgp_af **bgp_vrf_afs_sorted(const struct bgp_cfg *bgp, size_t *n)
{
	struct bgp_af **v = malloc((omap_count(bgp->bgp_vrf_afs) + 1) * sizeof(*v));

	*n = 0;
	if (!v)
		return NULL;
	for (struct omap_iter it = omap_begin(bgp->bgp_vrf_afs); omap_next(&it);)
		v[(*n)++] = it.oi_val;
	qsort(v, *n, sizeof(*v), by_vrf);
	return v;
}

static void network_free(struct bgp_network *bn)
{
	free(bn->bn_route_map);
	free(bn);
}

static void af_clear(struct bgp_af *af)
{
	int idx = bgp_af_index(af);

	for (int i = 0; i < BGP_REDIST_COUNT; i++)
		free(af->af_redist[i].rd_route_map);
	memset(af->af_redist, 0, sizeof(af->af_redist));
	for (struct bgp_network *bn = af->af_networks, *next; bn; bn = next) {
		next = bn->bn_next;
		network_free(bn);
	}
	af->af_networks = NULL;
	af->af_maximum_paths = 0;
	af->af_default_originate = false;
	af->af_entered = false;
	for (struct omap_iter it = omap_begin(af->af_bgp->bgp_nbrs); idx >= 0 && omap_next(&it);)
		bgp_nbr_af_clear(&((struct bgp_nbr *)it.oi_val)->nb_af[idx]);
}

void bgp_af_remove(struct bgp_af *af)
{
	if (af->af_kind != BGP_AF_VRF) {
		af_clear(af); /* part of the instance */
		return;
	}
	omap_del(af->af_bgp->bgp_vrf_afs, af->af_vrf);
	session_forget(af, sizeof(*af));
	af_clear(af);
	free(af->af_vrf);
	free(af);
}

/* Where a network belongs in the sorted list (its own slot if present). */
static struct bgp_network **network_slot(struct bgp_af *af, struct in_addr prefix, uint8_t plen)
{
	struct bgp_network **pp = &af->af_networks;
	uint64_t key = (uint64_t)ntohl(prefix.s_addr) << 8 | plen;

	while (*pp && ((uint64_t)ntohl((*pp)->bn_prefix.s_addr) << 8 | (*pp)->bn_plen) < key)
		pp = &(*pp)->bn_next;
	return pp;
}

int bgp_network_set(struct bgp_af *af, struct in_addr prefix, uint8_t plen, const char *route_map)
{
	struct bgp_network **pp = network_slot(af, prefix, plen), *bn = *pp;

	if (bn && bn->bn_prefix.s_addr == prefix.s_addr && bn->bn_plen == plen)
		return bgp_strset(&bn->bn_route_map, route_map);
	if (!(bn = calloc(1, sizeof(*bn))) || bgp_strset(&bn->bn_route_map, route_map) < 0) {
		free(bn);
		return -1;
	}
	bn->bn_prefix = prefix;
	bn->bn_plen = plen;
	bn->bn_next = *pp;
	*pp = bn;
	return 0;
}

bool bgp_network_delete(struct bgp_af *af, struct in_addr prefix, uint8_t plen)
{
	struct bgp_network **pp = network_slot(af, prefix, plen), *bn = *pp;

	if (!bn || bn->bn_prefix.s_addr != prefix.s_addr || bn->bn_plen != plen)
		return false;
	*pp = bn->bn_next;
	network_free(bn);
	return true;
}

/* ---- the whole instance ---- */

void bgp_clear(struct bgp_cfg *bgp)
{
	bgp_af_remove(&bgp->bgp_af_ipv4);
	bgp_af_remove(&bgp->bgp_af_vpnv4);
	for (struct omap_iter it = omap_begin(bgp->bgp_vrf_afs); omap_next(&it);)
		bgp_af_remove(it.oi_val);
	for (struct omap_iter it = omap_begin(bgp->bgp_nbrs); omap_next(&it);)
		bgp_nbr_delete(bgp, it.oi_val);
	while (bgp->bgp_ranges)
		range_unlink(&bgp->bgp_ranges);
	bgp->bgp_asn = 0;
	bgp->bgp_router_id_set = false;
	bgp->bgp_log_nbr_changes = BGP_DEFAULT;
	bgp->bgp_no_default_ipv4 = false;
	bgp->bgp_listen_limit = 0;
	memset(&bgp->bgp_timers, 0, sizeof(bgp->bgp_timers));
}
