/* ESP algorithms and security association setup. */
#include "dataplane/userspace/esp_sa.h"

#include <stddef.h>

#include "dataplane/dp_sa_alg.h"

#define AES_BLOCK_LEN 16
#define GCM_ALIGN     4 /* RFC 4303 2.4: the trailer ends on a 4-byte boundary; GCM itself takes any length */

/* Indexed by enum dp_sa_alg; the lengths are dp_sa_alg.h's, the OpenSSL names and the alignment this backend's. */
#define GCM_ALG(bits)                                                                                                  \
	[DP_SA_AES_GCM_##bits] = {.ai_cipher = "AES-" #bits "-GCM",                                                    \
				  .ai_keylen = bits / 8,                                                               \
				  .ai_saltlen = DP_SA_GCM_SALT_LEN,                                                    \
				  .ai_ivlen = DP_SA_GCM_IV_LEN,                                                        \
				  .ai_align = GCM_ALIGN,                                                               \
				  .ai_block = 1,                                                                       \
				  .ai_icvlen = DP_SA_GCM_ICV_LEN},
#define CBC_ALG(bits, sha)                                                                                             \
	[DP_SA_AES_CBC_##bits##_SHA##sha] = {.ai_cipher = "AES-" #bits "-CBC",                                         \
					     .ai_keylen = bits / 8,                                                    \
					     .ai_ivlen = DP_SA_CBC_IV_LEN,                                             \
					     .ai_align = AES_BLOCK_LEN,                                                \
					     .ai_block = AES_BLOCK_LEN,                                                \
					     .ai_icvlen = DP_SA_HMAC_ICV_LEN(sha),                                     \
					     .ai_authkeylen = DP_SA_HMAC_KEY_LEN(sha),                                 \
					     .ai_digest = "SHA" #sha},

static const struct esp_alg_info alg_table[DP_SA_ALG_COUNT] = {DP_SA_GCM_ALGS(GCM_ALG) DP_SA_CBC_ALGS(CBC_ALG)};

/* Rekeying makes a new SA: a worker's cached key schedule is found by this id, never by address. */
static _Atomic uint64_t next_sa_id = 1;

const struct esp_alg_info *esp_alg_info(enum dp_sa_alg alg)
{
	return (unsigned)alg < DP_SA_ALG_COUNT && alg_table[alg].ai_cipher ? &alg_table[alg] : NULL;
}

int esp_sa_init(struct esp_sa *sa)
{
	const struct esp_alg_info *ai = esp_alg_info(sa->sa_alg);

	if (!ai || sa->sa_keylen != ai->ai_keylen + ai->ai_saltlen || sa->sa_auth_keylen != ai->ai_authkeylen)
		return -1;
	sa->sa_info = ai;
	sa->sa_id = atomic_fetch_add(&next_sa_id, 1);
	atomic_store(&sa->sa_seq_out, 0);
	atomic_store(&sa->sa_tx_owner, NULL);
	atomic_flag_clear(&sa->sa_replay_lock);
	esp_replay_reset(&sa->sa_replay);
	atomic_store(&sa->sa_packets, 0);
	atomic_store(&sa->sa_bytes, 0);
	return 0;
}

/* The window is held for a few instructions: a spinning waiter costs less than a sleeping one. */
static void esp_sa_lock(struct esp_sa *sa)
{
	while (atomic_flag_test_and_set_explicit(&sa->sa_replay_lock, memory_order_acquire))
		;
}

static void esp_sa_unlock(struct esp_sa *sa)
{
	atomic_flag_clear_explicit(&sa->sa_replay_lock, memory_order_release);
}

uint64_t esp_sa_replay_seq(struct esp_sa *sa, uint32_t seq_lo)
{
	uint64_t seq;

	esp_sa_lock(sa);
	seq = esp_replay_seq(&sa->sa_replay, seq_lo, sa->sa_esn);
	esp_sa_unlock(sa);
	return seq;
}

enum us_drop esp_sa_replay_update(struct esp_sa *sa, uint64_t seq)
{
	enum us_drop why;

	esp_sa_lock(sa);
	why = esp_replay_update(&sa->sa_replay, seq);
	esp_sa_unlock(sa);
	return why;
}

void esp_sa_count(struct esp_sa *sa, size_t len)
{
	atomic_fetch_add_explicit(&sa->sa_packets, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&sa->sa_bytes, len, memory_order_relaxed);
}

size_t esp_pad_len(const struct esp_alg_info *ai, size_t len)
{
	return (ai->ai_align - (len + ESP_TRAILER_LEN) % ai->ai_align) % ai->ai_align;
}

size_t esp_overhead(const struct esp_sa *sa, size_t len)
{
	const struct esp_alg_info *ai = sa->sa_info;

	return ESP_HDR_LEN + ai->ai_ivlen + esp_pad_len(ai, len) + ESP_TRAILER_LEN + ai->ai_icvlen;
}
