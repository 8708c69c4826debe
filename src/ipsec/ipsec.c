/* The IPsec module of the configuration model. */
#include <stdlib.h>

#include "core/session.h"
#include "ipsec/ipsec_int.h"

static void *ipsec_new(struct config *cfg)
{
	return calloc(1, sizeof(struct ipsec_cfg));
}

static void ipsec_free(void *data)
{
	struct ipsec_cfg *ic = data;

	nametab_fini(&ic->ic_tsets, ipsec_tset_free);
	nametab_fini(&ic->ic_profiles, ipsec_profile_free);
	free(ic);
}

struct cfg_module ipsec_module = {.cm_name = "ipsec", .cm_new = ipsec_new, .cm_free = ipsec_free};

static void ipsec_if_free(void *data)
{
	struct ipsec_if *ii = data;

	free(ii->ii_profile);
	free(ii);
}

struct if_ext_ops ipsec_if_ops = {.ie_name = "ipsec", .ie_free = ipsec_if_free};

struct ipsec_cfg *ipsec_cfg(const struct config *cfg)
{
	return cfg_mod(cfg, &ipsec_module);
}

void ipsec_tset_free(void *obj)
{
	struct ipsec_transform_set *ts = obj;

	session_forget(ts, sizeof(*ts)); /* sessions in its mode leave it */
	free(ts->ts_name);
	free(ts);
}

void ipsec_profile_free(void *obj)
{
	struct ipsec_profile *ipp = obj;

	session_forget(ipp, sizeof(*ipp)); /* sessions in its mode leave it */
	strlist_clear(&ipp->ipp_transform_sets);
	free(ipp->ipp_ikev2_profile);
	free(ipp->ipp_name);
	free(ipp);
}

struct ipsec_transform_set *ipsec_transform_set_lookup(const struct config *cfg, const char *name)
{
	return nametab_get(&ipsec_cfg(cfg)->ic_tsets, name);
}

struct ipsec_profile *ipsec_profile_lookup(const struct config *cfg, const char *name)
{
	return nametab_get(&ipsec_cfg(cfg)->ic_profiles, name);
}

const struct ipsec_if *ipsec_if_protection(const struct iface *ifp)
{
	const struct ipsec_if *ii = ipsec_if_ops.ie_registered ? if_ext(ifp, &ipsec_if_ops) : NULL;

	return ii && ii->ii_profile ? ii : NULL;
}
