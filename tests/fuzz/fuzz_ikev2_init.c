/*
 * libFuzzer harness: the input is an IKEv2 message (UDP payload) handed to
 * the IKE_SA_INIT logic on both sides once it decodes: as a request to the
 * responder (default proposals), as the answer to an initiator whose SPI is
 * the message's, and its SA payload against the CHILD_SA offer. Refusals
 * are expected; any crash, leak or sanitizer report is a bug.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>

#include "ike/ikev2_child.h"
#include "ike/ikev2_init.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 10.0.0.N, port 500. */
static struct sockaddr_in addr(uint8_t n)
{
	return (struct sockaddr_in){
	    .sin_family = AF_INET, .sin_port = htons(500), .sin_addr.s_addr = htonl(0x0a000000u | n)};
}

static void as_request(const struct ikev2_msg *m, const uint8_t *data, size_t size)
{
	struct ikev2_init rsp;
	struct ikev2_blob out = {0};
	struct ikev2_err err;
	struct sockaddr_in local = addr(2), remote = addr(1);

	ikev2_init_accept(&rsp, NULL, &local, &remote, m, data, size, &out, &err);
	ikev2_blob_free(&out);
	ikev2_init_fini(&rsp);
}

static void as_response(const struct ikev2_msg *m, const uint8_t *data, size_t size)
{
	struct ikev2_init ini;
	struct ikev2_err err;
	struct sockaddr_in local = addr(1), remote = addr(2);

	if (ikev2_init_start(&ini, NULL, &local, &remote) < 0)
		return;
	ini.in_spi_i = m->m_spi_i;
	ikev2_init_response(&ini, m, data, size, &err);
	ikev2_init_fini(&ini);
}

static void as_child_answer(const struct ikev2_msg *m)
{
	const struct ikev2_pl *sa = ikev2_pl_find(m->m_pl, IKEV2_PL_SA);
	struct ikev2_child c = {.cs_spi_in = 0x1000};
	struct ikev2_sa ours;
	struct ikev2_choice ch;
	struct ikev2_err err;

	if (!sa || ikev2_child_offer(&c, &ours) < 0)
		return;
	ikev2_offer_choose(&sa->pl_sa, &ours, &ch, &err);
	ikev2_offer_free(&ours);
	ikev2_child_check_ts(&c, true, m->m_pl, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ikev2_msg m;
	struct ikev2_err err;

	if (ikev2_msg_decode(data, size, &m, &err) < 0)
		return 0;
	as_request(&m, data, size);
	as_response(&m, data, size);
	as_child_answer(&m);
	ikev2_msg_fini(&m);
	return 0;
}
