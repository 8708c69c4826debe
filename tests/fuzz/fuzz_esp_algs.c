/*
 * libFuzzer harness: the first octet picks one of the ESP algorithms beyond
 * AES-GCM-128 and AES-CBC with HMAC-SHA-256 (AES-GCM-192/256, AES-CBC with
 * HMAC-SHA-384-192 and -512-256, whose longer ICVs move every length check);
 * the rest is an ESP packet (header, IV, ciphertext, ICV) handed to
 * esp_open with that SA, its window reset first so that the seeds (sealed
 * with the real encryptor, SA keys of tests/unit/us_fixture.c) decrypt
 * every time. The packet ends its buffer, so ASan catches a read past it.
 * An opened packet must be shorter than what came in; every drop must have
 * a name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/us_fixture.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum dp_sa_alg algs[] = {
    DP_SA_AES_GCM_192,	      DP_SA_AES_GCM_256,	DP_SA_AES_CBC_128_SHA384, DP_SA_AES_CBC_256_SHA384,
    DP_SA_AES_CBC_128_SHA512, DP_SA_AES_CBC_256_SHA512, DP_SA_AES_CBC_192_SHA256,
};
#define N_ALGS (sizeof(algs) / sizeof(algs[0]))

static struct esp_ctx *ctx;
static struct esp_sa sas[N_ALGS];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	ctx = esp_ctx_new();
	if (!ctx)
		abort();
	for (size_t i = 0; i < N_ALGS; i++)
		fx_sa(&sas[i], 0x2001 + (uint32_t)i, algs[i], ESP_MODE_TUNNEL, false);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct esp_sa *sa;
	uint8_t *buf, next;
	enum us_drop why;
	struct pkt p;

	if (size < 1)
		return 0;
	sa = &sas[data[0] % N_ALGS];
	esp_replay_reset(&sa->sa_replay);
	if (!(buf = malloc(FX_HEADROOM + size - 1)))
		abort();
	pkt_init(&p, buf, FX_HEADROOM + size - 1, FX_HEADROOM);
	memcpy(pkt_put(&p, size - 1), data + 1, size - 1);
	why = esp_open(ctx, sa, &p, &next);
	if (!strcmp(us_drop_name(why), "unknown") || (why == DROP_NONE && p.pkt_len >= size - 1))
		abort();
	free(buf);
	return 0;
}
