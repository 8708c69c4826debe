/*
 * libFuzzer harness: the input is an IKEv2 message (UDP payload) as the SA
 * manager reads one that may not decode. When it does not decode for an
 * unknown critical payload, the IKE_SA_INIT answer (ikev2_critical.h) is
 * built from its header: it must decode again as an IKE_SA_INIT response of
 * the request's SPIi, responder SPI zero, holding only UNSUPPORTED_CRITICAL_PAYLOAD
 * that names the payload (abort otherwise). Any crash, leak or sanitizer report is a bug.
 */
#include <stdint.h>
#include <stdlib.h>

#include "ike/ikev2_critical.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The answer as a peer reads it. */
static void check_answer(const struct ikev2_blob *out, uint64_t spi_i, uint8_t type)
{
	const struct ikev2_pl *n;
	struct ikev2_msg m;
	struct ikev2_err err;

	if (ikev2_msg_decode(out->bl_data, out->bl_len, &m, &err) < 0)
		abort();
	n = ikev2_notify_find(m.m_pl, IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD);
	if (m.m_spi_i != spi_i || m.m_spi_r != 0 || m.m_exchange != IKEV2_EXCH_IKE_SA_INIT ||
	    m.m_flags != IKEV2_FLAG_RESPONSE || !n || n->pl_next || n->pl_notify.no_data.bl_len != 1 ||
	    n->pl_notify.no_data.bl_data[0] != type)
		abort();
	ikev2_msg_fini(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ikev2_blob out = {0};
	struct ikev2_msg m;
	struct ikev2_err err;
	uint64_t spi_i = 0;

	if (ikev2_msg_decode(data, size, &m, &err) == 0) {
		ikev2_msg_fini(&m);
		return 0;
	}
	if (!ikev2_critical_err(&err) || ikev2_critical_init_answer(data, size, err.e_payload, &out, &err) < 0)
		return 0;
	for (size_t i = 0; i < 8; i++)
		spi_i = spi_i << 8 | data[i];
	check_answer(&out, spi_i, err.e_payload);
	ikev2_blob_free(&out);
	return 0;
}
