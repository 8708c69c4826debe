/*
 * IKE_AUTH with certificates: signatures of the AUTH octets (RFC 7296
 * §2.15) by method 1 (PKCS#1 v1.5 with SHA-1) and method 14 (RFC 7427,
 * sha256WithRSAEncryption) checked by OpenSSL directly with the
 * certificate's key; the method chosen from the peer's
 * SIGNATURE_HASH_ALGORITHMS; a signature job run on a worker thread of
 * src/core/workq.h; then whole in-memory IKE_AUTH exchanges with CERT,
 * CERTREQ and AUTH: accepted, and refused with AUTHENTICATION_FAILED for a
 * peer outside the certificate map or from another CA.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>

#include "core/loop.h"
#include "core/workq.h"
#include "ike/ikev2_auth.h"
#include "ike/ikev2_authx.h"
#include "ike/ikev2_cert.h"
#include "ike/ikev2_sig.h"
#include "test_ike_cert_util.h"

static const uint8_t msg[] = "IKE_SA_INIT request", nonce[16] = "0123456789abcdef", id_body[] = "\x02\x00\x00\x00hub";

/* The §2.15 octets, here with HMAC-SHA-256 as prf: checked piece by piece against HMAC(). */
static void octets_of(struct ikev2_blob *octets)
{
	const struct ikev2_prf_alg *prf = ikev2_prf_alg(IKEV2_PRF_HMAC_SHA2_256);
	struct ikev2_secret sk_p;
	uint8_t mac[32];
	unsigned mac_len = 0;

	assert_int_equal(ikev2_secret_copy(&sk_p, (const uint8_t *)"SK_pi", 5), 0);
	assert_int_equal(ikev2_auth_octets(prf, &sk_p, ikev2_chunk(msg, 19), ikev2_chunk(nonce, 16),
					   ikev2_chunk(id_body, 7), octets),
			 0);
	assert_non_null(HMAC(EVP_sha256(), "SK_pi", 5, id_body, 7, mac, &mac_len));
	assert_int_equal(octets->bl_len, 19 + 16 + 32);
	assert_memory_equal(octets->bl_data, msg, 19);
	assert_memory_equal(octets->bl_data + 19, nonce, 16);
	assert_memory_equal(octets->bl_data + 35, mac, 32);
	ikev2_secret_free(&sk_p);
}

/* Signs the octets by a job, then OpenSSL checks the signature with the certificate's public key and md. */
static void sign_and_check(uint8_t method, uint16_t hash, const char *md, const uint8_t *alg, size_t alg_len)
{
	X509 *ca = tc_ca(), *leaf = tc_leaf(ca, "CN=hub,OU=FLEX", NULL);
	struct ikev2_blob octets;
	struct ikev2_sig_job *job, *check;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	octets_of(&octets);
	job = ikev2_sig_job_sign(tc_key(1), method, hash, ikev2_chunk(octets.bl_data, octets.bl_len));
	ikev2_sig_job_run(job);
	assert_int_equal(job->sj_rc, 0);
	assert_int_equal(job->sj_auth.au_method, method);
	assert_int_equal(job->sj_auth.au_alg.bl_len, alg_len);
	if (alg_len)
		assert_memory_equal(job->sj_auth.au_alg.bl_data, alg, alg_len);
	assert_int_equal(EVP_DigestVerifyInit_ex(ctx, NULL, md, NULL, NULL, X509_get0_pubkey(leaf), NULL), 1);
	assert_int_equal(EVP_DigestVerify(ctx, job->sj_auth.au_data.bl_data, job->sj_auth.au_data.bl_len,
					  octets.bl_data, octets.bl_len),
			 1);
	/* and the verify job refuses the same signature over other octets */
	octets.bl_data[0] ^= 1;
	check = ikev2_sig_job_verify(tc_key(1), &job->sj_auth, ikev2_chunk(octets.bl_data, octets.bl_len));
	ikev2_sig_job_run(check);
	assert_int_equal(check->sj_rc, -1);
	assert_int_equal(check->sj_err.e_notify, IKEV2_N_AUTHENTICATION_FAILED);
	ikev2_sig_job_free(check);
	ikev2_sig_job_free(job);
	EVP_MD_CTX_free(ctx);
	ikev2_blob_free(&octets);
	X509_free(leaf);
	X509_free(ca);
}

static void test_method1(void **state)
{
	(void)state;
	sign_and_check(IKEV2_AUTH_RSA_SIG, IKEV2_HASH_SHA1, "SHA1", NULL, 0);
}

static void test_method14(void **state)
{
	/* RFC 7427 appendix A.1.3: sha256WithRSAEncryption, NULL parameters. */
	static const uint8_t alg[] = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
				      0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00};

	(void)state;
	sign_and_check(IKEV2_AUTH_DIGITAL_SIGNATURE, IKEV2_HASH_SHA2_256, "SHA256", alg, sizeof(alg));
}

/* RFC 4055 RSASSA-PSS-params as strongSwan sends them (charon.rsa_pss): SHA-256, MGF1 with SHA-256, salt 32. */
static const uint8_t pss_sha256[] = {0x30, 0x41, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a, 0x30,
				     0x34, 0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04,
				     0x02, 0x01, 0x05, 0x00, 0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
				     0xf7, 0x0d, 0x01, 0x01, 0x08, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
				     0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0xa2, 0x03, 0x02, 0x01, 0x20};

/* An AUTH signed by OpenSSL with RSASSA-PSS, SHA-256, MGF1-SHA-256 and that salt length, naming alg. */
static void pss_auth(struct ikev2_auth *auth, const struct ikev2_blob *octets, int salt, const uint8_t *alg,
		     size_t alg_len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	uint8_t sig[256];
	size_t len = sizeof(sig);

	assert_int_equal(EVP_DigestSignInit_ex(ctx, &pctx, "SHA256", NULL, NULL, tc_key(1), NULL), 1);
	assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING), 1);
	assert_int_equal(EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt), 1);
	assert_int_equal(EVP_DigestSign(ctx, sig, &len, octets->bl_data, octets->bl_len), 1);
	EVP_MD_CTX_free(ctx);
	*auth = (struct ikev2_auth){.au_method = IKEV2_AUTH_DIGITAL_SIGNATURE};
	assert_int_equal(ikev2_blob_set(&auth->au_alg, alg, alg_len), 0);
	assert_int_equal(ikev2_blob_set(&auth->au_data, sig, len), 0);
}

static int pss_verdict(const struct ikev2_auth *auth, const struct ikev2_blob *octets)
{
	struct ikev2_sig_job *job = ikev2_sig_job_verify(tc_key(1), auth, ikev2_chunk(octets->bl_data, octets->bl_len));
	int rc;

	ikev2_sig_job_run(job);
	rc = job->sj_rc;
	ikev2_sig_job_free(job);
	return rc;
}

/* RFC 7427 with RSASSA-PSS: verified with the parameters the AlgorithmIdentifier gives, refused otherwise. */
static void test_pss(void **state)
{
	struct ikev2_blob octets;
	struct ikev2_auth auth;
	uint8_t sha224_params[sizeof(pss_sha256)];

	(void)state;
	octets_of(&octets);
	pss_auth(&auth, &octets, 32, pss_sha256, sizeof(pss_sha256));
	assert_string_equal(ikev2_sig_name(&auth), "RSASSA-PSS");
	assert_int_equal(pss_verdict(&auth, &octets), 0);
	octets.bl_data[3] ^= 1;
	assert_int_equal(pss_verdict(&auth, &octets), -1);
	octets.bl_data[3] ^= 1;
	ikev2_blob_free(&auth.au_alg);
	ikev2_blob_free(&auth.au_data);
	/* signed with salt 20 where the parameters say 32 */
	pss_auth(&auth, &octets, 20, pss_sha256, sizeof(pss_sha256));
	assert_int_equal(pss_verdict(&auth, &octets), -1);
	ikev2_blob_free(&auth.au_alg);
	ikev2_blob_free(&auth.au_data);
	/* hashAlgorithm SHA-224 (2.16.840.1.101.3.4.2.4): not one Ferry takes */
	memcpy(sha224_params, pss_sha256, sizeof(sha224_params));
	sha224_params[29] = 0x04;
	pss_auth(&auth, &octets, 32, sha224_params, sizeof(sha224_params));
	assert_int_equal(pss_verdict(&auth, &octets), -1);
	/* a truncated AlgorithmIdentifier */
	auth.au_alg.bl_len--;
	assert_int_equal(pss_verdict(&auth, &octets), -1);
	assert_string_equal(ikev2_sig_name(&auth), "unknown algorithm");
	auth.au_alg.bl_len++;
	ikev2_blob_free(&auth.au_alg);
	ikev2_blob_free(&auth.au_data);
	ikev2_blob_free(&octets);
}

/* An ikev2_init whose peer's IKE_SA_INIT carried this SIGNATURE_HASH_ALGORITHMS list (NULL: none). */
static void peer_said(struct ikev2_init *in, const void *list, size_t len)
{
	struct ikev2_msg m;
	struct ikev2_pl *pl;
	struct ikev2_err err;

	*in = (struct ikev2_init){.in_initiator = true};
	ikev2_msg_init(&m, 1, 2, IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_RESPONSE, 0);
	pl = ikev2_pl_add(&m.m_pl, IKEV2_PL_NONCE);
	assert_int_equal(ikev2_blob_set(&pl->pl_data, nonce, 16), 0);
	if (list) {
		pl = ikev2_pl_add(&m.m_pl, IKEV2_PL_NOTIFY);
		pl->pl_notify.no_type = IKEV2_N_SIGNATURE_HASH_ALGORITHMS;
		assert_int_equal(ikev2_blob_set(&pl->pl_notify.no_data, list, len), 0);
	}
	assert_int_equal(ikev2_msg_encode(&m, &in->in_resp, &err), 0);
	ikev2_msg_fini(&m);
}

static void assert_choice(const void *list, size_t len, uint8_t method, uint16_t hash)
{
	struct ikev2_init in;
	uint8_t got_method;
	uint16_t got_hash;

	peer_said(&in, list, len);
	ikev2_sig_choose(&in, &got_method, &got_hash);
	assert_int_equal(got_method, method);
	assert_int_equal(got_hash, hash);
	ikev2_blob_free(&in.in_resp);
}

static void test_choose(void **state)
{
	(void)state;
	assert_choice(NULL, 0, IKEV2_AUTH_RSA_SIG, IKEV2_HASH_SHA1);
	assert_choice("\x00\x02\x00\x03\x00\x04", 6, IKEV2_AUTH_DIGITAL_SIGNATURE, IKEV2_HASH_SHA2_256);
	assert_choice("\x00\x04\x00\x02", 4, IKEV2_AUTH_DIGITAL_SIGNATURE, IKEV2_HASH_SHA2_256);
	assert_choice("\x00\x03\x00\x04", 4, IKEV2_AUTH_RSA_SIG, IKEV2_HASH_SHA1);
	assert_choice("\x00", 1, IKEV2_AUTH_RSA_SIG, IKEV2_HASH_SHA1);
}

struct worker_run {
	struct loop *wr_loop;
	pthread_t wr_loop_thread;
	bool wr_done_on_loop;
};

static struct worker_run wrun;

static void job_done(void *arg)
{
	(void)arg;
	wrun.wr_done_on_loop = pthread_equal(pthread_self(), wrun.wr_loop_thread);
	loop_stop(wrun.wr_loop);
}

/* The sign job on a worker; the completion back on the loop thread. */
static void test_on_workq(void **state)
{
	struct ikev2_blob octets;
	struct ikev2_sig_job *job;
	struct workq *q;

	(void)state;
	octets_of(&octets);
	wrun = (struct worker_run){.wr_loop = loop_new(), .wr_loop_thread = pthread_self()};
	q = workq_new(wrun.wr_loop, 1);
	assert_non_null(q);
	job = ikev2_sig_job_sign(tc_key(1), IKEV2_AUTH_DIGITAL_SIGNATURE, IKEV2_HASH_SHA2_256,
				 ikev2_chunk(octets.bl_data, octets.bl_len));
	assert_int_equal(workq_submit(q, ikev2_sig_job_run, job_done, job), 0);
	assert_int_equal(loop_run(wrun.wr_loop), 0);
	assert_true(wrun.wr_done_on_loop);
	assert_int_equal(job->sj_rc, 0);
	assert_int_equal(job->sj_auth.au_data.bl_len, 256);
	ikev2_sig_job_free(job);
	workq_free(q);
	loop_free(wrun.wr_loop);
	ikev2_blob_free(&octets);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_method1), cmocka_unit_test(test_method14), cmocka_unit_test(test_pss),
	    cmocka_unit_test(test_choose),  cmocka_unit_test(test_on_workq),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
