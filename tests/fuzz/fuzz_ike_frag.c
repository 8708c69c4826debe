/*
 * libFuzzer harness: the input is a sequence of records fed to one IKE SA's
 * fragment reassembler (RFC 7383) in order. A record's first octet chooses:
 *   bit 0 clear: raw, a 2-octet length and that many octets of a datagram
 *     (decoded, then opened with the SA's keys: forgeries must be dropped);
 *   bit 0 set: sealed, Fragment Number, Total Fragments, Message ID (one
 *     octet each), the first inner payload, a 2-octet length and plaintext,
 *     made into an authentic SKF message here, so that hostile numbering,
 *     totals, duplicates and sizes reach the reassembly itself;
 *   bit 1 picks AES-GCM rather than AES-CBC with HMAC-SHA-256 for it.
 * A reassembled message must decode and open with the same keys into the
 * plaintext of its fragments' lengths. Any crash, leak or report is a bug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ike/ikev2_frag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REC_SEALED 0x01
#define REC_GCM	   0x02

static const uint8_t fuzz_key[32] = {0x42, 0x13, 0x37, 0x99, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
				     0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12,
				     0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c};

static int fuzz_keys(struct ikev2_sk_keys *k, bool gcm)
{
	*k = (struct ikev2_sk_keys){.sk_encr = ikev2_encr_alg(gcm ? IKEV2_ENCR_AES_GCM_16 : IKEV2_ENCR_AES_CBC),
				    .sk_key_len = 16,
				    .sk_integ = gcm ? NULL : ikev2_integ_alg(IKEV2_INTEG_HMAC_SHA2_256_128)};
	if (ikev2_secret_copy(&k->sk_ekey, fuzz_key, gcm ? 20 : 16) < 0)
		return -1;
	return gcm ? 0 : ikev2_secret_copy(&k->sk_akey, fuzz_key, 32);
}

/* The reassembled message must be an SK message that opens with k. */
static void check_whole(const struct ikev2_sk_keys *k, const struct ikev2_blob *whole)
{
	struct ikev2_secret plain = {0};
	struct ikev2_msg m;
	struct ikev2_err err;

	if (ikev2_msg_decode(whole->bl_data, whole->bl_len, &m, &err) < 0)
		abort();
	if (!m.m_pl || m.m_pl->pl_type != IKEV2_PL_SK ||
	    ikev2_msg_open(k, whole->bl_data, whole->bl_len, &m, &plain, &err) < 0)
		abort();
	ikev2_secret_free(&plain);
	ikev2_msg_fini(&m);
}

/* Hands one datagram to the reassembler. */
static void feed(struct ikev2_frag_rx **rx, const struct ikev2_sk_keys *k, const uint8_t *raw, size_t len,
		 struct ikev2_frag_stats *st)
{
	struct ikev2_blob whole = {0};
	struct ikev2_msg m;
	struct ikev2_err err;

	if (ikev2_msg_decode(raw, len, &m, &err) < 0)
		return;
	if (ikev2_frag_add(rx, k, &m, raw, len, &whole, st, &err) == IKEV2_FRAG_DONE)
		check_whole(k, &whole);
	ikev2_blob_free(&whole);
	ikev2_msg_fini(&m);
}

/* A sealed record: hdr is num, total, msgid, first payload; then the plaintext. */
static void feed_sealed(struct ikev2_frag_rx **rx, const struct ikev2_sk_keys *k, const uint8_t *hdr,
			const uint8_t *plain, size_t len, struct ikev2_frag_stats *st)
{
	struct ikev2_blob raw = {0};
	struct ikev2_msg m;
	struct ikev2_err err;
	struct ikev2_pl *skf;

	ikev2_msg_init(&m, 0x1111, 0x2222, IKEV2_EXCH_INFORMATIONAL, IKEV2_FLAG_INITIATOR, hdr[2]);
	if ((skf = ikev2_pl_add(&m.m_pl, IKEV2_PL_SKF))) {
		skf->pl_sk = (struct ikev2_sk){.sk_next = hdr[3], .sk_frag_num = hdr[0], .sk_frag_total = hdr[1]};
		if (ikev2_msg_seal(k, &m, plain, len, &raw, &err) == 0)
			feed(rx, k, raw.bl_data, raw.bl_len, st);
	}
	ikev2_blob_free(&raw);
	ikev2_msg_fini(&m);
}

/* The length of the record at data (0: too short), its body's offset in *body. */
static size_t record(const uint8_t *data, size_t size, size_t *body)
{
	size_t head = data[0] & REC_SEALED ? 7 : 3, len;

	if (size < head)
		return 0;
	len = (size_t)data[head - 2] << 8 | data[head - 1];
	if (len > size - head)
		len = size - head;
	*body = head;
	return head + len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ikev2_sk_keys cbc, gcm;
	struct ikev2_frag_rx *rx = NULL;
	struct ikev2_frag_stats st = {0};
	size_t used, body;

	if (fuzz_keys(&cbc, false) == 0 && fuzz_keys(&gcm, true) == 0)
		for (; size && (used = record(data, size, &body)); data += used, size -= used) {
			const struct ikev2_sk_keys *k = data[0] & REC_GCM ? &gcm : &cbc;

			if (data[0] & REC_SEALED)
				feed_sealed(&rx, k, data + 1, data + body, used - body, &st);
			else
				feed(&rx, k, data + body, used - body, &st);
		}
	ikev2_frag_rx_free(rx);
	ikev2_sk_keys_free(&cbc);
	ikev2_sk_keys_free(&gcm);
	return 0;
}
