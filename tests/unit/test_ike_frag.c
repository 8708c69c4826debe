/*
 * IKEv2 fragmentation (RFC 7383): sizes worked out by hand, a message cut
 * into SKF fragments that each fit and carry the right numbers, reassembly
 * in any order, and the hostile cases: duplicates, a forged fragment, too
 * many fragments, a fragment not alone, a changing total, an older message,
 * a message over the size bound. Then ikev2_sk_send on a real IKE SA:
 * large messages go as a train, small ones and peers without support whole.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ike/ikev2_frag.h"
#include "ike/ikev2_init_int.h"
#include "ike/ikev2_skmsg.h"

static const uint8_t key32[32] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb,
				  0xcc, 0xdd, 0xee, 0xff, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
				  0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10};

/* AES-128-CBC with HMAC-SHA-256-128, or AES-128-GCM-16 (key and 4-octet salt). */
static void keys(struct ikev2_sk_keys *k, bool gcm)
{
	*k = (struct ikev2_sk_keys){.sk_encr = ikev2_encr_alg(gcm ? IKEV2_ENCR_AES_GCM_16 : IKEV2_ENCR_AES_CBC),
				    .sk_key_len = 16,
				    .sk_integ = gcm ? NULL : ikev2_integ_alg(IKEV2_INTEG_HMAC_SHA2_256_128)};
	assert_int_equal(ikev2_secret_copy(&k->sk_ekey, key32, gcm ? 20 : 16), 0);
	if (!gcm)
		assert_int_equal(ikev2_secret_copy(&k->sk_akey, key32, 32), 0);
}

static void test_sizes(void **state)
{
	struct ikev2_sk_keys cbc, gcm;

	(void)state;
	keys(&cbc, false);
	keys(&gcm, true);
	assert_int_equal(ikev2_frag_msg_limit(576, false), 548); /* IPv4 20, UDP 8 */
	assert_int_equal(ikev2_frag_msg_limit(576, true), 544);	 /* and the non-ESP marker */
	assert_int_equal(ikev2_frag_msg_limit(20, false), 0);
	/* CBC: 548 - header 28 - SKF 8 - IV 16 - ICV 16 = 480 = 30 blocks, less the pad length octet */
	assert_int_equal(ikev2_frag_capacity(&cbc, 548), 479);
	/* GCM: 548 - 28 - 8 - IV 8 - ICV 16 = 488, 4-octet blocks */
	assert_int_equal(ikev2_frag_capacity(&gcm, 548), 487);
	assert_int_equal(ikev2_frag_capacity(&cbc, 60), 0);
	ikev2_sk_keys_free(&cbc);
	ikev2_sk_keys_free(&gcm);
}

/* One decoded fragment of a train. */
struct frag {
	const uint8_t *f_raw;
	size_t f_len;
	struct ikev2_msg f_msg;
};

struct train {
	struct ikev2_blob t_blob;
	struct frag t_frag[IKEV2_FRAG_MAX];
	size_t t_n;
};

static void fill(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 7 + 3);
}

/* plain (len octets of fill) sealed as fragments of at most limit octets, message ID msgid. */
static void train_make(struct train *t, const struct ikev2_sk_keys *k, size_t len, size_t limit, uint32_t msgid)
{
	uint8_t *plain = malloc(len);
	struct ikev2_msg hdr;
	struct ikev2_err err;
	size_t off = 0;
	const uint8_t *one;
	size_t one_len;

	*t = (struct train){0};
	fill(plain, len);
	ikev2_msg_init(&hdr, 0x1111, 0x2222, IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_INITIATOR, msgid);
	assert_int_equal(ikev2_frag_seal(k, &hdr, IKEV2_PL_CERT, plain, len, limit, &t->t_blob, &err), 0);
	while (ikev2_train_next(t->t_blob.bl_data, t->t_blob.bl_len, &off, &one, &one_len) > 0) {
		struct frag *f = &t->t_frag[t->t_n++];

		assert_true(one_len <= limit);
		f->f_raw = one;
		f->f_len = one_len;
		assert_int_equal(ikev2_msg_decode(one, one_len, &f->f_msg, &err), 0);
	}
	ikev2_msg_fini(&hdr);
	free(plain);
}

static void train_free(struct train *t)
{
	for (size_t i = 0; i < t->t_n; i++)
		ikev2_msg_fini(&t->t_frag[i].f_msg);
	ikev2_blob_free(&t->t_blob);
}

static enum ikev2_frag_result add(struct ikev2_frag_rx **rx, const struct ikev2_sk_keys *k, const struct frag *f,
				  struct ikev2_blob *whole, struct ikev2_frag_stats *st)
{
	struct ikev2_err err;

	ikev2_blob_free(whole);
	return ikev2_frag_add(rx, k, &f->f_msg, f->f_raw, f->f_len, whole, st, &err);
}

/* The reassembled message is one SK message whose plaintext is the original. */
static void check_whole(const struct ikev2_sk_keys *k, const struct ikev2_blob *whole, size_t len)
{
	struct ikev2_msg m;
	struct ikev2_err err;
	struct ikev2_secret plain = {0};
	uint8_t *want = malloc(len);

	fill(want, len);
	assert_int_equal(ikev2_msg_decode(whole->bl_data, whole->bl_len, &m, &err), 0);
	assert_int_equal(m.m_pl->pl_type, IKEV2_PL_SK);
	assert_int_equal(m.m_pl->pl_sk.sk_next, IKEV2_PL_CERT);
	assert_int_equal(m.m_msgid, 1);
	assert_int_equal(m.m_exchange, IKEV2_EXCH_IKE_AUTH);
	assert_int_equal(ikev2_msg_open(k, whole->bl_data, whole->bl_len, &m, &plain, &err), 0);
	assert_int_equal(plain.se_len, len);
	assert_memory_equal(plain.se_data, want, len);
	ikev2_secret_free(&plain);
	ikev2_msg_fini(&m);
	free(want);
}

static void split_and_join(bool gcm)
{
	struct ikev2_sk_keys k;
	struct train t;
	struct ikev2_frag_rx *rx = NULL;
	struct ikev2_frag_stats st = {0};
	struct ikev2_blob whole = {0};

	keys(&k, gcm);
	train_make(&t, &k, 2000, 548, 1);
	assert_int_equal(t.t_n, 5); /* 2000 / 479 and 2000 / 487: five each */
	for (size_t i = 0; i < t.t_n; i++) {
		const struct ikev2_pl *pl = t.t_frag[i].f_msg.m_pl;

		assert_int_equal(pl->pl_type, IKEV2_PL_SKF);
		assert_int_equal(pl->pl_sk.sk_frag_num, i + 1);
		assert_int_equal(pl->pl_sk.sk_frag_total, t.t_n);
		assert_int_equal(pl->pl_sk.sk_next, i ? IKEV2_PL_NONE : IKEV2_PL_CERT);
	}
	for (size_t i = 0; i + 1 < t.t_n; i++)
		assert_int_equal(add(&rx, &k, &t.t_frag[i], &whole, &st), IKEV2_FRAG_HELD);
	assert_int_equal(add(&rx, &k, &t.t_frag[t.t_n - 1], &whole, &st), IKEV2_FRAG_DONE);
	assert_null(rx);
	check_whole(&k, &whole, 2000);
	assert_int_equal(st.fs_done, 1);
	ikev2_blob_free(&whole);
	train_free(&t);
	ikev2_sk_keys_free(&k);
}

static void test_split_join_cbc(void **state)
{
	(void)state;
	split_and_join(false);
}

static void test_split_join_gcm(void **state)
{
	(void)state;
	split_and_join(true);
}

/* Out of order with a duplicate: the duplicate is dropped and counted, the message still completes. */
static void test_out_of_order_dup(void **state)
{
	static const size_t order[] = {2, 0, 2, 4, 1, 3};
	struct ikev2_sk_keys k;
	struct train t;
	struct ikev2_frag_rx *rx = NULL;
	struct ikev2_frag_stats st = {0};
	struct ikev2_blob whole = {0};
	enum ikev2_frag_result r = IKEV2_FRAG_HELD;

	(void)state;
	keys(&k, false);
	train_make(&t, &k, 2000, 548, 1);
	for (size_t i = 0; i < 6; i++) {
		r = add(&rx, &k, &t.t_frag[order[i]], &whole, &st);
		assert_int_equal(r, i == 2 ? IKEV2_FRAG_DROPPED : i == 5 ? IKEV2_FRAG_DONE : IKEV2_FRAG_HELD);
	}
	assert_int_equal(st.fs_dup, 1);
	check_whole(&k, &whole, 2000);
	ikev2_blob_free(&whole);
	train_free(&t);
	ikev2_sk_keys_free(&k);
}

/* A flipped ciphertext bit, or keys that are not the sender's: integrity drops, nothing kept. */
static void test_forged(void **state)
{
	struct ikev2_sk_keys k, other;
	struct train t;
	struct ikev2_frag_rx *rx = NULL;
	struct ikev2_frag_stats st = {0};
	struct ikev2_blob whole = {0};

	(void)state;
	keys(&k, false);
	keys(&other, true);
	train_make(&t, &k, 1000, 548, 1);
	assert_int_equal(add(&rx, &other, &t.t_frag[0], &whole, &st), IKEV2_FRAG_DROPPED);
	t.t_blob.bl_data[t.t_frag[0].f_len - 20] ^= 0x01;
	assert_int_equal(add(&rx, &k, &t.t_frag[0], &whole, &st), IKEV2_FRAG_DROPPED);
	assert_int_equal(st.fs_integrity, 2);
	assert_int_equal(st.fs_held, 0);
	assert_null(rx);
	train_free(&t);
	ikev2_sk_keys_free(&k);
	ikev2_sk_keys_free(&other);
}

/* A sealed message of fragment num of total, with an extra payload before it when extra is set. */
static void forge(const struct ikev2_sk_keys *k, uint16_t num, uint16_t total, bool extra, struct ikev2_blob *raw,
		  struct ikev2_msg *m)
{
	struct ikev2_msg out;
	struct ikev2_err err;
	struct ikev2_pl *pl;

	ikev2_msg_init(&out, 0x1111, 0x2222, IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_INITIATOR, 1);
	if (extra)
		assert_non_null(ikev2_pl_add(&out.m_pl, IKEV2_PL_VENDOR));
	pl = ikev2_pl_add(&out.m_pl, IKEV2_PL_SKF);
	pl->pl_sk = (struct ikev2_sk){.sk_frag_num = num, .sk_frag_total = total};
	assert_int_equal(ikev2_msg_seal(k, &out, (const uint8_t *)"abcd", 4, raw, &err), 0);
	ikev2_msg_fini(&out);
	assert_int_equal(ikev2_msg_decode(raw->bl_data, raw->bl_len, m, &err), 0);
}

static enum ikev2_frag_result add_forged(struct ikev2_frag_rx **rx, const struct ikev2_sk_keys *k, uint16_t num,
					 uint16_t total, bool extra, struct ikev2_frag_stats *st)
{
	struct ikev2_blob raw = {0}, whole = {0};
	struct ikev2_msg m;
	struct ikev2_err err;
	enum ikev2_frag_result r;

	forge(k, num, total, extra, &raw, &m);
	r = ikev2_frag_add(rx, k, &m, raw.bl_data, raw.bl_len, &whole, st, &err);
	ikev2_blob_free(&whole);
	ikev2_blob_free(&raw);
	ikev2_msg_fini(&m);
	return r;
}

/* More fragments than the bound, or an SKF beside another payload: out of range. */
static void test_range(void **state)
{
	struct ikev2_sk_keys k;
	struct ikev2_frag_rx *rx = NULL;
	struct ikev2_frag_stats st = {0};

	(void)state;
	keys(&k, false);
	assert_int_equal(add_forged(&rx, &k, 1, IKEV2_FRAG_MAX + 1, false, &st), IKEV2_FRAG_DROPPED);
	assert_int_equal(add_forged(&rx, &k, 1, 2, true, &st), IKEV2_FRAG_DROPPED);
	assert_int_equal(st.fs_range, 2);
	/* a larger total starts over (§2.6): fragment 1 of 3 is kept again, then 1 of 2 is refused */
	assert_int_equal(add_forged(&rx, &k, 1, 2, false, &st), IKEV2_FRAG_HELD);
	assert_int_equal(add_forged(&rx, &k, 1, 3, false, &st), IKEV2_FRAG_HELD);
	assert_int_equal(add_forged(&rx, &k, 2, 2, false, &st), IKEV2_FRAG_DROPPED);
	assert_int_equal(add_forged(&rx, &k, 2, 3, false, &st), IKEV2_FRAG_HELD);
	assert_int_equal(add_forged(&rx, &k, 3, 3, false, &st), IKEV2_FRAG_DONE);
	assert_int_equal(st.fs_range, 3);
	ikev2_frag_rx_free(rx);
	ikev2_sk_keys_free(&k);
}

/* Fragments of an older message do not disturb a newer one; a newer message replaces an older one. */
static void test_message_ids(void **state)
{
	struct ikev2_sk_keys k;
	struct train old, cur;
	struct ikev2_frag_rx *rx = NULL;
	struct ikev2_frag_stats st = {0};
	struct ikev2_blob whole = {0};

	(void)state;
	keys(&k, false);
	train_make(&old, &k, 1000, 548, 0);
	train_make(&cur, &k, 2000, 548, 1);
	assert_int_equal(add(&rx, &k, &old.t_frag[0], &whole, &st), IKEV2_FRAG_HELD);
	assert_int_equal(add(&rx, &k, &cur.t_frag[0], &whole, &st), IKEV2_FRAG_HELD);
	assert_int_equal(add(&rx, &k, &old.t_frag[1], &whole, &st), IKEV2_FRAG_DROPPED);
	for (size_t i = 1; i < cur.t_n; i++)
		add(&rx, &k, &cur.t_frag[i], &whole, &st);
	check_whole(&k, &whole, 2000);
	ikev2_blob_free(&whole);
	train_free(&old);
	train_free(&cur);
	ikev2_sk_keys_free(&k);
}

/* 64 full fragments at MTU 1500 are more than IKEV2_FRAG_MAX_BYTES: dropped before the end, never done. */
static void test_too_long(void **state)
{
	struct ikev2_sk_keys k;
	struct train t;
	struct ikev2_frag_rx *rx = NULL;
	struct ikev2_frag_stats st = {0};
	struct ikev2_blob whole = {0};
	size_t limit = ikev2_frag_msg_limit(1500, false);

	(void)state;
	keys(&k, false);
	train_make(&t, &k, ikev2_frag_capacity(&k, limit) * IKEV2_FRAG_MAX, limit, 1);
	assert_int_equal(t.t_n, IKEV2_FRAG_MAX);
	for (size_t i = 0; i < t.t_n; i++)
		assert_int_not_equal(add(&rx, &k, &t.t_frag[i], &whole, &st), IKEV2_FRAG_DONE);
	assert_true(st.fs_range >= 1);
	assert_null(whole.bl_data);
	ikev2_frag_rx_free(rx);
	train_free(&t);
	ikev2_sk_keys_free(&k);
}

/* A datagram that is no IKE message (a NAT keepalive) is one piece of its own. */
static void test_train_foreign(void **state)
{
	static const uint8_t keepalive[] = {0xff};
	const uint8_t *one;
	size_t off = 0, len;

	(void)state;
	assert_int_equal(ikev2_train_next(keepalive, 1, &off, &one, &len), 1);
	assert_int_equal(len, 1);
	assert_int_equal(ikev2_train_next(keepalive, 1, &off, &one, &len), 0);
}

/* Two sides of a real IKE SA (default proposal). */
static void ike_pair(struct ikev2_init *ini, struct ikev2_init *rsp)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(500), .sin_addr.s_addr = htonl(0xc0000201)};
	struct sockaddr_in b = {.sin_family = AF_INET, .sin_port = htons(500), .sin_addr.s_addr = htonl(0xc0000202)};
	struct ikev2_blob req = {0}, ans = {0};
	struct ikev2_msg mq, ma;
	struct ikev2_err err;

	assert_int_equal(ikev2_init_start(ini, NULL, &a, &b), 0);
	assert_int_equal(ikev2_init_request(ini, &req, &err), 0);
	assert_int_equal(ikev2_msg_decode(req.bl_data, req.bl_len, &mq, &err), 0);
	assert_int_equal(ikev2_init_accept(rsp, NULL, &b, &a, &mq, req.bl_data, req.bl_len, &ans, &err),
			 IKEV2_INIT_DONE);
	assert_int_equal(ikev2_msg_decode(ans.bl_data, ans.bl_len, &ma, &err), 0);
	assert_int_equal(ikev2_init_response(ini, &ma, ans.bl_data, ans.bl_len, &err), IKEV2_INIT_DONE);
	ikev2_msg_fini(&mq);
	ikev2_msg_fini(&ma);
	ikev2_blob_free(&req);
	ikev2_blob_free(&ans);
}

/* A CERT payload of len octets, sent by ini with ikev2_sk_send; the number of datagrams. */
static size_t send_cert(const struct ikev2_init *ini, size_t len, struct ikev2_blob *out)
{
	struct ikev2_pl cert = {.pl_type = IKEV2_PL_CERT, .pl_cert = {.ce_encoding = IKEV2_CERT_X509_SIGNATURE}};
	struct ikev2_err err;
	const uint8_t *one;
	size_t off = 0, one_len, n = 0;

	cert.pl_cert.ce_data.bl_data = calloc(1, len);
	cert.pl_cert.ce_data.bl_len = len;
	fill(cert.pl_cert.ce_data.bl_data, len);
	assert_int_equal(ikev2_sk_send(ini, IKEV2_EXCH_IKE_AUTH, 0, 1, &cert, out, &err), 0);
	ikev2_blob_free(&cert.pl_cert.ce_data);
	while (ikev2_train_next(out->bl_data, out->bl_len, &off, &one, &one_len) > 0)
		n++;
	return n;
}

/* The responder takes a train of datagrams (each at most 548 octets); the reassembled message into *whole. */
static enum ikev2_frag_result receive_train(struct ikev2_init *rsp, const struct ikev2_blob *train,
					    struct ikev2_blob *whole)
{
	struct ikev2_frag_stats st = {0};
	struct ikev2_err err;
	const uint8_t *one;
	size_t off = 0, one_len;
	enum ikev2_frag_result r = IKEV2_FRAG_DROPPED;

	while (ikev2_train_next(train->bl_data, train->bl_len, &off, &one, &one_len) > 0) {
		struct ikev2_msg m;

		assert_true(one_len <= 548);
		assert_int_equal(ikev2_msg_decode(one, one_len, &m, &err), 0);
		ikev2_blob_free(whole);
		r = ikev2_frag_add(&rsp->in_frag_rx, &rsp->in_keys.ik_i2r, &m, one, one_len, whole, &st, &err);
		ikev2_msg_fini(&m);
	}
	return r;
}

/* Both support it: a 3000-octet certificate goes as fragments of 548 octets and comes out whole. */
static void test_sk_send_fragments(void **state)
{
	struct ikev2_init ini, rsp;
	struct ikev2_blob out = {0}, whole = {0};
	struct ikev2_pl *inner = NULL;
	struct ikev2_msg m;
	struct ikev2_err err;

	(void)state;
	ike_pair(&ini, &rsp);
	ini.in_frag_mtu = rsp.in_frag_mtu = IKEV2_FRAG_MTU_DEFAULT;
	ini.in_frag_peer = rsp.in_frag_peer = true;
	assert_int_equal(send_cert(&ini, 3000, &out), 7); /* 3008 octets of chain, 479 a fragment */
	assert_int_equal(receive_train(&rsp, &out, &whole), IKEV2_FRAG_DONE);
	assert_int_equal(ikev2_msg_decode(whole.bl_data, whole.bl_len, &m, &err), 0);
	assert_int_equal(ikev2_sk_receive(&rsp, &m, whole.bl_data, whole.bl_len, &inner, &err), 0);
	assert_int_equal(inner->pl_type, IKEV2_PL_CERT);
	assert_int_equal(inner->pl_cert.ce_data.bl_len, 3000);
	ikev2_pl_list_free(inner);
	ikev2_msg_fini(&m);
	ikev2_blob_free(&whole);
	ikev2_blob_free(&out);
	/* small messages and peers without support: one SK message */
	assert_int_equal(send_cert(&ini, 100, &out), 1);
	ikev2_blob_free(&out);
	ini.in_frag_peer = false;
	assert_int_equal(send_cert(&ini, 3000, &out), 1);
	ikev2_blob_free(&out);
	ikev2_init_fini(&ini);
	ikev2_init_fini(&rsp);
}

/* RFC 7383 §2.3: the initiator offers support; a responder answers only an offer. */
static void test_supported_notify(void **state)
{
	struct ikev2_init in = {.in_initiator = true, .in_frag_mtu = 576};
	struct ikev2_pl *list = NULL;

	(void)state;
	assert_int_equal(init_add_frag_supported(&in, &list), 0);
	assert_non_null(ikev2_notify_find(list, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED));
	ikev2_pl_list_free(list);
	list = NULL;
	in.in_initiator = false;
	assert_int_equal(init_add_frag_supported(&in, &list), 0);
	assert_null(list);
	in.in_frag_peer = true;
	assert_int_equal(init_add_frag_supported(&in, &list), 0);
	assert_non_null(ikev2_notify_find(list, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED));
	ikev2_pl_list_free(list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sizes),
	    cmocka_unit_test(test_split_join_cbc),
	    cmocka_unit_test(test_split_join_gcm),
	    cmocka_unit_test(test_out_of_order_dup),
	    cmocka_unit_test(test_forged),
	    cmocka_unit_test(test_range),
	    cmocka_unit_test(test_message_ids),
	    cmocka_unit_test(test_too_long),
	    cmocka_unit_test(test_train_foreign),
	    cmocka_unit_test(test_sk_send_fragments),
	    cmocka_unit_test(test_supported_notify),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
