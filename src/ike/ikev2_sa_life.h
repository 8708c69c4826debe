/* What an established IKEv2 SA takes from its profiles: lifetimes, the PFS group (ikev2_sa_life.c). */
#ifndef FERRY_IKE_IKEV2_SA_LIFE_H
#define FERRY_IKE_IKEV2_SA_LIFE_H

#include "ike/ikev2_sa.h"
#include "ipsec/ipsec.h"

/* The SA's IKEv2 profile and IPsec profile, or NULL. */
const struct ike_profile *ikev2_sa_profile(const struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa);
const struct ipsec_profile *ikev2_sa_ipsec_profile(const struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa);
/* Seconds. */
unsigned ikev2_sa_ike_lifetime(const struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa);
unsigned ikev2_sa_ipsec_lifetime(const struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa);
/* The PFS group for rekeying the CHILD_SA; 0: none. */
uint16_t ikev2_sa_pfs_group(const struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa);
/* When to rekey something of that lifetime made at now: 85-90 % of it. */
time_t ikev2_soft_lifetime(time_t now, unsigned lifetime);

#endif
