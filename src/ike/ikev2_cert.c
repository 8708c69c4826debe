/* An IKE SA's certificate side from its profile, and the CERT and CERTREQ payloads it sends. */
#include "ike/ikev2_cert.h"

#include <stdlib.h>

#include <openssl/x509v3.h>

#include "ike/ike_int.h"
#include "pki/pki_store.h"
#include "pki/pki_x509.h"

bool ikev2_cert_wanted(const struct ike_profile *pr)
{
	return pr->pr_auth_local == IKE_AUTH_RSA_SIG ||
	       (pr->pr_nauth_remote && pr->pr_auth_remote[0] == IKE_AUTH_RSA_SIG);
}

void ikev2_cert_conf_free(struct ikev2_cert_conf *cc)
{
	if (!cc)
		return;
	X509_free(cc->cc_cert);
	sk_X509_pop_free(cc->cc_chain, X509_free);
	EVP_PKEY_free(cc->cc_key);
	sk_X509_pop_free(cc->cc_cas, X509_free);
	pki_certmap_release(cc->cc_map);
	while (cc->cc_ids) {
		struct ike_id *next = cc->cc_ids->id_next;
		ike_id_clear(cc->cc_ids);
		free(cc->cc_ids);
		cc->cc_ids = next;
	}
	free(cc);
}

/* A copy of the profile's "match identity remote" list, checked against the peer's ID (initiator too). */
static int copy_ids(struct ikev2_cert_conf *cc, const struct ike_id *list)
{
	struct ike_id **tail = &cc->cc_ids;

	for (; list; list = list->id_next, tail = &(*tail)->id_next)
		if (!(*tail = calloc(1, sizeof(**tail))) || ike_id_copy(*tail, list) < 0)
			return -1;
	return 0;
}

/* Appends the certificates of from (a reference each) to *to; only the intermediates if so. */
static int take_certs(STACK_OF(X509) * *to, STACK_OF(X509) * from, bool intermediates)
{
	for (int i = 0; i < sk_X509_num(from); i++) {
		X509 *x = sk_X509_value(from, i);
		if (intermediates && X509_check_issued(x, x) == X509_V_OK)
			continue; /* self-signed: the root, which the peer has */
		if ((!*to && !(*to = sk_X509_new_null())) || X509_up_ref(x) != 1)
			return -1;
		if (!sk_X509_push(*to, x)) {
			X509_free(x); /* the reference the stack did not take */
			return -1;
		}
	}
	return 0;
}

/* Takes the trustpoint's material: the first one with a certificate signs, every one verifies (IOS: sign|verify). */
static int add_trustpoint(struct ikev2_cert_conf *cc, const struct ike_tp_ref *tr)
{
	const struct pki_material *pm = pki_store_get(tr->tr_name);

	if (!pm)
		return 0; /* logged by the store; another trustpoint may do */
	if (tr->tr_use != IKE_TP_SIGN && take_certs(&cc->cc_cas, pm->pm_cas, false) < 0)
		return -1;
	if (tr->tr_use != IKE_TP_VERIFY && !cc->cc_cert && pm->pm_cert) {
		cc->cc_cert = X509_up_ref(pm->pm_cert) == 1 ? pm->pm_cert : NULL;
		cc->cc_key = EVP_PKEY_up_ref(pm->pm_key) == 1 ? pm->pm_key : NULL;
		if (!cc->cc_cert || !cc->cc_key || take_certs(&cc->cc_chain, pm->pm_cas, true) < 0)
			return -1;
	}
	return 0;
}

/* Why the profile's certificate side cannot work, or NULL. */
static const char *check_usable(const struct ike_profile *pr, const struct ikev2_cert_conf *cc)
{
	if (pr->pr_auth_local != IKE_AUTH_RSA_SIG || !pr->pr_nauth_remote || pr->pr_auth_remote[0] != IKE_AUTH_RSA_SIG)
		return "rsa-sig one way and pre-share the other is not supported";
	if (!pr->pr_trustpoints)
		return "the profile names no pki trustpoint";
	if (sk_X509_num(cc->cc_cas) == 0)
		return "no trustpoint of the profile has a usable CA certificate (see the PKI log)";
	if (!cc->cc_cert)
		return "no trustpoint of the profile has a usable certificate and key (see the PKI log)";
	if (pr->pr_match_cert && !cc->cc_map)
		return "the profile's certificate map is not configured";
	return NULL;
}

struct ikev2_cert_conf *ikev2_cert_conf_new(const struct config *cfg, const struct ike_profile *pr, const char **why)
{
	struct ikev2_cert_conf *cc = calloc(1, sizeof(*cc));
	const struct pki_certmap *map = pr->pr_match_cert ? pki_certmap_lookup(cfg, pr->pr_match_cert) : NULL;

	*why = "out of memory";
	if (!cc || !(cc->cc_cas = sk_X509_new_null()) || (map && !(cc->cc_map = pki_certmap_dup(map))) ||
	    copy_ids(cc, pr->pr_match_remote) < 0)
		goto fail;
	for (const struct ike_tp_ref *tr = pr->pr_trustpoints; tr; tr = tr->tr_next)
		if (add_trustpoint(cc, tr) < 0)
			goto fail;
	if (!(*why = check_usable(pr, cc)))
		return cc;
fail:
	ikev2_cert_conf_free(cc);
	return NULL;
}

struct ikev2_cert_conf *ikev2_cert_conf_verifier(const struct ikev2_cert_conf *cc)
{
	struct ikev2_cert_conf *v = calloc(1, sizeof(*v));

	if (!v || !(v->cc_cas = X509_chain_up_ref(cc->cc_cas)) ||
	    (cc->cc_map && !(v->cc_map = pki_certmap_dup(cc->cc_map))) || copy_ids(v, cc->cc_ids) < 0) {
		ikev2_cert_conf_free(v);
		return NULL;
	}
	return v;
}

/* Hands DER from an i2d_* call (len, der) to a blob; frees der. */
static int blob_take_der(struct ikev2_blob *b, unsigned char *der, int len)
{
	int rc = len > 0 ? ikev2_blob_set(b, der, (size_t)len) : -1;

	OPENSSL_free(der);
	return rc;
}

int ikev2_cert_local_dn(const struct ikev2_cert_conf *cc, struct ikev2_id *out)
{
	unsigned char *der = NULL;
	int len = i2d_X509_NAME(X509_get_subject_name(cc->cc_cert), &der);

	out->id_type = IKEV2_ID_DER_ASN1_DN;
	return blob_take_der(&out->id_data, der, len);
}

static int add_cert(X509 *x, struct ikev2_pl **list)
{
	struct ikev2_pl *pl = ikev2_pl_add(list, IKEV2_PL_CERT);
	unsigned char *der = NULL;
	int len;

	if (!pl)
		return -1;
	pl->pl_cert.ce_encoding = IKEV2_CERT_X509_SIGNATURE;
	len = i2d_X509(x, &der);
	return blob_take_der(&pl->pl_cert.ce_data, der, len);
}

int ikev2_cert_add(const struct ikev2_cert_conf *cc, struct ikev2_pl **list)
{
	if (add_cert(cc->cc_cert, list) < 0)
		return -1;
	for (int i = 0; i < sk_X509_num(cc->cc_chain); i++)
		if (add_cert(sk_X509_value(cc->cc_chain, i), list) < 0)
			return -1;
	return 0;
}

/* Appends the CA's hash to the CERTREQ data. */
static int append_hash(struct ikev2_blob *data, X509 *ca)
{
	uint8_t *grown = realloc(data->bl_data, data->bl_len + PKI_SPKI_HASH_LEN);

	if (!grown)
		return -1;
	data->bl_data = grown;
	if (pki_spki_sha1(ca, grown + data->bl_len) < 0)
		return -1;
	data->bl_len += PKI_SPKI_HASH_LEN;
	return 0;
}

static int append_hashes(STACK_OF(X509) * cas, struct ikev2_blob *data)
{
	for (int i = 0; i < sk_X509_num(cas); i++)
		if (append_hash(data, sk_X509_value(cas, i)) < 0)
			return -1;
	return 0;
}

/* The CERTREQ data: cas' hashes, or (cas NULL) every loaded CA's. */
static int certreq_data(STACK_OF(X509) * cas, struct ikev2_blob *data)
{
	if (cas)
		return append_hashes(cas, data);
	for (const struct pki_material *pm = pki_store_first(); pm; pm = pm->pm_next)
		if (append_hashes(pm->pm_cas, data) < 0)
			return -1;
	return 0;
}

int ikev2_certreq_add(STACK_OF(X509) * cas, struct ikev2_pl **list)
{
	struct ikev2_blob data = {0};
	struct ikev2_pl *pl;

	if (certreq_data(cas, &data) < 0 || (data.bl_len && !(pl = ikev2_pl_add(list, IKEV2_PL_CERTREQ)))) {
		ikev2_blob_free(&data);
		return -1;
	}
	if (data.bl_len) {
		pl->pl_cert.ce_encoding = IKEV2_CERT_X509_SIGNATURE;
		pl->pl_cert.ce_data = data;
	}
	return 0;
}
