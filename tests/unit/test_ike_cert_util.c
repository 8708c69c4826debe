/* Certificates made in memory for the certificate tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "test_ike_cert_util.h"

EVP_PKEY *tc_key(unsigned i)
{
	static EVP_PKEY *keys[4];

	assert_true(i < 4);
	if (!keys[i])
		keys[i] = EVP_RSA_gen(2048);
	assert_non_null(keys[i]);
	return keys[i];
}

/* "CN=x,OU=y" into a name, in order. */
static X509_NAME *name_of(const char *text)
{
	X509_NAME *n = X509_NAME_new();
	char buf[512], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", text);
	for (char *part = strtok_r(buf, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(part, '=');
		assert_non_null(eq);
		*eq = '\0';
		assert_int_equal(
		    X509_NAME_add_entry_by_txt(n, part, MBSTRING_ASC, (const unsigned char *)eq + 1, -1, -1, 0), 1);
	}
	return n;
}

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;

	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	assert_non_null(ext);
	assert_int_equal(X509_add_ext(x, ext, -1), 1);
	X509_EXTENSION_free(ext);
}

X509 *tc_cert(const struct tc_spec *s)
{
	static long serial = 1;
	X509 *x = X509_new();
	X509_NAME *n = name_of(s->ts_subject);
	bool dflt = !s->ts_from && !s->ts_to;

	assert_int_equal(X509_set_version(x, 2), 1);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
	assert_int_equal(X509_set_subject_name(x, n), 1);
	assert_int_equal(X509_set_issuer_name(x, s->ts_issuer ? X509_get_subject_name(s->ts_issuer) : n), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), dflt ? -3600 : s->ts_from);
	X509_gmtime_adj(X509_getm_notAfter(x), dflt ? 365L * 86400 : s->ts_to);
	assert_int_equal(X509_set_pubkey(x, s->ts_key), 1);
	add_ext(x, s->ts_issuer ? s->ts_issuer : x, NID_basic_constraints, s->ts_ca ? "critical,CA:TRUE" : "CA:FALSE");
	if (s->ts_ca)
		add_ext(x, x, NID_key_usage, "critical,keyCertSign,cRLSign");
	if (s->ts_san)
		add_ext(x, x, NID_subject_alt_name, s->ts_san);
	assert_true(X509_sign(x, s->ts_issuer ? s->ts_issuer_key : s->ts_key, EVP_sha256()) > 0);
	X509_NAME_free(n);
	return x;
}

X509 *tc_ca(void)
{
	return tc_cert(
	    &(struct tc_spec){.ts_subject = "C=US,O=Ferry Lab,CN=Lab CA", .ts_key = tc_key(0), .ts_ca = true});
}

X509 *tc_leaf(X509 *ca, const char *subject, const char *san)
{
	return tc_cert(&(struct tc_spec){
	    .ts_subject = subject, .ts_key = tc_key(1), .ts_issuer = ca, .ts_issuer_key = tc_key(0), .ts_san = san});
}

void tc_write_cert(const char *path, X509 *x, const char *mode)
{
	FILE *f = fopen(path, mode);

	assert_non_null(f);
	assert_int_equal(PEM_write_X509(f, x), 1);
	fclose(f);
}

void tc_write_key(const char *path, EVP_PKEY *k)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL), 1);
	fclose(f);
}

char *tc_pki_dir(X509 *ca, X509 *cert, EVP_PKEY *key)
{
	char *dir = strdup("/tmp/test_ike_cert.XXXXXX"), path[256];

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/CA", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/CA/ca.pem", dir);
	if (ca)
		tc_write_cert(path, ca, "w");
	snprintf(path, sizeof(path), "%s/CA/cert.pem", dir);
	if (cert)
		tc_write_cert(path, cert, "w");
	snprintf(path, sizeof(path), "%s/CA/key.pem", dir);
	if (key)
		tc_write_key(path, key);
	return dir;
}

void tc_pki_dir_free(char *dir)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}
