/*
 * libFuzzer harness: the input is the payload chain of a decrypted
 * CREATE_CHILD_SA message (first octet: the first payload's type, then the
 * chain). It goes to the responder (with and without a current CHILD_SA)
 * and, as the answer, to an initiator rekeying the CHILD_SA (with PFS) and
 * one rekeying the IKE SA. Refusals are expected; any crash, leak or
 * sanitizer report is a bug.
 */
#include <arpa/inet.h>
#include <stdint.h>

#include "ike/ikev2_rekey.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ikev2_init sa; /* an established IKE SA: AES-CBC-256, SHA-256, group 19 */
static struct ikev2_child child;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ikev2_choice *ch = &sa.in_choice;
	struct ikev2_secret seed = {0};

	(void)argc;
	(void)argv;
	ch->ch_protocol = IKEV2_PROTO_IKE;
	ch->ch_tr[IKEV2_TRANS_ENCR] = (struct ikev2_transform){IKEV2_TRANS_ENCR, IKEV2_ENCR_AES_CBC, 256, false};
	ch->ch_tr[IKEV2_TRANS_PRF] = (struct ikev2_transform){IKEV2_TRANS_PRF, IKEV2_PRF_HMAC_SHA2_256, 0, false};
	ch->ch_tr[IKEV2_TRANS_INTEG] =
	    (struct ikev2_transform){IKEV2_TRANS_INTEG, IKEV2_INTEG_HMAC_SHA2_256_128, 0, false};
	ch->ch_tr[IKEV2_TRANS_DH] = (struct ikev2_transform){IKEV2_TRANS_DH, IKEV2_DH_ECP_256, 0, false};
	for (int t = IKEV2_TRANS_ENCR; t <= IKEV2_TRANS_DH; t++)
		ch->ch_has[t] = true;
	if (ikev2_choice_suite(ch, &sa.in_suite) < 0 || ikev2_secret_copy(&seed, (const uint8_t *)"seed", 4) < 0 ||
	    ikev2_ike_keys_derive(&sa.in_keys, &sa.in_suite, &seed, ikev2_chunk((const uint8_t *)"ni", 2),
				  ikev2_chunk((const uint8_t *)"nr", 2), 1, 2) < 0)
		return -1;
	ikev2_secret_free(&seed);
	child = (struct ikev2_child){.cs_spi_in = 0x1000, .cs_spi_out = 0x2000, .cs_reqid = 1};
	child.cs_local.s_addr = htonl(0x0a000001);
	child.cs_remote.s_addr = htonl(0x0a000002);
	return 0;
}

static void as_request(const struct ikev2_pl *inner, const struct ikev2_child *current)
{
	struct ikev2_rekey rk;
	struct ikev2_pl *answer = NULL;
	struct ikev2_err err;

	ikev2_rekey_accept(&rk, &sa, current, NULL, inner, &answer, &err);
	ikev2_pl_list_free(answer);
	ikev2_rekey_fini(&rk);
}

static void as_answer(const struct ikev2_pl *inner, bool ike)
{
	struct ikev2_rekey rk;
	struct ikev2_pl *req = NULL;
	struct ikev2_err err;
	int rc = ike ? ikev2_rekey_ike_request(&rk, &sa, &req, &err)
		     : ikev2_rekey_child_request(&rk, &sa, &child, IKEV2_DH_ECP_256, &req, &err);

	if (rc == 0)
		ikev2_rekey_response(&rk, &sa, inner, &err);
	ikev2_pl_list_free(req);
	ikev2_rekey_fini(&rk);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ikev2_pl *inner = NULL;
	struct ikev2_err err;

	if (size < 1 || ikev2_chain_decode(data[0], data + 1, size - 1, &inner, &err) < 0)
		return 0;
	as_request(inner, &child);
	as_request(inner, NULL);
	as_answer(inner, false);
	as_answer(inner, true);
	ikev2_pl_list_free(inner);
	return 0;
}
