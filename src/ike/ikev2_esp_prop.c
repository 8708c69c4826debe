/* ESP proposals from transform sets, and Ferry's default ESP offer. */
#include "ike/ikev2_esp_prop.h"

#include <stdlib.h>

#include "ike/ikev2_prop.h"

/*
 * Ferry's ESP offer when the profile names no transform set. IOS's default
 * sets (esp-aes esp-sha-hmac, esp-3des esp-sha-hmac) need SHA-1 and 3DES,
 * which Ferry does not implement: its earlier offer stays first (what an
 * initiator gets), then every other suite it runs, so that as a responder
 * it accepts what a peer's transform set asks for.
 */
static const struct {
	uint16_t encr, bits, integ;
} default_offer[] = {
    {IKEV2_ENCR_AES_GCM_16, 128, IKEV2_INTEG_NONE},	      {IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_256_128},
    {IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA2_256_128}, {IKEV2_ENCR_AES_GCM_16, 256, IKEV2_INTEG_NONE},
    {IKEV2_ENCR_AES_GCM_16, 192, IKEV2_INTEG_NONE},	      {IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_512_256},
    {IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_384_192}, {IKEV2_ENCR_AES_CBC, 192, IKEV2_INTEG_HMAC_SHA2_512_256},
    {IKEV2_ENCR_AES_CBC, 192, IKEV2_INTEG_HMAC_SHA2_384_192}, {IKEV2_ENCR_AES_CBC, 192, IKEV2_INTEG_HMAC_SHA2_256_128},
    {IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA2_512_256}, {IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA2_384_192},
};

#define DEFAULT_OFFER_LEN (sizeof(default_offer) / sizeof(default_offer[0]))
_Static_assert(DEFAULT_OFFER_LEN >= IKEV2_ESP_OFFER_MAX, "offer_suites fills up to the default's length");

/* The cipher of a transform set: IKEv2 ID and key size (IOS: 128 when none is given); false if not run. */
static bool tset_cipher(const struct ipsec_transform_set *ts, uint16_t *encr, uint16_t *bits)
{
	*bits = (uint16_t)(ts->ts_key_bits ? ts->ts_key_bits : 128);
	switch (ts->ts_x[IPSEC_XC_ESP_ENCR]) {
	case IPSEC_ESP_GCM:
		*encr = IKEV2_ENCR_AES_GCM_16;
		return true;
	case IPSEC_ESP_256_AES:
		*bits = 256;
		/* fall through */
	case IPSEC_ESP_AES:
		*encr = IKEV2_ENCR_AES_CBC;
		return true;
	default:
		return false;
	}
}

/* The integrity transform of a transform set: IKEV2_INTEG_NONE without one, 0xffff for one not run. */
static uint16_t tset_integ(const struct ipsec_transform_set *ts)
{
	switch (ts->ts_x[IPSEC_XC_ESP_AUTH]) {
	case IPSEC_X_NONE:
		return IKEV2_INTEG_NONE;
	case IPSEC_ESP_SHA256_HMAC:
		return IKEV2_INTEG_HMAC_SHA2_256_128;
	case IPSEC_ESP_SHA384_HMAC:
		return IKEV2_INTEG_HMAC_SHA2_384_192;
	case IPSEC_ESP_SHA512_HMAC:
		return IKEV2_INTEG_HMAC_SHA2_512_256;
	default:
		return 0xffff;
	}
}

const struct ikev2_esp_suite *ikev2_esp_tset_suite(const struct ipsec_transform_set *ts)
{
	uint16_t encr, bits;

	if (ts->ts_x[IPSEC_XC_AH] || ts->ts_x[IPSEC_XC_COMP] || !tset_cipher(ts, &encr, &bits))
		return NULL;
	return ikev2_esp_suite(encr, bits, tset_integ(ts));
}

int ikev2_esp_offer_conf(const struct config *cfg, const struct ipsec_profile *ipp, struct ikev2_esp_offer *out)
{
	*out = (struct ikev2_esp_offer){0};
	for (size_t i = 0; ipp && i < ipp->ipp_transform_sets.sl_n; i++) {
		const struct ipsec_transform_set *ts = ipsec_transform_set_lookup(cfg, ipp->ipp_transform_sets.sl_v[i]);
		const struct ikev2_esp_suite *es = ts ? ikev2_esp_tset_suite(ts) : NULL;

		out->eo_configured = true;
		if (es && out->eo_n < IKEV2_ESP_OFFER_MAX)
			out->eo_suite[out->eo_n++] = es;
	}
	return ikev2_esp_offer_empty(out) ? -1 : 0;
}

bool ikev2_esp_offer_empty(const struct ikev2_esp_offer *o)
{
	return o->eo_configured && o->eo_n == 0;
}

/* Proposal num: the suite with our SPI and ESN none. */
static int add_proposal(struct ikev2_proposal *p, uint8_t num, const struct ikev2_esp_suite *es, const uint8_t spi[4])
{
	*p = (struct ikev2_proposal){.pr_num = num, .pr_protocol = IKEV2_PROTO_ESP};
	if (ikev2_blob_set(&p->pr_spi, spi, 4) < 0 ||
	    ikev2_proposal_add(p, IKEV2_TRANS_ENCR, es->es_encr, es->es_bits) < 0)
		return -1;
	if (es->es_integ != IKEV2_INTEG_NONE && ikev2_proposal_add(p, IKEV2_TRANS_INTEG, es->es_integ, 0) < 0)
		return -1;
	return ikev2_proposal_add(p, IKEV2_TRANS_ESN, IKEV2_ESN_NO, 0);
}

/* The offer as suites: the configured ones, or the default table's. */
static size_t offer_suites(const struct ikev2_esp_offer *o, const struct ikev2_esp_suite **v)
{
	size_t n = 0;

	if (o->eo_configured) {
		for (; n < o->eo_n; n++)
			v[n] = o->eo_suite[n];
		return n;
	}
	for (size_t i = 0; i < DEFAULT_OFFER_LEN; i++)
		v[n++] = ikev2_esp_suite(default_offer[i].encr, default_offer[i].bits, default_offer[i].integ);
	return n;
}

int ikev2_esp_offer_build(const struct ikev2_esp_offer *o, uint32_t spi, struct ikev2_sa *out)
{
	const struct ikev2_esp_suite *v[DEFAULT_OFFER_LEN]; /* the longer of the two */
	const uint8_t octets[4] = {(uint8_t)(spi >> 24), (uint8_t)(spi >> 16), (uint8_t)(spi >> 8), (uint8_t)spi};
	size_t n = offer_suites(o, v);

	*out = (struct ikev2_sa){0};
	if (n == 0 || !(out->sa_prop = calloc(n, sizeof(*out->sa_prop))))
		return -1;
	for (size_t i = 0; i < n; i++) {
		out->sa_nprop++;
		if (add_proposal(&out->sa_prop[i], (uint8_t)(i + 1), v[i], octets) < 0) {
			ikev2_offer_free(out);
			return -1;
		}
	}
	return 0;
}
