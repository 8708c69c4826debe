/*
 * libFuzzer harness: the input is one BGP message (UPDATE or any other),
 * decoded as a 4-octet AS session, a two-octet one and an external peer.
 * Whatever decodes short of a session reset is encoded again, and the
 * encoding must decode with no error but a missing well-known attribute
 * (which stays missing), print the same, and encode to the same octets: the
 * decoder keeps everything the encoder needs and the encoder writes nothing
 * the decoder would read differently. A crash, a leak, a sanitizer report or
 * an abort() here is a bug.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *text_of(const struct bgp_msg *m)
{
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		abort();
	bgp_msg_print(f, m);
	fclose(f);
	return text;
}

static void broken(const char *why, const struct bgp_msg *m)
{
	char *text = text_of(m);

	fprintf(stderr, "bgp round trip broken: %s\n%s", why, text);
	free(text);
	abort();
}

/* The only error an encoded message may still have: a mandatory attribute that was never there. */
static bool only_missing(const struct bgp_errors *errs)
{
	for (unsigned i = 0; i < errs->bes_count && i < BGP_ERRORS_MAX; i++)
		if (errs->bes_list[i].be_subcode != BGP_SUB_MISSING_WELL_KNOWN)
			return false;
	return errs->bes_count <= BGP_ERRORS_MAX;
}

/* Encodes m, decodes the octets into *back; aborts when either step fails. */
static size_t reencode(const struct bgp_msg *m, const struct bgp_codec *c, uint8_t *buf, struct bgp_msg *back)
{
	ssize_t len = bgp_msg_encode(m, c, buf, BGP_MSG_MAX);
	struct bgp_errors errs;

	if (len < 0)
		broken("a decoded message does not encode", m);
	if (bgp_msg_decode(buf, (size_t)len, c, back, &errs) != BGP_ACT_NONE && !only_missing(&errs)) {
		bgp_error_print(stderr, &errs.bes_worst);
		broken("an encoded message does not decode", m);
	}
	return (size_t)len;
}

static void round_trip(const uint8_t *data, size_t size, const struct bgp_codec *c)
{
	uint8_t first[BGP_MSG_MAX], second[BGP_MSG_MAX];
	struct bgp_msg m, back, again;
	struct bgp_errors errs;
	char *t1, *t2;
	size_t n1, n2;

	if (bgp_msg_decode(data, size, c, &m, &errs) == BGP_ACT_SESSION_RESET) {
		bgp_msg_free(&m);
		return;
	}
	n1 = reencode(&m, c, first, &back);
	t1 = text_of(&m);
	t2 = text_of(&back);
	if (strcmp(t1, t2) != 0) {
		fprintf(stderr, "decoded again:\n%s", t2);
		broken("decoding the encoding gives another message", &m);
	}
	n2 = reencode(&back, c, second, &again);
	if (n1 != n2 || memcmp(first, second, n1) != 0)
		broken("the encoding is not stable", &m);
	free(t1);
	free(t2);
	bgp_msg_free(&again);
	bgp_msg_free(&back);
	bgp_msg_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct bgp_codec codecs[] = {
	    {.bc_as4 = true}, {.bc_as4 = false}, {.bc_as4 = true, .bc_ebgp = true}};

	for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++)
		round_trip(data, size, &codecs[i]);
	return 0;
}
