/* The algorithm tables behind ikev2_alg.h. */
#include <stddef.h>

#include "dataplane/dp_sa_alg.h"
#include "ike/ikev2_alg.h"

static const struct ikev2_prf_alg prf_algs[] = {
    {IKEV2_PRF_HMAC_SHA1, "SHA1", 20},
    {IKEV2_PRF_HMAC_SHA2_256, "SHA256", 32},
    {IKEV2_PRF_HMAC_SHA2_384, "SHA384", 48},
    {IKEV2_PRF_HMAC_SHA2_512, "SHA512", 64},
};

/* RFC 4868 §2.6: the key is as long as the hash output, the ICV half of it. */
static const struct ikev2_integ_alg integ_algs[] = {
    {IKEV2_INTEG_HMAC_SHA1_96, "SHA1", 20, 12},
    {IKEV2_INTEG_HMAC_SHA2_256_128, "SHA256", 32, 16},
    {IKEV2_INTEG_HMAC_SHA2_384_192, "SHA384", 48, 24},
    {IKEV2_INTEG_HMAC_SHA2_512_256, "SHA512", 64, 32},
};

/* GCM pads to 4 octets like ESP (RFC 5282 §3); any multiple of its block size of 1 would do. */
static const struct ikev2_encr_alg encr_algs[] = {
    {IKEV2_ENCR_AES_CBC, "CBC", false, 16, 0, 0, 16},
    {IKEV2_ENCR_AES_GCM_16, "GCM", true, 8, 4, 16, 4},
};

/* How IOS names the transforms in show crypto ipsec sa, by key size; RFC 4868's integrity transform by hash. */
#define IOS_CBC_128  "esp-aes"
#define IOS_CBC_192  "esp-192-aes"
#define IOS_CBC_256  "esp-256-aes"
#define IOS_GCM_128  "esp-gcm"
#define IOS_GCM_192  "esp-gcm 192"
#define IOS_GCM_256  "esp-gcm 256"
#define INTEG_SHA256 IKEV2_INTEG_HMAC_SHA2_256_128
#define INTEG_SHA384 IKEV2_INTEG_HMAC_SHA2_384_192
#define INTEG_SHA512 IKEV2_INTEG_HMAC_SHA2_512_256

#define ESP_GCM(bits) {IKEV2_ENCR_AES_GCM_16, bits, IKEV2_INTEG_NONE, DP_SA_AES_GCM_##bits, IOS_GCM_##bits " ,"},
#define ESP_CBC(bits, sha)                                                                                             \
	{IKEV2_ENCR_AES_CBC, bits, INTEG_SHA##sha, DP_SA_AES_CBC_##bits##_SHA##sha,                                    \
	 IOS_CBC_##bits " esp-sha" #sha "-hmac ,"},

/* One suite per algorithm the dataplanes run (dp_sa_alg.h's lists). */
static const struct ikev2_esp_suite esp_suites[] = {DP_SA_GCM_ALGS(ESP_GCM) DP_SA_CBC_ALGS(ESP_CBC)};

#define FIND(tab, field, id)                                                                                           \
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)                                                      \
		if (tab[i].field == (id))                                                                              \
			return &tab[i];                                                                                \
	return NULL

const struct ikev2_prf_alg *ikev2_prf_alg(uint16_t id)
{
	FIND(prf_algs, pa_id, id);
}

const struct ikev2_integ_alg *ikev2_integ_alg(uint16_t id)
{
	FIND(integ_algs, ia_id, id);
}

const struct ikev2_encr_alg *ikev2_encr_alg(uint16_t id)
{
	FIND(encr_algs, ea_id, id);
}

int ikev2_suite_init(struct ikev2_suite *s, uint16_t encr, uint16_t key_bits, uint16_t prf, uint16_t integ)
{
	*s = (struct ikev2_suite){.su_prf = ikev2_prf_alg(prf),
				  .su_encr = ikev2_encr_alg(encr),
				  .su_key_len = key_bits / 8u,
				  .su_integ = ikev2_integ_alg(integ)};
	if (!s->su_prf || !s->su_encr || (key_bits != 128 && key_bits != 192 && key_bits != 256))
		return -1;
	/* An AEAD cipher protects integrity itself; the others need an integrity transform (RFC 7296 §3.3.3). */
	if (s->su_encr->ea_aead ? integ != IKEV2_INTEG_NONE : !s->su_integ)
		return -1;
	return 0;
}

const struct ikev2_esp_suite *ikev2_esp_suite(uint16_t encr, uint16_t bits, uint16_t integ)
{
	for (size_t i = 0; i < sizeof(esp_suites) / sizeof(esp_suites[0]); i++)
		if (esp_suites[i].es_encr == encr && esp_suites[i].es_bits == bits && esp_suites[i].es_integ == integ)
			return &esp_suites[i];
	return NULL;
}
