/*
 * libFuzzer harness: the input is an IKEv2 message (UDP payload). It is
 * decoded; what decodes is encoded, decoded again and encoded again, and
 * both encodings must be equal (abort otherwise). The same input is also
 * read as the plaintext of an SK payload (first octet: the first payload
 * type), and a decoded message's SK or SKF payload is opened with fixed
 * AES-GCM and AES-CBC keys (the corpus holds messages sealed with them, so
 * the whole opening path runs). Any crash, leak or sanitizer report is a bug.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike/ikev2_keys.h"
#include "ike/ikev2_msg.h"
#include "ike/ikev2_sk.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef int decode_fn(const uint8_t *buf, size_t len, struct ikev2_msg *m, struct ikev2_err *err);
typedef int encode_fn(const struct ikev2_msg *m, struct ikev2_blob *out, struct ikev2_err *err);

static struct ikev2_ike_keys keys_gcm, keys_cbc;

/* The fixed keys: SKEYSEED and nonces of constant octets, SPIs 1 and 2. */
static void fuzz_keys(struct ikev2_ike_keys *k, uint16_t encr, uint16_t integ)
{
	static const uint8_t seed[32] = "ferry fuzz SKEYSEED, not secret";
	struct ikev2_suite suite;
	struct ikev2_secret skeyseed;

	if (ikev2_suite_init(&suite, encr, 256, IKEV2_PRF_HMAC_SHA2_256, integ) < 0 ||
	    ikev2_secret_copy(&skeyseed, seed, sizeof(seed)) < 0 ||
	    ikev2_ike_keys_derive(k, &suite, &skeyseed, ikev2_chunk(seed, 16), ikev2_chunk(seed + 16, 16), 1, 2) < 0)
		abort();
	ikev2_secret_free(&skeyseed);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_keys(&keys_gcm, IKEV2_ENCR_AES_GCM_16, IKEV2_INTEG_NONE);
	fuzz_keys(&keys_cbc, IKEV2_ENCR_AES_CBC, IKEV2_INTEG_HMAC_SHA2_256_128);
	return 0;
}

/* A payload chain as an SK payload's plaintext: the first octet names its first payload. */
static int chain_decode(const uint8_t *buf, size_t len, struct ikev2_msg *m, struct ikev2_err *err)
{
	*m = (struct ikev2_msg){0};
	return len ? ikev2_chain_decode(buf[0], buf + 1, len - 1, &m->m_pl, err) : -1;
}

static int chain_encode(const struct ikev2_msg *m, struct ikev2_blob *out, struct ikev2_err *err)
{
	struct ikev2_blob chain;
	uint8_t first;

	if (ikev2_chain_encode(m->m_pl, &chain, &first, err) < 0)
		return -1;
	out->bl_len = chain.bl_len + 1;
	if (!(out->bl_data = malloc(out->bl_len)))
		abort();
	out->bl_data[0] = first;
	if (chain.bl_len)
		memcpy(out->bl_data + 1, chain.bl_data, chain.bl_len);
	ikev2_blob_free(&chain);
	return 0;
}

/* decode(encode(m)) must encode to the same octets as m did. */
static void round_trip(const struct ikev2_msg *m, decode_fn *decode, encode_fn *encode)
{
	struct ikev2_blob first, second;
	struct ikev2_msg again;
	struct ikev2_err err;

	if (encode(m, &first, &err) < 0 || decode(first.bl_data, first.bl_len, &again, &err) < 0 ||
	    encode(&again, &second, &err) < 0) {
		fprintf(stderr, "round trip failed: %s (notify %u)\n", err.e_what, err.e_notify);
		abort();
	}
	if (first.bl_len != second.bl_len || memcmp(first.bl_data, second.bl_data, first.bl_len) != 0) {
		fprintf(stderr, "re-encoding differs (%zu and %zu octets)\n", first.bl_len, second.bl_len);
		abort();
	}
	ikev2_blob_free(&first);
	ikev2_blob_free(&second);
	ikev2_msg_fini(&again);
}

static void try_decode(const uint8_t *data, size_t size, decode_fn *decode, encode_fn *encode)
{
	struct ikev2_msg m;
	struct ikev2_err err;

	if (decode(data, size, &m, &err) < 0)
		return;
	round_trip(&m, decode, encode);
	ikev2_msg_fini(&m);
}

/* Opens the message's encrypted payload with one direction's keys; the plaintext goes through the chain decoder. */
static void try_open(const struct ikev2_sk_keys *k, const uint8_t *data, size_t size, const struct ikev2_msg *m)
{
	const struct ikev2_pl *last = m->m_pl;
	struct ikev2_secret plain;
	struct ikev2_msg inner = {0};
	struct ikev2_err err;

	if (ikev2_msg_open(k, data, size, m, &plain, &err) < 0)
		return;
	while (last->pl_next)
		last = last->pl_next;
	if (ikev2_chain_decode(last->pl_sk.sk_next, plain.se_data, plain.se_len, &inner.m_pl, &err) == 0)
		round_trip(&inner, chain_decode, chain_encode);
	ikev2_msg_fini(&inner);
	ikev2_secret_free(&plain);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ikev2_msg m;
	struct ikev2_err err;

	try_decode(data, size, ikev2_msg_decode, ikev2_msg_encode);
	try_decode(data, size, chain_decode, chain_encode);
	if (ikev2_msg_decode(data, size, &m, &err) < 0)
		return 0;
	if (ikev2_pl_find(m.m_pl, IKEV2_PL_SK) || ikev2_pl_find(m.m_pl, IKEV2_PL_SKF)) {
		try_open(&keys_gcm.ik_i2r, data, size, &m);
		try_open(&keys_gcm.ik_r2i, data, size, &m);
		try_open(&keys_cbc.ik_i2r, data, size, &m);
	}
	ikev2_msg_fini(&m);
	return 0;
}
