/*
 * IKE SA proposals (RFC 7296 §2.7, §3.3): the offer made from a
 * "crypto ikev2 proposal" (or IOS's default proposal when none is
 * configured), and the choice of one proposal and one transform of each
 * type from an offer.
 */
#ifndef FERRY_IKE_IKEV2_PROP_H
#define FERRY_IKE_IKEV2_PROP_H

#include <stdbool.h>

#include "ike/ike.h"
#include "ike/ikev2_alg.h"
#include "ike/ikev2_msg.h"

#define IKEV2_TRANS_TYPES 6 /* transform types are 1 to 5 */

/* One transform of each type, from one proposal. */
struct ikev2_choice {
	uint8_t ch_num;					 /* the proposal's number in the offer */
	uint8_t ch_protocol;				 /* enum ikev2_proto */
	uint32_t ch_spi;				 /* ESP and AH: the SPI the proposal carried */
	struct ikev2_transform ch_tr[IKEV2_TRANS_TYPES]; /* by type */
	bool ch_has[IKEV2_TRANS_TYPES];			 /* integrity: false with an AEAD cipher */
};

/*
 * The IKE SA offer of a configured proposal, or (pp NULL) of the default:
 * AES-CBC-256, PRF and integrity SHA-256, DH 19 then 14. CBC and GCM
 * ciphers go into separate proposals (GCM takes no integrity transform).
 * Algorithms Ferry does not implement are left out. -1 if nothing remains
 * or memory runs out.
 */
int ikev2_offer_build(const struct ike_proposal *pp, struct ikev2_sa *out);
/* Appends a transform to a proposal; -1 if out of memory. */
int ikev2_proposal_add(struct ikev2_proposal *p, uint8_t type, uint16_t id, uint16_t bits);
/* A deep copy of an SA payload's proposals; -1 if out of memory. */
int ikev2_offer_copy(const struct ikev2_sa *src, struct ikev2_sa *dst);
void ikev2_offer_free(struct ikev2_sa *sa);

/*
 * The first proposal of offer (in the peer's order of preference) that
 * ours can run: same protocol and SPI size, and for each transform type
 * ours has, one of ours. NO_PROPOSAL_CHOSEN in *err when there is none.
 * Checking an answer, offer is the answer and ours what was offered.
 */
int ikev2_offer_choose(const struct ikev2_sa *offer, const struct ikev2_sa *ours, struct ikev2_choice *out,
		       struct ikev2_err *err);
/* The answer carrying the choice (with spi, of spi_len octets): one proposal, one transform of each type. */
int ikev2_choice_to_sa(const struct ikev2_choice *ch, const void *spi, size_t spi_len, struct ikev2_sa *out);
/* The algorithms of a choice; -1 when they cannot run together. */
int ikev2_choice_suite(const struct ikev2_choice *ch, struct ikev2_suite *s);

#endif
