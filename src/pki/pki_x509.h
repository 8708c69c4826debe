/*
 * What IKEv2 asks of a peer's X.509 certificate: its chain to a
 * trustpoint's CA with validity dates (X509_verify_cert), its names as
 * certificate maps compare them (pki.h), and the CERTREQ hash of a CA.
 */
#ifndef FERRY_PKI_PKI_X509_H
#define FERRY_PKI_PKI_X509_H

#include <stdint.h>

#include <openssl/x509.h>

#include "pki/pki.h"

#define PKI_SPKI_HASH_LEN 20 /* SHA-1 */

/* A certificate's names, owned; pxn_names points into them. */
struct pki_x509_names {
	struct pki_cert_names pxn_names;
	char *pxn_subject, *pxn_issuer, *pxn_unstructured;
	char **pxn_alt; /* NULL-terminated */
};

/* Subject and issuer as "CN=R3,OU=FLEX,O=Cisco" (certificate order), unstructuredName, DNS/email/IP alt names. */
int pki_x509_names(X509 *x, struct pki_x509_names *out);
void pki_x509_names_free(struct pki_x509_names *n);

/*
 * Whether leaf chains to a root of cas (through intermediates of cas or
 * untrusted) and every certificate on the way is valid at the time now
 * (0: the current time). -1 with *why: OpenSSL's reason.
 */
int pki_chain_verify(STACK_OF(X509) * cas, X509 *leaf, STACK_OF(X509) * untrusted, time_t now, const char **why);

/* SHA-1 of the CA's DER SubjectPublicKeyInfo (RFC 7296 §3.7). */
int pki_spki_sha1(X509 *ca, uint8_t out[PKI_SPKI_HASH_LEN]);

#endif
