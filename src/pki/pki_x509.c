/* Peer certificates: names for certificate maps, chain validation, CERTREQ hashes (pki_x509.h). */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "pki/pki_x509.h"

/* A name as "CN=R3,OU=FLEX,O=Cisco", in the order the certificate holds it (IOS prints it so). */
static char *name_text(const X509_NAME *n)
{
	BIO *b = BIO_new(BIO_s_mem());
	unsigned long flags = (XN_FLAG_ONELINE & ~XN_FLAG_SPC_EQ & ~XN_FLAG_SEP_MASK) | XN_FLAG_SEP_COMMA_PLUS;
	char *text = NULL, *data;
	long len;

	if (b && X509_NAME_print_ex(b, n, 0, flags) >= 0 && (len = BIO_get_mem_data(b, &data)) >= 0 &&
	    (text = malloc((size_t)len + 1))) {
		memcpy(text, data, (size_t)len);
		text[len] = '\0';
	}
	BIO_free(b);
	return text;
}

/* The subject's unstructuredName (IOS puts the hostname there), or NULL. */
static char *unstructured(const X509_NAME *n)
{
	int i = X509_NAME_get_index_by_NID(n, NID_pkcs9_unstructuredName, -1);
	const ASN1_STRING *v = i >= 0 ? X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i)) : NULL;
	unsigned char *utf8 = NULL;
	int len = v ? ASN1_STRING_to_UTF8(&utf8, v) : -1;
	char *s = len >= 0 ? strndup((const char *)utf8, (size_t)len) : NULL;

	OPENSSL_free(utf8);
	return s;
}

/* One alt name as text: DNS names and e-mail addresses as they are, IPv4 addresses dotted. */
static char *alt_text(const GENERAL_NAME *g)
{
	const ASN1_STRING *s;
	char ip[16];

	if (g->type == GEN_DNS || g->type == GEN_EMAIL) {
		s = g->type == GEN_DNS ? g->d.dNSName : g->d.rfc822Name;
		return strndup((const char *)ASN1_STRING_get0_data(s), (size_t)ASN1_STRING_length(s));
	}
	if (g->type != GEN_IPADD || ASN1_STRING_length(g->d.iPAddress) != 4)
		return strdup("");
	s = g->d.iPAddress;
	snprintf(ip, sizeof(ip), "%u.%u.%u.%u", ASN1_STRING_get0_data(s)[0], ASN1_STRING_get0_data(s)[1],
		 ASN1_STRING_get0_data(s)[2], ASN1_STRING_get0_data(s)[3]);
	return strdup(ip);
}

static int alt_names(X509 *x, struct pki_x509_names *out)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	int n = gens ? sk_GENERAL_NAME_num(gens) : 0, rc = 0;

	if (!(out->pxn_alt = calloc((size_t)n + 1, sizeof(char *))))
		rc = -1;
	for (int i = 0; rc == 0 && i < n; i++)
		if (!(out->pxn_alt[i] = alt_text(sk_GENERAL_NAME_value(gens, i))))
			rc = -1;
	GENERAL_NAMES_free(gens);
	return rc;
}

int pki_x509_names(X509 *x, struct pki_x509_names *out)
{
	*out = (struct pki_x509_names){0};
	out->pxn_subject = name_text(X509_get_subject_name(x));
	out->pxn_issuer = name_text(X509_get_issuer_name(x));
	out->pxn_unstructured = unstructured(X509_get_subject_name(x));
	if (!out->pxn_subject || !out->pxn_issuer || alt_names(x, out) < 0) {
		pki_x509_names_free(out);
		return -1;
	}
	out->pxn_names = (struct pki_cert_names){.cn_subject = out->pxn_subject,
						 .cn_issuer = out->pxn_issuer,
						 .cn_unstructured = out->pxn_unstructured,
						 .cn_alt = (const char *const *)out->pxn_alt};
	return 0;
}

void pki_x509_names_free(struct pki_x509_names *n)
{
	for (size_t i = 0; n->pxn_alt && n->pxn_alt[i]; i++)
		free(n->pxn_alt[i]);
	free(n->pxn_alt);
	free(n->pxn_subject);
	free(n->pxn_issuer);
	free(n->pxn_unstructured);
	*n = (struct pki_x509_names){0};
}

/* The store of trust anchors: every CA given (roots and intermediates, so chains through them build). */
static X509_STORE *store_of(STACK_OF(X509) * cas)
{
	X509_STORE *st = X509_STORE_new();

	for (int i = 0; st && i < sk_X509_num(cas); i++)
		if (X509_STORE_add_cert(st, sk_X509_value(cas, i)) != 1) {
			X509_STORE_free(st);
			return NULL;
		}
	return st;
}

int pki_chain_verify(STACK_OF(X509) * cas, X509 *leaf, STACK_OF(X509) * untrusted, time_t now, const char **why)
{
	X509_STORE *st = store_of(cas);
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	int rc = X509_V_ERR_OUT_OF_MEM;

	if (st && ctx && X509_STORE_CTX_init(ctx, st, leaf, untrusted) == 1) {
		if (now)
			X509_STORE_CTX_set_time(ctx, 0, now);
		rc = X509_verify_cert(ctx) == 1 ? X509_V_OK : X509_STORE_CTX_get_error(ctx);
	}
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(st);
	if (rc == X509_V_OK)
		return 0;
	*why = X509_verify_cert_error_string(rc);
	return -1;
}

int pki_spki_sha1(X509 *ca, uint8_t out[PKI_SPKI_HASH_LEN])
{
	unsigned char *der = NULL;
	int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(ca), &der);
	int ok = len > 0 && EVP_Digest(der, (size_t)len, out, NULL, EVP_sha1(), NULL) == 1;

	OPENSSL_free(der);
	return ok ? 0 : -1;
}
