/*
 * What an established SA takes from the configuration after IKE_AUTH: the
 * IKE lifetime of its IKEv2 profile ("lifetime", IOS default 86400 s), the
 * IPsec lifetime and PFS group of its IPsec profile ("set
 * security-association lifetime seconds", default 3600 s; "set pfs"), and
 * the soft lifetimes at which it rekeys: a tenth before expiry, less a
 * random twentieth so that two peers with the same settings rarely collide.
 */
#include <string.h>

#include <openssl/rand.h>

#include "ike/ike_int.h"
#include "ike/ike_session.h"
#include "ike/ikev2_sa.h"
#include "ike/ikev2_sa_life.h"
#include "ipsec/ipsec_int.h"

#define IKE_LIFETIME_DEFAULT   86400
#define IPSEC_LIFETIME_DEFAULT 3600

const struct ike_profile *ikev2_sa_profile(const struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa)
{
	const char *name = sa->sa_conf.ac_profile[0] ? sa->sa_conf.ac_profile : sa->sa_profile;

	return name[0] ? ike_profile_lookup(mg->mg_d->fd_running, name) : NULL;
}

/*
 * The tunnel's IPsec profile (initiator), the session's (initiator for
 * NHRP: several IPsec profiles may name one IKEv2 profile), else the first
 * that names the SA's IKEv2 profile (responder).
 */
const struct ipsec_profile *ikev2_sa_ipsec_profile(const struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa)
{
	const struct config *cfg = mg->mg_d->fd_running;
	const struct iface *ifp = sa->sa_tunnel[0] ? if_lookup(cfg, sa->sa_tunnel) : NULL;
	const struct ipsec_if *prot = ifp ? ipsec_if_protection(ifp) : NULL;
	const char *session = sa->sa_tunnel[0] ? NULL : ike_session_ipsec_profile(mg, sa);

	if (prot && prot->ii_profile)
		return ipsec_profile_lookup(cfg, prot->ii_profile);
	if (session)
		return ipsec_profile_lookup(cfg, session);
	for (struct omap_iter it = nametab_begin(&ipsec_cfg(cfg)->ic_profiles); omap_next(&it);) {
		const struct ipsec_profile *ipp = it.oi_val;

		if (ipp->ipp_ikev2_profile && strcmp(ipp->ipp_ikev2_profile, sa->sa_conf.ac_profile) == 0)
			return ipp;
	}
	return NULL;
}

unsigned ikev2_sa_ike_lifetime(const struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa)
{
	const struct ike_profile *pr = ikev2_sa_profile(mg, sa);

	return pr && pr->pr_lifetime ? pr->pr_lifetime : IKE_LIFETIME_DEFAULT;
}

unsigned ikev2_sa_ipsec_lifetime(const struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa)
{
	const struct ipsec_profile *ipp = ikev2_sa_ipsec_profile(mg, sa);

	return ipp && ipp->ipp_lifetime_seconds ? ipp->ipp_lifetime_seconds : IPSEC_LIFETIME_DEFAULT;
}

uint16_t ikev2_sa_pfs_group(const struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa)
{
	static const uint16_t groups[IPSEC_PFS_COUNT] = {
	    [IPSEC_PFS_14] = 14, [IPSEC_PFS_15] = 15, [IPSEC_PFS_16] = 16,
	    [IPSEC_PFS_19] = 19, [IPSEC_PFS_20] = 20, [IPSEC_PFS_21] = 21,
	};
	const struct ipsec_profile *ipp = ikev2_sa_ipsec_profile(mg, sa);

	if (!ipp || !ipp->ipp_pfs)
		return 0;
	/* "set pfs" alone: the IKE SA's group. Groups Ferry does not implement (1, 2, 5, 24): none. */
	if (ipp->ipp_pfs_group == IPSEC_PFS_DEFAULT)
		return sa->sa_init.in_choice.ch_tr[IKEV2_TRANS_DH].tr_id;
	return groups[ipp->ipp_pfs_group];
}

time_t ikev2_soft_lifetime(time_t now, unsigned lifetime)
{
	uint32_t r = 0;
	unsigned jitter = lifetime / 20;

	if (jitter && RAND_bytes((uint8_t *)&r, sizeof(r)) == 1)
		r %= jitter;
	else
		r = 0;
	return now + (time_t)(lifetime - lifetime / 10 - r);
}

void ikev2_sa_lifetimes(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, bool ike, bool child, time_t now)
{
	unsigned ike_life = ikev2_sa_ike_lifetime(mg, sa), ipsec_life = ikev2_sa_ipsec_lifetime(mg, sa);

	if (ike) {
		sa->sa_ike_rekey_at = ikev2_soft_lifetime(now, ike_life);
		sa->sa_ike_expire_at = now + ike_life;
	}
	if (child) {
		sa->sa_child_at = now;
		sa->sa_child_rekey_at = ikev2_soft_lifetime(now, ipsec_life);
		sa->sa_child_expire_at = now + ipsec_life;
	}
}
