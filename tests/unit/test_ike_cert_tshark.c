/*
 * Wireshark's dissector on the certificate payloads as Ferry encodes them:
 * IKE_AUTH messages (left unencrypted, so that tshark sees the payloads the
 * SK payload would carry) with IDi (ID_DER_ASN1_DN, FQDN), CERT (X.509
 * Signature), CERTREQ (the CA's SubjectPublicKeyInfo hash) and AUTH by
 * method 14 (RFC 7427, sha256WithRSAEncryption) and method 1, put into a
 * pcap (pcap_tshark.h). tshark must flag nothing as malformed or worse than
 * a note and must read the methods and encodings back. Skipped (exit 77)
 * without tshark.
 */
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ike/ikev2_cert.h"
#include "ike/ikev2_sig.h"
#include "pcap_tshark.h"
#include "test_ike_cert_util.h"

#define IKE_PORT 500

struct fx {
	struct pcap_scratch f_scratch;
	FILE *f_out;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_non_null(f->f_out = pcap_scratch_create(&f->f_scratch, PCAP_LINK_RAW));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	pcap_scratch_remove(&f->f_scratch);
	free(f);
	return 0;
}

/* One IKE message in UDP 500 from 127.0.0.1 to 127.0.0.2. */
static void dump(struct fx *f, const struct ikev2_blob *msg)
{
	static const struct pcap_ip4 ip = {.ip_src = "127.0.0.1",
					   .ip_dst = "127.0.0.2",
					   .ip_proto = IPPROTO_UDP,
					   .ip_sport = IKE_PORT,
					   .ip_dport = IKE_PORT};

	assert_int_equal(pcap_add_ip4(f->f_out, &ip, msg->bl_data, msg->bl_len), 0);
}

/* IKE_AUTH with IDi, CERT, CERTREQ and an AUTH by method over some octets, encoded by the codec. */
static void auth_msg(struct fx *f, X509 *ca, X509 *leaf, const struct ikev2_id *id, uint8_t method, uint16_t hash)
{
	static const uint8_t octets[] = "the octets AUTH covers";
	struct ikev2_cert_conf cc = {.cc_cert = leaf, .cc_cas = sk_X509_new_null()};
	struct ikev2_sig_job *job = ikev2_sig_job_sign(tc_key(1), method, hash, ikev2_chunk(octets, sizeof(octets)));
	struct ikev2_msg m;
	struct ikev2_pl *pl;
	struct ikev2_blob out;
	struct ikev2_err err;

	ikev2_msg_init(&m, 0x1122334455667788, 0x99aabbccddeeff00, IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_INITIATOR, 1);
	pl = ikev2_pl_add(&m.m_pl, IKEV2_PL_IDI);
	pl->pl_id.id_type = id->id_type;
	assert_int_equal(ikev2_blob_set(&pl->pl_id.id_data, id->id_data.bl_data, id->id_data.bl_len), 0);
	assert_int_equal(sk_X509_push(cc.cc_cas, ca), 1);
	assert_int_equal(ikev2_cert_add(&cc, &m.m_pl), 0);
	assert_int_equal(ikev2_certreq_add(cc.cc_cas, &m.m_pl), 0);
	ikev2_sig_job_run(job);
	assert_int_equal(job->sj_rc, 0);
	pl = ikev2_pl_add(&m.m_pl, IKEV2_PL_AUTH);
	pl->pl_auth = job->sj_auth;
	job->sj_auth = (struct ikev2_auth){0};
	assert_int_equal(ikev2_msg_encode(&m, &out, &err), 0);
	dump(f, &out);
	ikev2_blob_free(&out);
	ikev2_msg_fini(&m);
	ikev2_sig_job_free(job);
	sk_X509_free(cc.cc_cas);
}

static void test_tshark_cert_payloads(void **state)
{
	struct fx *f = *state;
	X509 *ca = tc_ca(), *leaf = tc_leaf(ca, "CN=R1-HUB.cisco.com,OU=FLEX,O=Cisco", "DNS:R1-HUB.cisco.com");
	struct ikev2_id dn = {0}, fqdn = {.id_type = IKEV2_ID_FQDN};
	struct ikev2_cert_conf cc = {.cc_cert = leaf};
	struct tshark_verdict v;

	assert_int_equal(ikev2_cert_local_dn(&cc, &dn), 0);
	assert_int_equal(ikev2_blob_set(&fqdn.id_data, "R1-HUB.cisco.com", 16), 0);
	auth_msg(f, ca, leaf, &dn, IKEV2_AUTH_DIGITAL_SIGNATURE, IKEV2_HASH_SHA2_256);
	auth_msg(f, ca, leaf, &fqdn, IKEV2_AUTH_RSA_SIG, IKEV2_HASH_SHA1);
	assert_int_equal(fclose(f->f_out), 0);
	assert_int_equal(tshark_verdict(f->f_scratch.ps_path,
					"-T fields -E separator=, -e isakmp.id.type -e isakmp.cert.encoding "
					"-e isakmp.certreq.type -e isakmp.auth.method",
					&v),
			 0);
	assert_string_equal(v.tv_flagged, "");
	assert_string_equal(v.tv_output, "9,4,4,14\n2,4,4,1\n");
	tshark_verdict_free(&v);
	ikev2_blob_free(&dn.id_data);
	ikev2_blob_free(&fqdn.id_data);
	X509_free(leaf);
	X509_free(ca);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_tshark_cert_payloads, setup, teardown),
	};

	if (!tshark_present()) {
		printf("# tshark not installed: skipped\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
