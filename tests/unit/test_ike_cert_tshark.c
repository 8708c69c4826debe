/*
 * Wireshark's dissector on the certificate payloads as Ferry encodes them:
 * IKE_AUTH messages (left unencrypted, so that tshark sees the payloads the
 * SK payload would carry) with IDi (ID_DER_ASN1_DN, FQDN), CERT (X.509
 * Signature), CERTREQ (the CA's SubjectPublicKeyInfo hash) and AUTH by
 * method 14 (RFC 7427, sha256WithRSAEncryption) and method 1, put into a
 * pcap by text2pcap. tshark must flag nothing as malformed or worse than a
 * note and must read the methods and encodings back. Skipped (exit 77)
 * without tshark and text2pcap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ike/ikev2_cert.h"
#include "ike/ikev2_sig.h"
#include "test_ike_cert_util.h"

struct fx {
	char f_dir[64], f_txt[96], f_pcap[96];
	FILE *f_out;
	size_t f_packets;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	snprintf(f->f_dir, sizeof(f->f_dir), "/tmp/test_ike_cert_tshark.XXXXXX");
	assert_non_null(mkdtemp(f->f_dir));
	snprintf(f->f_txt, sizeof(f->f_txt), "%s/ike.txt", f->f_dir);
	snprintf(f->f_pcap, sizeof(f->f_pcap), "%s/ike.pcap", f->f_dir);
	assert_non_null(f->f_out = fopen(f->f_txt, "w"));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->f_dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* One UDP payload as text2pcap reads it: lines of 16 octets, each after its offset. */
static void dump(struct fx *f, const struct ikev2_blob *msg)
{
	for (size_t i = 0; i < msg->bl_len; i++) {
		if (i % 16 == 0)
			fprintf(f->f_out, "%06zx ", i);
		fprintf(f->f_out, "%02x%s", msg->bl_data[i], i % 16 == 15 || i + 1 == msg->bl_len ? "\n" : " ");
	}
	f->f_packets++;
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

static char *run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char *out = calloc(1, 65536);
	size_t n;

	assert_non_null(p);
	n = fread(out, 1, 65535, p);
	out[n] = '\0';
	assert_int_equal(pclose(p), 0);
	return out;
}

static void test_tshark_cert_payloads(void **state)
{
	struct fx *f = *state;
	X509 *ca = tc_ca(), *leaf = tc_leaf(ca, "CN=R1-HUB.cisco.com,OU=FLEX,O=Cisco", "DNS:R1-HUB.cisco.com");
	struct ikev2_id dn = {0}, fqdn = {.id_type = IKEV2_ID_FQDN};
	struct ikev2_cert_conf cc = {.cc_cert = leaf};
	char cmd[512], *flags, *fields;

	assert_int_equal(ikev2_cert_local_dn(&cc, &dn), 0);
	assert_int_equal(ikev2_blob_set(&fqdn.id_data, "R1-HUB.cisco.com", 16), 0);
	auth_msg(f, ca, leaf, &dn, IKEV2_AUTH_DIGITAL_SIGNATURE, IKEV2_HASH_SHA2_256);
	auth_msg(f, ca, leaf, &fqdn, IKEV2_AUTH_RSA_SIG, IKEV2_HASH_SHA1);
	fclose(f->f_out);
	snprintf(cmd, sizeof(cmd), "text2pcap -q -4 127.0.0.1,127.0.0.2 -u 500,500 '%s' '%s'", f->f_txt, f->f_pcap);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "tshark -r '%s' -Y '_ws.malformed || _ws.expert.severity >= warning' 2>/dev/null",
		 f->f_pcap);
	flags = run(cmd);
	assert_string_equal(flags, "");
	snprintf(cmd, sizeof(cmd),
		 "tshark -r '%s' -T fields -E separator=, -e isakmp.id.type -e isakmp.cert.encoding "
		 "-e isakmp.certreq.type -e isakmp.auth.method 2>/dev/null",
		 f->f_pcap);
	fields = run(cmd);
	assert_string_equal(fields, "9,4,4,14\n2,4,4,1\n");
	free(fields);
	free(flags);
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

	if (system("command -v tshark >/dev/null && command -v text2pcap >/dev/null") != 0) {
		printf("# tshark or text2pcap not installed: skipped\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
