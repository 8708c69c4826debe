/*
 * CHILD_SA (ESP) proposals (RFC 7296 §3.3): the offer made from an IPsec
 * profile's transform sets ("set transform-set", in order of preference),
 * one proposal per set, or Ferry's default offer when the profile names
 * none. ESN is never offered.
 */
#ifndef FERRY_IKE_IKEV2_ESP_PROP_H
#define FERRY_IKE_IKEV2_ESP_PROP_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "ike/ikev2_alg.h"
#include "ike/ikev2_msg.h"
#include "ipsec/ipsec.h"

#define IKEV2_ESP_OFFER_MAX 6 /* transform sets an IPsec profile names at most, as on IOS */

struct ikev2_esp_offer {
	const struct ikev2_esp_suite *eo_suite[IKEV2_ESP_OFFER_MAX];
	uint8_t eo_n;
	bool eo_configured; /* from transform sets: empty means nothing to offer, not the default */
};

/*
 * The suite of a transform set; NULL when Ferry does not run it: AH,
 * compression, DES, 3DES, SEAL, GMAC, NULL, SHA-1, MD5, or AES-CBC without
 * integrity.
 */
const struct ikev2_esp_suite *ikev2_esp_tset_suite(const struct ipsec_transform_set *ts);
/*
 * The offer of an IPsec profile's transform sets that Ferry runs; ipp NULL
 * or naming none: the default. -1 when it names sets and Ferry runs none.
 */
int ikev2_esp_offer_conf(const struct config *cfg, const struct ipsec_profile *ipp, struct ikev2_esp_offer *out);
/*
 * The responder (ikev2_esp_resp.c): the IPsec profile protecting a peer at
 * remote that matched the IKEv2 profile ike: a Virtual-Template hub's
 * template's "tunnel protection ipsec profile", else the static tunnel's
 * towards remote, else the first IPsec profile naming ike; NULL: none.
 */
const struct ipsec_profile *ikev2_esp_resp_profile(const struct config *cfg, const char *ike, struct in_addr remote);
/* Its offer, what the responder accepts; configured and empty when Ferry runs none of its sets. */
void ikev2_esp_offer_resp(const struct config *cfg, const char *ike, struct in_addr remote,
			  struct ikev2_esp_offer *out);
/* Whether an offer holds nothing to accept (transform sets of which Ferry runs none). */
bool ikev2_esp_offer_empty(const struct ikev2_esp_offer *o);
/* The SA payload of an offer carrying our inbound SPI; -1 if out of memory or nothing to offer. */
int ikev2_esp_offer_build(const struct ikev2_esp_offer *o, uint32_t spi, struct ikev2_sa *out);

#endif
