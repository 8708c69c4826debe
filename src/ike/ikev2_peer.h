/*
 * From the IKEv2 configuration to an IKE_AUTH side: our identity ("identity
 * local", else our address), the pre-shared keys from the profile's keyring,
 * and (responder) the profile whose "match identity remote" the peer meets.
 */
#ifndef FERRY_IKE_IKEV2_PEER_H
#define FERRY_IKE_IKEV2_PEER_H

#include "config/config.h"
#include "ike/ike.h"
#include "ike/ikev2_authx.h"

/*
 * The IKE_AUTH configuration of profile pr between local and remote (the
 * keyring peer chosen by remote's address, else by the peer's identity
 * peer_id when given). -1 with why when the profile cannot authenticate.
 */
int ikev2_peer_conf(const struct config *cfg, const struct ike_profile *pr, struct in_addr local, struct in_addr remote,
		    const struct ikev2_id *peer_id, struct ikev2_authx_conf *out, const char **why);
/* Whether one of a list of "match identity remote" statements covers the peer's identity. */
bool ikev2_peer_ids_match(const struct ike_id *list, const struct ikev2_id *peer_id);
/* The first profile (in configuration order) whose match identity remote the identity meets, or NULL. */
const struct ike_profile *ikev2_peer_profile(const struct config *cfg, const struct ikev2_id *peer_id);
/*
 * Responder: the IKE_AUTH configuration for a peer claiming peer_id with
 * the payloads inner (its CERTs): the profile ikev2_peer_profile finds,
 * else the first rsa-sig profile matched by "match certificate" alone
 * whose CAs and map take the peer's certificate (each is tried in
 * configuration order). -1 with why (the last refusal) when none does.
 */
int ikev2_peer_select(const struct config *cfg, struct in_addr local, struct in_addr remote,
		      const struct ikev2_id *peer_id, const struct ikev2_pl *inner, struct ikev2_authx_conf *out,
		      const char **why);
/* The proposal to offer or accept: the first "crypto ikev2 proposal", or NULL for the default. */
const struct ike_proposal *ikev2_peer_proposal(const struct config *cfg);

#endif
