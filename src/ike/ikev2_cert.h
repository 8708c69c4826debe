/*
 * Certificates in IKEv2 (RFC 7296 §3.6, §3.7): what an IKE SA with rsa-sig
 * brings from its profile (our certificate and key from the signing
 * trustpoint, the CAs of the verifying ones, a copy of "match certificate"'s
 * map), the CERT and CERTREQ payloads, and the checks of the peer's
 * certificate: chain to a trustpoint CA with validity dates, certificate
 * map, and the peer's identity bound to the certificate. Every refusal is
 * logged with its reason and is AUTHENTICATION_FAILED.
 */
#ifndef FERRY_IKE_IKEV2_CERT_H
#define FERRY_IKE_IKEV2_CERT_H

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "config/config.h"
#include "ike/ike.h"
#include "ike/ikev2_msg.h"
#include "pki/pki.h"

struct ikev2_cert_conf {
	X509 *cc_cert;		    /* ours, sent in CERT */
	STACK_OF(X509) * cc_chain;  /* the intermediates above it (its trustpoint's ca.pem), sent after it */
	EVP_PKEY *cc_key;	    /* signs our AUTH */
	STACK_OF(X509) * cc_cas;    /* the CAs the peer's certificate must chain to */
	struct pki_certmap *cc_map; /* "match certificate": a copy; NULL: any certificate from cc_cas */
	struct ike_id *cc_ids;	    /* "match identity remote": a copy; NULL: any identity */
};

/* Whether the profile authenticates with certificates (either direction). */
bool ikev2_cert_wanted(const struct ike_profile *pr);
/* The profile's certificate side (references to the loaded material); NULL with *why when it cannot sign or verify. */
struct ikev2_cert_conf *ikev2_cert_conf_new(const struct config *cfg, const struct ike_profile *pr, const char **why);
void ikev2_cert_conf_free(struct ikev2_cert_conf *cc);
/* The verifying side of cc for another thread: references to its CAs, copies of its map and identities. */
struct ikev2_cert_conf *ikev2_cert_conf_verifier(const struct ikev2_cert_conf *cc);
/* "identity local dn": our certificate's subject as ID_DER_ASN1_DN. */
int ikev2_cert_local_dn(const struct ikev2_cert_conf *cc, struct ikev2_id *out);

/* Appends CERT with our certificate (X.509 Signature), then one per intermediate CA of cc_chain. */
int ikev2_cert_add(const struct ikev2_cert_conf *cc, struct ikev2_pl **list);
/* Appends CERTREQ naming cas (NULL: every loaded trustpoint's CA); nothing when there is none. */
int ikev2_certreq_add(STACK_OF(X509) * cas, struct ikev2_pl **list);

/*
 * The peer's public key, once its certificate (the first X.509 CERT in
 * inner; the others are intermediates) chains to one of cc's CAs, is
 * within its validity dates, satisfies cc's map and holds the identity
 * peer_id, which satisfies one of cc's match identity statements (if any).
 * -1 with AUTHENTICATION_FAILED and the reason logged otherwise.
 */
int ikev2_cert_peer_key(const struct ikev2_cert_conf *cc, const struct ikev2_pl *inner, const struct ikev2_id *peer_id,
			EVP_PKEY **key, struct ikev2_err *err);
/* The same checks without the key or a log line: why cc refuses the peer's certificate, or NULL. */
const char *ikev2_cert_peer_refuses(const struct ikev2_cert_conf *cc, const struct ikev2_pl *inner,
				    const struct ikev2_id *peer_id);

/*
 * The same checks in two halves, so that a worker thread does them. On the
 * loop thread, *out gets copies of all they need: the verifying side of cc
 * (references to its CAs: a PKI reload meanwhile frees none), the peer's
 * identity and its X.509 CERT payloads (-1 with AUTHENTICATION_FAILED,
 * logged, when it sent none or memory runs out).
 */
struct ikev2_cert_peer;
int ikev2_cert_peer_take(const struct ikev2_cert_conf *cc, const struct ikev2_pl *inner, const struct ikev2_id *peer_id,
			 struct ikev2_cert_peer **out, struct ikev2_err *err);
/* On any thread (touches only cp): decoding, map, identity, chain and dates; the leaf's public key, or NULL with
 * *why (static text). */
EVP_PKEY *ikev2_cert_peer_verify(struct ikev2_cert_peer *cp, const char **why);
/* Logs why the certificate in cp (once decoded) was refused (the loop thread), naming cc's map. */
void ikev2_cert_peer_log(const struct ikev2_cert_conf *cc, const struct ikev2_cert_peer *cp, const char *why);
void ikev2_cert_peer_free(struct ikev2_cert_peer *cp);

#endif
