/* The peer's certificate: chain, dates, certificate map and identity, before its key checks AUTH. */
#include <openssl/x509v3.h>

#include "core/log.h"
#include "ike/ikev2_cert.h"
#include "ike/ikev2_peer.h"
#include "pki/pki_x509.h"

/* One CERT payload's certificate; NULL when it is not exactly one DER certificate. */
static X509 *cert_of(const struct ikev2_cert *ce)
{
	const unsigned char *p = ce->ce_data.bl_data;
	X509 *x = ce->ce_data.bl_len ? d2i_X509(NULL, &p, (long)ce->ce_data.bl_len) : NULL;

	if (x && p != ce->ce_data.bl_data + ce->ce_data.bl_len) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* The X.509 CERT payloads: the first is the peer's (§3.6), the others go to untrusted. */
static const char *peer_certs(const struct ikev2_pl *inner, X509 **leaf, STACK_OF(X509) * untrusted)
{
	for (const struct ikev2_pl *pl = ikev2_pl_find(inner, IKEV2_PL_CERT); pl;
	     pl = ikev2_pl_find(pl->pl_next, IKEV2_PL_CERT)) {
		X509 *x;
		if (pl->pl_cert.ce_encoding != IKEV2_CERT_X509_SIGNATURE)
			continue; /* hash and URL encodings are not fetched */
		if (!(x = cert_of(&pl->pl_cert)))
			return "a CERT payload is not a DER certificate";
		if (!*leaf)
			*leaf = x;
		else if (!sk_X509_push(untrusted, x)) {
			X509_free(x);
			return "out of memory";
		}
	}
	return *leaf ? NULL : "the peer sent no X.509 certificate";
}

/* Whether the certificate holds the identity the peer claims in IDi/IDr. */
static bool id_in_cert(X509 *x, const struct ikev2_id *id)
{
	const unsigned char *p = id->id_data.bl_data, *end = p + id->id_data.bl_len;
	size_t len = id->id_data.bl_len;
	X509_NAME *dn;
	bool ok;

	if (!len)
		return false;
	switch (id->id_type) {
	case IKEV2_ID_DER_ASN1_DN:
		dn = d2i_X509_NAME(NULL, &p, (long)len);
		ok = dn && p == end && X509_NAME_cmp(dn, X509_get_subject_name(x)) == 0;
		X509_NAME_free(dn);
		return ok;
	case IKEV2_ID_FQDN:
		return X509_check_host(x, (const char *)p, len, X509_CHECK_FLAG_NO_WILDCARDS, NULL) == 1;
	case IKEV2_ID_RFC822_ADDR:
		return X509_check_email(x, (const char *)p, len, 0) == 1;
	case IKEV2_ID_IPV4_ADDR:
		return X509_check_ip(x, p, len, 0) == 1;
	default:
		return false;
	}
}

/* Why the certificate map refuses the certificate, or NULL. */
static const char *map_refuses(const struct pki_certmap *map, X509 *leaf)
{
	struct pki_x509_names names;
	unsigned seq;

	if (!map)
		return NULL;
	if (pki_x509_names(leaf, &names) < 0)
		return "out of memory";
	seq = pki_certmap_match(map, &names.pxn_names);
	pki_x509_names_free(&names);
	return seq ? NULL : "the certificate map does not match";
}

/* Why the peer's certificate is refused, or NULL with *leaf set. */
static const char *check(const struct ikev2_cert_conf *cc, const struct ikev2_pl *inner, const struct ikev2_id *peer_id,
			 X509 **leaf)
{
	STACK_OF(X509) *untrusted = sk_X509_new_null();
	const char *why = untrusted ? peer_certs(inner, leaf, untrusted) : "out of memory";
	const char *chain_why;

	if (!why && pki_chain_verify(cc->cc_cas, *leaf, untrusted, 0, &chain_why) < 0)
		why = chain_why;
	if (!why)
		why = map_refuses(cc->cc_map, *leaf);
	if (!why && !id_in_cert(*leaf, peer_id))
		why = "the peer's identity is not in its certificate";
	if (!why && cc->cc_ids && !ikev2_peer_ids_match(cc->cc_ids, peer_id))
		why = "the peer's identity matches no match identity remote of the profile";
	sk_X509_pop_free(untrusted, X509_free);
	return why;
}

static void log_refusal(const struct ikev2_cert_conf *cc, X509 *leaf, const char *why)
{
	char subject[256] = "(none)";

	if (leaf)
		X509_NAME_oneline(X509_get_subject_name(leaf), subject, sizeof(subject));
	log_msg(SEV_WARN, "IKEV2", "CERT", "peer certificate %s refused: %s%s%s", subject, why,
		cc->cc_map ? ", map " : "", cc->cc_map ? cc->cc_map->cm_name : "");
}

const char *ikev2_cert_peer_refuses(const struct ikev2_cert_conf *cc, const struct ikev2_pl *inner,
				    const struct ikev2_id *peer_id)
{
	X509 *leaf = NULL;
	const char *why = check(cc, inner, peer_id, &leaf);

	X509_free(leaf);
	return why;
}

int ikev2_cert_peer_key(const struct ikev2_cert_conf *cc, const struct ikev2_pl *inner, const struct ikev2_id *peer_id,
			EVP_PKEY **key, struct ikev2_err *err)
{
	X509 *leaf = NULL;
	const char *why = check(cc, inner, peer_id, &leaf);

	*key = NULL;
	if (!why && !(*key = X509_get_pubkey(leaf)))
		why = "the certificate's public key cannot be used";
	if (why) {
		log_refusal(cc, leaf, why);
		*err = (struct ikev2_err){
		    .e_notify = IKEV2_N_AUTHENTICATION_FAILED, .e_payload = IKEV2_PL_CERT, .e_what = why};
	}
	X509_free(leaf);
	return why ? -1 : 0;
}
