/* Sending fragmented IKEv2 messages (RFC 7383 §2.5): SKF messages in a train. */
#include "ike/ikev2_frag.h"

#include <stdlib.h>
#include <string.h>

#define IPV4_HDR_LEN   20
#define UDP_HDR_LEN    8
#define NON_ESP_MARKER 4
#define SKF_HDR_LEN    8 /* generic header, Fragment Number, Total Fragments */
#define IKE_LEN_OFFSET 24

size_t ikev2_frag_msg_limit(size_t mtu, bool natt)
{
	size_t over = IPV4_HDR_LEN + UDP_HDR_LEN + (natt ? NON_ESP_MARKER : 0);

	return mtu > over ? mtu - over : 0;
}

size_t ikev2_frag_capacity(const struct ikev2_sk_keys *k, size_t limit)
{
	size_t icv = k->sk_encr->ea_aead ? k->sk_encr->ea_icv_len : k->sk_integ->ia_icv_len;
	size_t over = IKEV2_HDR_LEN + SKF_HDR_LEN + k->sk_encr->ea_iv_len + icv, block = k->sk_encr->ea_block;

	/* The ciphertext is whole blocks holding the plaintext and the pad length octet. */
	if (limit < over + block)
		return 0;
	return (limit - over) / block * block - 1;
}

static int append(struct ikev2_blob *train, const struct ikev2_blob *one)
{
	uint8_t *p = realloc(train->bl_data, train->bl_len + one->bl_len);

	if (!p)
		return -1;
	memcpy(p + train->bl_len, one->bl_data, one->bl_len);
	train->bl_data = p;
	train->bl_len += one->bl_len;
	return 0;
}

/* Fragment num of total, carrying len octets of plain, onto the train. */
static int seal_one(const struct ikev2_sk_keys *k, const struct ikev2_msg *hdr, uint8_t next, uint16_t num,
		    uint16_t total, const uint8_t *plain, size_t len, struct ikev2_blob *train, struct ikev2_err *err)
{
	struct ikev2_blob one = {0};
	struct ikev2_msg m;
	struct ikev2_pl *skf;
	int rc = -1;

	ikev2_msg_init(&m, hdr->m_spi_i, hdr->m_spi_r, hdr->m_exchange, hdr->m_flags, hdr->m_msgid);
	if (!(skf = ikev2_pl_add(&m.m_pl, IKEV2_PL_SKF)))
		*err = (struct ikev2_err){.e_what = "out of memory"};
	else {
		skf->pl_sk = (struct ikev2_sk){.sk_next = next, .sk_frag_num = num, .sk_frag_total = total};
		rc = ikev2_msg_seal(k, &m, plain, len, &one, err);
	}
	if (rc == 0 && append(train, &one) < 0) {
		*err = (struct ikev2_err){.e_what = "out of memory"};
		rc = -1;
	}
	ikev2_blob_free(&one);
	ikev2_msg_fini(&m);
	return rc;
}

int ikev2_frag_seal(const struct ikev2_sk_keys *k, const struct ikev2_msg *hdr, uint8_t first, const uint8_t *plain,
		    size_t len, size_t limit, struct ikev2_blob *train, struct ikev2_err *err)
{
	size_t per = ikev2_frag_capacity(k, limit), total = per ? (len + per - 1) / per : 0;

	*train = (struct ikev2_blob){0};
	if (total == 0 || total > IKEV2_FRAG_MAX) {
		*err = (struct ikev2_err){.e_payload = IKEV2_PL_SKF, .e_what = "message does not fit the fragments"};
		return -1;
	}
	for (size_t i = 0; i < total; i++) {
		size_t n = i + 1 < total ? per : len - i * per;

		/* §2.5: only the first fragment names the first inner payload */
		if (seal_one(k, hdr, i ? IKEV2_PL_NONE : first, (uint16_t)(i + 1), (uint16_t)total, plain + i * per, n,
			     train, err) < 0) {
			ikev2_blob_free(train);
			return -1;
		}
	}
	return 0;
}

int ikev2_train_next(const uint8_t *train, size_t len, size_t *off, const uint8_t **msg, size_t *msg_len)
{
	size_t left = len - *off, one = left;
	const uint8_t *p = train + *off;

	if (*off >= len)
		return 0;
	if (left >= IKEV2_HDR_LEN) {
		size_t said = (size_t)p[IKE_LEN_OFFSET] << 24 | (size_t)p[IKE_LEN_OFFSET + 1] << 16 |
			      (size_t)p[IKE_LEN_OFFSET + 2] << 8 | p[IKE_LEN_OFFSET + 3];

		if (said >= IKEV2_HDR_LEN && said <= left)
			one = said;
	}
	*msg = p;
	*msg_len = one;
	*off += one;
	return 1;
}

bool ikev2_frag_is_fragment(const struct ikev2_msg *m)
{
	return ikev2_pl_find(m->m_pl, IKEV2_PL_SKF) != NULL;
}
