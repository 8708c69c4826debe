/* Certificates made in memory for the certificate tests (test_ike_cert*.c). */
#ifndef FERRY_TESTS_TEST_IKE_CERT_UTIL_H
#define FERRY_TESTS_TEST_IKE_CERT_UTIL_H

#include <stdbool.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* One of a few RSA-2048 keys made once per process (index 0..3). */
EVP_PKEY *tc_key(unsigned i);

struct tc_spec {
	const char *ts_subject; /* "CN=x,OU=FLEX,O=Cisco", in this order */
	EVP_PKEY *ts_key;
	X509 *ts_issuer;	 /* NULL: self-signed */
	EVP_PKEY *ts_issuer_key; /* with ts_issuer */
	long ts_from, ts_to;	 /* validity, seconds from now (0, 0: -3600 .. +1 year) */
	const char *ts_san;	 /* "DNS:x.example,IP:192.0.2.1" or NULL */
	bool ts_ca;
};

/* A certificate as specified, signed with SHA-256. */
X509 *tc_cert(const struct tc_spec *s);
/* A lab CA (key index 0) and a leaf of that CA with subject and SAN (key index 1). */
X509 *tc_ca(void);
X509 *tc_leaf(X509 *ca, const char *subject, const char *san);
/* Writes x as PEM to path (mode "w"), or appends it ("a"); the key as PEM to path. */
void tc_write_cert(const char *path, X509 *x, const char *mode);
void tc_write_key(const char *path, EVP_PKEY *k);
/* A PKI directory /tmp/.../CA/ with ca.pem, cert.pem, key.pem as given (NULL: left out); free removes it. */
char *tc_pki_dir(X509 *ca, X509 *cert, EVP_PKEY *key);
void tc_pki_dir_free(char *dir);

#endif
