/* The IKEv2 module of the configuration model: objects, lookups, identities. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/session.h"
#include "ike/ike_int.h"

#define IKE_PROFILE_USERS 4

static ike_profile_user_fn *profile_users[IKE_PROFILE_USERS];
static size_t nprofile_users;

static const char *const id_names[] = {
    [IKE_ID_DN] = "dn",	      [IKE_ID_FQDN] = "fqdn",	  [IKE_ID_ADDRESS] = "address",
    [IKE_ID_EMAIL] = "email", [IKE_ID_KEY_ID] = "key-id",
};

static void *ike_new(struct config *cfg)
{
	return calloc(1, sizeof(struct ike_cfg));
}

static void ike_free(void *data)
{
	struct ike_cfg *ic = data;

	nametab_fini(&ic->ic_authz, ike_authz_free);
	nametab_fini(&ic->ic_profiles, ike_profile_free);
	nametab_fini(&ic->ic_proposals, ike_proposal_free);
	nametab_fini(&ic->ic_policies, ike_policy_free);
	nametab_fini(&ic->ic_keyrings, ike_keyring_free);
	free(ic);
}

struct cfg_module ike_module = {.cm_name = "ikev2", .cm_new = ike_new, .cm_free = ike_free};

struct ike_cfg *ike_cfg(const struct config *cfg)
{
	return cfg_mod(cfg, &ike_module);
}

void ike_authz_free(void *obj)
{
	struct ike_authz *az = obj;

	session_forget(az, sizeof(*az)); /* sessions in its mode leave it */
	free(az->az_name);
	free(az->az_pool);
	free(az->az_banner);
	free(az->az_def_domain);
	free(az->az_subnet_acl);
	free(az->az_route_if);
	free(az->az_route_acl);
	free(az);
}

void ike_id_clear(struct ike_id *id)
{
	free(id->id_value);
	memset(id, 0, sizeof(*id));
}

void ike_profile_free(void *obj)
{
	struct ike_profile *pr = obj;

	session_forget(pr, sizeof(*pr)); /* sessions in its mode leave it */
	while (pr->pr_match_remote) {
		struct ike_id *next = pr->pr_match_remote->id_next;
		ike_id_clear(pr->pr_match_remote);
		free(pr->pr_match_remote);
		pr->pr_match_remote = next;
	}
	while (pr->pr_trustpoints) {
		struct ike_tp_ref *next = pr->pr_trustpoints->tr_next;
		free(pr->pr_trustpoints->tr_name);
		free(pr->pr_trustpoints);
		pr->pr_trustpoints = next;
	}
	for (int i = 0; i < IKE_AAA_GROUPS; i++) {
		free(pr->pr_aaa[i].aa_list);
		free(pr->pr_aaa[i].aa_policy);
	}
	ike_id_clear(&pr->pr_local_id);
	free(pr->pr_fvrf.fv_name);
	free(pr->pr_name);
	free(pr->pr_match_cert);
	free(pr->pr_keyring);
	free(pr->pr_ivrf);
	free(pr);
}

void ike_proposal_free(void *obj)
{
	struct ike_proposal *pp = obj;

	session_forget(pp, sizeof(*pp)); /* sessions in its mode leave it */
	free(pp->pp_name);
	free(pp);
}

void ike_policy_free(void *obj)
{
	struct ike_policy *po = obj;

	session_forget(po, sizeof(*po)); /* sessions in its mode leave it */
	strlist_clear(&po->po_proposals);
	free(po->po_fvrf.fv_name);
	free(po->po_local);
	free(po->po_name);
	free(po);
}

void ike_peer_free(void *obj)
{
	struct ike_peer *kp = obj;

	session_forget(kp, sizeof(*kp)); /* sessions in its mode leave it */
	ike_id_clear(&kp->kp_id);
	free(kp->kp_psk_local);
	free(kp->kp_psk_remote);
	free(kp->kp_name);
	free(kp);
}

void ike_keyring_free(void *obj)
{
	struct ike_keyring *kr = obj;

	session_forget(kr, sizeof(*kr)); /* sessions in its mode leave it */
	nametab_fini(&kr->kr_peers, ike_peer_free);
	free(kr->kr_name);
	free(kr);
}

struct ike_authz *ike_authz_lookup(const struct config *cfg, const char *name)
{
	return nametab_get(&ike_cfg(cfg)->ic_authz, name);
}

struct ike_profile *ike_profile_lookup(const struct config *cfg, const char *name)
{
	return nametab_get(&ike_cfg(cfg)->ic_profiles, name);
}

struct ike_proposal *ike_proposal_lookup(const struct config *cfg, const char *name)
{
	return nametab_get(&ike_cfg(cfg)->ic_proposals, name);
}

struct ike_policy *ike_policy_lookup(const struct config *cfg, const char *name)
{
	return nametab_get(&ike_cfg(cfg)->ic_policies, name);
}

struct ike_keyring *ike_keyring_lookup(const struct config *cfg, const char *name)
{
	return nametab_get(&ike_cfg(cfg)->ic_keyrings, name);
}

struct ike_peer *ike_keyring_peer(const struct ike_keyring *kr, const char *name)
{
	return nametab_get(&kr->kr_peers, name);
}

void ike_profile_user_register(ike_profile_user_fn *fn)
{
	for (size_t i = 0; i < nprofile_users; i++)
		if (profile_users[i] == fn)
			return; /* another grammar registered it already */
	if (nprofile_users == IKE_PROFILE_USERS)
		abort(); /* raise IKE_PROFILE_USERS */
	profile_users[nprofile_users++] = fn;
}

int ike_profile_busy(struct cli_ctx *c, const void *obj)
{
	const struct ike_profile *pr = obj;
	char who[128];

	for (size_t i = 0; i < nprofile_users; i++)
		if (profile_users[i](cfg_of(c), pr->pr_name, who, sizeof(who)))
			return cli_fail(c, "IKEv2 profile %s is in use by %s", pr->pr_name, who);
	return 0;
}

/* The identity's value points into the arguments: keep it with ike_id_copy. */
void ike_id_from_args(const struct cli_args *a, struct ike_id *id)
{
	int k = args_keyword(a, id_names, IKE_ID_TYPES);
	const char *mask = cli_arg_nth(a, "A.B.C.D", 1);

	memset(id, 0, sizeof(*id));
	id->id_type = k < 0 ? IKE_ID_NONE : (enum ike_id_type)k;
	id->id_domain = cli_has(a, "domain");
	id->id_value = (char *)cli_arg(a, "WORD");
	if (id->id_type == IKE_ID_ADDRESS)
		inet_pton(AF_INET, cli_arg(a, "A.B.C.D"), &id->id_addr);
	id->id_has_mask = mask && inet_pton(AF_INET, mask, &id->id_mask) == 1;
}

int ike_id_copy(struct ike_id *dst, const struct ike_id *src)
{
	char *value = src->id_value ? strdup(src->id_value) : NULL;

	if (src->id_value && !value)
		return -1;
	free(dst->id_value);
	dst->id_type = src->id_type;
	dst->id_domain = src->id_domain;
	dst->id_value = value;
	dst->id_addr = src->id_addr;
	dst->id_mask = src->id_mask;
	dst->id_has_mask = src->id_has_mask;
	return 0;
}

bool ike_id_equal(const struct ike_id *x, const struct ike_id *y)
{
	return x->id_type == y->id_type && x->id_domain == y->id_domain &&
	       strcmp(x->id_value ? x->id_value : "", y->id_value ? y->id_value : "") == 0 &&
	       x->id_addr.s_addr == y->id_addr.s_addr && x->id_has_mask == y->id_has_mask &&
	       (!x->id_has_mask || x->id_mask.s_addr == y->id_mask.s_addr);
}

const char *ike_id_format(const struct ike_id *id, char *buf, size_t len)
{
	char addr[INET_ADDRSTRLEN], mask[INET_ADDRSTRLEN + 1] = "";

	switch (id->id_type) {
	case IKE_ID_ADDRESS:
		if (id->id_has_mask)
			snprintf(mask, sizeof(mask), " %s", inet_ntop(AF_INET, &id->id_mask, addr, sizeof(addr)));
		snprintf(buf, len, "address %s%s", inet_ntop(AF_INET, &id->id_addr, addr, sizeof(addr)), mask);
		break;
	case IKE_ID_FQDN:
	case IKE_ID_EMAIL:
	case IKE_ID_KEY_ID:
		snprintf(buf, len, "%s %s%s", id_names[id->id_type], id->id_domain ? "domain " : "", id->id_value);
		break;
	case IKE_ID_DN:
		snprintf(buf, len, "dn");
		break;
	case IKE_ID_NONE:
	case IKE_ID_TYPES:
		buf[0] = '\0';
		break;
	}
	return buf;
}

int ike_fvrf_set(struct cli_ctx *c, const struct cli_args *a, struct ike_fvrf *fv)
{
	bool any = !a->a_negate && cli_has(a, "any");

	if (str_set(&fv->fv_name, a->a_negate || any ? NULL : cli_arg(a, "WORD")) < 0)
		return cli_fail(c, "Out of memory");
	fv->fv_any = any;
	return 0;
}

void ike_fvrf_print(struct cli_writer *w, const struct ike_fvrf *fv)
{
	if (fv->fv_any)
		cli_line(w, "match fvrf any");
	else if (fv->fv_name)
		cli_line(w, "match fvrf %s", fv->fv_name);
}
