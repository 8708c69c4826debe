/* The ESP algorithms' table (dp_sa_alg.h), made from the two lists. */
#include "dataplane/dp_sa_alg.h"

#include <stddef.h>
#include <string.h>

#define GCM_INFO(aes_bits)                                                                                             \
	[DP_SA_AES_GCM_##aes_bits] = {.sai_name = DP_SA_GCM_NAME(aes_bits),                                            \
				      .sai_aes_bits = aes_bits,                                                        \
				      .sai_enc_keylen = aes_bits / 8 + DP_SA_GCM_SALT_LEN,                             \
				      .sai_salt_len = DP_SA_GCM_SALT_LEN,                                              \
				      .sai_icv_len = DP_SA_GCM_ICV_LEN,                                                \
				      .sai_iv_len = DP_SA_GCM_IV_LEN},
#define CBC_INFO(aes_bits, sha_bits)                                                                                   \
	[DP_SA_AES_CBC_##aes_bits##_SHA##sha_bits] = {.sai_name = DP_SA_CBC_NAME(aes_bits, sha_bits),                  \
						      .sai_aes_bits = aes_bits,                                        \
						      .sai_sha_bits = sha_bits,                                        \
						      .sai_enc_keylen = aes_bits / 8,                                  \
						      .sai_auth_keylen = DP_SA_HMAC_KEY_LEN(sha_bits),                 \
						      .sai_icv_len = DP_SA_HMAC_ICV_LEN(sha_bits),                     \
						      .sai_iv_len = DP_SA_CBC_IV_LEN},

static const struct dp_sa_alg_info alg_infos[DP_SA_ALG_COUNT] = {DP_SA_GCM_ALGS(GCM_INFO) DP_SA_CBC_ALGS(CBC_INFO)};

const struct dp_sa_alg_info *dp_sa_alg_info(enum dp_sa_alg alg)
{
	/* A row the lists forgot has no name: treated as no algorithm rather than a zero-length key. */
	if ((unsigned)alg >= DP_SA_ALG_COUNT || !alg_infos[alg].sai_name)
		return NULL;
	return &alg_infos[alg];
}

const struct dp_sa_alg_info *dp_sa_alg_by_name(const char *name, enum dp_sa_alg *alg)
{
	for (int i = 0; i < DP_SA_ALG_COUNT; i++) {
		const struct dp_sa_alg_info *info = dp_sa_alg_info((enum dp_sa_alg)i);

		if (info && strcmp(info->sai_name, name) == 0) {
			*alg = (enum dp_sa_alg)i;
			return info;
		}
	}
	return NULL;
}
