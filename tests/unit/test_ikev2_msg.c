/*
 * IKEv2 message codec: hand-checked bytes for the header and every payload
 * (RFC 7296 §3; the KE bytes are RFC 5903 §8.1's), round trips, truncation
 * at every length, unknown payloads (§2.5) and the errors they imply.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ike/ikev2_msg.h"

/* Encodes list as a payload chain and compares with want; decodes want and encodes it again. */
static struct ikev2_pl *check_chain(struct ikev2_pl *list, const uint8_t *want, size_t len)
{
	struct ikev2_blob out;
	struct ikev2_err err;
	struct ikev2_pl *back;
	uint8_t first;

	assert_int_equal(ikev2_chain_encode(list, &out, &first, &err), 0);
	assert_int_equal(out.bl_len, len);
	assert_memory_equal(out.bl_data, want, len);
	ikev2_blob_free(&out);
	assert_int_equal(ikev2_chain_decode(first, want, len, &back, &err), 0);
	assert_int_equal(ikev2_chain_encode(back, &out, &first, &err), 0);
	assert_int_equal(out.bl_len, len);
	assert_memory_equal(out.bl_data, want, len);
	ikev2_blob_free(&out);
	ikev2_pl_list_free(list);
	return back;
}

static struct ikev2_pl *decode_fails(uint8_t first, const uint8_t *buf, size_t len, uint16_t notify)
{
	struct ikev2_pl *list = (struct ikev2_pl *)1;
	struct ikev2_err err = {0};

	assert_int_equal(ikev2_chain_decode(first, buf, len, &list, &err), -1);
	assert_null(list);
	assert_int_equal(err.e_notify, notify);
	assert_non_null(err.e_what);
	return list;
}

static void blob(struct ikev2_blob *b, const void *data, size_t len)
{
	assert_int_equal(ikev2_blob_set(b, data, len), 0);
}

static void test_header(void **state)
{
	static const uint8_t want[] = {1,    2,	   3,	 4,    5,    6,	   7,	 8,    0xf1, 0xf2,
				       0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0x00, 0x20, 0x23, 0x28,
				       0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x1c};
	struct ikev2_msg m;
	struct ikev2_blob out;
	struct ikev2_err err;

	ikev2_msg_init(&m, 0x0102030405060708, 0xf1f2f3f4f5f6f7f8, IKEV2_EXCH_IKE_AUTH,
		       IKEV2_FLAG_RESPONSE | IKEV2_FLAG_INITIATOR, 7);
	assert_int_equal(ikev2_msg_encode(&m, &out, &err), 0);
	assert_int_equal(out.bl_len, sizeof(want));
	assert_memory_equal(out.bl_data, want, sizeof(want));
	ikev2_blob_free(&out);
	memset(&m, 0xee, sizeof(m));
	assert_int_equal(ikev2_msg_decode(want, sizeof(want), &m, &err), 0);
	assert_true(m.m_spi_i == 0x0102030405060708 && m.m_spi_r == 0xf1f2f3f4f5f6f7f8);
	assert_int_equal(m.m_version, IKEV2_VERSION);
	assert_int_equal(m.m_exchange, IKEV2_EXCH_IKE_AUTH);
	assert_int_equal(m.m_flags, IKEV2_FLAG_RESPONSE | IKEV2_FLAG_INITIATOR);
	assert_int_equal(m.m_msgid, 7);
	assert_null(m.m_pl);
}

/* §2.5: a higher minor version is accepted, another major is INVALID_MAJOR_VERSION. */
static void test_header_errors(void **state)
{
	uint8_t buf[28] = {[17] = 0x21, [18] = IKEV2_EXCH_INFORMATIONAL, [27] = 28};
	struct ikev2_msg m;
	struct ikev2_err err;
	uint8_t longer[29];

	assert_int_equal(ikev2_msg_decode(buf, sizeof(buf), &m, &err), 0);
	assert_int_equal(m.m_version, 0x21);
	buf[17] = 0x30;
	assert_int_equal(ikev2_msg_decode(buf, sizeof(buf), &m, &err), -1);
	assert_int_equal(err.e_notify, IKEV2_N_INVALID_MAJOR_VERSION);
	buf[17] = 0x20;
	buf[27] = 29; /* the length says more than the datagram holds */
	assert_int_equal(ikev2_msg_decode(buf, sizeof(buf), &m, &err), -1);
	assert_int_equal(err.e_notify, IKEV2_N_INVALID_SYNTAX);
	buf[27] = 28;
	memcpy(longer, buf, sizeof(buf));
	longer[28] = 0; /* one octet after the message */
	assert_int_equal(ikev2_msg_decode(longer, sizeof(longer), &m, &err), -1);
	assert_int_equal(err.e_notify, IKEV2_N_INVALID_SYNTAX);
	buf[27] = 27; /* shorter than a header */
	assert_int_equal(ikev2_msg_decode(buf, 27, &m, &err), -1);
	assert_int_equal(err.e_notify, IKEV2_N_INVALID_SYNTAX);
}

static const uint8_t sa_bytes[] = {
    0x00, 0x00, 0x00, 0x30,			    /* generic header: last, length 48 */
    0x00, 0x00, 0x00, 0x2c, 0x01, 0x01, 0x00, 0x04, /* last proposal, 44, #1, IKE, no SPI, 4 transforms */
    0x03, 0x00, 0x00, 0x0c, 0x01, 0x00, 0x00, 0x0c, /* ENCR AES-CBC */
    0x80, 0x0e, 0x01, 0x00,			    /* Key Length 256 (TV) */
    0x03, 0x00, 0x00, 0x08, 0x02, 0x00, 0x00, 0x05, /* PRF HMAC-SHA2-256 */
    0x03, 0x00, 0x00, 0x08, 0x03, 0x00, 0x00, 0x0c, /* INTEG HMAC-SHA2-256-128 */
    0x00, 0x00, 0x00, 0x08, 0x04, 0x00, 0x00, 0x13, /* last: DH group 19 */
};

static void sa_proposal(struct ikev2_proposal *p)
{
	static const struct ikev2_transform tr[] = {
	    {IKEV2_TRANS_ENCR, IKEV2_ENCR_AES_CBC, 256, false},
	    {IKEV2_TRANS_PRF, IKEV2_PRF_HMAC_SHA2_256, 0, false},
	    {IKEV2_TRANS_INTEG, IKEV2_INTEG_HMAC_SHA2_256_128, 0, false},
	    {IKEV2_TRANS_DH, IKEV2_DH_ECP_256, 0, false},
	};

	*p = (struct ikev2_proposal){.pr_num = 1, .pr_protocol = IKEV2_PROTO_IKE, .pr_ntr = 4};
	p->pr_tr = malloc(sizeof(tr));
	assert_non_null(p->pr_tr);
	memcpy(p->pr_tr, tr, sizeof(tr));
}

static void test_sa(void **state)
{
	struct ikev2_pl *list = NULL, *pl = ikev2_pl_add(&list, IKEV2_PL_SA);

	pl->pl_sa.sa_prop = calloc(1, sizeof(struct ikev2_proposal));
	pl->pl_sa.sa_nprop = 1;
	sa_proposal(&pl->pl_sa.sa_prop[0]);
	list = check_chain(list, sa_bytes, sizeof(sa_bytes));
	assert_int_equal(list->pl_sa.sa_nprop, 1);
	assert_int_equal(list->pl_sa.sa_prop[0].pr_ntr, 4);
	assert_int_equal(list->pl_sa.sa_prop[0].pr_tr[0].tr_keylen, 256);
	assert_int_equal(list->pl_sa.sa_prop[0].pr_tr[3].tr_id, IKEV2_DH_ECP_256);
	ikev2_pl_list_free(list);
}

/* An ESP proposal with an SPI, two proposals, and an attribute we do not know. */
static void test_sa_esp_and_unknown_attr(void **state)
{
	static const uint8_t esp[] = {
	    0x00, 0x00, 0x00, 0x30,			    /* 48 */
	    0x02, 0x00, 0x00, 0x14, 0x01, 0x03, 0x04, 0x01, /* more, 20, #1, ESP, SPI 4, 1 transform */
	    0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x08, /* SPI; last transform, 8 */
	    0x05, 0x00, 0x00, 0x00,			    /* ESN none */
	    0x00, 0x00, 0x00, 0x18, 0x02, 0x03, 0x00, 0x01, /* last, 24, #2, ESP, no SPI, 1 transform */
	    0x00, 0x00, 0x00, 0x10, 0x01, 0x00, 0x00, 0x14, /* last transform, 16, ENCR AES-GCM-16 */
	    0x00, 0x63, 0x00, 0x00, 0x80, 0x0e, 0x00, 0x80, /* TLV attribute 99 (empty), Key Length 128 */
	};
	struct ikev2_pl *list = NULL;
	struct ikev2_err err;
	struct ikev2_proposal *p;

	assert_int_equal(ikev2_chain_decode(IKEV2_PL_SA, esp, sizeof(esp), &list, &err), 0);
	assert_int_equal(list->pl_sa.sa_nprop, 2);
	p = list->pl_sa.sa_prop;
	assert_int_equal(p[0].pr_spi.bl_len, 4);
	assert_int_equal(p[0].pr_spi.bl_data[0], 0xca);
	assert_int_equal(p[0].pr_tr[0].tr_type, IKEV2_TRANS_ESN);
	assert_false(p[0].pr_tr[0].tr_unknown_attr);
	assert_int_equal(p[1].pr_num, 2);
	assert_true(p[1].pr_tr[0].tr_unknown_attr);
	assert_int_equal(p[1].pr_tr[0].tr_keylen, 128);
	ikev2_pl_list_free(list);
}

static void test_sa_errors(void **state)
{
	uint8_t bad[sizeof(sa_bytes)];

	memcpy(bad, sa_bytes, sizeof(bad));
	bad[11] = 3; /* three transforms counted, four present (the third says "more") */
	decode_fails(IKEV2_PL_SA, bad, sizeof(bad), IKEV2_N_INVALID_SYNTAX);
	memcpy(bad, sa_bytes, sizeof(bad));
	bad[12] = 7; /* a last-substructure value that is neither 0 nor 3 */
	decode_fails(IKEV2_PL_SA, bad, sizeof(bad), IKEV2_N_INVALID_SYNTAX);
	memcpy(bad, sa_bytes, sizeof(bad));
	bad[7] = 0x2b; /* proposal one octet shorter than its transforms */
	decode_fails(IKEV2_PL_SA, bad, sizeof(bad), IKEV2_N_INVALID_SYNTAX);
	memcpy(bad, sa_bytes, sizeof(bad));
	bad[3] = 4; /* SA payload without proposals */
	decode_fails(IKEV2_PL_SA, bad, 4, IKEV2_N_INVALID_SYNTAX);
}

/* RFC 5903 §8.1's KEi payload, copied from the RFC. */
static const uint8_t rfc5903_kei[] = {
    0x00, 0x00, 0x00, 0x48, 0x00, 0x13, 0x00, 0x00, 0xDA, 0xD0, 0xB6, 0x53, 0x94, 0x22, 0x1C, 0xF9, 0xB0, 0x51,
    0xE1, 0xFE, 0xCA, 0x57, 0x87, 0xD0, 0x98, 0xDF, 0xE6, 0x37, 0xFC, 0x90, 0xB9, 0xEF, 0x94, 0x5D, 0x0C, 0x37,
    0x72, 0x58, 0x11, 0x80, 0x52, 0x71, 0xA0, 0x46, 0x1C, 0xDB, 0x82, 0x52, 0xD6, 0x1F, 0x1C, 0x45, 0x6F, 0xA3,
    0xE5, 0x9A, 0xB1, 0xF4, 0x5B, 0x33, 0xAC, 0xCF, 0x5F, 0x58, 0x38, 0x9E, 0x05, 0x77, 0xB8, 0x99, 0x0B, 0xB3,
};

static void test_ke(void **state)
{
	struct ikev2_pl *list = NULL, *pl = ikev2_pl_add(&list, IKEV2_PL_KE);

	pl->pl_ke.ke_group = IKEV2_DH_ECP_256;
	blob(&pl->pl_ke.ke_data, rfc5903_kei + 8, 64);
	list = check_chain(list, rfc5903_kei, sizeof(rfc5903_kei));
	assert_int_equal(list->pl_ke.ke_group, 19);
	assert_int_equal(list->pl_ke.ke_data.bl_len, 64);
	ikev2_pl_list_free(list);
}

static void test_id(void **state)
{
	static const uint8_t want[] = {0x24, 0x00, 0x00, 0x13, 0x02, 0x00, 0x00, 0x00, 'h', 'u', 'b', '.',
				       'e',  'x',  'a',	 'm',  'p',  'l',  'e', /* IDi FQDN, then IDr: */
				       0x00, 0x00, 0x00, 0x0c, 0x01, 0x00, 0x00, 0x00, 10,  0,	 0,   1};
	static const uint8_t rest_of_id[] = {0x02, 0x00, 0x00, 0x00, 'h', 'u', 'b', '.',
					     'e',  'x',	 'a',  'm',  'p', 'l', 'e'};
	static const uint8_t short_addr[] = {0x00, 0x00, 0x00, 0x0b, 0x01, 0x00, 0x00, 0x00, 10, 0, 0};
	struct ikev2_pl *list = NULL, *pl = ikev2_pl_add(&list, IKEV2_PL_IDI);
	struct ikev2_blob body;
	struct ikev2_err err;

	pl->pl_id.id_type = IKEV2_ID_FQDN;
	blob(&pl->pl_id.id_data, "hub.example", 11);
	pl = ikev2_pl_add(&list, IKEV2_PL_IDR);
	pl->pl_id.id_type = IKEV2_ID_IPV4_ADDR;
	blob(&pl->pl_id.id_data, "\x0a\x00\x00\x01", 4);
	list = check_chain(list, want, sizeof(want));
	assert_int_equal(list->pl_type, IKEV2_PL_IDI);
	assert_int_equal(list->pl_next->pl_type, IKEV2_PL_IDR);
	/* §2.15 signs the ID payload's body: RestOfInitIDPayload */
	assert_int_equal(ikev2_pl_body_encode(list, &body, &err), 0);
	assert_int_equal(body.bl_len, sizeof(rest_of_id));
	assert_memory_equal(body.bl_data, rest_of_id, sizeof(rest_of_id));
	ikev2_blob_free(&body);
	ikev2_pl_list_free(list);
	decode_fails(IKEV2_PL_IDR, short_addr, sizeof(short_addr), IKEV2_N_INVALID_SYNTAX);
}

static void test_cert_certreq(void **state)
{
	static const uint8_t want[] = {0x26, 0x00, 0x00, 0x07, 0x04, 0xde, 0xad, /* CERT X.509 signature */
				       0x00, 0x00, 0x00, 0x05, 0x04};		 /* CERTREQ without CAs */
	struct ikev2_pl *list = NULL, *pl = ikev2_pl_add(&list, IKEV2_PL_CERT);

	pl->pl_cert.ce_encoding = IKEV2_CERT_X509_SIGNATURE;
	blob(&pl->pl_cert.ce_data, "\xde\xad", 2);
	pl = ikev2_pl_add(&list, IKEV2_PL_CERTREQ);
	pl->pl_cert.ce_encoding = IKEV2_CERT_X509_SIGNATURE;
	list = check_chain(list, want, sizeof(want));
	assert_int_equal(list->pl_cert.ce_data.bl_len, 2);
	assert_int_equal(list->pl_next->pl_cert.ce_data.bl_len, 0);
	ikev2_pl_list_free(list);
}

/* RFC 7427 §3: method 14 carries the AlgorithmIdentifier's length and DER before the signature. */
static const uint8_t sha256_rsa_alg[] = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
					 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00};

static void test_auth(void **state)
{
	static const uint8_t want[] = {0x27, 0x00, 0x00, 0x1a, 0x0e, 0x00, 0x00, 0x00, 0x0f, 0x30, 0x0d, 0x06, 0x09,
				       0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00, 0xaa, 0xbb,
				       /* then a shared key MIC */
				       0x00, 0x00, 0x00, 0x0a, 0x02, 0x00, 0x00, 0x00, 0x11, 0x22};
	struct ikev2_pl *list = NULL, *pl = ikev2_pl_add(&list, IKEV2_PL_AUTH);

	pl->pl_auth.au_method = IKEV2_AUTH_DIGITAL_SIGNATURE;
	blob(&pl->pl_auth.au_alg, sha256_rsa_alg, sizeof(sha256_rsa_alg));
	blob(&pl->pl_auth.au_data, "\xaa\xbb", 2);
	pl = ikev2_pl_add(&list, IKEV2_PL_AUTH);
	pl->pl_auth.au_method = IKEV2_AUTH_SHARED_KEY_MIC;
	blob(&pl->pl_auth.au_data, "\x11\x22", 2);
	list = check_chain(list, want, sizeof(want));
	assert_int_equal(list->pl_auth.au_alg.bl_len, 15);
	assert_memory_equal(list->pl_auth.au_alg.bl_data, sha256_rsa_alg, 15);
	assert_int_equal(list->pl_auth.au_data.bl_len, 2);
	assert_int_equal(list->pl_next->pl_auth.au_alg.bl_len, 0);
	ikev2_pl_list_free(list);
	/* an AlgorithmIdentifier length past the payload */
	decode_fails(IKEV2_PL_AUTH, (const uint8_t *)"\x00\x00\x00\x0a\x0e\x00\x00\x00\x05\x30", 10,
		     IKEV2_N_INVALID_SYNTAX);
}

static void test_nonce(void **state)
{
	uint8_t want[4 + 16] = {0x00, 0x00, 0x00, 0x14}, nonce[16];
	struct ikev2_pl *list = NULL, *pl = ikev2_pl_add(&list, IKEV2_PL_NONCE);

	for (int i = 0; i < 16; i++)
		nonce[i] = want[4 + i] = (uint8_t)i;
	blob(&pl->pl_data, nonce, sizeof(nonce));
	list = check_chain(list, want, sizeof(want));
	ikev2_pl_list_free(list);
	want[3] = 0x13; /* §3.9: a 15-octet nonce is too short */
	decode_fails(IKEV2_PL_NONCE, want, sizeof(want) - 1, IKEV2_N_INVALID_SYNTAX);
}

static void test_notify(void **state)
{
	static const uint8_t want[] = {0x29, 0x00, 0x00, 0x0c, 0x03, 0x04, 0x40, 0x09, 0x11, 0x22, 0x33, 0x44,
				       /* REKEY_SA for ESP SPI 0x11223344, then COOKIE */
				       0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x40, 0x06, 0xc0, 0x0c};
	struct ikev2_pl *list = NULL, *pl = ikev2_pl_add(&list, IKEV2_PL_NOTIFY);

	pl->pl_notify = (struct ikev2_notify){.no_protocol = IKEV2_PROTO_ESP, .no_type = IKEV2_N_REKEY_SA};
	blob(&pl->pl_notify.no_spi, "\x11\x22\x33\x44", 4);
	pl = ikev2_pl_add(&list, IKEV2_PL_NOTIFY);
	pl->pl_notify.no_type = IKEV2_N_COOKIE;
	blob(&pl->pl_notify.no_data, "\xc0\x0c", 2);
	list = check_chain(list, want, sizeof(want));
	assert_ptr_equal(ikev2_notify_find(list, IKEV2_N_COOKIE), list->pl_next);
	assert_ptr_equal(ikev2_notify_find(list, IKEV2_N_REKEY_SA), list);
	assert_null(ikev2_notify_find(list, IKEV2_N_USE_TRANSPORT_MODE));
	assert_int_equal(list->pl_notify.no_spi.bl_len, 4);
	assert_string_equal(ikev2_notify_name(IKEV2_N_NAT_DETECTION_DESTINATION_IP), "NAT_DETECTION_DESTINATION_IP");
	assert_string_equal(ikev2_notify_name(IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD), "UNSUPPORTED_CRITICAL_PAYLOAD");
	ikev2_pl_list_free(list);
	/* an SPI size beyond the payload */
	decode_fails(IKEV2_PL_NOTIFY, (const uint8_t *)"\x00\x00\x00\x09\x03\x08\x40\x09\x01", 9,
		     IKEV2_N_INVALID_SYNTAX);
}

static void test_delete(void **state)
{
	static const uint8_t want[] = {0x00, 0x00, 0x00, 0x10, 0x03, 0x04, 0x00, 0x02,
				       0xaa, 0xaa, 0xaa, 0xaa, 0xbb, 0xbb, 0xbb, 0xbb};
	struct ikev2_pl *list = NULL, *pl = ikev2_pl_add(&list, IKEV2_PL_DELETE);

	pl->pl_delete = (struct ikev2_delete){.de_protocol = IKEV2_PROTO_ESP, .de_spi_size = 4, .de_nspi = 2};
	blob(&pl->pl_delete.de_spis, "\xaa\xaa\xaa\xaa\xbb\xbb\xbb\xbb", 8);
	list = check_chain(list, want, sizeof(want));
	assert_int_equal(list->pl_delete.de_nspi, 2);
	ikev2_pl_list_free(list);
	/* three SPIs counted, two present */
	decode_fails(IKEV2_PL_DELETE,
		     (const uint8_t *)"\x00\x00\x00\x10\x03\x04\x00\x03\xaa\xaa\xaa\xaa\xbb\xbb\xbb\xbb", 16,
		     IKEV2_N_INVALID_SYNTAX);
}

static void test_vendor_eap(void **state)
{
	static const uint8_t want[] = {0x30, 0x00, 0x00, 0x09, 'f',  'e',  'r',	 'r',  'y', /* V, then EAP */
				       0x00, 0x00, 0x00, 0x09, 0x01, 0x02, 0x00, 0x05, 0x01};
	struct ikev2_pl *list = NULL, *pl = ikev2_pl_add(&list, IKEV2_PL_VENDOR);

	blob(&pl->pl_data, "ferry", 5);
	pl = ikev2_pl_add(&list, IKEV2_PL_EAP);
	blob(&pl->pl_data, "\x01\x02\x00\x05\x01", 5);
	list = check_chain(list, want, sizeof(want));
	assert_int_equal(list->pl_next->pl_data.bl_len, 5);
	ikev2_pl_list_free(list);
}

static void test_ts(void **state)
{
	static const uint8_t want[] = {0x00, 0x00, 0x00, 0x18, 0x01, 0x00, 0x00, 0x00, /* one selector */
				       0x07, 0x2f, 0x00, 0x10, 0x00, 0x00, 0xff, 0xff, /* IPv4, GRE, 16, ports */
				       10,   0,	   0,	 1,    10,   0,	   0,	 1};
	static const uint8_t with_unknown[] = {
	    0x00, 0x00, 0x00, 0x1e, 0x02, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x06, 0xee, 0xee, /* type 10, skipped */
	    0x07, 0x00, 0x00, 0x10, 0x00, 0x00, 0xff, 0xff, 0,	  0,	0,    0,    255,  255,	255, 255};
	struct ikev2_pl *list = NULL, *pl = ikev2_pl_add(&list, IKEV2_PL_TSI);
	struct ikev2_ts *ts = calloc(1, sizeof(*ts));
	struct ikev2_err err;

	*ts = (struct ikev2_ts){.ts_type = IKEV2_TS_IPV4_ADDR_RANGE,
				.ts_proto = 47,
				.ts_port_end = 65535,
				.ts_addr_start = {10, 0, 0, 1},
				.ts_addr_end = {10, 0, 0, 1}};
	pl->pl_ts = (struct ikev2_tsp){.tsp_ts = ts, .tsp_nts = 1};
	list = check_chain(list, want, sizeof(want));
	assert_int_equal(list->pl_ts.tsp_ts[0].ts_proto, 47);
	assert_memory_equal(list->pl_ts.tsp_ts[0].ts_addr_end, "\x0a\x00\x00\x01", 4);
	ikev2_pl_list_free(list);
	assert_int_equal(ikev2_chain_decode(IKEV2_PL_TSR, with_unknown, sizeof(with_unknown), &list, &err), 0);
	assert_int_equal(list->pl_ts.tsp_nts, 1);
	assert_int_equal(list->pl_ts.tsp_ts[0].ts_addr_end[3], 255);
	ikev2_pl_list_free(list);
	/* a selector whose length is shorter than an IPv4 range */
	decode_fails(IKEV2_PL_TSI, (const uint8_t *)"\x00\x00\x00\x10\x01\x00\x00\x00\x07\x00\x00\x08\x00\x00\xff\xff",
		     16, IKEV2_N_INVALID_SYNTAX);
}

static void test_cp(void **state)
{
	static const uint8_t want[] = {0x00, 0x00, 0x00, 0x16, 0x01, 0x00, 0x00, 0x00, /* CFG_REQUEST */
				       0x00, 0x01, 0x00, 0x00,			       /* INTERNAL_IP4_ADDRESS */
				       0x00, 0x03, 0x00, 0x00,			       /* INTERNAL_IP4_DNS */
				       0x70, 0x03, 0x00, 0x02, 'a',  'b'};	       /* Cisco private, raw */
	static const uint8_t reply[] = {0x00, 0x00, 0x00, 0x1c, 0x02, 0x00, 0x00, 0x00, 0x80, 0x01, 0x00, 0x04, 10, 1,
					1,    5,    0x00, 0x0d, 0x00, 0x08, 10,	  2,	0,    0,    255,  255,	0,  0};
	struct ikev2_pl *list = NULL, *pl = ikev2_pl_add(&list, IKEV2_PL_CP);
	struct ikev2_err err;

	pl->pl_cp.cp_type = IKEV2_CFG_REQUEST;
	pl->pl_cp.cp_attr = calloc(3, sizeof(struct ikev2_cfg_attr));
	pl->pl_cp.cp_nattr = 3;
	pl->pl_cp.cp_attr[0].ca_type = IKEV2_CFG_INTERNAL_IP4_ADDRESS;
	pl->pl_cp.cp_attr[1].ca_type = IKEV2_CFG_INTERNAL_IP4_DNS;
	pl->pl_cp.cp_attr[2].ca_type = 0x7003;
	blob(&pl->pl_cp.cp_attr[2].ca_value, "ab", 2);
	list = check_chain(list, want, sizeof(want));
	assert_int_equal(list->pl_cp.cp_nattr, 3);
	assert_int_equal(list->pl_cp.cp_attr[2].ca_type, 0x7003);
	ikev2_pl_list_free(list);
	/* a reply with the reserved bit set on the first attribute: ignored (§3.15.1) */
	assert_int_equal(ikev2_chain_decode(IKEV2_PL_CP, reply, sizeof(reply), &list, &err), 0);
	assert_int_equal(list->pl_cp.cp_type, IKEV2_CFG_REPLY);
	assert_int_equal(list->pl_cp.cp_attr[0].ca_type, IKEV2_CFG_INTERNAL_IP4_ADDRESS);
	assert_memory_equal(list->pl_cp.cp_attr[0].ca_value.bl_data, "\x0a\x01\x01\x05", 4);
	assert_int_equal(list->pl_cp.cp_attr[1].ca_type, IKEV2_CFG_INTERNAL_IP4_SUBNET);
	ikev2_pl_list_free(list);
	/* an address of 3 octets */
	decode_fails(IKEV2_PL_CP, (const uint8_t *)"\x00\x00\x00\x0f\x02\x00\x00\x00\x00\x01\x00\x03\x0a\x01\x01", 15,
		     IKEV2_N_INVALID_SYNTAX);
}

static void test_sk_skf(void **state)
{
	static const uint8_t sk[] = {0x23, 0x00, 0x00, 0x0c, 1, 2, 3, 4, 5, 6, 7, 8}; /* first inside: IDi */
	static const uint8_t skf[] = {0x23, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00, 0x02, 1, 2, 3, 4, 5, 6, 7, 8};
	struct ikev2_pl *list = NULL, *pl = ikev2_pl_add(&list, IKEV2_PL_SK);
	struct ikev2_sk_parts parts;
	struct ikev2_err err;
	uint8_t bad[sizeof(skf)];

	pl->pl_sk.sk_next = IKEV2_PL_IDI;
	blob(&pl->pl_sk.sk_body, sk + 4, 8);
	list = check_chain(list, sk, sizeof(sk));
	assert_int_equal(list->pl_sk.sk_next, IKEV2_PL_IDI);
	assert_int_equal(ikev2_sk_split(&list->pl_sk, 2, 3, &parts, &err), 0);
	assert_int_equal(parts.sp_iv[0], 1);
	assert_int_equal(parts.sp_ct_len, 3);
	assert_int_equal(parts.sp_ct[0], 3);
	assert_int_equal(parts.sp_icv[0], 6);
	assert_int_equal(ikev2_sk_split(&list->pl_sk, 8, 1, &parts, &err), -1);
	assert_int_equal(err.e_notify, IKEV2_N_INVALID_SYNTAX);
	ikev2_pl_list_free(list);
	list = NULL;
	pl = ikev2_pl_add(&list, IKEV2_PL_SKF);
	pl->pl_sk = (struct ikev2_sk){.sk_next = IKEV2_PL_IDI, .sk_frag_num = 1, .sk_frag_total = 2};
	blob(&pl->pl_sk.sk_body, skf + 8, 8);
	list = check_chain(list, skf, sizeof(skf));
	assert_int_equal(list->pl_sk.sk_frag_total, 2);
	ikev2_pl_list_free(list);
	memcpy(bad, skf, sizeof(bad));
	bad[5] = 3; /* fragment 3 of 2 */
	decode_fails(IKEV2_PL_SKF, bad, sizeof(bad), IKEV2_N_INVALID_SYNTAX);
}

/* The encrypted payload ends the chain: nothing may follow it, in either direction. */
static void test_sk_last(void **state)
{
	static const uint8_t after[] = {0x23, 0x00, 0x00, 0x05, 0x01, 0x00, 0x00, 0x00, 0x04};
	struct ikev2_pl *list = NULL;
	struct ikev2_blob out;
	struct ikev2_err err;
	uint8_t first;

	ikev2_pl_add(&list, IKEV2_PL_SK);
	ikev2_pl_add(&list, IKEV2_PL_VENDOR);
	assert_int_equal(ikev2_chain_encode(list, &out, &first, &err), -1);
	assert_int_equal(err.e_notify, IKEV2_N_INVALID_SYNTAX);
	ikev2_pl_list_free(list);
	decode_fails(IKEV2_PL_SK, after, sizeof(after), IKEV2_N_INVALID_SYNTAX);
}

/* §2.5: unknown payloads are skipped unless critical; critical ones are UNSUPPORTED_CRITICAL_PAYLOAD. */
static void test_unknown_payloads(void **state)
{
	uint8_t chain[] = {0x63, 0x00, 0x00, 0x05, 'v',	       /* V; next: type 99 */
			   0x2b, 0x00, 0x00, 0x06, 0xee, 0xee, /* 99, not critical; next: V */
			   0x00, 0x00, 0x00, 0x05, 'w'};
	struct ikev2_pl *list;
	struct ikev2_err err;

	assert_int_equal(ikev2_chain_decode(IKEV2_PL_VENDOR, chain, sizeof(chain), &list, &err), 0);
	assert_int_equal(list->pl_type, IKEV2_PL_VENDOR);
	assert_int_equal(list->pl_next->pl_type, IKEV2_PL_VENDOR);
	assert_int_equal(list->pl_next->pl_data.bl_data[0], 'w');
	assert_null(list->pl_next->pl_next);
	ikev2_pl_list_free(list);
	chain[6] = IKEV2_CRITICAL;
	assert_int_equal(ikev2_chain_decode(IKEV2_PL_VENDOR, chain, sizeof(chain), &list, &err), -1);
	assert_int_equal(err.e_notify, IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD);
	assert_int_equal(err.e_payload, 99);
	/* the critical bit of a payload we know is kept, not an error */
	chain[1] = IKEV2_CRITICAL;
	chain[6] = 0;
	assert_int_equal(ikev2_chain_decode(IKEV2_PL_VENDOR, chain, sizeof(chain), &list, &err), 0);
	assert_true(list->pl_critical);
	ikev2_pl_list_free(list);
}

/* An IKE_AUTH-like message with every kind of payload in clear (as one inside SK would be). */
static void build_all(struct ikev2_msg *m)
{
	static const uint8_t nonce[32] = {1};
	struct ikev2_pl *pl;

	ikev2_msg_init(m, 0x1111111111111111, 0x2222222222222222, IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_INITIATOR, 1);
	pl = ikev2_pl_add(&m->m_pl, IKEV2_PL_SA);
	pl->pl_sa.sa_prop = calloc(1, sizeof(struct ikev2_proposal));
	pl->pl_sa.sa_nprop = 1;
	sa_proposal(pl->pl_sa.sa_prop);
	pl = ikev2_pl_add(&m->m_pl, IKEV2_PL_KE);
	pl->pl_ke.ke_group = IKEV2_DH_ECP_256;
	blob(&pl->pl_ke.ke_data, rfc5903_kei + 8, 64);
	pl = ikev2_pl_add(&m->m_pl, IKEV2_PL_NONCE);
	blob(&pl->pl_data, nonce, sizeof(nonce));
	pl = ikev2_pl_add(&m->m_pl, IKEV2_PL_IDI);
	pl->pl_id.id_type = IKEV2_ID_DER_ASN1_DN;
	blob(&pl->pl_id.id_data, "\x30\x00", 2);
	pl = ikev2_pl_add(&m->m_pl, IKEV2_PL_CERT);
	pl->pl_cert.ce_encoding = IKEV2_CERT_X509_SIGNATURE;
	blob(&pl->pl_cert.ce_data, "\x30\x03\x02\x01\x00", 5);
	pl = ikev2_pl_add(&m->m_pl, IKEV2_PL_AUTH);
	pl->pl_auth.au_method = IKEV2_AUTH_DIGITAL_SIGNATURE;
	blob(&pl->pl_auth.au_alg, sha256_rsa_alg, sizeof(sha256_rsa_alg));
	blob(&pl->pl_auth.au_data, nonce, sizeof(nonce));
	pl = ikev2_pl_add(&m->m_pl, IKEV2_PL_NOTIFY);
	pl->pl_notify.no_type = IKEV2_N_USE_TRANSPORT_MODE;
	pl = ikev2_pl_add(&m->m_pl, IKEV2_PL_CP);
	pl->pl_cp.cp_type = IKEV2_CFG_REQUEST;
	pl->pl_cp.cp_attr = calloc(1, sizeof(struct ikev2_cfg_attr));
	pl->pl_cp.cp_nattr = 1;
	pl->pl_cp.cp_attr[0].ca_type = IKEV2_CFG_INTERNAL_IP4_ADDRESS;
	pl = ikev2_pl_add(&m->m_pl, IKEV2_PL_TSI);
	pl->pl_ts.tsp_ts = calloc(1, sizeof(struct ikev2_ts));
	pl->pl_ts.tsp_nts = 1;
	pl->pl_ts.tsp_ts[0] = (struct ikev2_ts){.ts_type = IKEV2_TS_IPV6_ADDR_RANGE, .ts_port_end = 65535};
	pl = ikev2_pl_add(&m->m_pl, IKEV2_PL_DELETE);
	pl->pl_delete.de_protocol = IKEV2_PROTO_IKE;
	pl = ikev2_pl_add(&m->m_pl, IKEV2_PL_SKF);
	pl->pl_sk = (struct ikev2_sk){.sk_next = IKEV2_PL_NONE, .sk_frag_num = 2, .sk_frag_total = 2};
	blob(&pl->pl_sk.sk_body, nonce, 16);
}

static void test_round_trip(void **state)
{
	struct ikev2_msg m, back;
	struct ikev2_blob out, again;
	struct ikev2_err err;

	build_all(&m);
	assert_int_equal(ikev2_msg_encode(&m, &out, &err), 0);
	assert_int_equal(ikev2_msg_decode(out.bl_data, out.bl_len, &back, &err), 0);
	assert_int_equal(ikev2_msg_encode(&back, &again, &err), 0);
	assert_int_equal(again.bl_len, out.bl_len);
	assert_memory_equal(again.bl_data, out.bl_data, out.bl_len);
	assert_int_equal(back.m_msgid, 1);
	assert_non_null(ikev2_pl_find(back.m_pl, IKEV2_PL_CP));
	assert_int_equal(ikev2_pl_find(back.m_pl, IKEV2_PL_TSI)->pl_ts.tsp_ts[0].ts_port_end, 65535);
	assert_int_equal(ikev2_pl_find(back.m_pl, IKEV2_PL_SKF)->pl_sk.sk_frag_num, 2);
	ikev2_blob_free(&out);
	ikev2_blob_free(&again);
	ikev2_msg_fini(&m);
	ikev2_msg_fini(&back);
}

/* Every prefix, with the header's length made to agree, is an error and never a read past the end. */
static void test_truncation(void **state)
{
	struct ikev2_msg m;
	struct ikev2_blob out;
	struct ikev2_err err;

	build_all(&m);
	assert_int_equal(ikev2_msg_encode(&m, &out, &err), 0);
	ikev2_msg_fini(&m);
	for (size_t len = 0; len < out.bl_len; len++) {
		uint8_t *cut = malloc(len ? len : 1); /* exactly len octets, so sanitizers see overreads */
		memcpy(cut, out.bl_data, len);
		if (len >= IKEV2_HDR_LEN)
			cut[27] = (uint8_t)len, cut[26] = (uint8_t)(len >> 8);
		assert_int_equal(ikev2_msg_decode(cut, len, &m, &err), -1);
		assert_int_equal(err.e_notify, IKEV2_N_INVALID_SYNTAX);
		assert_null(m.m_pl);
		free(cut);
	}
	ikev2_blob_free(&out);
}

/* What cannot be put on the wire is refused, not truncated. */
static void test_encode_errors(void **state)
{
	struct ikev2_pl *list = NULL, *pl = ikev2_pl_add(&list, IKEV2_PL_NOTIFY);
	static uint8_t big[70000];
	struct ikev2_blob out;
	struct ikev2_err err;
	uint8_t first;

	blob(&pl->pl_notify.no_spi, big, 256); /* an SPI size field holds 255 */
	assert_int_equal(ikev2_chain_encode(list, &out, &first, &err), -1);
	ikev2_blob_free(&pl->pl_notify.no_spi);
	blob(&pl->pl_notify.no_data, big, sizeof(big)); /* a payload length holds 65535 */
	assert_int_equal(ikev2_chain_encode(list, &out, &first, &err), -1);
	assert_int_equal(err.e_notify, IKEV2_N_INVALID_SYNTAX);
	ikev2_pl_list_free(list);
	list = NULL;
	ikev2_pl_add(&list, IKEV2_PL_SA); /* no proposal */
	assert_int_equal(ikev2_chain_encode(list, &out, &first, &err), -1);
	ikev2_pl_list_free(list);
	list = NULL;
	ikev2_pl_add(&list, 99); /* no layout */
	assert_int_equal(ikev2_chain_encode(list, &out, &first, &err), -1);
	ikev2_pl_list_free(list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_header),
	    cmocka_unit_test(test_header_errors),
	    cmocka_unit_test(test_sa),
	    cmocka_unit_test(test_sa_esp_and_unknown_attr),
	    cmocka_unit_test(test_sa_errors),
	    cmocka_unit_test(test_ke),
	    cmocka_unit_test(test_id),
	    cmocka_unit_test(test_cert_certreq),
	    cmocka_unit_test(test_auth),
	    cmocka_unit_test(test_nonce),
	    cmocka_unit_test(test_notify),
	    cmocka_unit_test(test_delete),
	    cmocka_unit_test(test_vendor_eap),
	    cmocka_unit_test(test_ts),
	    cmocka_unit_test(test_cp),
	    cmocka_unit_test(test_sk_skf),
	    cmocka_unit_test(test_sk_last),
	    cmocka_unit_test(test_unknown_payloads),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_truncation),
	    cmocka_unit_test(test_encode_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
