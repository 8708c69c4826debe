/*
 * IKE_SA_INIT cookies (RFC 7296 §2.6): the cookie against a SHA-256 done
 * here over Ni | IPi | SPIi | secret, what changes it, the secret's
 * rotation (the old one accepted until the next change), the responder's
 * verdict on requests with and without a valid first COOKIE, and the
 * initiator retrying with the cookie first, then the exchange completing.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "ike/ikev2_cookie.h"
#include "ike/ikev2_init.h"

static const uint8_t nonce_bytes[32] = {1,  2,	3,  4,	5,  6,	7,  8,	9,  10, 11, 12, 13, 14, 15, 16,
					17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
static const struct ikev2_blob nonce = {(uint8_t *)nonce_bytes, sizeof(nonce_bytes)};
#define SPI_I 0x0102030405060708ull

static struct in_addr ip(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a;
}

/* A jar whose current secret is 0xaa x 32, version 7. */
static void fixed_jar(struct ikev2_cookie_jar *j)
{
	*j = (struct ikev2_cookie_jar){.cj_cur = {.cs_version = 7, .cs_valid = true}};
	memset(j->cj_cur.cs_key, 0xaa, sizeof(j->cj_cur.cs_key));
}

static void test_cookie_bytes(void **state)
{
	struct ikev2_cookie_jar j;
	uint8_t input[32 + 4 + 8 + 32], want[IKEV2_COOKIE_LEN], got[IKEV2_COOKIE_LEN];
	unsigned int md_len;

	(void)state;
	fixed_jar(&j);
	memcpy(input, nonce_bytes, 32);
	memcpy(input + 32, "\xc0\x00\x02\x01", 4); /* 192.0.2.1 */
	memcpy(input + 36, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	memset(input + 44, 0xaa, 32);
	want[0] = 7;
	assert_int_equal(EVP_Digest(input, sizeof(input), want + 1, &md_len, EVP_sha256(), NULL), 1);
	assert_int_equal(md_len, 32);
	assert_int_equal(ikev2_cookie_make(&j, &nonce, ip("192.0.2.1"), SPI_I, got), 0);
	assert_memory_equal(got, want, sizeof(want));
	assert_true(ikev2_cookie_valid(&j, got, sizeof(got), &nonce, ip("192.0.2.1"), SPI_I));
}

/* Another nonce, address or SPI, a flipped bit, a short cookie: all refused. */
static void test_cookie_binds(void **state)
{
	struct ikev2_cookie_jar j;
	uint8_t c[IKEV2_COOKIE_LEN], other_ni[32] = {0};
	struct ikev2_blob ni2 = {other_ni, sizeof(other_ni)};

	(void)state;
	assert_int_equal(ikev2_cookie_jar_init(&j, 1000), 0);
	assert_int_equal(ikev2_cookie_make(&j, &nonce, ip("192.0.2.1"), SPI_I, c), 0);
	assert_false(ikev2_cookie_valid(&j, c, sizeof(c), &ni2, ip("192.0.2.1"), SPI_I));
	assert_false(ikev2_cookie_valid(&j, c, sizeof(c), &nonce, ip("192.0.2.9"), SPI_I));
	assert_false(ikev2_cookie_valid(&j, c, sizeof(c), &nonce, ip("192.0.2.1"), SPI_I + 1));
	assert_false(ikev2_cookie_valid(&j, c, sizeof(c) - 1, &nonce, ip("192.0.2.1"), SPI_I));
	c[10] ^= 1;
	assert_false(ikev2_cookie_valid(&j, c, sizeof(c), &nonce, ip("192.0.2.1"), SPI_I));
}

/* A cookie lives through one rotation of the secret, not two; tick rotates only when the time has come. */
static void test_cookie_rotation(void **state)
{
	struct ikev2_cookie_jar j;
	uint8_t c[IKEV2_COOKIE_LEN], c2[IKEV2_COOKIE_LEN];

	(void)state;
	assert_int_equal(ikev2_cookie_jar_init(&j, 1000), 0);
	assert_int_equal(ikev2_cookie_make(&j, &nonce, ip("192.0.2.1"), SPI_I, c), 0);
	assert_int_equal(ikev2_cookie_tick(&j, 1000 + IKEV2_COOKIE_ROTATE - 1), 0);
	assert_int_equal(j.cj_cur.cs_version, 0);
	assert_int_equal(ikev2_cookie_tick(&j, 1000 + IKEV2_COOKIE_ROTATE), 0);
	assert_int_equal(j.cj_cur.cs_version, 1);
	assert_true(ikev2_cookie_valid(&j, c, sizeof(c), &nonce, ip("192.0.2.1"), SPI_I));
	assert_int_equal(ikev2_cookie_make(&j, &nonce, ip("192.0.2.1"), SPI_I, c2), 0);
	assert_int_not_equal(c2[0], c[0]);
	assert_memory_not_equal(c2 + 1, c + 1, 32);
	assert_int_equal(ikev2_cookie_rotate(&j, 2000), 0);
	assert_false(ikev2_cookie_valid(&j, c, sizeof(c), &nonce, ip("192.0.2.1"), SPI_I));
	assert_true(ikev2_cookie_valid(&j, c2, sizeof(c2), &nonce, ip("192.0.2.1"), SPI_I));
}

static struct sockaddr_in sin_of(const char *s, uint16_t port)
{
	return (struct sockaddr_in){.sin_family = AF_INET, .sin_port = htons(port), .sin_addr = ip(s)};
}

/* A request and its answer as bytes and decoded. */
struct wire {
	struct ikev2_blob w_raw;
	struct ikev2_msg w_msg;
};

static void wire_request(struct ikev2_init *ini, struct wire *w)
{
	struct ikev2_err err;

	*w = (struct wire){0};
	assert_int_equal(ikev2_init_request(ini, &w->w_raw, &err), 0);
	assert_int_equal(ikev2_msg_decode(w->w_raw.bl_data, w->w_raw.bl_len, &w->w_msg, &err), 0);
}

static void wire_set(struct wire *w, struct ikev2_blob *raw)
{
	struct ikev2_err err;

	*w = (struct wire){.w_raw = *raw};
	*raw = (struct ikev2_blob){0};
	assert_int_equal(ikev2_msg_decode(w->w_raw.bl_data, w->w_raw.bl_len, &w->w_msg, &err), 0);
}

static void wire_free(struct wire *w)
{
	ikev2_msg_fini(&w->w_msg);
	ikev2_blob_free(&w->w_raw);
}

static void start(struct ikev2_init *ini)
{
	struct sockaddr_in local = sin_of("192.0.2.1", 500), remote = sin_of("192.0.2.2", 500);

	assert_int_equal(ikev2_init_start(ini, NULL, &local, &remote), 0);
}

/*
 * A fresh initiator's request from ipi, passed when not challenged, then
 * challenged: the answer holds only a COOKIE, SPIr zero; the initiator takes
 * it and asks again, the request with the cookie first in *req.
 */
static void challenged_retry(const struct ikev2_cookie_jar *j, struct ikev2_init *ini, struct in_addr ipi,
			     struct wire *req)
{
	struct ikev2_blob out = {0};
	struct ikev2_err err;
	struct wire ans;

	start(ini);
	wire_request(ini, req);
	assert_int_equal(ikev2_cookie_check(j, false, &req->w_msg, ipi, &out), IKEV2_COOKIE_PASS);
	assert_int_equal(ikev2_cookie_check(j, true, &req->w_msg, ipi, &out), IKEV2_COOKIE_CHALLENGE);
	wire_set(&ans, &out);
	assert_true(ans.w_msg.m_flags & IKEV2_FLAG_RESPONSE);
	assert_int_equal(ans.w_msg.m_spi_r, 0);
	assert_int_equal(ans.w_msg.m_pl->pl_notify.no_type, IKEV2_N_COOKIE);
	assert_null(ans.w_msg.m_pl->pl_next);
	assert_int_equal(ikev2_init_response(ini, &ans.w_msg, ans.w_raw.bl_data, ans.w_raw.bl_len, &err),
			 IKEV2_INIT_RETRY);
	wire_free(req);
	wire_free(&ans);
	wire_request(ini, req);
	assert_int_equal(req->w_msg.m_spi_i, ini->in_spi_i);
	assert_int_equal(req->w_msg.m_pl->pl_notify.no_type, IKEV2_N_COOKIE);
}

/* The retried request passes; from another address the cookie is worth nothing. */
static void test_cookie_check(void **state)
{
	struct ikev2_cookie_jar j;
	struct ikev2_init ini;
	struct wire req;
	struct ikev2_blob out = {0};

	(void)state;
	assert_int_equal(ikev2_cookie_jar_init(&j, 1000), 0);
	challenged_retry(&j, &ini, ip("192.0.2.1"), &req);
	assert_int_equal(ikev2_cookie_check(&j, true, &req.w_msg, ip("192.0.2.1"), &out), IKEV2_COOKIE_PASS);
	assert_int_equal(ikev2_cookie_check(&j, true, &req.w_msg, ip("192.0.2.7"), &out), IKEV2_COOKIE_CHALLENGE);
	ikev2_blob_free(&out);
	wire_free(&req);
	ikev2_init_fini(&ini);
}

/* A request without a nonce is not answered at all (no reflection of junk). */
static void test_cookie_no_nonce(void **state)
{
	struct ikev2_cookie_jar j;
	struct ikev2_msg m;
	struct ikev2_blob out = {0};

	(void)state;
	assert_int_equal(ikev2_cookie_jar_init(&j, 1000), 0);
	ikev2_msg_init(&m, SPI_I, 0, IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_INITIATOR, 0);
	assert_int_equal(ikev2_cookie_check(&j, true, &m, ip("192.0.2.1"), &out), IKEV2_COOKIE_DROP);
	assert_null(out.bl_data);
	ikev2_msg_fini(&m);
}

/* Challenged, retried, answered: both sides end with the same keys, the AUTH octets the cookie'd request. */
static void test_cookie_exchange(void **state)
{
	struct sockaddr_in local = sin_of("192.0.2.2", 500), from = sin_of("192.0.2.1", 500);
	struct ikev2_cookie_jar j;
	struct ikev2_init ini, rsp;
	struct wire req, ans;
	struct ikev2_blob out = {0};
	struct ikev2_err err;

	(void)state;
	assert_int_equal(ikev2_cookie_jar_init(&j, 1000), 0);
	challenged_retry(&j, &ini, from.sin_addr, &req);
	assert_int_equal(ikev2_cookie_check(&j, true, &req.w_msg, from.sin_addr, &out), IKEV2_COOKIE_PASS);
	assert_int_equal(
	    ikev2_init_accept(&rsp, NULL, &local, &from, &req.w_msg, req.w_raw.bl_data, req.w_raw.bl_len, &out, &err),
	    IKEV2_INIT_DONE);
	wire_set(&ans, &out);
	assert_int_equal(ikev2_init_response(&ini, &ans.w_msg, ans.w_raw.bl_data, ans.w_raw.bl_len, &err),
			 IKEV2_INIT_DONE);
	assert_int_equal(ini.in_keys.ik_d.se_len, rsp.in_keys.ik_d.se_len);
	assert_memory_equal(ini.in_keys.ik_d.se_data, rsp.in_keys.ik_d.se_data, ini.in_keys.ik_d.se_len);
	assert_int_equal(ini.in_req.bl_len, rsp.in_req.bl_len);
	assert_memory_equal(ini.in_req.bl_data, req.w_raw.bl_data, req.w_raw.bl_len);
	wire_free(&req);
	wire_free(&ans);
	ikev2_init_fini(&ini);
	ikev2_init_fini(&rsp);
}

/* A COOKIE answer of the given size; the initiator's verdict on it. */
static enum ikev2_init_result answer_cookie(struct ikev2_init *ini, size_t len)
{
	uint8_t cookie[IKEV2_COOKIE_MAX + 1];
	struct ikev2_msg m;
	struct ikev2_pl *pl;
	struct ikev2_blob raw = {0};
	struct ikev2_err err;
	enum ikev2_init_result r;

	memset(cookie, 0x5a, sizeof(cookie));
	ikev2_msg_init(&m, ini->in_spi_i, 0, IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_RESPONSE, 0);
	pl = ikev2_pl_add(&m.m_pl, IKEV2_PL_NOTIFY);
	pl->pl_notify.no_type = IKEV2_N_COOKIE;
	assert_int_equal(ikev2_blob_set(&pl->pl_notify.no_data, cookie, len), 0);
	assert_int_equal(ikev2_msg_encode(&m, &raw, &err), 0);
	r = ikev2_init_response(ini, &m, raw.bl_data, raw.bl_len, &err);
	ikev2_blob_free(&raw);
	ikev2_msg_fini(&m);
	return r;
}

/* §2.6: cookies of 1 to 64 octets; a responder that keeps asking is given up on. */
static void test_cookie_initiator_limits(void **state)
{
	struct ikev2_init ini;

	(void)state;
	start(&ini);
	assert_int_equal(answer_cookie(&ini, IKEV2_COOKIE_MAX + 1), IKEV2_INIT_FAILED);
	assert_int_equal(answer_cookie(&ini, 1), IKEV2_INIT_RETRY);
	assert_int_equal(answer_cookie(&ini, IKEV2_COOKIE_MAX), IKEV2_INIT_RETRY);
	assert_int_equal(ini.in_cookie.bl_len, IKEV2_COOKIE_MAX);
	assert_int_equal(answer_cookie(&ini, 8), IKEV2_INIT_FAILED);
	ikev2_init_fini(&ini);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cookie_bytes),
	    cmocka_unit_test(test_cookie_binds),
	    cmocka_unit_test(test_cookie_rotation),
	    cmocka_unit_test(test_cookie_check),
	    cmocka_unit_test(test_cookie_no_nonce),
	    cmocka_unit_test(test_cookie_exchange),
	    cmocka_unit_test(test_cookie_initiator_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
