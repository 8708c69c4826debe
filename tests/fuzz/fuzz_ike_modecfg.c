/*
 * libFuzzer harness: the input is a payload chain starting with a CP
 * payload (as found inside an IKE_AUTH SK payload). What decodes is read
 * as an initiator reads a CFG_REPLY and as a responder answers a
 * CFG_REQUEST; the values read are encoded into a CFG_REPLY, which must
 * decode and read back to the same values (abort otherwise).
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ike/ikev2_modecfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int assign(void *arg, const struct ikev2_id *peer, struct ikev2_modecfg *mc, const char **why)
{
	mc->mc_has_addr = true;
	mc->mc_addr.s_addr = htonl(0x0a010101);
	*why = "fuzz";
	return peer->id_data.bl_len % 2 ? -1 : 0;
}

static bool same_text(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

static bool same(const struct ikev2_modecfg *a, const struct ikev2_modecfg *b)
{
	return a->mc_has_addr == b->mc_has_addr && (!a->mc_has_addr || a->mc_addr.s_addr == b->mc_addr.s_addr) &&
	       a->mc_netmask.s_addr == b->mc_netmask.s_addr && a->mc_ndns == b->mc_ndns &&
	       memcmp(a->mc_dns, b->mc_dns, a->mc_ndns * sizeof(a->mc_dns[0])) == 0 &&
	       same_text(a->mc_domain, b->mc_domain) && same_text(a->mc_banner, b->mc_banner) &&
	       a->mc_nroutes == b->mc_nroutes &&
	       memcmp(a->mc_routes, b->mc_routes, a->mc_nroutes * sizeof(a->mc_routes[0])) == 0;
}

/* The reply built from what was read reads back the same. */
static void round_trip(const struct ikev2_modecfg *mc)
{
	struct ikev2_modecfg back = {.mc_request = true};
	struct ikev2_pl *list = NULL, *dec = NULL;
	struct ikev2_blob out = {0};
	struct ikev2_err err;
	uint8_t first;

	if (ikev2_modecfg_add_reply(mc, &list, &err) < 0 || ikev2_chain_encode(list, &out, &first, &err) < 0)
		abort();
	if (ikev2_chain_decode(first, out.bl_data, out.bl_len, &dec, &err) < 0 ||
	    ikev2_modecfg_take_reply(&back, dec, &err) < 0 || !same(mc, &back))
		abort();
	ikev2_pl_list_free(list);
	ikev2_pl_list_free(dec);
	ikev2_blob_free(&out);
	ikev2_modecfg_fini(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ikev2_modecfg got = {.mc_request = true}, answer = {0};
	struct ikev2_pl *list = NULL, *id;
	struct ikev2_err err;

	if (ikev2_chain_decode(IKEV2_PL_CP, data, size, &list, &err) < 0)
		return 0;
	if (ikev2_modecfg_take_reply(&got, list, &err) == 0 && got.mc_requested)
		round_trip(&got);
	if ((id = ikev2_pl_add(&list, IKEV2_PL_IDI)) && ikev2_blob_set(&id->pl_id.id_data, data, size / 3) == 0)
		ikev2_modecfg_accept(&answer, assign, NULL, list, &err);
	ikev2_pl_list_free(list);
	ikev2_modecfg_fini(&got);
	ikev2_modecfg_fini(&answer);
	return 0;
}
