/*
 * Trustpoint material from the PKI directory (ferryd -P DIR):
 * DIR/<trustpoint>/ca.pem (the CA that peers' certificates chain to, with
 * the intermediates below it, if any),
 * cert.pem and key.pem (our certificate and its private key, optional for
 * a trustpoint that only verifies). Loaded for every configured
 * trustpoint at start and on SIGHUP, and on first use for a trustpoint
 * configured later. Each problem is logged with the file and the reason.
 * Loop thread only; users that keep material (or hand it to a worker) take
 * their own references (X509_up_ref, EVP_PKEY_up_ref).
 */
#ifndef FERRY_PKI_PKI_STORE_H
#define FERRY_PKI_PKI_STORE_H

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "config/config.h"

struct pki_material {
	char *pm_name;		 /* the trustpoint's */
	STACK_OF(X509) * pm_cas; /* ca.pem: the CA and any intermediates; never empty */
	X509 *pm_cert;		 /* NULL: no usable cert.pem/key.pem pair */
	EVP_PKEY *pm_key;	 /* with pm_cert */
	struct pki_material *pm_next;
};

/* Where the trustpoint directories are (NULL at exit: frees all); the material loaded so far is dropped. */
void pki_store_set_dir(const char *dir);
/* Drops everything and loads every trustpoint the configuration names (start, SIGHUP). */
void pki_store_reload(const struct config *cfg);
/* The trustpoint's material (loaded now if it was not yet), or NULL when its CA is missing or bad. */
const struct pki_material *pki_store_get(const char *trustpoint);
/* The material loaded so far, for CERTREQ payloads listing every CA. */
const struct pki_material *pki_store_first(void);
/* Drops the material loaded so far. */
void pki_store_clear(void);

/* Reads one material directory (DIR/NAME); NULL (logged) when ca.pem cannot be used. */
struct pki_material *pki_material_load(const char *dir, const char *name);
void pki_material_free(struct pki_material *pm);

#endif
