/*
 * The AlgorithmIdentifier of an RFC 7427 AUTH payload: its name for the
 * log, and RSASSA-PSS (RFC 4055; strongSwan signs so with charon.rsa_pss),
 * whose hash, MGF1 hash and salt length are parameters that a fixed table
 * of encodings (ikev2_auth.c) cannot hold.
 */
#include "ike/ikev2_sig.h"

#include <openssl/rsa.h>
#include <openssl/x509.h>

/* The AlgorithmIdentifier, when the blob is exactly one. */
static X509_ALGOR *algor_of(const struct ikev2_blob *alg)
{
	const unsigned char *p = alg->bl_data;
	X509_ALGOR *a = alg->bl_len ? d2i_X509_ALGOR(NULL, &p, (long)alg->bl_len) : NULL;

	if (a && p != alg->bl_data + alg->bl_len) {
		X509_ALGOR_free(a);
		return NULL;
	}
	return a;
}

static int algor_nid(const X509_ALGOR *a)
{
	const ASN1_OBJECT *oid;

	X509_ALGOR_get0(&oid, NULL, NULL, a);
	return OBJ_obj2nid(oid);
}

const char *ikev2_sig_name(const struct ikev2_auth *auth)
{
	X509_ALGOR *a;
	const char *name;

	if (auth->au_method != IKEV2_AUTH_DIGITAL_SIGNATURE)
		return auth->au_method == IKEV2_AUTH_RSA_SIG ? "RSA PKCS#1 v1.5 SHA-1" : "not a signature";
	a = algor_of(&auth->au_alg);
	name = a ? OBJ_nid2sn(algor_nid(a)) : NULL; /* static strings */
	X509_ALGOR_free(a);
	return name ? name : "unknown algorithm";
}

bool ikev2_sig_is_pss(const struct ikev2_auth *auth)
{
	X509_ALGOR *a = auth->au_method == IKEV2_AUTH_DIGITAL_SIGNATURE ? algor_of(&auth->au_alg) : NULL;
	bool pss = a && algor_nid(a) == NID_rsassaPss;

	X509_ALGOR_free(a);
	return pss;
}

/* A SHA-2 digest named by an AlgorithmIdentifier; NULL for others (and SHA-1, RFC 8247). */
static const char *sha2_of(const X509_ALGOR *a)
{
	switch (a ? algor_nid(a) : NID_undef) {
	case NID_sha256:
		return "SHA256";
	case NID_sha384:
		return "SHA384";
	case NID_sha512:
		return "SHA512";
	default:
		return NULL;
	}
}

struct pss {
	const char *ps_md, *ps_mgf1_md;
	int ps_salt;
};

/* An AlgorithmIdentifier's SEQUENCE parameters decoded as it (RSA_PSS_PARAMS, MGF1's X509_ALGOR); NULL if none. */
static void *params_unpack(const X509_ALGOR *a, const ASN1_ITEM *it)
{
	const void *pval = NULL;
	int ptype = V_ASN1_UNDEF;

	if (a)
		X509_ALGOR_get0(NULL, &ptype, &pval, a);
	return ptype == V_ASN1_SEQUENCE ? ASN1_item_unpack(pval, it) : NULL;
}

/* The parameters of RSASSA-PSS; -1 when absent, malformed or outside SHA-2 with MGF1. */
static int pss_params(const struct ikev2_blob *alg, struct pss *out)
{
	X509_ALGOR *a = algor_of(alg), *mgf1_md = NULL;
	RSA_PSS_PARAMS *p = params_unpack(a, ASN1_ITEM_rptr(RSA_PSS_PARAMS));
	long salt = p && p->saltLength ? ASN1_INTEGER_get(p->saltLength) : -1;
	bool trailer_ok = p && (!p->trailerField || ASN1_INTEGER_get(p->trailerField) == 1);

	*out = (struct pss){0};
	if (p && p->maskGenAlgorithm && algor_nid(p->maskGenAlgorithm) == NID_mgf1)
		mgf1_md = params_unpack(p->maskGenAlgorithm, ASN1_ITEM_rptr(X509_ALGOR));
	if (mgf1_md && salt >= 0 && salt <= 512 && trailer_ok)
		*out = (struct pss){sha2_of(p->hashAlgorithm), sha2_of(mgf1_md), (int)salt};
	X509_ALGOR_free(mgf1_md);
	RSA_PSS_PARAMS_free(p);
	X509_ALGOR_free(a);
	return out->ps_md && out->ps_mgf1_md ? 0 : -1;
}

bool ikev2_sig_pss_verify(EVP_PKEY *key, const struct ikev2_auth *auth, struct ikev2_chunk octets)
{
	EVP_MD_CTX *ctx;
	EVP_PKEY_CTX *pctx = NULL;
	struct pss ps;
	bool ok;

	if (!EVP_PKEY_is_a(key, "RSA") || pss_params(&auth->au_alg, &ps) < 0 || !(ctx = EVP_MD_CTX_new()))
		return false;
	ok = EVP_DigestVerifyInit_ex(ctx, &pctx, ps.ps_md, NULL, NULL, key, NULL) > 0 &&
	     EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
	     EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, ps.ps_salt) > 0 &&
	     EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, ps.ps_mgf1_md, NULL) > 0 &&
	     EVP_DigestVerify(ctx, auth->au_data.bl_data, auth->au_data.bl_len, octets.ch_ptr, octets.ch_len) == 1;
	EVP_MD_CTX_free(ctx);
	return ok;
}
