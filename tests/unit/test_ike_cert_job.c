/*
 * The peer's certificate checked in the signature job on a worker
 * (ikev2_cert_peer_take on the loop thread only copies what the checks
 * need): a missing certificate refused before any job, a chain to an
 * unknown CA and an identity the certificate lacks refused by the job (and
 * told apart from a bad signature), and a job that still verifies after
 * the configuration's CAs were freed, as a PKI reload (SIGHUP) during the
 * job does: the job holds its own references and copies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ike/ikev2_cert.h"
#include "ike/ikev2_const.h"
#include "ike/ikev2_sig.h"
#include "test_ike_cert_util.h"

#define SPOKE_SUBJECT "CN=spoke7.cisco.com,OU=FLEX,O=Lab"
#define SPOKE_FQDN    "spoke7.cisco.com"

static const uint8_t octets[] = "IKE_SA_INIT | Nr | prf(SK_pi, IDi)";

/* Our side trusting ca (taken), the peer's CERT payload with leaf and its FQDN identity. */
struct job_case {
	struct ikev2_cert_conf jc_cc;
	struct ikev2_pl *jc_list;
	struct ikev2_id jc_id;
};

static void job_case_init(struct job_case *jc, X509 *ca, X509 *leaf, const char *fqdn)
{
	struct ikev2_cert_conf peer = {.cc_cert = leaf};

	*jc = (struct job_case){.jc_id = {.id_type = IKEV2_ID_FQDN}};
	jc->jc_cc.cc_cas = sk_X509_new_null();
	assert_non_null(jc->jc_cc.cc_cas);
	assert_int_equal(sk_X509_push(jc->jc_cc.cc_cas, ca), 1);
	assert_int_equal(ikev2_cert_add(&peer, &jc->jc_list), 0);
	assert_int_equal(ikev2_blob_set(&jc->jc_id.id_data, fqdn, strlen(fqdn)), 0);
	X509_free(leaf);
}

static void job_case_fini(struct job_case *jc)
{
	sk_X509_pop_free(jc->jc_cc.cc_cas, X509_free);
	ikev2_pl_list_free(jc->jc_list);
	ikev2_blob_free(&jc->jc_id.id_data);
}

/* The peer's AUTH over octets, signed with key (RFC 7427, SHA-256); the caller frees the job. */
static struct ikev2_sig_job *peer_auth(EVP_PKEY *key)
{
	struct ikev2_sig_job *sign = ikev2_sig_job_sign(key, IKEV2_AUTH_DIGITAL_SIGNATURE, IKEV2_HASH_SHA2_256,
							ikev2_chunk(octets, sizeof(octets)));

	assert_non_null(sign);
	ikev2_sig_job_run(sign);
	assert_int_equal(sign->sj_rc, 0);
	return sign;
}

/* The loop's half, then the worker's job run over an AUTH signed with key; the job (caller frees). */
static struct ikev2_sig_job *run_job(struct job_case *jc, EVP_PKEY *key, bool drop_cas)
{
	struct ikev2_sig_job *sign = peer_auth(key), *job;
	struct ikev2_cert_peer *cp;
	struct ikev2_err err = {0};

	assert_int_equal(ikev2_cert_peer_take(&jc->jc_cc, jc->jc_list, &jc->jc_id, &cp, &err), 0);
	assert_non_null(cp);
	if (drop_cas) { /* a PKI reload frees the configuration's CAs while the job waits */
		sk_X509_pop_free(jc->jc_cc.cc_cas, X509_free);
		jc->jc_cc.cc_cas = NULL;
	}
	job = ikev2_sig_job_verify_cert(cp, &sign->sj_auth, ikev2_chunk(octets, sizeof(octets)));
	assert_non_null(job);
	ikev2_sig_job_run(job);
	ikev2_sig_job_free(sign);
	return job;
}

/* The job for the lab CA's spoke certificate and an AUTH signed with signer. */
static struct ikev2_sig_job *spoke_job(struct job_case *jc, EVP_PKEY *signer, bool drop_cas)
{
	X509 *ca = tc_ca();

	job_case_init(jc, ca, tc_leaf(ca, SPOKE_SUBJECT, "DNS:" SPOKE_FQDN), SPOKE_FQDN);
	return run_job(jc, signer, drop_cas);
}

static void test_verified_after_reload(void **state)
{
	struct job_case jc;
	struct ikev2_sig_job *job = spoke_job(&jc, tc_key(1), true);

	(void)state;
	assert_int_equal(job->sj_rc, 0);
	assert_false(job->sj_cert_refused);
	assert_int_equal(EVP_PKEY_eq(job->sj_key, tc_key(1)), 1); /* the leaf's key, found by the job */
	ikev2_sig_job_free(job);
	job_case_fini(&jc);
}

/* A leaf from another CA passes the loop's half (names only) and is refused by the job. */
static void test_unknown_ca_refused_by_job(void **state)
{
	struct tc_spec other = {.ts_subject = "CN=Other CA,O=Elsewhere", .ts_key = tc_key(2), .ts_ca = true};
	X509 *ca = tc_ca(), *ca2 = tc_cert(&other);
	struct job_case jc;
	struct ikev2_sig_job *job;

	(void)state;
	job_case_init(&jc, ca, tc_leaf(ca2, SPOKE_SUBJECT, "DNS:" SPOKE_FQDN), SPOKE_FQDN);
	job = run_job(&jc, tc_key(1), false);
	assert_int_equal(job->sj_rc, -1);
	assert_true(job->sj_cert_refused);
	assert_int_equal(job->sj_err.e_notify, IKEV2_N_AUTHENTICATION_FAILED);
	assert_int_equal(job->sj_err.e_payload, IKEV2_PL_CERT);
	assert_string_equal(job->sj_err.e_what, "unable to get local issuer certificate");
	ikev2_sig_job_free(job);
	job_case_fini(&jc);
	X509_free(ca2);
}

/* A good chain with an AUTH the certificate's key did not sign: refused as a signature, not a certificate. */
static void test_bad_signature(void **state)
{
	struct job_case jc;
	struct ikev2_sig_job *job = spoke_job(&jc, tc_key(3), false);

	(void)state;
	assert_int_equal(job->sj_rc, -1);
	assert_false(job->sj_cert_refused);
	assert_int_equal(job->sj_err.e_notify, IKEV2_N_AUTHENTICATION_FAILED);
	ikev2_sig_job_free(job);
	job_case_fini(&jc);
}

/* An identity the certificate does not hold: the job refuses it (the names are checked on the worker too). */
static void test_names_refused_by_job(void **state)
{
	X509 *ca = tc_ca();
	struct job_case jc;
	struct ikev2_sig_job *job;

	(void)state;
	job_case_init(&jc, ca, tc_leaf(ca, SPOKE_SUBJECT, "DNS:" SPOKE_FQDN), "spoke8.cisco.com");
	job = run_job(&jc, tc_key(1), false);
	assert_int_equal(job->sj_rc, -1);
	assert_true(job->sj_cert_refused);
	assert_string_equal(job->sj_err.e_what, "the peer's identity is not in its certificate");
	ikev2_sig_job_free(job);
	job_case_fini(&jc);
}

/* No X.509 CERT payload at all: refused on the loop, no job is made. */
static void test_no_certificate_refused_on_loop(void **state)
{
	struct ikev2_cert_conf cc = {.cc_cas = sk_X509_new_null()};
	struct ikev2_id id = {.id_type = IKEV2_ID_FQDN};
	struct ikev2_err err = {0};
	struct ikev2_cert_peer *cp = (void *)&err; /* anything but NULL: a refusal must clear it */

	(void)state;
	assert_int_equal(ikev2_blob_set(&id.id_data, SPOKE_FQDN, strlen(SPOKE_FQDN)), 0);
	assert_int_equal(ikev2_cert_peer_take(&cc, NULL, &id, &cp, &err), -1);
	assert_null(cp);
	assert_int_equal(err.e_notify, IKEV2_N_AUTHENTICATION_FAILED);
	assert_string_equal(err.e_what, "the peer sent no X.509 certificate");
	ikev2_blob_free(&id.id_data);
	sk_X509_free(cc.cc_cas);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_verified_after_reload),
	    cmocka_unit_test(test_unknown_ca_refused_by_job),
	    cmocka_unit_test(test_bad_signature),
	    cmocka_unit_test(test_names_refused_by_job),
	    cmocka_unit_test(test_no_certificate_refused_on_loop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
