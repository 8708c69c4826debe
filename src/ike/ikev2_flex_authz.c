/*
 * The hub's answer to a CFG_REQUEST: the profile's "aaa authorization
 * group (cert|psk) list LIST [POLICY]" names an AAA network method list
 * (local: the policies of this router) and the "crypto ikev2 authorization
 * policy" (default: "default") whose settings go into the CFG_REPLY.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "aaa/aaa.h"
#include "core/log.h"
#include "ike/ike.h"
#include "ike/ikev2_flex.h"
#include "ike/ikev2_sa.h"
#include "pool/pool_alloc.h"

/* The group the peer's authentication method selects: psk for pre-shared keys, cert for signatures. */
static const struct ike_aaa_author *aaa_group(const struct ike_profile *pr)
{
	bool psk = pr->pr_nauth_remote && pr->pr_auth_remote[0] == IKE_AUTH_PRE_SHARE;

	return &pr->pr_aaa[psk ? IKE_AAA_PSK : IKE_AAA_CERT];
}

/* The authorization policy for the profile; NULL with *why when the method list does not allow it. */
static const struct ike_authz *authz_policy(const struct config *cfg, const struct ike_profile *pr, const char **why)
{
	const struct ike_aaa_author *aa = aaa_group(pr);
	const struct aaa_list *al;
	const struct ike_authz *az;

	al = aaa_list_find(cfg, AAA_AUTHOR_NETWORK, aa->aa_list);
	if (!aaa_new_model(cfg) || !al || al->al_nmethods == 0 || al->al_methods[0].am_kind != AAA_METHOD_LOCAL) {
		*why = "no local \"aaa authorization network\" method list of that name";
		return NULL;
	}
	if (!(az = ike_authz_lookup(cfg, aa->aa_policy ? aa->aa_policy : "default")))
		*why = "the crypto ikev2 authorization policy is not configured";
	return az;
}

/* Who holds a lease: the peer's identity, its type first, other than printable octets escaped. */
static void lease_owner(const struct ikev2_id *id, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "%u:", id->id_type);

	for (size_t i = 0; i < id->id_data.bl_len && n + 5 < len; i++) {
		uint8_t c = id->id_data.bl_data[i];
		n += (size_t)snprintf(buf + n, len - n, isgraph(c) && c != '\\' ? "%c" : "\\x%02x", c);
	}
}

static int lease_address(const struct config *cfg, struct ikev2_ike_sa *sa, const struct ike_authz *az,
			 const struct ikev2_id *peer, struct ikev2_modecfg *mc, const char **why)
{
	const struct pool *pl = pool_lookup(cfg, az->az_pool);
	char owner[512];

	lease_owner(peer, owner, sizeof(owner));
	if (!pl || pool_alloc(pl, owner, &mc->mc_addr) < 0) {
		*why = pl ? "the local pool has no free address" : "the authorization policy's pool does not exist";
		return -1;
	}
	if (!(sa->sa_flex.fx_pool = strdup(az->az_pool))) {
		pool_release(az->az_pool, mc->mc_addr);
		*why = "out of memory";
		return -1;
	}
	sa->sa_flex.fx_leased = mc->mc_addr;
	mc->mc_has_addr = true;
	return 0;
}

/*
 * "route set interface [IF]": the interface's address as a host route (IF
 * left out: the interface the peer comes in on, i.e. the virtual template).
 */
static void route_set_interface(const struct config *cfg, const struct ike_profile *pr, const struct ike_authz *az,
				struct ikev2_modecfg *mc)
{
	char vt[IF_NAMELEN];
	const char *ifname = az->az_route_if ? az->az_route_if : vt;
	const struct iface *ifp;
	struct ikev2_route4 *r = &mc->mc_routes[mc->mc_nroutes];
	uint8_t plen;

	if (!az->az_route_set_if || mc->mc_nroutes == IKEV2_MODECFG_ROUTES)
		return;
	snprintf(vt, sizeof(vt), "Virtual-Template%u", pr->pr_vtemplate);
	if (!(ifp = if_lookup(cfg, ifname)) || !if_address_of(cfg, ifp, &r->r4_addr, &plen)) {
		log_msg(SEV_WARN, "IKEV2", "CONFIG", "route set interface: %s has no address", ifname);
		return;
	}
	r->r4_mask.s_addr = 0xffffffffu;
	mc->mc_nroutes++;
}

/* The policy's texts are copied to size: a reload may free the policy while the SA lives. */
static int set_policy_text(char **dst, const char *text)
{
	return text ? ikev2_modecfg_set_text(dst, text, strlen(text)) : 0;
}

static int policy_to_reply(const struct config *cfg, const struct ike_profile *pr, const struct ike_authz *az,
			   struct ikev2_modecfg *mc, const char **why)
{
	if (az->az_has_netmask)
		mc->mc_netmask = az->az_netmask;
	for (unsigned i = 0; i < az->az_ndns && i < IKEV2_MODECFG_DNS; i++)
		mc->mc_dns[mc->mc_ndns++] = az->az_dns[i];
	if (set_policy_text(&mc->mc_domain, az->az_def_domain) < 0 ||
	    set_policy_text(&mc->mc_banner, az->az_banner) < 0) {
		*why = "out of memory";
		return -1;
	}
	route_set_interface(cfg, pr, az, mc);
	return 0;
}

int ikev2_flex_assign(void *arg, const struct ikev2_id *peer, struct ikev2_modecfg *mc, const char **why)
{
	struct ikev2_ike_sa *sa = arg;
	const struct config *cfg = ikev2_mgr.mg_d->fd_running;
	const struct ike_profile *pr = ike_profile_lookup(cfg, sa->sa_conf.ac_profile);
	const struct ike_authz *az;

	if (!pr) {
		*why = "the IKEv2 profile is gone";
		return -1;
	}
	if (!aaa_group(pr)->aa_list)
		return 0; /* no authorization configured: an empty CFG_REPLY */
	if (!(az = authz_policy(cfg, pr, why)))
		return -1;
	if (az->az_pool && lease_address(cfg, sa, az, peer, mc, why) < 0)
		return -1;
	return policy_to_reply(cfg, pr, az, mc, why);
}
