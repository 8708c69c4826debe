/*
 * Peer certificates in IKEv2: names as certificate maps see them and the
 * maps' rules (eq/ne/co/nc, case-insensitive, IOS's "ou = flex"), chain
 * validation (another CA, expired, not yet valid), the CERTREQ hash
 * (SHA-1 of the CA's SubjectPublicKeyInfo, RFC 7296 §3.7, computed here
 * from the key independently), the whole peer check (identity bound to
 * the certificate, map, missing or garbage CERT) and loading a PKI
 * directory (missing, mismatched and foreign files refused).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/sha.h>

#include "ike/ikev2_cert.h"
#include "ike/ikev2_id_text.h"
#include "pki/pki_store.h"
#include "pki/pki_x509.h"
#include "test_ike_cert_util.h"

#define R3_SUBJECT "CN=R3-spoke.cisco.com,OU=FLEX,O=Cisco"

static void test_names(void **state)
{
	X509 *ca = tc_ca(), *leaf = tc_leaf(ca, R3_SUBJECT, "DNS:R3-Spoke.cisco.com,IP:192.0.2.3");
	struct pki_x509_names n;

	(void)state;
	assert_int_equal(pki_x509_names(leaf, &n), 0);
	assert_string_equal(n.pxn_names.cn_subject, R3_SUBJECT);
	assert_string_equal(n.pxn_names.cn_issuer, "C=US,O=Ferry Lab,CN=Lab CA");
	assert_null(n.pxn_names.cn_unstructured);
	assert_string_equal(n.pxn_names.cn_alt[0], "R3-Spoke.cisco.com");
	assert_string_equal(n.pxn_names.cn_alt[1], "192.0.2.3");
	assert_null(n.pxn_names.cn_alt[2]);
	pki_x509_names_free(&n);
	X509_free(leaf);
	X509_free(ca);
}

/* Whether a one-rule map (field, op, value as typed) matches the certificate. */
static bool map1(X509 *x, enum pki_cm_field f, enum pki_cm_op op, const char *value)
{
	struct pki_cm_rule r = {.cr_field = f, .cr_op = op, .cr_value = (char *)value};
	struct pki_certmap_entry e = {.ce_seq = 10, .ce_rules = &r};
	struct pki_certmap m = {.cm_name = "mymap", .cm_entries = &e};
	struct pki_x509_names n;
	unsigned seq;

	assert_int_equal(pki_x509_names(x, &n), 0);
	seq = pki_certmap_match(&m, &n.pxn_names);
	pki_x509_names_free(&n);
	assert_true(seq == 0 || seq == 10);
	return seq == 10;
}

static void test_certmap_rules(void **state)
{
	X509 *ca = tc_ca(), *flex = tc_leaf(ca, R3_SUBJECT, NULL);
	X509 *other = tc_leaf(ca, "CN=R9.example,OU=Sales,O=Cisco", NULL);

	(void)state;
	/* The seed: "subject-name co ou = flex". */
	assert_true(map1(flex, PKI_CM_SUBJECT, PKI_CM_CO, "ou = flex"));
	assert_false(map1(other, PKI_CM_SUBJECT, PKI_CM_CO, "ou = flex"));
	assert_false(map1(flex, PKI_CM_SUBJECT, PKI_CM_NC, "ou = flex"));
	assert_true(map1(other, PKI_CM_SUBJECT, PKI_CM_NC, "ou = flex"));
	/* eq/ne: the whole name, ignoring case and blanks around '=' and ','. */
	assert_true(map1(flex, PKI_CM_SUBJECT, PKI_CM_EQ, "cn = r3-spoke.cisco.com, ou = flex, o = cisco"));
	assert_false(map1(flex, PKI_CM_SUBJECT, PKI_CM_EQ, "ou = flex"));
	assert_true(map1(flex, PKI_CM_SUBJECT, PKI_CM_NE, "ou = flex"));
	assert_true(map1(flex, PKI_CM_ISSUER, PKI_CM_CO, "cn = lab ca"));
	assert_false(map1(flex, PKI_CM_ISSUER, PKI_CM_CO, "cn = other ca"));
	/* "name": one component of the subject. */
	assert_true(map1(flex, PKI_CM_NAME, PKI_CM_EQ, "OU=FLEX"));
	assert_false(map1(other, PKI_CM_NAME, PKI_CM_EQ, "OU=FLEX"));
	X509_free(other);
	X509_free(flex);
	X509_free(ca);
}

static int chain(X509 *ca, X509 *leaf, time_t now, const char **why)
{
	STACK_OF(X509) *cas = sk_X509_new_null();
	int rc;

	assert_int_equal(sk_X509_push(cas, ca), 1);
	rc = pki_chain_verify(cas, leaf, NULL, now, why);
	sk_X509_free(cas);
	return rc;
}

static void test_chain(void **state)
{
	X509 *ca = tc_ca(), *leaf = tc_leaf(ca, R3_SUBJECT, NULL);
	X509 *ca2 = tc_cert(&(struct tc_spec){.ts_subject = "CN=Other CA", .ts_key = tc_key(2), .ts_ca = true});
	X509 *foreign = tc_cert(&(struct tc_spec){
	    .ts_subject = R3_SUBJECT, .ts_key = tc_key(1), .ts_issuer = ca2, .ts_issuer_key = tc_key(2)});
	const char *why = NULL;

	(void)state;
	assert_int_equal(chain(ca, leaf, 0, &why), 0);
	assert_int_equal(chain(ca, foreign, 0, &why), -1);
	assert_string_equal(why, "unable to get local issuer certificate");
	assert_int_equal(chain(ca, leaf, time(NULL) + 2 * 365L * 86400, &why), -1);
	assert_string_equal(why, "certificate has expired");
	assert_int_equal(chain(ca, leaf, time(NULL) - 86400, &why), -1);
	assert_string_equal(why, "certificate is not yet valid");
	X509_free(foreign);
	X509_free(ca2);
	X509_free(leaf);
	X509_free(ca);
}

/* The CERTREQ hash against SHA-1 of i2d_PUBKEY of the CA's key (the same SubjectPublicKeyInfo, another path). */
static void test_certreq_hash(void **state)
{
	X509 *ca = tc_ca();
	STACK_OF(X509) *cas = sk_X509_new_null();
	unsigned char *der = NULL, want[SHA_DIGEST_LENGTH];
	int len = i2d_PUBKEY(tc_key(0), &der);
	struct ikev2_pl *list = NULL;

	(void)state;
	assert_true(len > 0);
	SHA1(der, (size_t)len, want);
	OPENSSL_free(der);
	assert_int_equal(sk_X509_push(cas, ca), 1);
	assert_int_equal(sk_X509_push(cas, ca), 2);
	assert_int_equal(ikev2_certreq_add(cas, &list), 0);
	assert_non_null(list);
	assert_int_equal(list->pl_type, IKEV2_PL_CERTREQ);
	assert_int_equal(list->pl_cert.ce_encoding, IKEV2_CERT_X509_SIGNATURE);
	assert_int_equal(list->pl_cert.ce_data.bl_len, 2 * SHA_DIGEST_LENGTH);
	assert_memory_equal(list->pl_cert.ce_data.bl_data, want, SHA_DIGEST_LENGTH);
	assert_memory_equal(list->pl_cert.ce_data.bl_data + SHA_DIGEST_LENGTH, want, SHA_DIGEST_LENGTH);
	ikev2_pl_list_free(list);
	sk_X509_free(cas);
	X509_free(ca);
}

/* A CERT payload list with these certificates' DER (NULL-terminated). */
static struct ikev2_pl *cert_list(X509 *const *certs)
{
	struct ikev2_pl *list = NULL;

	for (; *certs; certs++) {
		struct ikev2_cert_conf cc = {.cc_cert = *certs};
		assert_int_equal(ikev2_cert_add(&cc, &list), 0);
	}
	return list;
}

struct peer_case {
	struct ikev2_cert_conf pc_conf;
	struct pki_cm_rule pc_rule;
	struct pki_certmap_entry pc_entry;
	struct pki_certmap pc_map;
};

/* Our side: trusts ca, with "subject-name co ou = flex" unless map is false. */
static void peer_case_init(struct peer_case *p, X509 *ca, bool map)
{
	*p = (struct peer_case){
	    .pc_rule = {.cr_field = PKI_CM_SUBJECT, .cr_op = PKI_CM_CO, .cr_value = "ou = flex"},
	    .pc_entry = {.ce_seq = 10},
	    .pc_map = {.cm_name = "mymap"},
	};
	p->pc_entry.ce_rules = &p->pc_rule;
	p->pc_map.cm_entries = &p->pc_entry;
	p->pc_conf.cc_cas = sk_X509_new_null();
	assert_int_equal(sk_X509_push(p->pc_conf.cc_cas, ca), 1);
	p->pc_conf.cc_map = map ? &p->pc_map : NULL;
}

/* The peer check of the CERT payloads in list, the peer claiming identity (type, text) under p; the notify on
 * refusal, 0 when accepted. */
static uint16_t peer_check_list(struct peer_case *p, const struct ikev2_pl *list, uint8_t type, const void *id,
				size_t id_len)
{
	struct ikev2_id pid = {.id_type = type};
	struct ikev2_err err = {0};
	EVP_PKEY *key = NULL;
	int rc;

	assert_int_equal(ikev2_blob_set(&pid.id_data, id, id_len), 0);
	rc = ikev2_cert_peer_key(&p->pc_conf, list, &pid, &key, &err);
	if (rc == 0)
		assert_int_equal(EVP_PKEY_eq(key, tc_key(1)), 1);
	EVP_PKEY_free(key);
	ikev2_blob_free(&pid.id_data);
	return rc == 0 ? 0 : err.e_notify;
}

/* The same with one CERT payload holding leaf (none: NULL). */
static uint16_t peer_check(struct peer_case *p, X509 *leaf, uint8_t type, const void *id, size_t id_len)
{
	X509 *certs[] = {leaf, NULL};
	struct ikev2_pl *list = leaf ? cert_list(certs) : NULL;
	uint16_t notify = peer_check_list(p, list, type, id, id_len);

	ikev2_pl_list_free(list);
	return notify;
}

static void test_peer_identity(void **state)
{
	X509 *ca = tc_ca(), *leaf = tc_leaf(ca, R3_SUBJECT, "DNS:R3-Spoke.cisco.com,IP:192.0.2.3");
	unsigned char *dn = NULL;
	int dn_len = i2d_X509_NAME(X509_get_subject_name(leaf), &dn);
	const uint8_t ip[4] = {192, 0, 2, 3}, other_ip[4] = {192, 0, 2, 4};
	struct peer_case p;

	(void)state;
	peer_case_init(&p, ca, true);
	assert_int_equal(peer_check(&p, leaf, IKEV2_ID_DER_ASN1_DN, dn, (size_t)dn_len), 0);
	assert_int_equal(peer_check(&p, leaf, IKEV2_ID_FQDN, "r3-spoke.CISCO.com", 18), 0);
	assert_int_equal(peer_check(&p, leaf, IKEV2_ID_IPV4_ADDR, ip, 4), 0);
	assert_int_equal(peer_check(&p, leaf, IKEV2_ID_FQDN, "R4.cisco.com", 12), IKEV2_N_AUTHENTICATION_FAILED);
	assert_int_equal(peer_check(&p, leaf, IKEV2_ID_IPV4_ADDR, other_ip, 4), IKEV2_N_AUTHENTICATION_FAILED);
	assert_int_equal(peer_check(&p, leaf, IKEV2_ID_DER_ASN1_DN, dn, (size_t)dn_len - 1),
			 IKEV2_N_AUTHENTICATION_FAILED);
	assert_int_equal(peer_check(&p, leaf, IKEV2_ID_KEY_ID, "k", 1), IKEV2_N_AUTHENTICATION_FAILED);
	/* with "match identity remote fqdn domain cisco.com": the FQDN passes, the address in the certificate not */
	p.pc_conf.cc_ids = &(struct ike_id){.id_type = IKE_ID_FQDN, .id_domain = true, .id_value = "cisco.com"};
	assert_int_equal(peer_check(&p, leaf, IKEV2_ID_FQDN, "R3-Spoke.cisco.com", 18), 0);
	assert_int_equal(peer_check(&p, leaf, IKEV2_ID_IPV4_ADDR, ip, 4), IKEV2_N_AUTHENTICATION_FAILED);
	OPENSSL_free(dn);
	sk_X509_free(p.pc_conf.cc_cas);
	X509_free(leaf);
	X509_free(ca);
}

static void test_peer_refused(void **state)
{
	X509 *ca = tc_ca(), *sales = tc_leaf(ca, "CN=R9.example,OU=Sales,O=Cisco", "DNS:R9.example");
	X509 *ca2 = tc_cert(&(struct tc_spec){.ts_subject = "CN=Other CA", .ts_key = tc_key(2), .ts_ca = true});
	X509 *foreign = tc_cert(&(struct tc_spec){.ts_subject = R3_SUBJECT,
						  .ts_key = tc_key(1),
						  .ts_issuer = ca2,
						  .ts_issuer_key = tc_key(2),
						  .ts_san = "DNS:R3-Spoke.cisco.com"});
	struct ikev2_pl *garbage = NULL, *pl;
	struct ikev2_id pid = {.id_type = IKEV2_ID_FQDN};
	struct ikev2_err err;
	EVP_PKEY *key;
	struct peer_case p;

	(void)state;
	peer_case_init(&p, ca, true);
	assert_int_equal(peer_check(&p, sales, IKEV2_ID_FQDN, "R9.example", 10), IKEV2_N_AUTHENTICATION_FAILED);
	assert_int_equal(peer_check(&p, foreign, IKEV2_ID_FQDN, "R3-Spoke.cisco.com", 18),
			 IKEV2_N_AUTHENTICATION_FAILED);
	assert_int_equal(peer_check(&p, NULL, IKEV2_ID_FQDN, "R3-Spoke.cisco.com", 18), IKEV2_N_AUTHENTICATION_FAILED);
	p.pc_conf.cc_map = NULL; /* no "match certificate": any certificate of the CA */
	assert_int_equal(peer_check(&p, sales, IKEV2_ID_FQDN, "R9.example", 10), 0);
	pl = ikev2_pl_add(&garbage, IKEV2_PL_CERT);
	pl->pl_cert.ce_encoding = IKEV2_CERT_X509_SIGNATURE;
	assert_int_equal(ikev2_blob_set(&pl->pl_cert.ce_data, "\x30\x82\x01", 3), 0);
	assert_int_equal(ikev2_cert_peer_key(&p.pc_conf, garbage, &pid, &key, &err), -1);
	assert_int_equal(err.e_notify, IKEV2_N_AUTHENTICATION_FAILED);
	assert_null(key);
	ikev2_pl_list_free(garbage);
	sk_X509_free(p.pc_conf.cc_cas);
	X509_free(foreign);
	X509_free(ca2);
	X509_free(sales);
	X509_free(ca);
}

/* What loading DIR/CA gives: -1 nothing, 0 CA only, 1 CA with certificate and key. */
static int load(X509 *ca, X509 *cert, EVP_PKEY *key)
{
	char *dir = tc_pki_dir(ca, cert, key);
	struct pki_material *pm = pki_material_load(dir, "CA");
	int what = !pm ? -1 : pm->pm_cert && pm->pm_key ? 1 : 0;

	pki_material_free(pm);
	tc_pki_dir_free(dir);
	return what;
}

static void test_material(void **state)
{
	X509 *ca = tc_ca(), *leaf = tc_leaf(ca, R3_SUBJECT, NULL);
	X509 *ca2 = tc_cert(&(struct tc_spec){.ts_subject = "CN=Other CA", .ts_key = tc_key(2), .ts_ca = true});

	(void)state;
	assert_int_equal(load(ca, leaf, tc_key(1)), 1);
	assert_int_equal(load(NULL, leaf, tc_key(1)), -1);
	assert_int_equal(load(ca, NULL, NULL), 0);
	assert_int_equal(load(ca, leaf, NULL), 0);	 /* no key.pem */
	assert_int_equal(load(ca, leaf, tc_key(3)), 0);	 /* another key */
	assert_int_equal(load(ca2, leaf, tc_key(1)), 0); /* cert.pem not from ca.pem */
	X509_free(ca2);
	X509_free(leaf);
	X509_free(ca);
}

/* A profile's certificate side from a PKI directory: references to its material, refusals with a reason. */
static void test_conf_from_profile(void **state)
{
	X509 *ca = tc_ca(), *leaf = tc_leaf(ca, R3_SUBJECT, NULL);
	char *dir = tc_pki_dir(ca, leaf, tc_key(1));
	struct ike_tp_ref tp = {.tr_name = "CA"};
	struct ike_profile pr = {.pr_name = "default",
				 .pr_auth_local = IKE_AUTH_RSA_SIG,
				 .pr_auth_remote = {IKE_AUTH_RSA_SIG},
				 .pr_nauth_remote = 1,
				 .pr_trustpoints = &tp};
	struct config *cfg = cfg_new();
	struct ikev2_cert_conf *cc;
	struct ikev2_id dn = {0};
	const unsigned char *p;
	X509_NAME *name;
	const char *why = NULL;

	(void)state;
	pki_store_set_dir(dir);
	cc = ikev2_cert_conf_new(cfg, &pr, &why);
	assert_non_null(cc);
	assert_int_equal(X509_cmp(cc->cc_cert, leaf), 0);
	assert_int_equal(EVP_PKEY_eq(cc->cc_key, tc_key(1)), 1);
	assert_int_equal(sk_X509_num(cc->cc_cas), 1);
	assert_int_equal(ikev2_cert_local_dn(cc, &dn), 0); /* "identity local dn" */
	assert_int_equal(dn.id_type, IKEV2_ID_DER_ASN1_DN);
	p = dn.id_data.bl_data;
	name = d2i_X509_NAME(NULL, &p, (long)dn.id_data.bl_len);
	assert_int_equal(X509_NAME_cmp(name, X509_get_subject_name(leaf)), 0);
	X509_NAME_free(name);
	ikev2_blob_free(&dn.id_data);
	pki_store_set_dir(NULL); /* the SA's references outlive the store */
	ikev2_cert_conf_free(cc);
	pr.pr_auth_remote[0] = IKE_AUTH_PRE_SHARE;
	pki_store_set_dir(dir);
	assert_null(ikev2_cert_conf_new(cfg, &pr, &why));
	assert_string_equal(why, "rsa-sig one way and pre-share the other is not supported");
	pr.pr_auth_remote[0] = IKE_AUTH_RSA_SIG;
	tp.tr_name = "NOSUCH";
	assert_null(ikev2_cert_conf_new(cfg, &pr, &why));
	assert_string_equal(why, "no trustpoint of the profile has a usable CA certificate (see the PKI log)");
	pki_store_set_dir(NULL);
	cfg_free(cfg);
	tc_pki_dir_free(dir);
	X509_free(leaf);
	X509_free(ca);
}

/* ca.pem with an intermediate and the root: our CERTs carry the intermediate, a peer trusting the root takes them. */
static void test_intermediate(void **state)
{
	X509 *root = tc_ca();
	X509 *inter = tc_cert(&(struct tc_spec){.ts_subject = "O=Ferry Lab,CN=Lab Issuing CA",
						.ts_key = tc_key(2),
						.ts_issuer = root,
						.ts_issuer_key = tc_key(0),
						.ts_ca = true});
	X509 *leaf = tc_cert(&(struct tc_spec){.ts_subject = R3_SUBJECT,
					       .ts_key = tc_key(1),
					       .ts_issuer = inter,
					       .ts_issuer_key = tc_key(2),
					       .ts_san = "DNS:R3-Spoke.cisco.com"});
	char *dir = tc_pki_dir(inter, leaf, tc_key(1)), path[256];
	struct ike_tp_ref tp = {.tr_name = "CA"};
	struct ike_profile pr = {.pr_auth_local = IKE_AUTH_RSA_SIG,
				 .pr_auth_remote = {IKE_AUTH_RSA_SIG},
				 .pr_nauth_remote = 1,
				 .pr_trustpoints = &tp};
	struct config *cfg = cfg_new();
	struct ikev2_cert_conf *cc;
	struct ikev2_pl *list = NULL;
	struct peer_case p;
	const char *why;

	(void)state;
	snprintf(path, sizeof(path), "%s/CA/ca.pem", dir);
	tc_write_cert(path, root, "a");
	pki_store_set_dir(dir);
	assert_non_null(cc = ikev2_cert_conf_new(cfg, &pr, &why));
	assert_int_equal(sk_X509_num(cc->cc_cas), 2);
	assert_int_equal(sk_X509_num(cc->cc_chain), 1); /* the intermediate, not the root */
	assert_int_equal(ikev2_cert_add(cc, &list), 0);
	assert_non_null(list->pl_next);
	assert_null(list->pl_next->pl_next);
	peer_case_init(&p, root, true);
	assert_int_equal(peer_check_list(&p, list, IKEV2_ID_FQDN, "R3-Spoke.cisco.com", 18), 0);
	ikev2_pl_list_free(list->pl_next); /* without the intermediate the chain breaks */
	list->pl_next = NULL;
	assert_int_equal(peer_check_list(&p, list, IKEV2_ID_FQDN, "R3-Spoke.cisco.com", 18),
			 IKEV2_N_AUTHENTICATION_FAILED);
	ikev2_pl_list_free(list);
	sk_X509_free(p.pc_conf.cc_cas);
	ikev2_cert_conf_free(cc);
	pki_store_set_dir(NULL);
	cfg_free(cfg);
	tc_pki_dir_free(dir);
	X509_free(leaf);
	X509_free(inter);
	X509_free(root);
}

/* Identities as show crypto ikev2 sa detailed prints them: a DN as X509_NAME_oneline text, never raw DER. */
static void test_id_text(void **state)
{
	X509 *ca = tc_ca(), *leaf = tc_leaf(ca, R3_SUBJECT, NULL);
	unsigned char *der = NULL;
	int len = i2d_X509_NAME(X509_get_subject_name(leaf), &der);
	struct ikev2_id dn = {IKEV2_ID_DER_ASN1_DN, {der, (size_t)len}};
	struct ikev2_id v4 = {IKEV2_ID_IPV4_ADDR, {(uint8_t[]){192, 0, 2, 3}, 4}};
	struct ikev2_id fqdn = {IKEV2_ID_FQDN, {(uint8_t *)"hub.example", 11}};
	struct ikev2_id key = {IKEV2_ID_KEY_ID, {(uint8_t[]){0x01, 0xab}, 2}};
	char buf[256];

	(void)state;
	assert_true(len > 0);
	assert_string_equal(ikev2_id_text(&dn, buf, sizeof(buf)), "/CN=R3-spoke.cisco.com/OU=FLEX/O=Cisco");
	dn.id_data.bl_len--; /* a truncated DN is not shown as garbage */
	assert_string_equal(ikev2_id_text(&dn, buf, sizeof(buf)), "");
	assert_string_equal(ikev2_id_text(&v4, buf, sizeof(buf)), "192.0.2.3");
	assert_string_equal(ikev2_id_text(&fqdn, buf, sizeof(buf)), "hub.example");
	assert_string_equal(ikev2_id_text(&fqdn, buf, 4), "hub");
	assert_string_equal(ikev2_id_text(&key, buf, sizeof(buf)), "01ab");
	OPENSSL_free(der);
	X509_free(leaf);
	X509_free(ca);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),	  cmocka_unit_test(test_certmap_rules),
	    cmocka_unit_test(test_chain),	  cmocka_unit_test(test_certreq_hash),
	    cmocka_unit_test(test_peer_identity), cmocka_unit_test(test_peer_refused),
	    cmocka_unit_test(test_material),	  cmocka_unit_test(test_conf_from_profile),
	    cmocka_unit_test(test_intermediate),  cmocka_unit_test(test_id_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
