/*
 * CREATE_CHILD_SA without a network: two sides of one IKE SA (keys from a
 * fixed SKEYSEED) exchange rekey requests and answers sealed in SK
 * payloads and decoded again. The CHILD_SA rekey (with and without PFS)
 * gives both sides the same new keys and crossed SPIs; the IKE SA rekey's
 * keys are checked against SKEYSEED and prf+ computed here with OpenSSL's
 * HMAC (RFC 7296 §2.18, §2.13); refusals carry the notify §1.3 asks for;
 * the §2.8.1 tie-break picks the exchange with the lowest nonce.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "ike/ikev2_dh.h"
#include "ike/ikev2_rekey.h"
#include "ike/ikev2_skmsg.h"

struct side {
	struct ikev2_init s_in;
	struct ikev2_child s_child;
};

/* An established SA: AES-CBC-256, SHA-256, group 19; the same keys on both sides. */
static void make_side(struct side *s, bool initiator)
{
	struct ikev2_init *in = &s->s_in;
	struct ikev2_choice *ch = &in->in_choice;
	struct ikev2_secret seed = {0};
	const uint8_t ni[16] = "initiator nonce", nr[16] = "responder nonce";
	struct in_addr a, b;

	*s = (struct side){0};
	in->in_initiator = initiator;
	in->in_spi_i = 0x1122334455667788ull;
	in->in_spi_r = 0x99aabbccddeeff00ull;
	*ch = (struct ikev2_choice){.ch_num = 1, .ch_protocol = IKEV2_PROTO_IKE};
	ch->ch_tr[IKEV2_TRANS_ENCR] = (struct ikev2_transform){IKEV2_TRANS_ENCR, IKEV2_ENCR_AES_CBC, 256, false};
	ch->ch_tr[IKEV2_TRANS_PRF] = (struct ikev2_transform){IKEV2_TRANS_PRF, IKEV2_PRF_HMAC_SHA2_256, 0, false};
	ch->ch_tr[IKEV2_TRANS_INTEG] =
	    (struct ikev2_transform){IKEV2_TRANS_INTEG, IKEV2_INTEG_HMAC_SHA2_256_128, 0, false};
	ch->ch_tr[IKEV2_TRANS_DH] = (struct ikev2_transform){IKEV2_TRANS_DH, IKEV2_DH_ECP_256, 0, false};
	ch->ch_has[IKEV2_TRANS_ENCR] = ch->ch_has[IKEV2_TRANS_PRF] = ch->ch_has[IKEV2_TRANS_INTEG] =
	    ch->ch_has[IKEV2_TRANS_DH] = true;
	assert_int_equal(ikev2_choice_suite(ch, &in->in_suite), 0);
	assert_int_equal(ikev2_secret_copy(&seed, (const uint8_t *)"a fixed SKEYSEED of 32 octets..", 32), 0);
	assert_int_equal(ikev2_ike_keys_derive(&in->in_keys, &in->in_suite, &seed, ikev2_chunk(ni, 16),
					       ikev2_chunk(nr, 16), in->in_spi_i, in->in_spi_r),
			 0);
	ikev2_secret_free(&seed);
	inet_pton(AF_INET, "192.0.2.1", &a);
	inet_pton(AF_INET, "192.0.2.2", &b);
	/* The current CHILD_SA: 0x1000 is the initiator's inbound SPI, 0x2000 the responder's. */
	s->s_child = (struct ikev2_child){.cs_spi_in = initiator ? 0x1000 : 0x2000,
					  .cs_spi_out = initiator ? 0x2000 : 0x1000,
					  .cs_local = initiator ? a : b,
					  .cs_remote = initiator ? b : a,
					  .cs_reqid = 77};
}

static void free_side(struct side *s)
{
	ikev2_init_fini(&s->s_in);
	ikev2_child_fini(&s->s_child);
}

/* Seals inner as from would send it, decodes and opens it as to receives it. */
static struct ikev2_pl *carry(const struct side *from, const struct side *to, uint8_t flags,
			      const struct ikev2_pl *inner)
{
	struct ikev2_blob wire = {0};
	struct ikev2_err err = {0};
	struct ikev2_msg m;
	struct ikev2_pl *out = NULL;

	assert_int_equal(ikev2_sk_send(&from->s_in, IKEV2_EXCH_CREATE_CHILD_SA, flags, 3, inner, &wire, &err), 0);
	assert_int_equal(ikev2_msg_decode(wire.bl_data, wire.bl_len, &m, &err), 0);
	assert_int_equal(m.m_exchange, IKEV2_EXCH_CREATE_CHILD_SA);
	assert_int_equal(ikev2_sk_receive(&to->s_in, &m, wire.bl_data, wire.bl_len, &out, &err), 0);
	ikev2_msg_fini(&m);
	ikev2_blob_free(&wire);
	return out;
}

/* Both sides of one CREATE_CHILD_SA exchange and its messages. */
struct exchange {
	struct side x_i, x_r; /* the IKE SA's initiator and responder */
	struct ikev2_rekey x_rki, x_rkr;
	struct ikev2_pl *x_req, *x_got, *x_answer, *x_back; /* as sent and as received, each way */
	struct ikev2_err x_err;
};

static void exchange_init(struct exchange *x)
{
	*x = (struct exchange){0};
	make_side(&x->x_i, true);
	make_side(&x->x_r, false);
}

static void exchange_free(struct exchange *x)
{
	ikev2_pl_list_free(x->x_req);
	ikev2_pl_list_free(x->x_got);
	ikev2_pl_list_free(x->x_answer);
	ikev2_pl_list_free(x->x_back);
	ikev2_rekey_fini(&x->x_rki);
	ikev2_rekey_fini(&x->x_rkr);
	free_side(&x->x_i);
	free_side(&x->x_r);
}

static void assert_secret_equal(const struct ikev2_secret *x, const struct ikev2_secret *y)
{
	assert_int_equal(x->se_len, y->se_len);
	assert_memory_equal(x->se_data, y->se_data, x->se_len);
}

/* One CHILD_SA rekey, the initiator of the IKE SA asking; pfs: the group or 0. */
static void child_rekey(uint16_t pfs)
{
	struct exchange x;
	const struct ikev2_pl *no;
	const struct ikev2_child *ci = &x.x_rki.rk_child, *cr = &x.x_rkr.rk_child;

	exchange_init(&x);
	assert_int_equal(ikev2_rekey_child_request(&x.x_rki, &x.x_i.s_in, &x.x_i.s_child, pfs, &x.x_req, &x.x_err), 0);
	x.x_got = carry(&x.x_i, &x.x_r, 0, x.x_req);
	no = ikev2_notify_find(x.x_got, IKEV2_N_REKEY_SA);
	assert_non_null(no);
	assert_int_equal(no->pl_notify.no_protocol, IKEV2_PROTO_ESP);
	assert_memory_equal(no->pl_notify.no_spi.bl_data, "\x00\x00\x10\x00", 4); /* our inbound SPI */
	assert_int_equal(ikev2_pl_find(x.x_got, IKEV2_PL_KE) != NULL, pfs != 0);
	assert_int_equal(
	    ikev2_rekey_accept(&x.x_rkr, &x.x_r.s_in, &x.x_r.s_child, NULL, x.x_got, &x.x_answer, &x.x_err),
	    IKEV2_REKEY_DONE);
	x.x_back = carry(&x.x_r, &x.x_i, IKEV2_FLAG_RESPONSE, x.x_answer);
	assert_int_equal(ikev2_rekey_response(&x.x_rki, &x.x_i.s_in, x.x_back, &x.x_err), IKEV2_REKEY_DONE);
	/* New SPIs, crossed; the reqid stays; the keys agree, ei being the rekey initiator's. */
	assert_int_equal(ci->cs_spi_out, cr->cs_spi_in);
	assert_int_equal(cr->cs_spi_out, ci->cs_spi_in);
	assert_int_not_equal(ci->cs_spi_in, 0x1000);
	assert_int_equal(ci->cs_reqid, 77);
	assert_int_equal(cr->cs_reqid, 77);
	assert_int_equal(x.x_rkr.rk_old_spi, 0x2000);
	assert_secret_equal(&ci->cs_keys.ck_ei, &cr->cs_keys.ck_ei);
	assert_secret_equal(&ci->cs_keys.ck_ar, &cr->cs_keys.ck_ar);
	assert_true(ci->cs_initiator && !cr->cs_initiator);
	assert_int_equal(ci->cs_choice.ch_tr[IKEV2_TRANS_DH].tr_id, pfs);
	exchange_free(&x);
}

static void test_child_rekey(void **state)
{
	(void)state;
	child_rekey(0);
}

static void test_child_rekey_pfs(void **state)
{
	(void)state;
	child_rekey(IKEV2_DH_ECP_256);
}

/* prf+ (§2.13) over SHA-256 computed here: octets [off, off + len) of prf+(key, seed). */
static void prf_plus_ref(const uint8_t *key, size_t key_len, const uint8_t *seed, size_t seed_len, size_t off,
			 uint8_t *out, size_t len)
{
	uint8_t t[32 + 256 + 1], stream[32 * 8];
	size_t tlen = 0, have = 0;

	for (uint8_t n = 1; have < off + len; n++) {
		size_t in_len = tlen + seed_len + 1;

		memcpy(t + tlen, seed, seed_len);
		t[tlen + seed_len] = n;
		assert_non_null(
		    EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key, key_len, t, in_len, stream + have, 32, NULL));
		memcpy(t, stream + have, 32);
		tlen = 32;
		have += 32;
	}
	memcpy(out, stream + off, len);
}

/* §2.18: SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr), then the keys with the new SPIs. */
static void check_ike_keys(const struct ikev2_rekey *rki, const struct ikev2_rekey *rkr, const struct side *old)
{
	struct ikev2_secret gir = {0};
	struct ikev2_blob pub = {0};
	struct ikev2_err err;
	uint8_t in[66 + 64], skeyseed[32], seed[64 + 16], want[64];
	size_t n = 0, s = 0;

	assert_int_equal(ikev2_dh_public(rkr->rk_dh, &pub), 0);
	assert_int_equal(ikev2_dh_shared(rki->rk_dh, pub.bl_data, pub.bl_len, &gir, &err), 0);
	memcpy(in, gir.se_data, gir.se_len);
	n = gir.se_len;
	memcpy(in + n, rki->rk_ni.bl_data, rki->rk_ni.bl_len);
	n += rki->rk_ni.bl_len;
	memcpy(in + n, rki->rk_nr.bl_data, rki->rk_nr.bl_len);
	n += rki->rk_nr.bl_len;
	assert_non_null(EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, old->s_in.in_keys.ik_d.se_data,
				  old->s_in.in_keys.ik_d.se_len, in, n, skeyseed, sizeof(skeyseed), NULL));
	memcpy(seed, in + gir.se_len, n - gir.se_len); /* Ni | Nr | SPIi | SPIr */
	s = n - gir.se_len;
	for (int k = 0; k < 8; k++) {
		seed[s + k] = (uint8_t)(rki->rk_ike.in_spi_i >> (56 - 8 * k));
		seed[s + 8 + k] = (uint8_t)(rki->rk_ike.in_spi_r >> (56 - 8 * k));
	}
	prf_plus_ref(skeyseed, sizeof(skeyseed), seed, s + 16, 0, want, 64); /* SK_d | SK_ai */
	assert_memory_equal(rki->rk_ike.in_keys.ik_d.se_data, want, 32);
	assert_memory_equal(rkr->rk_ike.in_keys.ik_i2r.sk_akey.se_data, want + 32, 32);
	ikev2_secret_free(&gir);
	ikev2_blob_free(&pub);
}

static void test_ike_rekey(void **state)
{
	struct exchange x;
	const struct ikev2_init *ni, *nr;

	(void)state;
	exchange_init(&x);
	/* Fragmentation agreed on the old SA carries over (RFC 7383 §2.5.2). */
	x.x_r.s_in.in_frag_mtu = x.x_i.s_in.in_frag_mtu = 576;
	x.x_r.s_in.in_frag_peer = x.x_i.s_in.in_frag_peer = true;
	/* The responder of the old SA starts this rekey: it becomes the new SA's initiator. */
	assert_int_equal(ikev2_rekey_ike_request(&x.x_rkr, &x.x_r.s_in, &x.x_req, &x.x_err), 0);
	x.x_got = carry(&x.x_r, &x.x_i, 0, x.x_req);
	assert_null(ikev2_notify_find(x.x_got, IKEV2_N_REKEY_SA));
	assert_int_equal(
	    ikev2_rekey_accept(&x.x_rki, &x.x_i.s_in, &x.x_i.s_child, NULL, x.x_got, &x.x_answer, &x.x_err),
	    IKEV2_REKEY_DONE);
	x.x_back = carry(&x.x_i, &x.x_r, IKEV2_FLAG_RESPONSE, x.x_answer);
	assert_int_equal(ikev2_rekey_response(&x.x_rkr, &x.x_r.s_in, x.x_back, &x.x_err), IKEV2_REKEY_DONE);
	ni = &x.x_rkr.rk_ike;
	nr = &x.x_rki.rk_ike;
	assert_true(ni->in_initiator && !nr->in_initiator);
	assert_true(ni->in_frag_peer && nr->in_frag_peer);
	assert_int_equal(ni->in_frag_mtu, 576);
	assert_int_equal(nr->in_frag_mtu, 576);
	assert_int_equal(ni->in_spi_i, nr->in_spi_i);
	assert_int_equal(ni->in_spi_r, nr->in_spi_r);
	assert_true(ni->in_spi_i != x.x_i.s_in.in_spi_i && ni->in_spi_r != 0);
	assert_secret_equal(&ni->in_keys.ik_pr, &nr->in_keys.ik_pr);
	assert_secret_equal(&ni->in_keys.ik_r2i.sk_ekey, &nr->in_keys.ik_r2i.sk_ekey);
	check_ike_keys(&x.x_rkr, &x.x_rki, &x.x_r);
	exchange_free(&x);
}

/* The responder's refusal of a request changed by edit: the notify type (and its data). */
static void refused(void (*edit)(struct ikev2_pl *), bool ike, uint16_t notify, const char *data, size_t len)
{
	struct exchange x;
	const struct ikev2_pl *no;

	exchange_init(&x);
	if (ike)
		assert_int_equal(ikev2_rekey_ike_request(&x.x_rki, &x.x_i.s_in, &x.x_req, &x.x_err), 0);
	else
		assert_int_equal(
		    ikev2_rekey_child_request(&x.x_rki, &x.x_i.s_in, &x.x_i.s_child, 0, &x.x_req, &x.x_err), 0);
	edit(x.x_req);
	assert_int_equal(
	    ikev2_rekey_accept(&x.x_rkr, &x.x_r.s_in, &x.x_r.s_child, NULL, x.x_req, &x.x_answer, &x.x_err),
	    IKEV2_REKEY_REFUSED);
	x.x_back = carry(&x.x_r, &x.x_i, IKEV2_FLAG_RESPONSE, x.x_answer);
	no = ikev2_pl_find(x.x_back, IKEV2_PL_NOTIFY);
	assert_non_null(no);
	assert_int_equal(no->pl_notify.no_type, notify);
	assert_int_equal(no->pl_notify.no_data.bl_len, len);
	if (len)
		assert_memory_equal(no->pl_notify.no_data.bl_data, data, len);
	assert_int_equal(ikev2_rekey_response(&x.x_rki, &x.x_i.s_in, x.x_back, &x.x_err), IKEV2_REKEY_REFUSED);
	assert_int_equal(x.x_err.e_notify, notify);
	exchange_free(&x);
}

static void drop_rekey_notify(struct ikev2_pl *list)
{
	list->pl_notify.no_type = IKEV2_N_ESP_TFC_PADDING_NOT_SUPPORTED; /* the first payload: REKEY_SA */
}

static void wrong_rekey_spi(struct ikev2_pl *list)
{
	list->pl_notify.no_spi.bl_data[3] = 0x42;
}

static void ke_of_group_14(struct ikev2_pl *list)
{
	for (; list; list = list->pl_next)
		if (list->pl_type == IKEV2_PL_KE)
			list->pl_ke.ke_group = IKEV2_DH_MODP_2048;
}

static void short_nonce(struct ikev2_pl *list)
{
	for (; list; list = list->pl_next)
		if (list->pl_type == IKEV2_PL_NONCE)
			list->pl_data.bl_len = 8;
}

static void test_refusals(void **state)
{
	(void)state;
	refused(drop_rekey_notify, false, IKEV2_N_NO_ADDITIONAL_SAS, NULL, 0);
	refused(wrong_rekey_spi, false, IKEV2_N_CHILD_SA_NOT_FOUND, NULL, 0);
	refused(ke_of_group_14, true, IKEV2_N_INVALID_KE_PAYLOAD, "\x00\x13", 2); /* wants 19 */
	refused(short_nonce, true, IKEV2_N_INVALID_SYNTAX, NULL, 0);
}

static void set_nonces(struct ikev2_rekey *rk, const char *ni, const char *nr)
{
	assert_int_equal(ikev2_blob_set(&rk->rk_ni, ni, strlen(ni)), 0);
	assert_int_equal(ikev2_blob_set(&rk->rk_nr, nr, strlen(nr)), 0);
}

/* §2.8.1: the exchange holding the lowest of the four nonces made the redundant SA. */
static void test_collision(void **state)
{
	struct ikev2_rekey a = {0}, b = {0};

	(void)state;
	set_nonces(&a, "\x50 nonce", "\x30 nonce");
	set_nonces(&b, "\x40 nonce", "\x60 nonce");
	assert_true(ikev2_rekey_redundant(&a, &b)); /* 0x30 is the lowest */
	assert_false(ikev2_rekey_redundant(&b, &a));
	ikev2_rekey_fini(&b);
	set_nonces(&b, "\x30 nonc", "\x70 nonce"); /* a prefix of a's lowest is lower still */
	assert_false(ikev2_rekey_redundant(&a, &b));
	assert_true(ikev2_rekey_redundant(&b, &a));
	ikev2_rekey_fini(&a);
	ikev2_rekey_fini(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_child_rekey), cmocka_unit_test(test_child_rekey_pfs),
	    cmocka_unit_test(test_ike_rekey),	cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_collision),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
