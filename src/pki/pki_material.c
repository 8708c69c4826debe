/* One trustpoint's files: DIR/NAME/ca.pem, cert.pem and key.pem, checked as they load. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "core/log.h"
#include "pki/pki_store.h"
#include "pki/pki_x509.h"

/* Why OpenSSL refused the last operation, for the log. */
static const char *ssl_why(void)
{
	unsigned long e = ERR_get_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	ERR_clear_error();
	return r ? r : "not PEM of the expected kind";
}

/* Opens DIR/NAME/FILE; NULL (logged unless quiet and missing) when it cannot be read. */
static BIO *open_file(const char *dir, const char *name, const char *file, bool quiet)
{
	char path[4096];
	BIO *b;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, name, file);
	if (access(path, R_OK) < 0) {
		if (!(quiet && errno == ENOENT))
			log_msg(SEV_WARN, "PKI", "FILE", "trustpoint %s: %s: %s", name, path, strerror(errno));
		return NULL;
	}
	if (!(b = BIO_new_file(path, "r")))
		log_msg(SEV_WARN, "PKI", "FILE", "trustpoint %s: %s: %s", name, path, ssl_why());
	return b;
}

/* cert.pem, which a trustpoint that only verifies does without. */
static X509 *read_cert(const char *dir, const char *name)
{
	BIO *b = open_file(dir, name, "cert.pem", true);
	X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;

	if (b && !x)
		log_msg(SEV_WARN, "PKI", "FILE", "trustpoint %s: %s/%s/cert.pem is not a certificate: %s", name, dir,
			name, ssl_why());
	BIO_free(b);
	return x;
}

/* Every certificate of ca.pem (the CA, intermediates); NULL (logged) when there is none. */
static STACK_OF(X509) * read_cas(const char *dir, const char *name)
{
	BIO *b = open_file(dir, name, "ca.pem", false);
	STACK_OF(X509) *cas = b ? sk_X509_new_null() : NULL;
	X509 *x;

	while (cas && (x = PEM_read_bio_X509(b, NULL, NULL, NULL)))
		if (!sk_X509_push(cas, x)) {
			X509_free(x);
			break;
		}
	ERR_clear_error(); /* the end of the file reads as an error */
	if (b && sk_X509_num(cas) == 0)
		log_msg(SEV_WARN, "PKI", "FILE", "trustpoint %s: %s/%s/ca.pem holds no certificate", name, dir, name);
	BIO_free(b);
	if (sk_X509_num(cas) > 0)
		return cas;
	sk_X509_free(cas);
	return NULL;
}

static EVP_PKEY *read_key(const char *dir, const char *name)
{
	BIO *b = open_file(dir, name, "key.pem", false);
	EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;

	if (b && !k)
		log_msg(SEV_WARN, "PKI", "FILE", "trustpoint %s: %s/%s/key.pem is not a private key: %s", name, dir,
			name, ssl_why());
	BIO_free(b);
	return k;
}

/* Our certificate and key, kept only when they belong together and the certificate chains to ca.pem now. */
static void load_own(struct pki_material *pm, const char *dir)
{
	X509 *cert = read_cert(dir, pm->pm_name);
	EVP_PKEY *key = cert ? read_key(dir, pm->pm_name) : NULL;
	const char *why = NULL, *chain_why = NULL;

	if (!cert)
		return log_msg(SEV_NOTICE, "PKI", "TRUSTPOINT", "trustpoint %s: no cert.pem: verifying only",
			       pm->pm_name);
	if (!key)
		why = "no usable key.pem";
	else if (X509_check_private_key(cert, key) != 1)
		why = "key.pem is not the key of cert.pem";
	else if (pki_chain_verify(pm->pm_cas, cert, NULL, 0, &chain_why) < 0)
		why = "cert.pem does not chain to ca.pem";
	if (why) {
		log_msg(SEV_WARN, "PKI", "FILE", "trustpoint %s: %s%s%s: not signing with it", pm->pm_name, why,
			chain_why ? ": " : "", chain_why ? chain_why : "");
		ERR_clear_error();
		X509_free(cert);
		EVP_PKEY_free(key);
		return;
	}
	pm->pm_cert = cert;
	pm->pm_key = key;
}

static void log_loaded(const struct pki_material *pm)
{
	char ca[256], own[256] = "none";

	X509_NAME_oneline(X509_get_subject_name(sk_X509_value(pm->pm_cas, 0)), ca, sizeof(ca));
	if (pm->pm_cert)
		X509_NAME_oneline(X509_get_subject_name(pm->pm_cert), own, sizeof(own));
	log_msg(SEV_NOTICE, "PKI", "TRUSTPOINT", "trustpoint %s loaded: CA %s, certificate %s", pm->pm_name, ca, own);
}

struct pki_material *pki_material_load(const char *dir, const char *name)
{
	struct pki_material *pm = calloc(1, sizeof(*pm));

	if (!pm || !(pm->pm_name = strdup(name))) {
		free(pm);
		log_msg(SEV_ERR, "PKI", "TRUSTPOINT", "trustpoint %s: out of memory", name);
		return NULL;
	}
	if (!(pm->pm_cas = read_cas(dir, name))) {
		log_msg(SEV_WARN, "PKI", "TRUSTPOINT", "trustpoint %s: no CA certificate: unusable", name);
		pki_material_free(pm);
		return NULL;
	}
	load_own(pm, dir);
	log_loaded(pm);
	return pm;
}

void pki_material_free(struct pki_material *pm)
{
	if (!pm)
		return;
	sk_X509_pop_free(pm->pm_cas, X509_free);
	X509_free(pm->pm_cert);
	EVP_PKEY_free(pm->pm_key);
	free(pm->pm_name);
	free(pm);
}
