/*
 * libFuzzer harness: the input is an IKE_AUTH payload chain as it arrives
 * decrypted (first octet: the first payload's type). Its IDi, CERT and AUTH
 * payloads go through the certificate checks of a responder with the seed's
 * map ("subject-name co ou = flex") trusting the chain's last certificate
 * (so that a valid chain reaches the map, identity and signature checks),
 * then the AUTH payload's AlgorithmIdentifier through the RFC 7427 and
 * RSASSA-PSS code; the IDi as show crypto ikev2 sa detailed prints it
 * (ikev2_id_text). Refusals are expected; any crash, leak or sanitizer
 * report is a bug.
 */
#include <stdint.h>

#include "ike/ikev2_auth.h"
#include "ike/ikev2_cert.h"
#include "ike/ikev2_id_text.h"
#include "ike/ikev2_sig.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static EVP_PKEY *rsa; /* checks PSS signatures that did not come with a valid chain */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	rsa = EVP_RSA_gen(1024);
	return rsa ? 0 : -1;
}

/* The last X.509 CERT payload's certificate, or NULL. */
static X509 *last_cert(const struct ikev2_pl *list)
{
	const struct ikev2_pl *last = NULL;
	const unsigned char *p;

	for (const struct ikev2_pl *pl = list; pl; pl = pl->pl_next)
		if (pl->pl_type == IKEV2_PL_CERT && pl->pl_cert.ce_encoding == IKEV2_CERT_X509_SIGNATURE)
			last = pl;
	if (!last || !last->pl_cert.ce_data.bl_len)
		return NULL;
	p = last->pl_cert.ce_data.bl_data;
	return d2i_X509(NULL, &p, (long)last->pl_cert.ce_data.bl_len);
}

static void check_auth(EVP_PKEY *key, const struct ikev2_pl *auth)
{
	static const uint8_t octets[] = "IKE_SA_INIT | nonce | prf(SK_p, IDi)";
	struct ikev2_chunk in = ikev2_chunk(octets, sizeof(octets));
	struct ikev2_err err;

	(void)ikev2_sig_name(&auth->pl_auth);
	(void)ikev2_auth_verify(key ? key : rsa, NULL, ikev2_chunk(NULL, 0), &auth->pl_auth, in, &err);
}

static void check_chain(const struct ikev2_pl *list)
{
	struct pki_cm_rule rule = {.cr_field = PKI_CM_SUBJECT, .cr_op = PKI_CM_CO, .cr_value = "ou = flex"};
	struct pki_certmap_entry entry = {.ce_seq = 10, .ce_rules = &rule};
	struct pki_certmap map = {.cm_name = "mymap", .cm_entries = &entry};
	struct ikev2_cert_conf cc = {.cc_cas = sk_X509_new_null(), .cc_map = &map};
	const struct ikev2_pl *id = ikev2_pl_find(list, IKEV2_PL_IDI), *auth = ikev2_pl_find(list, IKEV2_PL_AUTH);
	X509 *ca = last_cert(list);
	struct ikev2_err err;
	EVP_PKEY *key = NULL;

	if (!cc.cc_cas || (ca && !sk_X509_push(cc.cc_cas, ca)))
		X509_free(ca);
	else if (id)
		(void)ikev2_cert_peer_key(&cc, list, &id->pl_id, &key, &err);
	if (id) {
		char text[64];
		(void)ikev2_id_text(&id->pl_id, text, sizeof(text));
	}
	if (auth)
		check_auth(key, auth);
	EVP_PKEY_free(key);
	sk_X509_pop_free(cc.cc_cas, X509_free);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ikev2_pl *list = NULL;
	struct ikev2_err err;

	if (size < 1 || ikev2_chain_decode(data[0], data + 1, size - 1, &list, &err) < 0)
		return 0;
	check_chain(list);
	ikev2_pl_list_free(list);
	return 0;
}
