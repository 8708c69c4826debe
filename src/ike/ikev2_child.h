/*
 * The CHILD_SA that IKE_AUTH negotiates (RFC 7296 §1.3, §2.17): ESP
 * proposals, traffic selectors for GRE between the two NBMA addresses, the
 * mode (USE_TRANSPORT_MODE, §1.3.1), its keys, and the dataplane operations
 * that install it.
 */
#ifndef FERRY_IKE_IKEV2_CHILD_H
#define FERRY_IKE_IKEV2_CHILD_H

#include <netinet/in.h>
#include <stdbool.h>

#include "dataplane/dataplane.h"
#include "ike/ikev2_esp_prop.h"
#include "ike/ikev2_keys.h"
#include "ike/ikev2_prop.h"

struct ikev2_child {
	uint32_t cs_spi_in;  /* ours: what the peer's ESP carries */
	uint32_t cs_spi_out; /* the peer's */
	struct ikev2_choice cs_choice;
	bool cs_transport;
	bool cs_initiator;		    /* the keys: ours are ei/ai when we initiated */
	struct in_addr cs_local, cs_remote; /* GRE between these */
	struct ikev2_child_keys cs_keys;
	uint32_t cs_reqid;		 /* ties SAs to policies: kept across rekeys so the policies stay */
	struct ikev2_esp_offer cs_offer; /* what ikev2_child_offer offers and accepts; empty: the default */
};

/* Fresh inbound SPI for a CHILD_SA between local and remote. -1 without randomness. */
int ikev2_child_init(struct ikev2_child *c, struct in_addr local, struct in_addr remote);
/* Our ESP offer (cs_offer, ikev2_esp_prop.h): our SPI, one proposal per suite, no ESN. */
int ikev2_child_offer(const struct ikev2_child *c, struct ikev2_sa *out);
/* The suite negotiated (cs_choice); NULL before, or for a choice Ferry cannot run. */
const struct ikev2_esp_suite *ikev2_child_suite(const struct ikev2_child *c);
/* TSi and TSr payloads for the GRE between the addresses (local first when initiator). */
int ikev2_child_add_ts(const struct ikev2_child *c, bool initiator, struct ikev2_pl **list);
/*
 * Whether the peer's TSi and TSr allow GRE between the addresses
 * (initiator: whether we are the initiator). TS_UNACCEPTABLE if not.
 */
int ikev2_child_check_ts(const struct ikev2_child *c, bool initiator, const struct ikev2_pl *list,
			 struct ikev2_err *err);
/* KEYMAT from SK_d and the nonces, for the chosen transforms. */
int ikev2_child_derive(struct ikev2_child *c, const struct ikev2_prf_alg *prf, const struct ikev2_secret *sk_d,
		       const struct ikev2_blob *ni, const struct ikev2_blob *nr, bool initiator);
/* The same with a new g^ir (CREATE_CHILD_SA with PFS, §2.17); gir NULL: without. */
int ikev2_child_derive_pfs(struct ikev2_child *c, const struct ikev2_prf_alg *prf, const struct ikev2_secret *sk_d,
			   const struct ikev2_secret *gir, const struct ikev2_blob *ni, const struct ikev2_blob *nr,
			   bool initiator);
/* DP_SA_ADD in and out, DP_POLICY_ADD out and in (4 ops); encap: UDP port pair or 0. 0 ops: no encryption key. */
size_t ikev2_child_ops(const struct ikev2_child *c, uint16_t encap_sport, uint16_t encap_dport, struct dp_op ops[4]);
void ikev2_child_fini(struct ikev2_child *c);

#endif
