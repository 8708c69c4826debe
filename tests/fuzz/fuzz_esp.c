/*
 * libFuzzer harness: the input is an IPv4 packet given to esp_input, the
 * receive path of ESP (raw or in UDP 4500) with the corpus SAs of
 * tests/unit/us_fixture.c, whose windows are reset before each input so
 * that the valid seeds (written by us_pcapgen with the real encryptor)
 * reach decryption every time. The packet sits at the very end of its
 * buffer, so ASan catches any read past it. A packet esp_input accepts must
 * come out as a valid IPv4 packet; every drop must have a name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/ip4.h"
#include "tests/unit/us_fixture.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct esp_ctx *ctx;
static struct esp_sa sas[FX_CORPUS_SAS];
static struct fx_sadb db = {sas, FX_CORPUS_SAS};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	ctx = esp_ctx_new();
	if (!ctx)
		abort();
	for (size_t i = 0; i < FX_CORPUS_SAS; i++)
		fx_corpus_sa(&sas[i], i);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(FX_HEADROOM + size);
	struct esp_rx rx;
	enum us_drop why;
	struct pkt p;
	size_t hlen;

	if (!buf)
		abort();
	for (size_t i = 0; i < FX_CORPUS_SAS; i++)
		esp_replay_reset(&sas[i].sa_replay);
	pkt_init(&p, buf, FX_HEADROOM + size, FX_HEADROOM);
	memcpy(pkt_put(&p, size), data, size);
	why = esp_input(ctx, fx_lookup, &db, &p, &rx);
	if (!strcmp(us_drop_name(why), "unknown"))
		abort();
	if (why == DROP_NONE && rx.rx_kind == UDPENCAP_ESP && ip4_validate(p.pkt_data, p.pkt_len, &hlen) != DROP_NONE)
		abort();
	free(buf);
	return 0;
}
