/*
 * The peer's certificate: chain, dates, certificate map and identity, before
 * its key checks AUTH. All of it can run on a worker: the loop thread only
 * copies what the checks need (ikev2_cert_peer_take), since decoding a
 * certificate (OpenSSL 3's key decoders) and its chain are the costly part.
 */
#include <stdlib.h>

#include <openssl/x509v3.h>

#include "core/log.h"
#include "ike/ikev2_cert.h"
#include "ike/ikev2_peer.h"
#include "pki/pki_x509.h"

/* What the checks of a peer's certificate need, owned (ikev2_cert_peer_take). */
struct ikev2_cert_peer {
	struct ikev2_cert_conf *cp_conf; /* the verifying side: CAs, map, match identity remote */
	struct ikev2_id cp_id;		 /* the identity the peer claims */
	struct ikev2_blob *cp_der;	 /* the X.509 CERT payloads, the peer's own first (§3.6) */
	size_t cp_nder;
	X509 *cp_leaf; /* decoded from cp_der[0] by ikev2_cert_peer_verify */
};

/* One DER certificate; NULL when the blob is not exactly one. */
static X509 *cert_of(const struct ikev2_blob *der)
{
	const unsigned char *p = der->bl_data;
	X509 *x = der->bl_len ? d2i_X509(NULL, &p, (long)der->bl_len) : NULL;

	if (x && p != der->bl_data + der->bl_len) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* Copies the X.509 CERT payloads of inner into cp (hash and URL encodings are not fetched). */
static const char *collect(const struct ikev2_pl *inner, struct ikev2_cert_peer *cp)
{
	for (const struct ikev2_pl *pl = ikev2_pl_find(inner, IKEV2_PL_CERT); pl;
	     pl = ikev2_pl_find(pl->pl_next, IKEV2_PL_CERT)) {
		const struct ikev2_blob *der = &pl->pl_cert.ce_data;
		struct ikev2_blob *grown;

		if (pl->pl_cert.ce_encoding != IKEV2_CERT_X509_SIGNATURE)
			continue;
		if (!(grown = realloc(cp->cp_der, (cp->cp_nder + 1) * sizeof(*grown))))
			return "out of memory";
		cp->cp_der = grown;
		grown[cp->cp_nder] = (struct ikev2_blob){0};
		if (ikev2_blob_set(&grown[cp->cp_nder++], der->bl_data, der->bl_len) < 0)
			return "out of memory";
	}
	return cp->cp_nder ? NULL : "the peer sent no X.509 certificate";
}

/* Decodes cp's certificates: the peer's into cp_leaf, the intermediates into untrusted. */
static const char *decode(struct ikev2_cert_peer *cp, STACK_OF(X509) * untrusted)
{
	for (size_t i = 0; i < cp->cp_nder; i++) {
		X509 *x = cert_of(&cp->cp_der[i]);

		if (!x)
			return "a CERT payload is not a DER certificate";
		if (i == 0)
			cp->cp_leaf = x;
		else if (!sk_X509_push(untrusted, x)) {
			X509_free(x);
			return "out of memory";
		}
	}
	return NULL;
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

void ikev2_cert_peer_free(struct ikev2_cert_peer *cp)
{
	if (!cp)
		return;
	ikev2_cert_conf_free(cp->cp_conf);
	ikev2_blob_free(&cp->cp_id.id_data);
	for (size_t i = 0; i < cp->cp_nder; i++)
		ikev2_blob_free(&cp->cp_der[i]);
	free(cp->cp_der);
	X509_free(cp->cp_leaf);
	free(cp);
}

/* Why the leaf's names refuse it (certificate map, the claimed identity, match identity remote), or NULL. */
static const char *leaf_refuses(const struct ikev2_cert_conf *cc, X509 *leaf, const struct ikev2_id *peer_id)
{
	const char *why = map_refuses(cc->cc_map, leaf);

	if (!why && !id_in_cert(leaf, peer_id))
		why = "the peer's identity is not in its certificate";
	if (!why && cc->cc_ids && !ikev2_peer_ids_match(cc->cc_ids, peer_id))
		why = "the peer's identity matches no match identity remote of the profile";
	return why;
}

/* The copies in a new *cp (NULL when out of memory); why they cannot be made, or NULL. */
static const char *take(const struct ikev2_cert_conf *cc, const struct ikev2_pl *inner, const struct ikev2_id *peer_id,
			struct ikev2_cert_peer **cp)
{
	if (!(*cp = calloc(1, sizeof(**cp))) || !((*cp)->cp_conf = ikev2_cert_conf_verifier(cc)) ||
	    ikev2_blob_set(&(*cp)->cp_id.id_data, peer_id->id_data.bl_data, peer_id->id_data.bl_len) < 0)
		return "out of memory";
	(*cp)->cp_id.id_type = peer_id->id_type;
	return collect(inner, *cp);
}

void ikev2_cert_peer_log(const struct ikev2_cert_conf *cc, const struct ikev2_cert_peer *cp, const char *why)
{
	char subject[256] = "(none)";

	if (cp && cp->cp_leaf)
		X509_NAME_oneline(X509_get_subject_name(cp->cp_leaf), subject, sizeof(subject));
	log_msg(SEV_WARN, "IKEV2", "CERT", "peer certificate %s refused: %s%s%s", subject, why,
		cc->cc_map ? ", map " : "", cc->cc_map ? cc->cc_map->cm_name : "");
}

static int refuse(const char *why, struct ikev2_err *err)
{
	*err = (struct ikev2_err){.e_notify = IKEV2_N_AUTHENTICATION_FAILED, .e_payload = IKEV2_PL_CERT, .e_what = why};
	return -1;
}

int ikev2_cert_peer_take(const struct ikev2_cert_conf *cc, const struct ikev2_pl *inner, const struct ikev2_id *peer_id,
			 struct ikev2_cert_peer **out, struct ikev2_err *err)
{
	const char *why = take(cc, inner, peer_id, out);

	if (!why)
		return 0;
	ikev2_cert_peer_log(cc, *out, why);
	ikev2_cert_peer_free(*out);
	*out = NULL;
	return refuse(why, err);
}

/* The checks on the leaf and its chain, then its key; NULL with *why. */
static EVP_PKEY *verified_key(struct ikev2_cert_peer *cp, STACK_OF(X509) * untrusted, const char **why)
{
	EVP_PKEY *key;

	if ((*why = decode(cp, untrusted)) || (*why = leaf_refuses(cp->cp_conf, cp->cp_leaf, &cp->cp_id)) ||
	    pki_chain_verify(cp->cp_conf->cc_cas, cp->cp_leaf, untrusted, 0, why) < 0)
		return NULL;
	if (!(key = X509_get_pubkey(cp->cp_leaf)))
		*why = "the certificate's public key cannot be used";
	return key;
}

EVP_PKEY *ikev2_cert_peer_verify(struct ikev2_cert_peer *cp, const char **why)
{
	STACK_OF(X509) *untrusted = sk_X509_new_null();
	EVP_PKEY *key = untrusted ? verified_key(cp, untrusted, why) : NULL;

	if (!untrusted)
		*why = "out of memory";
	sk_X509_pop_free(untrusted, X509_free);
	return key;
}

/* Both halves at once: the peer's key, or NULL with *why; *cp for the log (free it). */
static EVP_PKEY *check(const struct ikev2_cert_conf *cc, const struct ikev2_pl *inner, const struct ikev2_id *peer_id,
		       struct ikev2_cert_peer **cp, const char **why)
{
	return (*why = take(cc, inner, peer_id, cp)) ? NULL : ikev2_cert_peer_verify(*cp, why);
}

const char *ikev2_cert_peer_refuses(const struct ikev2_cert_conf *cc, const struct ikev2_pl *inner,
				    const struct ikev2_id *peer_id)
{
	struct ikev2_cert_peer *cp;
	const char *why;
	EVP_PKEY *key = check(cc, inner, peer_id, &cp, &why);

	EVP_PKEY_free(key);
	ikev2_cert_peer_free(cp);
	return key ? NULL : why;
}

int ikev2_cert_peer_key(const struct ikev2_cert_conf *cc, const struct ikev2_pl *inner, const struct ikev2_id *peer_id,
			EVP_PKEY **key, struct ikev2_err *err)
{
	struct ikev2_cert_peer *cp;
	const char *why;

	if (!(*key = check(cc, inner, peer_id, &cp, &why))) {
		ikev2_cert_peer_log(cc, cp, why);
		refuse(why, err);
	}
	ikev2_cert_peer_free(cp);
	return *key ? 0 : -1;
}
