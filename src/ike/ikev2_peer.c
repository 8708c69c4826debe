/* From the IKEv2 configuration to what one side of IKE_AUTH brings. */
#include "ike/ikev2_peer.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"
#include "ike/ike_int.h"
#include "ike/ikev2_cert.h"

static const uint8_t wire_types[IKE_ID_TYPES] = {
    [IKE_ID_FQDN] = IKEV2_ID_FQDN,
    [IKE_ID_ADDRESS] = IKEV2_ID_IPV4_ADDR,
    [IKE_ID_EMAIL] = IKEV2_ID_RFC822_ADDR,
    [IKE_ID_KEY_ID] = IKEV2_ID_KEY_ID,
};

/* Whether the configured identity (a match statement or keyring peer identity) covers the one received. */
static bool id_matches(const struct ike_id *want, const struct ikev2_id *got)
{
	const struct ikev2_blob *d = &got->id_data;
	size_t vlen;

	if (want->id_type >= IKE_ID_TYPES || wire_types[want->id_type] == 0 ||
	    wire_types[want->id_type] != got->id_type)
		return false;
	if (want->id_type == IKE_ID_ADDRESS) {
		uint32_t a, mask = want->id_has_mask ? want->id_mask.s_addr : 0xffffffffu;

		if (d->bl_len != 4)
			return false;
		memcpy(&a, d->bl_data, 4);
		return (a & mask) == (want->id_addr.s_addr & mask);
	}
	vlen = strlen(want->id_value);
	if (want->id_domain) /* "fqdn domain X": the identity ends in X */
		return d->bl_len >= vlen &&
		       strncasecmp((const char *)d->bl_data + d->bl_len - vlen, want->id_value, vlen) == 0;
	return d->bl_len == vlen && strncasecmp((const char *)d->bl_data, want->id_value, vlen) == 0;
}

bool ikev2_peer_ids_match(const struct ike_id *list, const struct ikev2_id *peer_id)
{
	for (const struct ike_id *m = list; m; m = m->id_next)
		if (id_matches(m, peer_id))
			return true;
	return false;
}

const struct ike_profile *ikev2_peer_profile(const struct config *cfg, const struct ikev2_id *peer_id)
{
	for (struct omap_iter it = nametab_begin(&ike_cfg(cfg)->ic_profiles); omap_next(&it);) {
		const struct ike_profile *pr = it.oi_val;

		if (ikev2_peer_ids_match(pr->pr_match_remote, peer_id))
			return pr;
	}
	return NULL;
}

/* A profile matched by "match certificate" alone: its own map (and CAs) must take the peer's certificate. */
static int cert_profile_conf(const struct config *cfg, const struct ike_profile *pr, struct in_addr local,
			     struct in_addr remote, const struct ikev2_id *peer_id, const struct ikev2_pl *inner,
			     struct ikev2_authx_conf *out, const char **why)
{
	if (ikev2_peer_conf(cfg, pr, local, remote, peer_id, out, why) < 0)
		return -1;
	if (!(*why = ikev2_cert_peer_refuses(out->ac_cert, inner, peer_id)))
		return 0;
	log_msg(SEV_INFO, "IKEV2", "CERT", "profile %s: peer certificate refused: %s", pr->pr_name, *why);
	ikev2_authx_conf_fini(out);
	return -1;
}

int ikev2_peer_select(const struct config *cfg, struct in_addr local, struct in_addr remote,
		      const struct ikev2_id *peer_id, const struct ikev2_pl *inner, struct ikev2_authx_conf *out,
		      const char **why)
{
	const struct ike_profile *pr = ikev2_peer_profile(cfg, peer_id);

	*why = "no IKEv2 profile matches the peer's identity";
	if (pr)
		return ikev2_peer_conf(cfg, pr, local, remote, peer_id, out, why);
	for (struct omap_iter it = nametab_begin(&ike_cfg(cfg)->ic_profiles); omap_next(&it);) {
		pr = it.oi_val;
		if (pr->pr_match_cert && !pr->pr_match_remote && ikev2_cert_wanted(pr) &&
		    cert_profile_conf(cfg, pr, local, remote, peer_id, inner, out, why) == 0)
			return 0;
	}
	return -1;
}

const struct ike_proposal *ikev2_peer_proposal(const struct config *cfg)
{
	struct omap_iter it = nametab_begin(&ike_cfg(cfg)->ic_proposals);

	return omap_next(&it) ? it.oi_val : NULL;
}

/* The keyring peer for remote: by address (with its mask), else by identity. */
static const struct ike_peer *keyring_peer(const struct ike_keyring *kr, struct in_addr remote,
					   const struct ikev2_id *peer_id)
{
	for (struct omap_iter it = nametab_begin(&kr->kr_peers); omap_next(&it);) {
		const struct ike_peer *kp = it.oi_val;
		uint32_t mask = kp->kp_has_mask ? kp->kp_mask.s_addr : 0xffffffffu;

		if (kp->kp_has_addr && (remote.s_addr & mask) == (kp->kp_addr.s_addr & mask))
			return kp;
	}
	for (struct omap_iter it = nametab_begin(&kr->kr_peers); peer_id && omap_next(&it);) {
		const struct ike_peer *kp = it.oi_val;

		if (kp->kp_id.id_type != IKE_ID_NONE && id_matches(&kp->kp_id, peer_id))
			return kp;
	}
	return NULL;
}

/* Our ID payload: "identity local", else (IOS's defaults) our certificate's DN with rsa-sig, our address. */
static int local_id(const struct ike_profile *pr, const struct ikev2_cert_conf *cc, struct in_addr local,
		    struct ikev2_id *out)
{
	const struct ike_id *id = &pr->pr_local_id;

	if (cc && (id->id_type == IKE_ID_DN || id->id_type == IKE_ID_NONE))
		return ikev2_cert_local_dn(cc, out);
	if (id->id_type == IKE_ID_NONE || id->id_type == IKE_ID_ADDRESS) {
		struct in_addr a = id->id_type == IKE_ID_ADDRESS ? id->id_addr : local;

		out->id_type = IKEV2_ID_IPV4_ADDR;
		return ikev2_blob_set(&out->id_data, &a, 4);
	}
	if (id->id_type >= IKE_ID_TYPES || wire_types[id->id_type] == 0)
		return -1; /* a DN needs a certificate */
	out->id_type = wire_types[id->id_type];
	return ikev2_blob_set(&out->id_data, id->id_value, strlen(id->id_value));
}

static int set_keys(const struct ike_peer *kp, struct ikev2_authx_conf *out)
{
	const char *l = kp->kp_psk_local, *r = kp->kp_psk_remote;

	if (!l || !r)
		return -1;
	if (ikev2_secret_copy(&out->ac_psk_local, (const uint8_t *)l, strlen(l)) < 0)
		return -1;
	return ikev2_secret_copy(&out->ac_psk_remote, (const uint8_t *)r, strlen(r));
}

/* rsa-sig: certificates and keys from the profile's trustpoints (ikev2_cert.h) instead of a keyring. */
static int cert_conf(const struct config *cfg, const struct ike_profile *pr, struct in_addr local,
		     struct ikev2_authx_conf *out, const char **why)
{
	if ((out->ac_cert = ikev2_cert_conf_new(cfg, pr, why)) && local_id(pr, out->ac_cert, local, &out->ac_id) == 0)
		return 0;
	if (out->ac_cert)
		*why = "identity local cannot be encoded";
	ikev2_authx_conf_fini(out);
	return -1;
}

int ikev2_peer_conf(const struct config *cfg, const struct ike_profile *pr, struct in_addr local, struct in_addr remote,
		    const struct ikev2_id *peer_id, struct ikev2_authx_conf *out, const char **why)
{
	const struct ike_keyring *kr = pr->pr_keyring ? ike_keyring_lookup(cfg, pr->pr_keyring) : NULL;
	const struct ike_peer *kp = kr ? keyring_peer(kr, remote, peer_id) : NULL;

	*out = (struct ikev2_authx_conf){0};
	snprintf(out->ac_profile, sizeof(out->ac_profile), "%s", pr->pr_name);
	if (ikev2_cert_wanted(pr))
		return cert_conf(cfg, pr, local, out, why);
	if (pr->pr_auth_local != IKE_AUTH_PRE_SHARE || pr->pr_nauth_remote == 0 ||
	    pr->pr_auth_remote[0] != IKE_AUTH_PRE_SHARE)
		*why = "the profile does not authenticate with pre-shared keys";
	else if (!kp)
		*why = "no keyring peer for this address or identity";
	else if (set_keys(kp, out) < 0)
		*why = "the keyring peer has no local and remote key";
	else if (local_id(pr, NULL, local, &out->ac_id) < 0)
		*why = "identity local needs a certificate";
	else
		return 0;
	ikev2_authx_conf_fini(out);
	return -1;
}
